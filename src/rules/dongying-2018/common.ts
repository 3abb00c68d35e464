/** Dongying 2018 parameters shared by several kinds. */
import { missingParam } from '../define.js';
import type { SharedModule } from '../types.js';

export const FROM = '2018-04-01';
export const TO = '2022-12-31';

export const common: SharedModule = {
  params: [
    // 第九条/第十条/第四十五条 use 上年度全省在岗职工平均工资, which the text does not give (rules-catalog §4 D-P1).
    missingParam('dongying.averageWage.monthly', '上年度全省在岗职工月平均工资', 'yuan', '第九条', '「上年度全省在岗职工平均工资」文本未给出数值，须在参数表设置'),
  ],
  rules: [],
};
