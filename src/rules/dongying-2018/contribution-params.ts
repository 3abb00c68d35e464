/** Dongying 2018 contribution parameters (职工缴费核定), cited by article. */
import { param } from '../define.js';
import type { ParamDef } from '../params.js';
import { FROM } from './common.js';

const opts = { from: FROM };

export const C = {
  averageWage: 'dongying.averageWage.monthly',
  baseFloor: 'dongying.employee.base.floorRate',
  baseCeiling: 'dongying.employee.base.ceilingRate',
  unitRate: 'dongying.employee.contribution.unitRate',
  personalRate: 'dongying.employee.contribution.personalRate',
  flexFloor: 'dongying.flexible.base.floorRate',
  flexCeiling: 'dongying.flexible.base.ceilingRate',
  flexRate: 'dongying.flexible.contribution.rate',
  paAgeLimit: 'dongying.personalAccount.ageLimit',
  paYoung: 'dongying.personalAccount.rate.upTo45',
  paOld: 'dongying.personalAccount.rate.over45',
  paRetired: 'dongying.personalAccount.rate.retired',
  csFunding: 'dongying.civilServant.fundingRate',
  csAccount: 'dongying.civilServant.accountRate',
  lmMonthly: 'dongying.largeMedical.monthly',
  lateFee: 'dongying.lateFee.dailyRate',
} as const;

export const contributionParams: ParamDef[] = [
  param(C.baseFloor, '缴费基数下限（占全省在岗职工平均工资）', 'rate', '第九条', '低于上年度全省在岗职工平均工资60%的…60%作为缴费基数', '0.6', opts),
  param(C.baseCeiling, '缴费基数上限（占全省在岗职工平均工资）', 'rate', '第九条', '高于上年度全省在岗职工平均工资300%的部分，不计入缴费基数', '3', opts),
  param(C.unitRate, '用人单位缴费比例', 'rate', '第九条', '用人单位…按照6.5%的比例缴纳', '0.065', opts),
  param(C.personalRate, '在职职工个人缴费比例', 'rate', '第九条', '在职职工…按照2%的比例缴纳，由用人单位代扣代缴', '0.02', opts),
  param(C.flexFloor, '灵活就业缴费基数下限', 'rate', '第十条', '缴费基数不低于上年度全省在岗职工平均工资的60%', '0.6', opts),
  param(C.flexCeiling, '灵活就业缴费基数上限', 'rate', '第十条', '不高于上年度全省在岗职工平均工资', '1', opts),
  param(C.flexRate, '灵活就业缴费比例（个人承担）', 'rate', '第十条', '其医疗保险费由个人承担…按照8.5%的比例缴纳', '0.085', opts),
  param(C.paAgeLimit, '个人账户2.7%档年龄上限（周岁，含）', 'decimal', '第十八条', '在职职工45周岁及以下的', '45', opts),
  param(C.paYoung, '个人账户计入比例·45周岁及以下', 'rate', '第十八条', '在职职工45周岁及以下的，按照本人月缴费工资总额的2.7%计入', '0.027', opts),
  param(C.paOld, '个人账户计入比例·45周岁以上', 'rate', '第十八条', '在职职工45周岁以上的，按照本人月缴费工资总额的4.2%计入', '0.042', opts),
  param(C.paRetired, '个人账户计入比例·退休（月养老金）', 'rate', '第十八条', '退休人员按照本人月养老金的5.7%计入', '0.057', opts),
  param(C.csFunding, '公务员医疗补助筹资比例（工资/养老金）', 'rate', '第十一条', '上年度工资总额或者养老金总额的5%筹集', '0.05', opts),
  param(C.csAccount, '公务员医疗补助计入个人账户比例', 'rate', '第二十一条', '按个人缴费工资总额（退休人员养老金）的2%计入个人账户', '0.02', opts),
  param(C.lmMonthly, '职工大额医疗补助（每人每月）', 'yuan', '第十二条', '由用人单位按每人每月5元标准缴纳', '5', opts),
  param(C.lateFee, '滞纳金日费率', 'rate', '第四十三条', '自欠缴之日起，按日加收万分之五的滞纳金', '0.0005', opts),
];
