/**
 * General outpatient (第三十三条). 职工: 一级/社区 80%, 二级 70%, annual deductible 400, cap 1,000 (also
 * within the 200,000 of 第二十八条); 三级 and pharmacies are outside the pool. 居民: 一级/社区 only, no
 * deductible, cap 200, ratio not in the text (missing parameter).
 */
import { ZERO, fmt2, fmtPlain } from '../../../money.js';
import { deduct, deductibleLeft, type PayerChain } from '../../ops/index.js';
import type { RowContext } from '../../types.js';
import { P } from '../settlement-params.js';
import type { VisitResult } from './inpatient.js';
import { payPool } from './pool.js';
import { ACC, type Amounts, levelOf } from './shared.js';

export function outpatient(ctx: RowContext, a: Amounts, chain: PayerChain): VisitResult {
  const { row, params, acc, trace } = ctx;
  const level = levelOf(row);
  const loc = (row['location'] as string | undefined) ?? '本地';
  const none = (why: string): VisitResult => {
    trace.step(why);
    return { fund: chain.pay('fund', ZERO), lm: a.scheme === 'employee' ? ZERO : undefined, deductible: ZERO };
  };
  if (loc !== '本地') {
    trace.warn(`普通门诊在${loc}发生，不属统筹基金支付范围（第三十三条、第三十九条）`);
    return none('普通门诊仅限本市签约/参保地定点医疗机构，统筹基金支付0(第三十三条)');
  }
  if (a.scheme === 'employee') {
    if (level !== 1 && level !== 2) return none(`职工普通门诊统筹限一、二级定点医疗机构，${String(row['level'])}统筹基金支付0(第三十三条)`);
    const std = params.get(P.empOpDeductible);
    const left = deductibleLeft(std, acc.get(ACC.opDeductible));
    const { charged } = deduct(a.e, left);
    acc.add(ACC.opDeductible, charged);
    trace.step(`普通门诊年度起付标准${fmtPlain(std)}，本次${fmt2(charged)}(${params.ref(P.empOpDeductible)})`);
    const ratioId = P.empOpRatio(level);
    const used = acc.get(ACC.opPaid);
    const pool = payPool(ctx, chain, {
      scheme: 'employee', e: a.e, d: charged, ratio: params.get(ratioId), ratioRef: params.ref(ratioId), annualCap: true,
      subCap: { limit: params.get(P.empOpCap), used, ref: params.ref(P.empOpCap), label: '普通门诊年度最高支付限额' },
    });
    acc.add(ACC.opPaid, pool.fund);
    return { ...pool, deductible: charged };
  }
  if (level !== 1) return none(`居民普通门诊统筹限参保地一级及以下定点医疗机构，${String(row['level'])}统筹基金支付0(第三十三条)`);
  trace.step(`居民普通门诊不设起付标准(${params.ref(P.resOpCap)})`);
  const ratio = params.get(P.resOpRatio);
  const used = acc.get(ACC.opPaid);
  const pool = payPool(ctx, chain, {
    scheme: 'resident', e: a.e, d: ZERO, ratio, ratioRef: params.ref(P.resOpRatio), annualCap: false,
    subCap: { limit: params.get(P.resOpCap), used, ref: params.ref(P.resOpCap), label: '居民普通门诊年度最高支付限额' },
  });
  acc.add(ACC.opPaid, pool.fund);
  return { ...pool, deductible: ZERO };
}
