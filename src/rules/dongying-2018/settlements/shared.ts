/**
 * What every Dongying settlement needs: the row's amounts (E per RULES.md §General 12–13), the hospital
 * level, the ratio with its adjustments (第三十一条, 第三十九条, 第四十六条), and the accumulator names.
 */
import type { TypedRow } from '../../../kinds/validate.js';
import { type Decimal, D, ZERO, floor0, fmt2, fmtPct, fmtPlain, gt, round2 } from '../../../money.js';
import { adjustByPoints, ratioLimitedWarning } from '../../ops/index.js';
import type { AccumulatorLabel, RowContext } from '../../types.js';
import { RowError } from '../../types.js';
import { P } from '../settlement-params.js';
import { GENERAL } from '../../conventions.js';
import { SETTLEMENT_CONVENTIONS as CV } from './conventions.js';

export type Scheme = 'employee' | 'resident';
export type Level = 1 | 2 | 3;

/** Per-quarter accumulator names, built once. */
const CHRONIC_DEDUCTIBLE = ['dongying.chronic.deductibleUsed.q1', 'dongying.chronic.deductibleUsed.q2', 'dongying.chronic.deductibleUsed.q3', 'dongying.chronic.deductibleUsed.q4'];

/** Year-to-date accumulators (per person and calendar year; the chronic deductible per quarter). */
export const ACC = {
  admissions: 'dongying.inpatient.admissions',
  lastDeductible: 'dongying.inpatient.lastDeductible',
  /** In-scope cost of the current stay over its transfer legs, and whether the stay has counted (1) or not (0). */
  stayCost: 'dongying.inpatient.stayCost',
  stayCounted: 'dongying.inpatient.stayCounted',
  poolTowardCap: 'dongying.pool.paidTowardCap',
  poolTotal: 'dongying.pool.paid',
  opDeductible: 'dongying.employee.outpatient.deductibleUsed',
  opPaid: 'dongying.outpatient.paid',
  chronicDeductible: (q: number): string => CHRONIC_DEDUCTIBLE[q - 1] ?? `dongying.chronic.deductibleUsed.q${q}`, // int: quarter 1–4
  lmPaid: 'dongying.largeMedical.paid',
  sdCost: 'dongying.specialDrug.cost',
  sdSeeded: 'dongying.specialDrug.seededCost',
  sdProvincial: 'dongying.specialDrug.provincial',
  cityCiPaid: 'dongying.specialDrug.cityPaid',
  csBurden: 'dongying.civilServant.burden',
  csPaid: 'dongying.civilServant.paid',
} as const;

/** Each name as a clerk reads it (`yibao ledger show`), with the parameters whose articles it serves. */
const LABELS: Record<string, AccumulatorLabel> = {
  [ACC.admissions]: { zh: '本年住院次数（定起付标准；第三次起不设起付标准）', unit: 'count', params: [P.deductible(3), P.freeFromAdmission] },
  [ACC.lastDeductible]: { zh: '本次住院已付起付线（转院补差）', unit: 'yuan', params: [P.deductible(3)] },
  [ACC.stayCost]: { zh: '本次住院（含转院）政策范围内费用', unit: 'yuan', params: [P.deductible(3)] },
  [ACC.stayCounted]: { zh: '本次住院已计入住院次数', unit: 'flag', params: [P.deductible(3)] },
  [ACC.poolTowardCap]: { zh: '统筹基金支付累计（计入年度最高支付限额）', unit: 'yuan', params: [P.cap('employee'), P.cap('resident')] },
  [ACC.poolTotal]: { zh: '年度累计统筹支付（本年统筹基金支付合计）', unit: 'yuan', params: [] },
  [ACC.opDeductible]: { zh: '职工普通门诊已付起付线', unit: 'yuan', params: [P.empOpDeductible] },
  [ACC.opPaid]: { zh: '普通门诊统筹基金支付累计', unit: 'yuan', params: [P.empOpCap, P.resOpCap] },
  [ACC.lmPaid]: { zh: '大额医疗补助支付累计', unit: 'yuan', params: [P.lmRatio, P.lmCap] },
  [ACC.sdCost]: { zh: '职工特殊药品合规费用累计', unit: 'yuan', params: [P.cityCiRatio] },
  [ACC.sdSeeded]: { zh: '既往大病累计（特殊药品，视为已按市定标准补偿）', unit: 'yuan', params: [P.cityCiRatio] },
  [ACC.sdProvincial]: { zh: '特殊药品省定标准补偿额累计', unit: 'yuan', params: [P.cityCiRatio] },
  [ACC.cityCiPaid]: { zh: '特殊药品市定标准大病保险支付累计', unit: 'yuan', params: [P.cityCiRatio, P.lmCap] },
  [ACC.csBurden]: { zh: '公务员医疗补助：本年累计个人负担', unit: 'yuan', params: [P.csThreshold] },
  [ACC.csPaid]: { zh: '公务员医疗补助支付累计', unit: 'yuan', params: [P.csRatio] },
};
CHRONIC_DEDUCTIBLE.forEach((name, i) => (LABELS[name] = { zh: `门诊慢特病第${i + 1}季度已付起付线`, unit: 'yuan', params: [P.chronicDeductible] })); // int: quarter

/** An accumulator name of these rules as a clerk reads it (undefined: not one of theirs). */
export function accumulatorLabel(name: string): AccumulatorLabel | undefined {
  return LABELS[name];
}

export function money(row: TypedRow, key: string): Decimal {
  return (row[key] as Decimal | undefined) ?? ZERO;
}

export interface Amounts {
  scheme: Scheme;
  schemeZh: string;
  total: Decimal;
  /** 全自费金额 */
  x: Decimal;
  /** 乙类自付 (given, or 10%/20% of 乙类费用) */
  pb: Decimal;
  /** E = 医疗总费用 − 全自费 − 乙类自付 (RULES.md §General 13) */
  e: Decimal;
}

/** E and the Class-B self-pay (RULES.md §General 12: 乙类费用 → 10% 职工 / 20% 居民, to the fen). */
export function amounts(ctx: RowContext): Amounts {
  const { row, params, trace } = ctx;
  const scheme: Scheme = row['scheme'] === '职工' ? 'employee' : 'resident';
  const total = money(row, 'totalCost');
  const x = money(row, 'fullySelfPaid');
  let pb = money(row, 'classBSelfPay');
  const bCost = row['classBCost'] as Decimal | undefined;
  if (row['classBSelfPay'] === undefined && bCost !== undefined) {
    const rate = params.get(P.classB(scheme));
    pb = round2(bCost.times(rate));
    trace.step(`乙类自付=${fmtPlain(bCost)}×${fmtPct(rate)}=${fmt2(pb)}(${params.ref(P.classB(scheme))})`);
  }
  const e = floor0(total.minus(x).minus(pb));
  // 全自费 and 乙类自付 come off before the deductible (Dongying is silent on the order).
  if (gt(pb, ZERO)) trace.convention(CV.deductionOrder, `政策范围内费用=${fmtPlain(total)}-${fmtPlain(x)}-${fmtPlain(pb)}=${fmt2(e)}`);
  else if (gt(x, ZERO)) trace.step(`政策范围内费用=${fmtPlain(total)}-${fmtPlain(x)}=${fmt2(e)}`);
  return { scheme, schemeZh: scheme === 'employee' ? '职工' : '居民', total, x, pb, e };
}

/** 社区 = 一级 (第三十条); 药店 has no level for inpatient and chronic care. */
export function levelOf(row: TypedRow): Level | undefined {
  switch (row['level']) {
    case '一级':
    case '社区':
      return 1;
    case '二级':
      return 2;
    case '三级':
      return 3;
    default:
      return undefined;
  }
}

export function requireLevel(row: TypedRow, what: string): Level {
  const l = levelOf(row);
  if (l === undefined) throw new RowError(`列「医院等级」的值「${String(row['level'])}」不适用于${what}（须为一级/二级/三级/社区） / level not valid for ${what}`);
  return l;
}

/**
 * The pooled-fund ratio of an inpatient or chronic settlement (第三十一条, 第三十二条), adjusted for
 * out-of-area referrals (第三十九条: local 三级 ratio − 10 / − 20 points) and, for residents, for each
 * year of un-back-paid interruption (第四十六条: − 1 point a year). Points per RULES.md §General 4.
 */
export function inpatientRatio(ctx: RowContext, scheme: Scheme, level: Level): Decimal {
  const { row, params, trace } = ctx;
  const loc = (row['location'] as string | undefined) ?? '本地';
  let ratio: Decimal;
  if (loc === '异地转诊已备案' || loc === '异地转诊未备案') {
    const pid = loc === '异地转诊已备案' ? P.referralFiled : P.referralUnfiled;
    const l3 = params.get(P.ratio(scheme, 3));
    const pts = params.get(pid);
    ratio = adjustByPoints(l3, pts.negated(), (c, u) => trace.warn(ratioLimitedWarning(c, u)));
    trace.convention([CV.referralRatio, GENERAL.percentagePoints], `${loc}：本市三级比例${fmtPct(l3)}-${fmtPlain(pts)}个百分点=${fmtPct(ratio)}(${params.ref(pid)})`);
  } else {
    ratio = params.get(P.ratio(scheme, level));
    if (loc !== '本地') trace.step(`${loc}按本市同级别比例${fmtPct(ratio)}(第三十九条)`);
  }
  const years = row['interruptionYears'];
  if (scheme === 'resident' && typeof years === 'number' && years > 0) {
    const per = params.get(P.interruption);
    const before = ratio;
    ratio = adjustByPoints(ratio, per.times(D(years)).negated(), (c, u) => trace.warn(ratioLimitedWarning(c, u)));
    trace.convention(GENERAL.percentagePoints, `中断参保${years}年：${fmtPct(before)}-${fmtPlain(per.times(D(years)))}个百分点=${fmtPct(ratio)}(${params.ref(P.interruption)})`);
  }
  return ratio;
}
