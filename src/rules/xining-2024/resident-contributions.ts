/**
 * Xining 城乡居民参保缴费 (一(一)2/3/6): the personal amount after the 资助 category, and the date benefits
 * start, by the payment window of the coverage year. Only 2024 amounts are in the text: other years error
 * naming the parameter (dated parameters), so the user can supply them.
 */
import { addDays, ageOn, daysBetween } from '../../kinds/dates.js';
import { type Decimal, ZERO, fmt2, fmtPct, fmtPlain, round2 } from '../../money.js';
import { datedParam, param, rule } from '../define.js';
import type { ParamDef } from '../params.js';
import { type KindRules, type ResultValues, type RowContext, type RuleDef, type RuleModule, RowError } from '../types.js';
import { FROM } from './common.js';
import { convention } from '../conventions.js';

const EXEMPT_FROM_WINDOW = convention({
  id: 'XN6',
  title: '不受缴费期限制的人员自缴费之日起享受待遇',
  open: '一(一)3注：新生儿、医疗救助对象和脱贫人口不受集中缴费期限制，未说明其待遇从何时开始、缴多少。',
  chosen: '按本人应缴金额（资助后）缴费，自缴费之日起享受待遇，不设等待期；填写了任一资助类别的人员都视为医疗救助对象。',
  other: '仍按缴费期规则设60天等待期，或按全额缴费。',
  rows: '城乡居民参保缴费（西宁）：新生儿或有资助类别、在3月31日之后缴费的行。',
});

const P = {
  personal: 'xining.resident.contribution.personal',
  fiscal: 'xining.resident.contribution.fiscalSubsidy',
  full: 'xining.resident.subsidy.full.rate',
  half: 'xining.resident.subsidy.half.rate',
  transition: 'xining.resident.subsidy.transition.rate',
  waitingDays: 'xining.resident.contribution.waitingDays',
  newbornDays: 'xining.resident.newborn.registrationDays',
} as const;

const Y2024 = { from: '2024-01-01', to: '2024-12-31' };

const params: ParamDef[] = [
  datedParam(P.personal, '城乡居民个人缴费标准（按参保年度）', 'yuan', '一(一)2', '如2024年个人缴费380元，财政补助680元', [{ ...Y2024, value: '380' }]),
  datedParam(P.fiscal, '城乡居民财政补助标准（按参保年度）', 'yuan', '一(一)2', '如2024年个人缴费380元，财政补助680元', [{ ...Y2024, value: '680' }]),
  param(P.full, '参保资助比例·全额资助（特困、孤儿等）', 'rate', '一(一)6', '全额资助并代缴 / 0元', '1', { from: FROM }),
  param(P.half, '参保资助比例·按个人缴费标准50%资助', 'rate', '一(一)6', '按当年个人缴费标准的50%给予资助 / 190元', '0.5', { from: FROM }),
  datedParam(P.transition, '参保资助比例·过渡期（脱贫人口中的农村低保、返贫致贫、易返贫致贫）', 'rate', '一(一)6', '(2021年—2025年）过渡期分别按90%、80%、70%、60%、50%给予资助', [
    { from: '2021-01-01', to: '2021-12-31', value: '0.9' },
    { from: '2022-01-01', to: '2022-12-31', value: '0.8' },
    { from: '2023-01-01', to: '2023-12-31', value: '0.7' },
    { from: '2024-01-01', to: '2024-12-31', value: '0.6' },
    { from: '2025-01-01', to: '2025-12-31', value: '0.5' },
  ]),
  param(P.waitingDays, '集中缴费期后缴费的待遇等待天数', 'days', '一(一)3', '自缴费之日起60天后享受医保待遇', '60', { from: FROM }),
  param(P.newbornDays, '新生儿参保登记期限（出生后天数）', 'days', '一(一)4', '新生儿出生90日内…办理参保登记', '90', { from: FROM }),
];

const rules: RuleDef[] = [
  rule('xining.resident.contribution.standard', '城乡居民缴费标准（个人缴费+财政补助）', '一(一)2', '如2024年个人缴费380元，财政补助680元', [P.personal, P.fiscal], ['resident-contributions']),
  rule('xining.resident.contribution.window_and_effective_date', '缴费期与待遇享受日期', '一(一)3', '集中缴费期为上一年9月1日至当年3月31日', [P.waitingDays], ['resident-contributions']),
  rule('xining.resident.contribution.late_payer_full_cost', '7月1日以后缴费：个人缴费+财政补助', '一(一)3', '当年7月1日以后 / 个人缴费+财政补助', [P.personal, P.fiscal], ['resident-contributions']),
  rule('xining.resident.contribution.window_exempt_groups', '新生儿、医疗救助对象、脱贫人口不受缴费期限制', '一(一)3注', '新生儿、医疗救助对象以及脱贫人口等特殊群体…不受居民医保参保缴费期政策限制', [], ['resident-contributions']),
  rule('xining.resident.newborn_registration', '新生儿出生90日内参保登记', '一(一)4', '新生儿出生90日内', [P.newbornDays], ['resident-contributions']),
  rule('xining.resident.contribution.subsidy.full', '全额资助并代缴', '一(一)6', '全额资助并代缴 / 0元', [P.full], ['resident-contributions']),
  rule('xining.resident.contribution.subsidy.half', '按个人缴费标准50%资助', '一(一)6', '按当年个人缴费标准的50%给予资助 / 190元', [P.half], ['resident-contributions']),
  rule('xining.resident.contribution.subsidy.transition', '过渡期资助（2021—2025年90%至50%）', '一(一)6', '(2021年—2025年）过渡期分别按90%、80%、70%、60%、50%给予资助', [P.transition], ['resident-contributions']),
  rule('xining.resident.contribution.subsidy.none', '按当年个人缴费标准缴费（无资助）', '一(一)6', '按当年城乡居民基本医保个人缴费标准 / 380元', [P.personal], ['resident-contributions']),
];

/** 资助类别 → the subsidy parameter of 一(一)6 (none: pays the full personal amount). */
const SUBSIDY: Record<string, string | undefined> = {
  特困: P.full,
  城镇低保: P.half,
  农村低保: P.half,
  重点优抚: P.half,
  低收入重度残疾人: P.half,
  低收入老年人: P.half,
  低收入未成年人: P.half,
  脱贫人口中的农村低保: P.transition,
  返贫致贫人口: P.transition,
  易返贫致贫人口: P.transition,
  稳定脱贫人口: undefined,
  支出型贫困: undefined,
  低收入成年人: undefined,
  无: undefined,
};

/** Age bands the 一(一)6 table attaches to the low-income categories (rules-catalog G4: 未成年人 = under 18). */
const AGE_BAND: Record<string, { min: number; max: number; zh: string }> = {
  低收入老年人: { min: 60, max: 200, zh: '60周岁及以上' },
  低收入未成年人: { min: 0, max: 17, zh: '18周岁以下' },
  低收入成年人: { min: 18, max: 59, zh: '18周岁以上（不含18周岁）至60周岁（不含60周岁）' },
};

function compute(ctx: RowContext): ResultValues {
  const { row, params, trace } = ctx;
  const paid = row['paidOn'] as string;
  const year = row['coverageYear'] as number;
  const yearStart = `${year}-01-01`;
  const prevSep = `${year - 1}-09-01`; // int: the collection period opens on 1 Sep of the previous year
  const category = (row['subsidyCategory'] as string | undefined) ?? '无';
  const newborn = row['newborn'] === '是';

  if (paid < prevSep) {
    throw new RowError(`列「缴费日期」的值「${paid}」早于${year}年度的缴费期（${prevSep}起，一(一)3） / 缴费日期 is before the ${year} collection period`);
  }
  if (paid > `${year}-12-31`) {
    throw new RowError(`列「缴费日期」的值「${paid}」晚于参保年度${year}年12月31日 / 缴费日期 is after the coverage year ${year}`);
  }

  // Amounts of the coverage year (only 2024 is in the text: other years raise MissingParameterError).
  const personal = params.at(P.personal, yearStart);
  const fiscal = params.at(P.fiscal, yearStart);
  trace.step(`${year}年个人缴费${fmtPlain(personal)}元，财政补助${fmtPlain(fiscal)}元(${params.ref(P.personal)})`);

  const sId = SUBSIDY[category];
  let assistance = ZERO;
  if (sId) {
    const rate = params.at(sId, yearStart);
    assistance = round2(personal.times(rate));
    trace.step(`${category}：资助${fmtPlain(personal)}×${fmtPct(rate)}=${fmt2(assistance)}，个人缴费${fmt2(personal.minus(assistance))}(${params.ref(sId)})`);
  } else if (category !== '无') {
    trace.step(`${category}：按当年个人缴费标准${fmtPlain(personal)}(一(一)6)`);
  }
  const own = personal.minus(assistance);
  checkAgeBand(ctx, category, paid);

  // 一(一)3注: newborns, medical-assistance targets and 脱贫人口 are not bound by the payment windows.
  // Every 资助类别 row of 一(一)6 is such a group (资助参保 is itself medical assistance), so any category but 无 is exempt.
  const exempt = newborn || category !== '无';
  const exemptWhy = newborn ? '新生儿' : category;
  if (newborn) checkNewbornRegistration(ctx, paid);

  let amountDue: Decimal = own;
  let benefitStart: string;
  if (paid < yearStart) {
    benefitStart = yearStart;
    trace.step(`${paid}在上一年9月1日至12月31日缴费，自${yearStart}起享受待遇(一(一)3)`);
  } else if (paid <= `${year}-03-31`) {
    benefitStart = paid;
    trace.step(`${paid}在当年1月1日至3月31日缴费，自缴费之日起享受待遇(一(一)3)`);
  } else if (exempt) {
    benefitStart = paid;
    trace.convention(EXEMPT_FROM_WINDOW, `${exemptWhy}不受缴费期限制，按本人应缴金额${fmt2(own)}，自缴费之日${paid}起享受待遇(一(一)3注)`);
  } else {
    const days = params.get(P.waitingDays);
    benefitStart = addDays(paid, days.toNumber()); // int: days
    if (paid >= `${year}-07-01`) {
      amountDue = own.plus(fiscal);
      trace.step(`${paid}在当年7月1日以后缴费：个人缴费${fmt2(own)}+财政补助${fmt2(fiscal)}=${fmt2(amountDue)}(一(一)3)`);
    }
    trace.step(`自缴费之日起${fmtPlain(days)}天后享受待遇：${paid}+${fmtPlain(days)}天=${benefitStart}(${params.ref(P.waitingDays)})`);
  }
  return { personalContribution: personal, fiscalSubsidy: fiscal, assistanceAmount: assistance, amountDue, benefitStart };
}

/** The low-income categories carry an age band; a birth date outside it is a warning (age at the payment date, G4). */
function checkAgeBand(ctx: RowContext, category: string, paid: string): void {
  const band = AGE_BAND[category];
  const birth = ctx.row['birthDate'] as string | undefined;
  if (!band || !birth) return;
  const age = ageOn(birth, paid);
  if (age < band.min || age > band.max) {
    ctx.trace.warn(`「资助类别」为${category}（${band.zh}），但缴费日期时年龄为${age}周岁，请核对 / age ${age} does not fit ${category}`);
  }
}

/** 一(一)4: newborns register within 90 days of birth. */
function checkNewbornRegistration(ctx: RowContext, paid: string): void {
  const birth = ctx.row['birthDate'] as string | undefined;
  if (!birth) return;
  const limit = ctx.params.get(P.newbornDays).toNumber(); // int: days
  const days = daysBetween(birth, paid);
  if (days > limit) {
    ctx.trace.warn(`新生儿应在出生${limit}日内参保登记(一(一)4)，缴费日期距出生${days}日，请核对 / newborn paid ${days} days after birth`);
  }
}

export const residentContributionsModule: RuleModule = { kind: 'resident-contributions', params, rules, conventions: [EXEMPT_FROM_WINDOW], kindRules: { compute } satisfies KindRules };
