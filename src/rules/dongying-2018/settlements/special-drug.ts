/**
 * Special drugs. 职工: paid by critical-illness insurance only (第三十五条(一)), the city standard
 * `80% × 合规特药费用累计 − 省定标准补偿额累计` (第三十六条(一)) on top of the provincial compensation
 * given on the row, within the 300,000 shared with the large-medical subsidy. 居民: provincial rules not
 * in the text (第三十六条(二)) → left blank with a note.
 */
import { type Decimal, ZERO, floor0, fmt2, fmtPct, fmtPlain, round2 } from '../../../money.js';
import { cap, type PayerChain } from '../../ops/index.js';
import type { RowContext } from '../../types.js';
import { P } from '../settlement-params.js';
import { ACC, type Amounts } from './shared.js';
import { SETTLEMENT_CONVENTIONS as CV } from './conventions.js';

export const RESIDENT_CI_NOTE = '居民大病保险补偿按省规定执行，本办法未给出标准，大病保险支付未计算（第三十六条(二)）';

export function specialDrug(ctx: RowContext, a: Amounts, chain: PayerChain): { ci: Decimal | undefined } {
  const { row, params, acc, trace } = ctx;
  trace.step('特殊药品由大病保险支付，统筹基金不支付(第三十五条)');
  chain.pay('fund', ZERO);
  if (a.scheme === 'resident') {
    trace.note(RESIDENT_CI_NOTE);
    return { ci: undefined };
  }
  const prov = row['provincialCompensation'] as Decimal; // a need of these rows (settlements.ts)
  const cost = a.total.minus(a.x);
  const cumCost = acc.add(ACC.sdCost, cost);
  const cumProv = acc.add(ACC.sdProvincial, prov);
  const cityBefore = acc.get(ACC.cityCiPaid);
  const ratio = params.get(P.cityCiRatio);
  // 既往大病累计 (seeded): those earlier rows are taken as covered at the city ratio in all (DY11).
  const seeded = acc.get(ACC.sdSeeded);
  const assumed = round2(seeded.times(ratio));
  const paidBefore = cityBefore.plus(assumed);
  const due = floor0(round2(cumCost.times(ratio)).minus(cumProv).minus(paidBefore));
  const c = cap(due, params.get(P.lmCap), acc.get(ACC.lmPaid).plus(paidBefore));
  const text = `市定标准：${fmtPct(ratio)}×合规特药费用累计${fmtPlain(cumCost)}-省定补偿累计${fmtPlain(cumProv)}-已付${fmtPlain(paidBefore)}=${fmt2(due)}(${params.ref(P.cityCiRatio)})`;
  if (seeded.isZero()) trace.step(text);
  else trace.convention(CV.seededSpecialDrug, `${text}；既往大病累计${fmtPlain(seeded)}视为已按${fmtPct(ratio)}补偿`);
  if (c.bound) trace.step(`大额医疗补助与市定特药合并限额${fmtPlain(params.get(P.lmCap))}剩余${fmt2(c.room)}(${params.ref(P.lmCap)})`);
  const paid = chain.pay('criticalIllness', prov.plus(c.value));
  const city = floor0(paid.minus(prov));
  acc.add(ACC.cityCiPaid, city);
  trace.convention(CV.specialDrugTotal, `大病保险支付=省定${fmtPlain(prov)}+市定${fmt2(city)}=${fmt2(paid)}(第三十六条)`);
  return { ci: paid };
}
