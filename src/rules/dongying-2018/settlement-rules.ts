/** Rule index entries of Dongying 2018 settlements (ids as in rules-catalog.md §1). */
import { rule } from '../define.js';
import type { RuleDef } from '../types.js';
import { P } from './settlement-params.js';

const S = ['settlements'] as const;

export const settlementRuleDefs: RuleDef[] = [
  rule('dongying.general.benefit_exclusions', '不予支付情形：各项基金支付0', '第三十八条', '有下列情形之一的，不享受社会医疗保险待遇', [], S),
  rule('dongying.employee.no_pool_during_interruption_or_waiting', '等待期、中断、欠费超6个月：统筹基金不予支付', '第四十四条', '中断参保期间和等待期内发生的医疗费用，统筹基金不予支付。', [], S),
  rule('dongying.inpatient.deductible.by_level', '住院起付标准（一/二/三级，社区按一级）', '第三十条', '在一、二、三级定点医疗机构就医起付标准分别为200元、500元、800元', [P.deductible(1), P.deductible(2), P.deductible(3)], S),
  rule('dongying.inpatient.deductible.admission_sequence', '第三次及以上住院不设起付标准', '第三十条', '前两次住院个人自负起付标准；第三次及以上住院不设起付标准', [P.freeFromAdmission], S),
  rule('dongying.inpatient.deductible.below_threshold_not_counted', '未达起付标准不累计住院次数', '第三十条', '单次住院发生的符合统筹基金支付范围的费用未达起付标准的，不累计当年住院次数', [], S),
  rule('dongying.inpatient.deductible.transfer', '本市内转院：补计起付标准差额', '第三十条', '由低级别定点医疗机构转往高级别定点医疗机构，只补计起付标准差额', [], S),
  rule('dongying.employee.inpatient.ratio', '职工住院支付比例 95/90/85%，乙类自负10%', '第三十一条', '分别按95%、90%、85%支付', [P.ratio('employee', 1), P.ratio('employee', 2), P.ratio('employee', 3), P.classB('employee')], S),
  rule('dongying.resident.inpatient.ratio', '居民住院支付比例 90/75/60%，乙类自负20%', '第三十一条', '分别按90%、75%、60%支付', [P.ratio('resident', 1), P.ratio('resident', 2), P.ratio('resident', 3), P.classB('resident')], S),
  rule('dongying.out_of_area.referral', '异地转诊：三级比例降低10（已备案）/20（未备案）', '第三十九条', '统筹基金支付比例在按本市三级定点医疗机构住院、门诊慢性病报销比例基础上降低10%', [P.referralFiled, P.referralUnfiled], S),
  rule('dongying.out_of_area.emergency_posting_residence', '异地急诊、长期居住：本市同级别比例', '第三十九条', '按本市同级别定点医疗机构就医支付比例执行', [], S),
  rule('dongying.resident.interruption_penalty', '居民中断参保每满1年比例降低1个百分点', '第四十六条', '中断参保年限每满1年…统筹基金支付比例…降低1%', [P.interruption], S),
  rule('dongying.employee.annual_pool_cap', '职工统筹年度最高支付限额20万（住院+普通门诊+门诊慢性病）', '第二十八条', '最高支付限额为20万元', [P.cap('employee')], S),
  rule('dongying.resident.annual_pool_cap', '居民统筹年度最高支付限额16万（住院+门诊慢性病）', '第二十八条', '最高支付限额为16万元', [P.cap('resident')], S),
  rule('dongying.large_medical.reimbursement', '大额医疗补助：超过20万部分按95%', '第三十四条', '超过职工基本医疗保险统筹基金最高支付限额以上部分，由职工大额医疗补助基金按95%支付', [P.lmRatio], S),
  rule('dongying.large_medical.combined_cap_with_city_ci', '大额医疗补助与市定特药补偿合并限额30万', '第三十六条', '一个年度内，最高支付限额为30万元', [P.lmCap], S),
  rule('dongying.employee.outpatient_pool', '职工普通门诊：起付400，80/70%，限额1000', '第三十三条', '普通门诊统筹基金起付标准为每人400元，最高支付限额为1000元', [P.empOpDeductible, P.empOpRatio(1), P.empOpRatio(2), P.empOpCap], S),
  rule('dongying.resident.outpatient_pool', '居民普通门诊：一级及以下，不设起付，限额200', '第三十三条', '不设起付标准，按比例报销至年度最高支付限额', [P.resOpRatio, P.resOpCap], S),
  rule('dongying.chronic.deductible', '门诊慢性病每季度起付150', '第三十二条', '每季度门诊慢性病医疗起付标准为150元，由参保人自负', [P.chronicDeductible], S),
  rule('dongying.chronic.ratio', '门诊慢性病按住院报销比例', '第三十二条', '分别按照本办法第三十一条职工和城乡居民基本医疗保险住院报销比例的有关规定执行', [], S),
  rule('dongying.employee.critical_illness.city_standard', '职工特药：80%×合规特药费用−省定补偿额', '第三十六条', '合规特药费用总额的80%减去省定标准补偿额', [P.cityCiRatio, P.lmCap], S),
  rule('dongying.resident.critical_illness.benefit', '居民大病保险：按省规定（文本未给出）', '第三十六条', '居民大病补偿和特药补偿办法按省规定执行', [], S),
  rule('dongying.civil_servant.reimbursement', '公务员医疗补助：超年缴费基数10%部分按95%', '第三十七条', '个人自负费用超过本人年缴费基数10%以上部分，由公务员医疗补助基金按95%支付', [P.csThreshold, P.csRatio], S),
  rule('dongying.family_planning.inpatient', '计划生育住院费用按住院由统筹基金支付', '第四十条', '符合计划生育政策的相关住院费用，由社会医疗保险统筹基金按规定支付', [], S),
];
