/** Rule index entries of Xining 2024 settlements (ids as in rules-catalog.md §2). */
import { rule } from '../define.js';
import type { RuleDef } from '../types.js';

const S = ['settlements'] as const;
const levels = ['level1', 'level2', 'level3'];
const ordinals = ['first', 'second', 'third'];
const empDeductibles = levels.flatMap((l) => ordinals.map((o) => `xining.employee.inpatient.deductible.${l}.${o}`));
const empRatios = levels.flatMap((l) => ['employed', 'retired'].map((s) => `xining.employee.inpatient.ratio.${l}.${s}`));
const resDeductibles = levels.map((l) => `xining.resident.inpatient.deductible.${l}`);
const resRatios = levels.map((l) => `xining.resident.inpatient.ratio.${l}`);
const deliveries = ['natural', 'caesarean', 'prom', 'assisted', 'inpatientAbortion', 'inducedLabour'].flatMap((k) => levels.map((l) => `xining.maternity.delivery.${k}.${l}`));

export const settlementRuleDefs: RuleDef[] = [
  rule('xining.general.fund_exclusions', '医保基金不予支付的情形', '七(一)', '1.应当从工伤保险基金中支付的。', [], S),
  rule('xining.employee.outpatient.priority', '住院期间不再享受普通门诊和门诊慢特病待遇（职工）', '二(二)1(2)④', '住院期间不再享受普通门诊和门诊慢特病待遇', [], S),
  rule('xining.resident.outpatient.interaction', '住院期间不再享受门诊特殊病慢性病和普通门诊待遇（居民）', '一(二)1', '参保人员住院期间，不再享受门诊特殊病慢性病和普通门诊待遇', [], S),
  rule('xining.classB.self_pay', '乙类先行自付（未填金额时按比例）', '八5', '需要由患者个人先承担的一部分乙类自付费用', ['xining.classB.selfPayRate'], S),
  rule('xining.employee.inpatient.deductible', '职工住院起付线（按年度住院次数）', '二(二)4(1)', '年度内首次住院起付标准 / 年度内第二次住院起付标准', empDeductibles, S),
  rule('xining.employee.inpatient.ratio', '职工住院报销比例（在职/退休）', '二(二)4(1)', '三级定点医疗机构 / 75% / 80%', empRatios, S),
  rule('xining.employee.inpatient.cap', '职工住院年度最高支付限额（含特殊药品）', '二(二)4(1)', '25万元/人/年', ['xining.employee.inpatient.cap'], S),
  rule('xining.employee.inpatient.formula', '职工住院报销计算公式', '二(二)4(1)', '（总费用－完全政策自费－部分政策自付－起付线）×对应报销比例', [], S),
  rule('xining.employee.inpatient.long_stay_second_deductible', '连续住院60天以上收两次起付线', '八7', '参保人员连续住院60天（含60天）以上收两次起付线', ['xining.employee.inpatient.longStayDays'], S),
  rule('xining.employee.inpatient.small_bill_guarantee', '住院医疗费2000元以内个人负担不超过30%', '八7', '个人负担（含起付线）不超过30%', ['xining.employee.inpatient.smallBill.limit', 'xining.employee.inpatient.smallBill.maxBurden'], S),
  rule('xining.flexible.new_enrollee_waiting', '灵活就业新参保6个月后享受住院待遇', '二(一)2(2)注3', '在参保缴费6个月后方可享受医保住院待遇', ['xining.flexible.waitingMonths'], S),
  rule('xining.flexible.first_12_months_inpatient_cap', '灵活就业参保不满12个月住院封顶1万元', '八7', '统筹基金封顶线为1万元', ['xining.flexible.earlyMonths', 'xining.flexible.earlyCap'], S),
  rule('xining.cross_province.temporary_unreferred_reduction', '跨省临时外出就医支付比例下浮10%', '四(二)1(4)', '在参保地相同医保待遇支付政策的基础上支付比例下浮10%', ['xining.crossProvince.temporary.points'], S),
  rule('xining.employee.outpatient_pool', '职工普通门诊统筹', '二(二)1(2)', '年最高支付限额：4.2%缴费人员500元；6%缴费人员1200元', [
    'xining.employee.outpatient.ratio.level3.employed', 'xining.employee.outpatient.ratio.level3.retired', 'xining.employee.outpatient.ratio.lower.employed',
    'xining.employee.outpatient.ratio.lower.retired', 'xining.employee.outpatient.cap.flex42', 'xining.employee.outpatient.cap.standard',
  ], S),
  rule('xining.employee.chronic.class1', '职工门诊慢特病一类', '二(二)2', '按照住院政策规定报销 / 10万元/人/年', ['xining.employee.chronic.class1.cap', ...empRatios], S),
  rule('xining.employee.chronic.class2', '职工门诊慢特病二类（个人账户上年结余先行支付）', '二(二)2', '先由个人账户上年度累计结余支付，结余不足1000元（含）时', [
    'xining.employee.chronic.class2.accountFloor', 'xining.employee.chronic.class2.ratio', 'xining.employee.chronic.class2.cap.standard',
    'xining.employee.chronic.class2.cap.hepatitisC', 'xining.employee.chronic.class2.cap.multiBonus',
  ], S),
  rule('xining.flexible.chronic_requires_8pct', '4.2%缴费灵活就业人员无门诊慢特病待遇', '二(一)2(2)注1', '有门诊特殊慢性病必须缴纳 8%的医保费用才能享受', [], S),
  rule('xining.employee.special_drugs', '职工门诊特殊药品', '二(二)3', '执行开具处方的责任医师所在的定点医疗机构相应级别的住院报销政策，不设起付线', [...empRatios, 'xining.employee.inpatient.cap'], S),
  rule('xining.resident.inpatient', '居民住院', '一(二)4(1)', '（总费用-完全政策自费-部分政策自付-起付线）×对应报销比例=实际报销金额', [...resDeductibles, ...resRatios, 'xining.resident.inpatient.cap'], S),
  rule('xining.resident.outpatient_pool', '居民普通门诊', '一(二)1', '2024年支付限额暂定为300元/年', ['xining.resident.outpatient.cap', 'xining.resident.outpatient.ratio.level3', 'xining.resident.outpatient.ratio.lower'], S),
  rule('xining.resident.two_diseases', '居民“两病”门诊', '一(二)2', '高血压 / 无起付线 / 400元/年', [
    'xining.resident.twoDiseases.cap.hypertension', 'xining.resident.twoDiseases.cap.diabetes', 'xining.resident.twoDiseases.cap.both',
    'xining.resident.twoDiseases.ratio.level3', 'xining.resident.twoDiseases.ratio.lower',
  ], S),
  rule('xining.resident.chronic.class1', '居民门诊慢特病一类', '一(二)3', '不设 / 按照住院政策规定报销 / 10万元/人/年', ['xining.resident.chronic.class1.cap', ...resRatios], S),
  rule('xining.resident.chronic.class2', '居民门诊慢特病二类', '一(二)3', '累计200元/人/年', [
    'xining.resident.chronic.class2.deductible', 'xining.resident.chronic.class2.ratio.level3', 'xining.resident.chronic.class2.ratio.lower',
    'xining.resident.chronic.class2.cap.standard', 'xining.resident.chronic.class2.cap.high', 'xining.resident.chronic.class2.cap.multiBonus',
  ], S),
  rule('xining.resident.critical_illness', '居民大病保险（含特困/低保/返贫致贫倾斜）', '一(二)4(2)', '城乡居民大病保险起付线统一为年度内累计达到12000元', [
    'xining.resident.ci.threshold', 'xining.resident.ci.ratio', 'xining.resident.ci.tilt.threshold', 'xining.resident.ci.tilt.ratio',
  ], S),
  rule('xining.employee.critical_illness.benefit', '职工大病保险', '二(二)4(2)', '个人自付超过7000以上的合规部分', ['xining.employee.ci.threshold', 'xining.employee.ci.ratio'], S),
  rule('xining.civil_servant.inpatient', '公务员医疗补助（住院）', '二(二)4(3)', '个人自付的合规部分按80%的比例进行报销，不设封顶线', ['xining.civilServant.ratio'], S),
  rule('xining.assistance.destitute', '医疗救助·特困供养对象等（门诊/门慢/住院）', '一(二)5', '100%救助，每人每年最高救助限额为6万元。', [
    'xining.assistance.destitute.outpatient.ratio', 'xining.assistance.destitute.outpatient.cap', 'xining.assistance.destitute.chronic.ratio',
    'xining.assistance.destitute.chronic.cap', 'xining.assistance.destitute.inpatient.ratio', 'xining.assistance.destitute.inpatient.cap',
  ], S),
  rule('xining.assistance.other_key', '医疗救助·低保/返贫致贫（门慢/住院）', '一(二)5', '80%救助，每人每年最高救助限额为5万元。', [
    'xining.assistance.keyTarget.chronic.ratio', 'xining.assistance.keyTarget.chronic.cap', 'xining.assistance.keyTarget.inpatient.ratio', 'xining.assistance.keyTarget.inpatient.cap',
  ], S),
  rule('xining.assistance.inpatient.low_income_marginal', '医疗救助·低保边缘/易返贫致贫（住院，超2500元）', '一(二)5', '年度内累计超过2500元以上政策范围内的医疗费用按60%救助', [
    'xining.assistance.marginal.threshold', 'xining.assistance.marginal.ratio', 'xining.assistance.marginal.cap',
  ], S),
  rule('xining.assistance.inpatient.expenditure_poor', '医疗救助·支出型贫困（住院，超6000元）', '一(二)5', '年度内累计超过6000元以上政策范围内的医疗费用按50%救助', [
    'xining.assistance.expenditurePoor.threshold', 'xining.assistance.expenditurePoor.ratio', 'xining.assistance.expenditurePoor.cap',
  ], S),
  rule('xining.assistance.uninsured_or_unreferred', '医疗救助·未按规定转诊（40%）', '一(二)5', '40%给予救助。', ['xining.assistance.unreferred.ratio'], S),
  rule('xining.maternity.delivery', '生育医疗费·分娩支付限额（含多胞胎）', '三(二)2', '生育多胞胎的，每增加一胎在以上支付标准基础上增加 / 600元', [...deliveries, 'xining.maternity.extraBaby'], S),
  rule('xining.maternity.prenatal_subsidy', '产前检查补助', '三(二)2', '怀孕7个月及以下的产前检查补助500元', ['xining.maternity.prenatal', 'xining.maternity.prenatalLate', 'xining.maternity.prenatalLateMonths'], S),
  rule('xining.maternity.family_planning_outpatient', '计划生育门诊手术补助', '三(二)2', '门诊人工流产术补助 / 300元', [
    'xining.maternity.outpatientAbortion', 'xining.maternity.medicalAbortion', 'xining.maternity.iud', 'xining.maternity.abortionWithIud',
    'xining.maternity.femaleSterilisation', 'xining.maternity.maleSterilisation', 'xining.maternity.recanalisation',
  ], S),
  rule('xining.maternity.male_employee_spouse', '男职工未参保配偶一次性补助', '三(三)', '按定点医疗机构等级及分娩方式支付限额标准的50%给予一次性补助', ['xining.maternity.spouseShare', ...deliveries], S),
  rule('xining.maternity.flexible_retiree_excluded', '灵活就业和退休人员无生育保险待遇', '八6', '灵活就业人员和退休人员不能享受生育保险待遇', [], S),
];
