import { assembleRuleSet, type RuleSet } from '../types.js';
import { accountRefundModule } from './account-refund.js';
import { common } from './common.js';
import { contributionsModule } from './contributions.js';
import { maternityAllowanceModule } from './maternity-allowance.js';
import { residentContributionsModule } from './resident-contributions.js';
import { retirementSupplementModule } from './retirement-supplement.js';
import { settlementsModule } from './settlements.js';

export const dongying2018: RuleSet = assembleRuleSet(
  {
    id: 'dongying-2018',
    name: '东营市社会医疗保险办法（2018）',
    city: '东营',
    title: '《东营市社会医疗保险办法》（东营市人民政府办公室2018年3月1日印发）',
    textFile: 'dongying-2018-social-medical-insurance-measures.txt',
    period: { from: '2018-04-01', to: '2022-12-31' },
  },
  common,
  [contributionsModule, settlementsModule, residentContributionsModule, retirementSupplementModule, maternityAllowanceModule, accountRefundModule],
);
