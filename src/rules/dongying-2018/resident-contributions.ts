/**
 * Dongying 2018 resident contributions (城乡居民参保缴费): the amounts are published yearly (第十三条) and
 * not in the text → required parameters; government-paid groups (第十四条) pay 0; the benefit start
 * follows 第四十六条 (collection period 9-01..12-20 → next year; newborns; new university students).
 */
import { addMonths, ageOn, yearOf } from '../../kinds/dates.js';
import { type Decimal, ZERO, fmt2, fmtPlain } from '../../money.js';
import { missingParam, param, rule } from '../define.js';
import { type ResultValues, type RowContext, type RuleModule, RowError } from '../types.js';
import { FROM } from './common.js';
import { convention } from '../conventions.js';

const CV = {
  governmentPaidGroups: convention({
    id: 'DY14',
    title: '资助类别与第十四条政府代缴人员的对应',
    open: '第十四条列出由政府代缴个人缴费的人员（特困人员、孤儿、低保对象、优抚对象、重度残疾人、建档立卡贫困人员、70周岁以上人员），用语与经办系统的资助类别不同。',
    chosen: '特困 → 特困人员、孤儿；城镇低保、农村低保、脱贫人口中的农村低保 → 城乡低保对象；重点优抚 → 优抚对象；低收入重度残疾人 → 重度残疾人；返贫致贫人口、稳定脱贫人口 → 建档立卡贫困人员：个人缴费全额由政府代缴。其余类别按本人缴费。',
    other: '只对字面完全相同的人员代缴；上列各类别的居民需本人缴费。',
    rows: '城乡居民参保缴费（东营）：填写了资助类别的行。',
  }),
  elderlyAgeDate: convention({
    id: 'DY15',
    title: '70周岁以上按参保年度1月1日的年龄判断',
    open: '第十四条：具有本市户籍的70周岁及以上参保居民个人缴费由政府代缴，未说明在哪一天判断年龄。',
    chosen: '以参保年度1月1日的周岁判断（缴费时通常尚在上一年）。',
    other: '以缴费日期的年龄判断；在缴费期与次年1月1日之间满70周岁的人员结果不同。',
    rows: '城乡居民参保缴费（东营）：未填写代缴资助类别、按出生日期满70周岁的行。',
  }),
} as const;

const R = {
  personal: 'dongying.resident.contribution.personal',
  subsidy: 'dongying.resident.contribution.subsidy',
  elderlyAge: 'dongying.resident.contribution.governmentPaidAge',
  newbornMonths: 'dongying.resident.newborn.windowMonths',
} as const;

/**
 * 第十四条 groups whose personal share the government pays. Convention DY14: 资助类别 values mapped to
 * 低保/特困/孤儿 (一), 优抚对象 (一), 重度残疾人 and 建档立卡贫困人员 (二).
 */
const GOVERNMENT_PAID: Record<string, string> = {
  特困: '第十四条(一)特困人员、孤儿',
  城镇低保: '第十四条(一)城乡低保对象',
  农村低保: '第十四条(一)城乡低保对象',
  脱贫人口中的农村低保: '第十四条(一)城乡低保对象',
  重点优抚: '第十四条(一)优抚对象',
  低收入重度残疾人: '第十四条(二)重度残疾人',
  返贫致贫人口: '第十四条(二)建档立卡贫困人员',
  稳定脱贫人口: '第十四条(二)建档立卡贫困人员',
};

function benefitStart(ctx: RowContext, coverageYear: number): string {
  const { row, params, trace } = ctx;
  const paid = row['paidOn'] as string;
  const y = yearOf(paid);
  if (row['newborn'] === '是') {
    const birth = row['birthDate'] as string | undefined;
    if (!birth) throw new RowError('新生儿须填写「出生日期」或有效的「身份证号」 / birth date required for a newborn');
    const months = params.get(R.newbornMonths).toNumber(); // int: months
    if (paid <= addMonths(birth, months)) {
      trace.step(`新生儿出生${months}个月内参保缴费，自出生之日${birth}起享受待遇(${params.ref(R.newbornMonths)})`);
      return birth < `${coverageYear}-01-01` ? `${coverageYear}-01-01` : birth;
    }
    const start = addMonths(`${paid.slice(0, 7)}-01`, 1);
    trace.step(`新生儿超过${months}个月参保缴费，自缴费次月${start}起享受待遇(${params.ref(R.newbornMonths)})`);
    return start < `${coverageYear}-01-01` ? `${coverageYear}-01-01` : start;
  }
  if (row['newStudent'] === '是') {
    trace.step(`新入学大学生自入学当年9月1日起享受待遇(第四十六条)`);
    return `${y}-09-01`;
  }
  const md = paid.slice(5);
  if (md < '09-01' || md > '12-20') {
    throw new RowError(`列「缴费日期」的值「${paid}」不在集中参保缴费期（9月1日至12月20日）内（第十三条） / payment outside the collection period`);
  }
  if (coverageYear !== y + 1) { // int: years
    throw new RowError(`列「参保年度」的值「${coverageYear}」与缴费日期「${paid}」不符：集中缴费期缴纳的是下年度（${y + 1}）费用（第十三条） / coverage year must be the next year`); // int
  }
  trace.step(`集中缴费期（9月1日至12月20日）缴费，待遇享受期${coverageYear}-01-01至${coverageYear}-12-31(第十三条·第四十六条)`);
  return `${coverageYear}-01-01`;
}

function compute(ctx: RowContext): ResultValues {
  const { row, params, trace } = ctx;
  const coverageYear = row['coverageYear'] as number;
  const at = `${coverageYear}-01-01`;
  const start = benefitStart(ctx, coverageYear);
  const personal = params.at(R.personal, at);
  const subsidy = params.at(R.subsidy, at);
  trace.step(`${coverageYear}年度个人缴费${fmtPlain(personal)}，政府补助${fmtPlain(subsidy)}(第十三条)`);
  const cat = (row['subsidyCategory'] as string | undefined) ?? '无';
  let paidBy: string | undefined = GOVERNMENT_PAID[cat];
  const birth = row['birthDate'] as string | undefined;
  const elderly = params.get(R.elderlyAge).toNumber(); // int: years
  if (!paidBy && birth && ageOn(birth, at) >= elderly) paidBy = `第十四条(二)${elderly}周岁及以上`;
  let assistance: Decimal = ZERO;
  if (paidBy) {
    assistance = personal;
    if (GOVERNMENT_PAID[cat]) trace.convention(CV.governmentPaidGroups, `资助类别「${cat}」属${paidBy}，个人缴费部分由政府代缴${fmt2(assistance)}`);
    else trace.convention(CV.elderlyAgeDate, `${coverageYear}年1月1日年满${elderly}周岁，属${paidBy}，个人缴费部分由政府代缴${fmt2(assistance)}`);
  }
  const amountDue = personal.minus(assistance);
  trace.step(`应缴金额=${fmtPlain(personal)}-${fmt2(assistance)}=${fmt2(amountDue)}(第十三条·第十四条)`);
  return { personalContribution: personal, fiscalSubsidy: subsidy, assistanceAmount: assistance, amountDue, benefitStart: start };
}

const K = ['resident-contributions'] as const;

export const residentContributionsModule: RuleModule = {
  kind: 'resident-contributions',
  params: [
    missingParam(R.personal, '城乡居民个人缴费标准（元/年）', 'yuan', '第十三条', '「由市人力资源社会保障部门会同市财政部门按年度适时公布」文本未给出数值'),
    missingParam(R.subsidy, '城乡居民政府补助标准（元/年）', 'yuan', '第十三条', '「各级政府补助标准按照有关规定执行」文本未给出数值'),
    param(R.elderlyAge, '政府代缴个人缴费的年龄（周岁及以上）', 'decimal', '第十四条', '具有本市户籍的70周岁及以上参保居民', '70', { from: FROM }),
    param(R.newbornMonths, '新生儿自出生之日起享受待遇的参保期限（月）', 'months', '第四十六条', '新生儿自出生之日起3个月内参保缴费的，自出生之日起享受', '3', { from: FROM }),
  ],
  rules: [
    rule('dongying.resident.contribution.structure', '居民个人缴费与政府补助（数额未给出）', '第十三条', '城乡居民基本医疗保险实行个人缴费和各级政府补助相结合的筹资方式', [R.personal, R.subsidy], K),
    rule('dongying.resident.contribution.collection_period', '9月1日至12月20日为下年度集中缴费期', '第十三条', '每年9月1日至12月20日为下年度城乡居民基本医疗保险集中参保缴费期', [], K),
    rule('dongying.resident.contribution.government_paid', '特困、低保、优抚、70周岁以上等个人缴费由政府代缴', '第十四条', '下列人员的城乡居民基本医疗保险个人缴费部分由政府代缴', [R.elderlyAge], K),
    rule('dongying.resident.benefit_period', '集中缴费期缴费：下一年度1月1日至12月31日', '第四十六条', '社会医疗保险待遇享受期为下一年度的1月1日至12月31日', [], K),
    rule('dongying.resident.student_start', '新入学大学生自入学当年9月1日起', '第四十六条', '自入学当年9月1日起享受城乡居民社会医疗保险待遇', [], K),
    rule('dongying.resident.newborn', '新生儿3个月内参保自出生之日起，超过自缴费次月起', '第四十六条', '超过3个月参保缴费的，自缴费次月起享受城乡居民基本医疗保险待遇', [R.newbornMonths], K),
  ],
  conventions: Object.values(CV),
  kindRules: { compute },
};
