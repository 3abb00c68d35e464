/**
 * Xining 2024 settlement parameters: 西宁市城中区《医疗保障政策宣传手册》(policy as of 2024-08).
 * Section paths as in rules-catalog.md: 二(二)4(1) = 二、职工基本医疗保险 → （二）待遇 → 4.住院待遇 → （1）.
 * Each parameter lives here once; formulas read it by id. `convention` names the decision (conventions.ts)
 * a value rests on when it is not the text's own.
 */
import { param, missingParam, type ParamOptions } from '../define.js';
import type { ParamDef, ParamUnit } from '../params.js';
import { GENERAL } from '../conventions.js';
import { SETTLEMENT_CONVENTIONS as CV } from './settlements/conventions.js';

const FROM = '2023-01-01';

function p(id: string, label: string, unit: ParamUnit, ref: string, quote: string, value: string, opts: ParamOptions = {}): ParamDef {
  return param(id, label, unit, ref, quote, value, { ...opts, from: opts.from ?? FROM });
}

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

/** 职工住院 二(二)4(1), 八7; 灵活就业 二(一)2(2)注2/注3; 跨省 四(二)1(4). */
const employeeInpatient: ParamDef[] = [
  ...Object.entries(DEDUCTIBLES).flatMap(([level, amounts]) =>
    amounts.map((amount, i) =>
      p(`xining.employee.inpatient.deductible.${level}.${ORDINAL[i]}`, `职工住院起付线·${LEVEL_ZH[level]}·${ORDINAL_ZH[i]}`, 'yuan', '二(二)4(1)', DEDUCTIBLE_QUOTE[level]!, amount),
    ),
  ),
  p('xining.employee.inpatient.ratio.level3.employed', '职工住院支付比例·三级·在职', 'rate', '二(二)4(1)', '三级定点医疗机构 / 75% / 80%', '0.75'),
  p('xining.employee.inpatient.ratio.level3.retired', '职工住院支付比例·三级·退休', 'rate', '二(二)4(1)', '三级定点医疗机构 / 75% / 80%', '0.80'),
  p('xining.employee.inpatient.ratio.level2.employed', '职工住院支付比例·二级·在职', 'rate', '二(二)4(1)', '二级定点医疗机构 / 80% / 85%', '0.80'),
  p('xining.employee.inpatient.ratio.level2.retired', '职工住院支付比例·二级·退休', 'rate', '二(二)4(1)', '二级定点医疗机构 / 80% / 85%', '0.85'),
  p('xining.employee.inpatient.ratio.level1.employed', '职工住院支付比例·一级·在职', 'rate', '二(二)4(1)', '一级定点医疗机构 / 85% / 90%', '0.85'),
  p('xining.employee.inpatient.ratio.level1.retired', '职工住院支付比例·一级·退休', 'rate', '二(二)4(1)', '一级定点医疗机构 / 85% / 90%', '0.90'),
  p('xining.employee.inpatient.cap', '职工住院统筹基金年度最高支付限额', 'yuan', '二(二)4(1)', '25万元/人/年', '250000'),
  p('xining.employee.inpatient.longStayDays', '连续住院收两次起付线的天数', 'days', '八7', '参保人员连续住院60天（含60天）以上收两次起付线', '60'),
  p('xining.employee.inpatient.smallBill.limit', '小额住院费用保障的费用上限', 'yuan', '八7', '参保职工住院医疗费在2000元以内的', '2000'),
  p('xining.employee.inpatient.smallBill.maxBurden', '小额住院费用个人负担上限比例', 'rate', '八7', '个人负担（含起付线）不超过30%', '0.30'),
  p('xining.flexible.waitingMonths', '灵活就业新参保住院等待月数', 'months', '二(一)2(2)注3', '在参保缴费6个月后方可享受医保住院待遇', '6'),
  p('xining.flexible.earlyMonths', '灵活就业住院限额期（参保月数）', 'months', '八7', '灵活就业参保职工连续参保时间不满12个月', '12'),
  p('xining.flexible.earlyCap', '灵活就业参保不满12个月住院统筹封顶线', 'yuan', '八7', '统筹基金封顶线为1万元', '10000'),
  p('xining.crossProvince.temporary.points', '跨省临时外出就医支付比例下浮（百分点）', 'decimal', '四(二)1(4)', '在参保地相同医保待遇支付政策的基础上支付比例下浮10%', '-10', { convention: GENERAL.percentagePoints, note: '下浮10个百分点' }),
];

/** 职工门诊统筹 二(二)1(2); 门诊慢特病 二(二)2. */
const employeeOutpatient: ParamDef[] = [
  p('xining.employee.outpatient.ratio.level3.employed', '职工普通门诊支付比例·三级·在职', 'rate', '二(二)1(2)', '在三级定点医疗机构就医的，在职职工支付比例为50%', '0.50'),
  p('xining.employee.outpatient.ratio.level3.retired', '职工普通门诊支付比例·三级·退休', 'rate', '二(二)1(2)', '退休人员支付比例为60%', '0.60'),
  p('xining.employee.outpatient.ratio.lower.employed', '职工普通门诊支付比例·二级及以下/药店·在职', 'rate', '二(二)1(2)', '在职职工支付比例为60%，退休人员支付比例为70%', '0.60'),
  p('xining.employee.outpatient.ratio.lower.retired', '职工普通门诊支付比例·二级及以下/药店·退休', 'rate', '二(二)1(2)', '在职职工支付比例为60%，退休人员支付比例为70%', '0.70'),
  p('xining.employee.outpatient.cap.flex42', '职工普通门诊年最高支付限额·4.2%缴费人员', 'yuan', '二(二)1(2)', '年最高支付限额：4.2%缴费人员500元', '500'),
  p('xining.employee.outpatient.cap.standard', '职工普通门诊年最高支付限额·其他人员', 'yuan', '二(二)1(2)', '6%缴费人员1200元', '1200', { convention: CV.outpatientCap, note: '在职、退休和8%档灵活就业人员' }),
  p('xining.employee.chronic.class1.cap', '职工门诊慢特病一类年度最高支付限额', 'yuan', '二(二)2', '按照住院政策规定报销 / 10万元/人/年', '100000'),
  p('xining.employee.chronic.class2.accountFloor', '职工二类门慢个人账户上年结余先行支付的下限', 'yuan', '二(二)2', '先由个人账户上年度累计结余支付，结余不足1000元（含）时', '1000'),
  p('xining.employee.chronic.class2.ratio', '职工二类门慢统筹基金支付比例', 'rate', '二(二)2', '政策范围内的医疗费用由统筹基金报销80%', '0.80'),
  p('xining.employee.chronic.class2.cap.standard', '职工二类门慢年度最高支付限额·其他病种', 'yuan', '二(二)2', '其他病种每人每年最高支付限额为5000元', '5000'),
  p('xining.employee.chronic.class2.cap.hepatitisC', '职工二类门慢年度最高支付限额·丙型肝炎', 'yuan', '二(二)2', '丙型肝炎每人每年最高支付限额为20000元', '20000'),
  p('xining.employee.chronic.class2.cap.multiBonus', '职工同时患两种以上二类病种增加的限额', 'yuan', '二(二)2', '每人每年最高支付限额再增加2000元', '2000'),
];

/** 居民 一(二)1–4. */
const resident: ParamDef[] = [
  p('xining.resident.inpatient.deductible.level3', '居民住院起付线·三级', 'yuan', '一(二)4(1)', '三级定点医疗机构 / 1500 / 70%', '1500'),
  p('xining.resident.inpatient.deductible.level2', '居民住院起付线·二级', 'yuan', '一(二)4(1)', '二级定点医疗机构 / 600 / 80%', '600'),
  p('xining.resident.inpatient.deductible.level1', '居民住院起付线·一级', 'yuan', '一(二)4(1)', '一级定点医疗机构 / 100 / 90%', '100'),
  p('xining.resident.inpatient.ratio.level3', '居民住院支付比例·三级', 'rate', '一(二)4(1)', '三级定点医疗机构 / 1500 / 70%', '0.70'),
  p('xining.resident.inpatient.ratio.level2', '居民住院支付比例·二级', 'rate', '一(二)4(1)', '二级定点医疗机构 / 600 / 80%', '0.80'),
  p('xining.resident.inpatient.ratio.level1', '居民住院支付比例·一级', 'rate', '一(二)4(1)', '一级定点医疗机构 / 100 / 90%', '0.90'),
  p('xining.resident.inpatient.cap', '居民住院年度最高支付限额', 'yuan', '一(二)4(1)', '10万元/人/年', '100000'),
  p('xining.resident.outpatient.cap', '居民普通门诊年度支付限额（2024年暂定）', 'yuan', '一(二)1', '2024年支付限额暂定为300元/年', '300', { note: '手册只给出2024年的暂定额；其他年度的行计算并警告' }),
  p('xining.resident.outpatient.ratio.level3', '居民普通门诊支付比例·三级', 'rate', '一(二)1', '三级定点医疗机构 / 50%', '0.50'),
  p('xining.resident.outpatient.ratio.lower', '居民普通门诊支付比例·二级及以下', 'rate', '一(二)1', '二级及以下定点医疗机构 / 70%', '0.70'),
  p('xining.resident.twoDiseases.cap.hypertension', '居民两病门诊限额·高血压', 'yuan', '一(二)2', '高血压 / 无起付线 / 400元/年', '400'),
  p('xining.resident.twoDiseases.cap.diabetes', '居民两病门诊限额·糖尿病', 'yuan', '一(二)2', '糖尿病 / 600元/年', '600'),
  p('xining.resident.twoDiseases.cap.both', '居民两病门诊限额·同时患有两病', 'yuan', '一(二)2', '同时患有“两病” / 1000元/年', '1000'),
  p('xining.resident.twoDiseases.ratio.level3', '居民两病门诊支付比例·三级', 'rate', '一(二)2', '三级：50%', '0.50'),
  p('xining.resident.twoDiseases.ratio.lower', '居民两病门诊支付比例·二级及以下', 'rate', '一(二)2', '二级及以下：70%', '0.70'),
  p('xining.resident.chronic.class1.cap', '居民门诊慢特病一类年度最高支付限额', 'yuan', '一(二)3', '不设 / 按照住院政策规定报销 / 10万元/人/年', '100000'),
  p('xining.resident.chronic.class2.deductible', '居民二类门慢年度起付线', 'yuan', '一(二)3', '累计200元/人/年', '200'),
  p('xining.resident.chronic.class2.ratio.level3', '居民二类门慢支付比例·三级', 'rate', '一(二)3', '三级 / 50%', '0.50'),
  p('xining.resident.chronic.class2.ratio.lower', '居民二类门慢支付比例·二级及以下', 'rate', '一(二)3', '二级及以下 / 70%', '0.70'),
  p('xining.resident.chronic.class2.cap.standard', '居民二类门慢年度最高支付限额·其他病种', 'yuan', '一(二)3', '其他病种每人每年最高支付限额为3000元', '3000'),
  p('xining.resident.chronic.class2.cap.high', '居民二类门慢限额·丙型肝炎/精神与行为障碍/结核病', 'yuan', '一(二)3', '丙型肝炎、精神与行为障碍、结核病每人每年最高支付限额为5000元', '5000'),
  p('xining.resident.chronic.class2.cap.multiBonus', '居民同时患两种以上二类病种增加的限额', 'yuan', '一(二)3', '每人每年最高支付限额再增加1000元', '1000'),
];

/** 大病保险 一(二)4(2), 二(二)4(2); 公务员医疗补助 二(二)4(3). */
const afterBasic: ParamDef[] = [
  p('xining.resident.ci.threshold', '居民大病保险年度起付线', 'yuan', '一(二)4(2)', '城乡居民大病保险起付线统一为年度内累计达到12000元', '12000'),
  p('xining.resident.ci.ratio', '居民大病保险支付比例', 'rate', '一(二)4(2)', '政策范围内报销比例80%，不设封顶线', '0.80'),
  p('xining.resident.ci.tilt.threshold', '居民大病保险起付线·特困/低保/返贫致贫', 'yuan', '一(二)4(2)', '实施起付线降低50%，报销比例提高5%的倾斜保障政策', '6000'),
  p('xining.resident.ci.tilt.ratio', '居民大病保险支付比例·特困/低保/返贫致贫', 'rate', '一(二)4(2)', '实施起付线降低50%，报销比例提高5%的倾斜保障政策', '0.85', { convention: GENERAL.percentagePoints, note: '80%提高5个百分点' }),
  p('xining.employee.ci.threshold', '职工大病保险年度起付线', 'yuan', '二(二)4(2)', '个人自付超过7000以上的合规部分', '7000'),
  p('xining.employee.ci.ratio', '职工大病保险支付比例', 'rate', '二(二)4(2)', '按85%的比例进行二次报销，且不设封顶线', '0.85'),
  p('xining.civilServant.ratio', '公务员医疗补助住院补助比例', 'rate', '二(二)4(3)', '个人自付的合规部分按80%的比例进行报销，不设封顶线', '0.80'),
];

/** 医疗救助 一(二)5 (居民). */
const assistance: ParamDef[] = [
  p('xining.assistance.destitute.outpatient.ratio', '普通门诊救助比例·特困等', 'rate', '一(二)5', '每人每年最高救助限额为360元。', '1', { convention: CV.destituteOutpatient, note: '手册未给比例，按100%' }),
  p('xining.assistance.destitute.outpatient.cap', '普通门诊救助年度限额·特困等', 'yuan', '一(二)5', '每人每年最高救助限额为360元。', '360'),
  p('xining.assistance.destitute.chronic.ratio', '门诊慢性病救助比例·特困等', 'rate', '一(二)5', '100%救助，每人每年最高救助限额为1万元。', '1'),
  p('xining.assistance.destitute.chronic.cap', '门诊慢性病救助年度限额·特困等', 'yuan', '一(二)5', '100%救助，每人每年最高救助限额为1万元。', '10000'),
  p('xining.assistance.destitute.inpatient.ratio', '住院救助比例·特困等', 'rate', '一(二)5', '100%救助，每人每年最高救助限额为6万元。', '1'),
  p('xining.assistance.destitute.inpatient.cap', '住院救助年度限额·特困等', 'yuan', '一(二)5', '100%救助，每人每年最高救助限额为6万元。', '60000'),
  p('xining.assistance.keyTarget.chronic.ratio', '门诊慢性病救助比例·低保/返贫致贫', 'rate', '一(二)5', '90%救助，每人每年最高救助限额为1万元。', '0.90', { convention: CV.keyTargets, note: '其他重点救助对象 = 低保、返贫致贫' }),
  p('xining.assistance.keyTarget.chronic.cap', '门诊慢性病救助年度限额·低保/返贫致贫', 'yuan', '一(二)5', '90%救助，每人每年最高救助限额为1万元。', '10000'),
  p('xining.assistance.keyTarget.inpatient.ratio', '住院救助比例·低保/返贫致贫', 'rate', '一(二)5', '80%救助，每人每年最高救助限额为5万元。', '0.80', { convention: CV.keyTargets, note: '其他重点救助对象 = 低保、返贫致贫' }),
  p('xining.assistance.keyTarget.inpatient.cap', '住院救助年度限额·低保/返贫致贫', 'yuan', '一(二)5', '80%救助，每人每年最高救助限额为5万元。', '50000'),
  p('xining.assistance.marginal.threshold', '住院救助年度起付·低保边缘/易返贫致贫', 'yuan', '一(二)5', '年度内累计超过2500元以上政策范围内的医疗费用按60%救助', '2500'),
  p('xining.assistance.marginal.ratio', '住院救助比例·低保边缘/易返贫致贫', 'rate', '一(二)5', '年度内累计超过2500元以上政策范围内的医疗费用按60%救助', '0.60'),
  p('xining.assistance.marginal.cap', '住院救助年度限额·低保边缘/易返贫致贫', 'yuan', '一(二)5', '每人每年最高救助限额为2万元。', '20000'),
  p('xining.assistance.expenditurePoor.threshold', '住院救助年度起付·支出型贫困', 'yuan', '一(二)5', '年度内累计超过6000元以上政策范围内的医疗费用按50%救助', '6000'),
  p('xining.assistance.expenditurePoor.ratio', '住院救助比例·支出型贫困', 'rate', '一(二)5', '年度内累计超过6000元以上政策范围内的医疗费用按50%救助', '0.50'),
  p('xining.assistance.expenditurePoor.cap', '住院救助年度限额·支出型贫困', 'yuan', '一(二)5', '每人每年最高救助限额为2万元。', '20000'),
  p('xining.assistance.unreferred.ratio', '未按规定转诊的救助比例', 'rate', '一(二)5', '未按规定办理逐级转诊手续，对其个人负担的政策范围内的医疗费用 / 40%给予救助。', '0.40'),
];

const DELIVERY: [key: string, zh: string, quote: string, l3: string, l2: string, l1: string][] = [
  ['natural', '自然分娩', '自然临产阴道分娩 / 4000元 / 2800元 / 1200元', '4000', '2800', '1200'],
  ['caesarean', '剖宫产', '剖宫产（子宫下段剖宫产术） / 7300元 / 6200元 / 3900元', '7300', '6200', '3900'],
  ['prom', '胎膜早破阴道分娩', '胎膜早破（足月）经阴道分娩 / 4300元 / 2800元 / 1500元', '4300', '2800', '1500'],
  ['assisted', '人工干预分娩', '人工干预分娩 / 4500元 / 3600元 / 2700元', '4500', '3600', '2700'],
  ['inpatientAbortion', '住院流产', '住院流产 / 1100元 / 1000元 / 900元', '1100', '1000', '900'],
  ['inducedLabour', '住院引产', '住院引产 / 不分等级均为1500元', '1500', '1500', '1500'],
];

/** 生育医疗费 三(二)2, 三(三). */
const maternity: ParamDef[] = [
  ...DELIVERY.flatMap(([key, zh, quote, l3, l2, l1]) => [
    p(`xining.maternity.delivery.${key}.level3`, `生育医疗费支付限额·${zh}·三级`, 'yuan', '三(二)2', quote, l3),
    p(`xining.maternity.delivery.${key}.level2`, `生育医疗费支付限额·${zh}·二级`, 'yuan', '三(二)2', quote, l2),
    p(`xining.maternity.delivery.${key}.level1`, `生育医疗费支付限额·${zh}·一级`, 'yuan', '三(二)2', quote, l1),
  ]),
  p('xining.maternity.extraBaby', '多胞胎每增加一胎增加的支付标准', 'yuan', '三(二)2', '生育多胞胎的，每增加一胎在以上支付标准基础上增加 / 600元', '600'),
  p('xining.maternity.spouseShare', '男职工未参保配偶一次性补助比例', 'rate', '三(三)', '按定点医疗机构等级及分娩方式支付限额标准的50%给予一次性补助', '0.50'),
  p('xining.maternity.prenatal', '产前检查补助（怀孕7个月及以下）', 'yuan', '三(二)2', '怀孕7个月及以下的产前检查补助500元', '500'),
  p('xining.maternity.prenatalLate', '产前检查补助（怀孕超过7个月）', 'yuan', '三(二)2', '怀孕超过7个月的产前补助增加300元 / 800元', '800'),
  p('xining.maternity.prenatalLateMonths', '产前检查补助增加的怀孕月数界限', 'months', '三(二)2', '怀孕超过7个月的产前补助增加300元', '7'),
  p('xining.maternity.outpatientAbortion', '门诊人工流产术补助', 'yuan', '三(二)2', '门诊人工流产术补助 / 300元', '300'),
  p('xining.maternity.medicalAbortion', '门诊药物流产术补助', 'yuan', '三(二)2', '门诊药物流产术补助 / 400元', '400'),
  p('xining.maternity.iud', '门诊宫内放置（取出）节育器补助', 'yuan', '三(二)2', '门诊宫内放置（取出）节育器补助 / 200元', '200'),
  p('xining.maternity.abortionWithIud', '门诊人工流产同时放置（取出）节育器补助', 'yuan', '三(二)2', '在门诊进行人工流产术的同时放置（取出）宫内节育器的补助 / 360元', '360'),
  p('xining.maternity.femaleSterilisation', '绝育术补助·女职工', 'yuan', '三(二)2', '绝育术补助女职工 / 1000元', '1000'),
  p('xining.maternity.maleSterilisation', '绝育术补助·男职工', 'yuan', '三(二)2', '绝育术补助男职工 / 600元', '600'),
  p('xining.maternity.recanalisation', '绝育术后复通术补助', 'yuan', '三(二)2', '绝育术后行复通术补助 / 3000元', '3000'),
];

export const settlementParams: ParamDef[] = [
  ...employeeInpatient,
  ...employeeOutpatient,
  ...resident,
  ...afterBasic,
  ...assistance,
  ...maternity,
  // RULES.md General 12: the handbook gives no Class-B ratio; 乙类费用 without 乙类自付金额 needs it supplied.
  missingParam('xining.classB.selfPayRate', '乙类费用先行自付比例', 'rate', '八5', '手册未给出乙类先行自付比例，须在「参数」表设置'),
];
