/**
 * Xining 2024 settlement parameters: 西宁市城中区《医疗保障政策宣传手册》(policy as of 2024-08).
 * Section paths as in rules-catalog.md: 二(二)4(1) = 二、职工基本医疗保险 → （二）待遇 → 4.住院待遇 → （1）.
 * Each parameter lives here once; formulas read it by id.
 */
import { param } from '../define.js';
import type { ParamDef } from '../params.js';

const FROM = '2023-01-01';

const DEDUCTIBLE_QUOTE: Record<string, string> = {
  level3: '三级定点医疗机构 / 750元 / 650元 / 600元',
  level2: '二级定点医疗机构 / 550元 / 450元 / 400元',
  level1: '一级定点医疗机构 / 350元 / 250元 / 200元',
};
const DEDUCTIBLES: Record<string, [string, string, string]> = {
  level3: ['750', '650', '600'],
  level2: ['550', '450', '400'],
  level1: ['350', '250', '200'],
};
const LEVEL_ZH: Record<string, string> = { level1: '一级', level2: '二级', level3: '三级' };
const ORDINAL = ['first', 'second', 'third'] as const;
const ORDINAL_ZH = ['年度首次', '年度第二次', '年度第三次及以后'];

export const settlementParams: ParamDef[] = [
  ...Object.entries(DEDUCTIBLES).flatMap(([level, amounts]) =>
    amounts.map((amount, i) =>
      param(`xining.employee.inpatient.deductible.${level}.${ORDINAL[i]}`, `职工住院起付线·${LEVEL_ZH[level]}·${ORDINAL_ZH[i]}`, 'yuan', '二(二)4(1)', DEDUCTIBLE_QUOTE[level]!, amount, { from: FROM }),
    ),
  ),
  param('xining.employee.inpatient.ratio.level3.employed', '职工住院支付比例·三级·在职', 'rate', '二(二)4(1)', '三级定点医疗机构 / 75% / 80%', '0.75', { from: FROM }),
  param('xining.employee.inpatient.ratio.level3.retired', '职工住院支付比例·三级·退休', 'rate', '二(二)4(1)', '三级定点医疗机构 / 75% / 80%', '0.80', { from: FROM }),
  param('xining.employee.inpatient.ratio.level2.employed', '职工住院支付比例·二级·在职', 'rate', '二(二)4(1)', '二级定点医疗机构 / 80% / 85%', '0.80', { from: FROM }),
  param('xining.employee.inpatient.ratio.level2.retired', '职工住院支付比例·二级·退休', 'rate', '二(二)4(1)', '二级定点医疗机构 / 80% / 85%', '0.85', { from: FROM }),
  param('xining.employee.inpatient.ratio.level1.employed', '职工住院支付比例·一级·在职', 'rate', '二(二)4(1)', '一级定点医疗机构 / 85% / 90%', '0.85', { from: FROM }),
  param('xining.employee.inpatient.ratio.level1.retired', '职工住院支付比例·一级·退休', 'rate', '二(二)4(1)', '一级定点医疗机构 / 85% / 90%', '0.90', { from: FROM }),
  param('xining.employee.inpatient.cap', '职工住院统筹基金年度最高支付限额', 'yuan', '二(二)4(1)', '25万元/人/年', '250000', { from: FROM }),
];
