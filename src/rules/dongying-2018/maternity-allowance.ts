/** Dongying 2018 has no maternity insurance: only 第四十条 pays family-planning inpatient costs from the pool. */
import { rule } from '../define.js';
import { type RuleModule, unsupportedKind } from '../types.js';

const base = unsupportedKind(
  'maternity-allowance',
  '东营市社会医疗保险办法（2018）未设生育保险，无生育津贴规定（仅第四十条：计划生育相关住院费用由统筹基金支付），本行无法计算 / Dongying 2018 has no maternity insurance and no maternity allowance',
);

export const maternityAllowanceModule: RuleModule = {
  ...base,
  rules: [rule('dongying.family_planning.no_allowance', '无生育保险、无生育津贴', '第四十条', '符合计划生育政策的相关住院费用，由社会医疗保险统筹基金按规定支付', [], ['maternity-allowance'])],
};
