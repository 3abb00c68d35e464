/** Rule index entries of Xining 2024 settlements (ids as in rules-catalog.md). */
import { rule } from '../define.js';
import type { RuleDef } from '../types.js';

export const settlementRuleDefs: RuleDef[] = [
  rule('xining.employee.inpatient.deductible', '职工住院起付线（按年度住院次数）', '二(二)4(1)', '年度内首次住院起付标准 / 年度内第二次住院起付标准', ['xining.employee.inpatient.deductible.level2.first'], ['settlements']),
  rule('xining.employee.inpatient.ratio', '职工住院报销比例（在职/退休）', '二(二)4(1)', '三级定点医疗机构 / 75% / 80%', ['xining.employee.inpatient.ratio.level2.employed'], ['settlements']),
  rule('xining.employee.inpatient.cap', '职工住院年度最高支付限额', '二(二)4(1)', '25万元/人/年', ['xining.employee.inpatient.cap'], ['settlements']),
  rule('xining.employee.inpatient.formula', '职工住院报销计算公式', '二(二)4(1)', '（总费用－完全政策自费－部分政策自付－起付线）×对应报销比例', [], ['settlements']),
];
