/**
 * Dongying 2018 settlement parameters: 《东营市社会医疗保险办法》, cited by article (第N条).
 * Each parameter lives here once; the formulas in settlements/ read it by id.
 */
import { missingParam, param } from '../define.js';
import type { ParamDef } from '../params.js';
import { FROM } from './common.js';

const opts = { from: FROM };
const DED_Q = '在一、二、三级定点医疗机构就医起付标准分别为200元、500元、800元';
const EMP_Q = '在一、二、三级定点医疗机构住院…分别按95%、90%、85%支付';
const RES_Q = '在一、二、三级定点医疗机构住院…分别按90%、75%、60%支付';

/*
 * The ids that depend on level or scheme come from tables written once: a template string per call would be
 * built, then flattened and hashed by every parameter lookup of every row.
 */
const DEDUCTIBLE = ['', 'dongying.inpatient.deductible.level1', 'dongying.inpatient.deductible.level2', 'dongying.inpatient.deductible.level3'] as const;
const RATIO = {
  employee: ['', 'dongying.employee.inpatient.ratio.level1', 'dongying.employee.inpatient.ratio.level2', 'dongying.employee.inpatient.ratio.level3'],
  resident: ['', 'dongying.resident.inpatient.ratio.level1', 'dongying.resident.inpatient.ratio.level2', 'dongying.resident.inpatient.ratio.level3'],
} as const;
const CLASS_B = { employee: 'dongying.employee.classB.selfPayRate', resident: 'dongying.resident.classB.selfPayRate' } as const;
const CAP = { employee: 'dongying.employee.annualCap', resident: 'dongying.resident.annualCap' } as const;
const EMP_OP_RATIO = ['', 'dongying.employee.outpatient.ratio.level1', 'dongying.employee.outpatient.ratio.level2'] as const;

export const P = {
  deductible: (lvl: 1 | 2 | 3): string => DEDUCTIBLE[lvl],
  freeFromAdmission: 'dongying.inpatient.deductible.freeFromAdmission',
  ratio: (scheme: 'employee' | 'resident', lvl: 1 | 2 | 3): string => RATIO[scheme][lvl],
  classB: (scheme: 'employee' | 'resident'): string => CLASS_B[scheme],
  referralFiled: 'dongying.outOfArea.referral.filedReduction',
  referralUnfiled: 'dongying.outOfArea.referral.unfiledReduction',
  interruption: 'dongying.resident.interruption.pointsPerYear',
  cap: (scheme: 'employee' | 'resident'): string => CAP[scheme],
  lmRatio: 'dongying.largeMedical.ratio',
  lmCap: 'dongying.largeMedical.combinedCap',
  empOpDeductible: 'dongying.employee.outpatient.deductible',
  empOpRatio: (lvl: 1 | 2): string => EMP_OP_RATIO[lvl],
  empOpCap: 'dongying.employee.outpatient.cap',
  resOpRatio: 'dongying.resident.outpatient.ratio',
  resOpCap: 'dongying.resident.outpatient.cap',
  chronicDeductible: 'dongying.chronic.deductible.quarter',
  cityCiRatio: 'dongying.employee.specialDrug.cityRatio',
  csThreshold: 'dongying.civilServant.thresholdRate',
  csRatio: 'dongying.civilServant.ratio',
} as const;

export const settlementParams: ParamDef[] = [
  param(P.deductible(1), '住院起付标准·一级（社区同）', 'yuan', '第三十条', DED_Q, '200', opts),
  param(P.deductible(2), '住院起付标准·二级', 'yuan', '第三十条', DED_Q, '500', opts),
  param(P.deductible(3), '住院起付标准·三级', 'yuan', '第三十条', DED_Q, '800', opts),
  param(P.freeFromAdmission, '年度内不设起付标准的住院次序（第N次起）', 'decimal', '第三十条', '前两次住院个人自负起付标准；第三次及以上住院不设起付标准', '3', opts),
  param(P.ratio('employee', 1), '职工住院支付比例·一级（社区同）', 'rate', '第三十一条', EMP_Q, '0.95', opts),
  param(P.ratio('employee', 2), '职工住院支付比例·二级', 'rate', '第三十一条', EMP_Q, '0.90', opts),
  param(P.ratio('employee', 3), '职工住院支付比例·三级', 'rate', '第三十一条', EMP_Q, '0.85', opts),
  param(P.ratio('resident', 1), '居民住院支付比例·一级（社区同）', 'rate', '第三十一条', RES_Q, '0.90', opts),
  param(P.ratio('resident', 2), '居民住院支付比例·二级', 'rate', '第三十一条', RES_Q, '0.75', opts),
  param(P.ratio('resident', 3), '居民住院支付比例·三级', 'rate', '第三十一条', RES_Q, '0.60', opts),
  param(P.classB('employee'), '职工乙类先行自付比例', 'rate', '第三十一条', '使用乙类药品…参保人自负10%后，再由统筹基金按规定支付', '0.10', opts),
  param(P.classB('resident'), '居民乙类先行自付比例', 'rate', '第三十一条', '使用乙类药品…参保人自负20%后，再由统筹基金按规定支付', '0.20', opts),
  param(P.referralFiled, '异地转诊已备案：三级比例降低（百分点）', 'decimal', '第三十九条', '按本市三级定点医疗机构住院、门诊慢性病报销比例基础上降低10%', '10', opts),
  param(P.referralUnfiled, '异地转诊未备案：三级比例降低（百分点）', 'decimal', '第三十九条', '未经备案的，降低20%', '20', opts),
  param(P.interruption, '居民中断参保每满1年降低（百分点）', 'decimal', '第四十六条', '中断参保年限每满1年…统筹基金支付比例…降低1%', '1', opts),
  param(P.cap('employee'), '职工统筹基金年度最高支付限额（住院+普通门诊+门诊慢性病）', 'yuan', '第二十八条', '合并使用统筹基金最高支付限额，最高支付限额为20万元', '200000', opts),
  param(P.cap('resident'), '居民统筹基金年度最高支付限额（住院+门诊慢性病）', 'yuan', '第二十八条', '合并使用统筹基金最高支付限额，最高支付限额为16万元', '160000', opts),
  param(P.lmRatio, '职工大额医疗补助支付比例', 'rate', '第三十四条', '超过职工基本医疗保险统筹基金最高支付限额以上部分，由职工大额医疗补助基金按95%支付', '0.95', opts),
  param(P.lmCap, '大额医疗补助与市定特药补偿合并年度限额', 'yuan', '第三十六条', '市定标准补偿额与职工大额医疗补助待遇合并使用最高支付限额…30万元', '300000', opts),
  param(P.empOpDeductible, '职工普通门诊年度起付标准', 'yuan', '第三十三条', '普通门诊统筹基金起付标准为每人400元', '400', opts),
  param(P.empOpRatio(1), '职工普通门诊支付比例·一级（社区同）', 'rate', '第三十三条', '在签约的一、二级定点医疗机构普通门诊治疗…分别按80%、70%支付', '0.80', opts),
  param(P.empOpRatio(2), '职工普通门诊支付比例·二级', 'rate', '第三十三条', '在签约的一、二级定点医疗机构普通门诊治疗…分别按80%、70%支付', '0.70', opts),
  param(P.empOpCap, '职工普通门诊年度最高支付限额', 'yuan', '第三十三条', '最高支付限额为1000元', '1000', opts),
  missingParam(P.resOpRatio, '居民普通门诊报销比例', 'rate', '第三十三条', '「按比例报销至年度最高支付限额」文本未给出比例，须在参数表设置'),
  param(P.resOpCap, '居民普通门诊年度最高支付限额', 'yuan', '第三十三条', '城乡居民基本医疗保险普通门诊统筹基金最高支付限额为200元', '200', opts),
  param(P.chronicDeductible, '门诊慢性病每季度起付标准', 'yuan', '第三十二条', '每季度门诊慢性病医疗起付标准为150元，由参保人自负', '150', opts),
  param(P.cityCiRatio, '职工大病保险市定标准：合规特药费用比例', 'rate', '第三十六条', '合规特药费用总额的80%减去省定标准补偿额', '0.80', opts),
  param(P.csThreshold, '公务员医疗补助起付：本人年缴费基数比例', 'rate', '第三十七条', '个人自负费用超过本人年缴费基数10%以上部分', '0.10', opts),
  param(P.csRatio, '公务员医疗补助支付比例', 'rate', '第三十七条', '由公务员医疗补助基金按95%支付', '0.95', opts),
];
