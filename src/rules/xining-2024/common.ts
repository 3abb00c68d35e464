/** Xining 2024 parameters shared by several kinds. */
import { param } from '../define.js';
import type { SharedModule } from '../types.js';

export const FROM = '2023-01-01';

export const common: SharedModule = {
  params: [
    // RULES.md Xining "Flexible workers": 8029, the handbook's latest figure; from 2025 a 警告 says it may have changed.
    param('xining.averageWage.monthly', '上年度全省全口径城镇单位就业人员月平均工资', 'yuan', '二(一)2(2)', '96348元/年（8029元/月）作为缴费基数', '8029', { from: FROM }),
  ],
  rules: [],
};
