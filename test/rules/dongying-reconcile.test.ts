/**
 * Every computed Dongying settlement reconciles: 个人负担 + 基金支付合计 = 医疗总费用 (RULES §General 1),
 * 基金支付合计 is the sum of the payers, and no payer pays beyond 医疗总费用 − 全自费金额 (§General 8).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawRow } from '../../src/kinds/validate.js';
import { D, ZERO, type Decimal } from '../../src/money.js';
import { idFor, run } from '../helpers/rows.js';

const VISITS = ['住院', '普通门诊', '门诊慢特病', '特殊药品', '生育'] as const;
const LEVELS = ['一级', '二级', '三级', '社区'] as const;
const LOCS = ['本地', '异地转诊已备案', '异地转诊未备案', '异地急诊', '异地长期居住', '异地临时外出'] as const;
const PAYERS = ['fundPaid', 'largeSubsidyPaid', 'criticalIllnessPaid', 'civilServantPaid', 'assistancePaid', 'maternityPaid', 'accountPaid'];

const cents = (max: number) => fc.integer({ min: 0, max }).map((c) => D(c).dividedBy(100).toFixed(2));

const rowArb = fc.record({
  person: fc.integer({ min: 0, max: 3 }),
  scheme: fc.constantFrom('职工', '居民'),
  visitType: fc.constantFrom(...VISITS),
  level: fc.constantFrom(...LEVELS),
  location: fc.constantFrom(...LOCS),
  month: fc.integer({ min: 1, max: 12 }),
  total: cents(40_000_000),
  selfPct: fc.integer({ min: 0, max: 50 }),
  classBPct: fc.integer({ min: 0, max: 50 }),
  civilServant: fc.boolean(),
  priorFundPaid: fc.constantFrom(undefined, '0', '150000', '199999.99', '200000'),
  priorAdmissions: fc.constantFrom(undefined, 0, 1, 2),
  provincial: cents(100_000),
  transfer: fc.constantFrom(undefined, '一级', '三级'),
});

type Rec = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;

function toRow(r: Rec, i: number): RawRow {
  const total = D(r.total);
  const self = total.times(r.selfPct).dividedBy(100).toDecimalPlaces(2);
  const classB = total.minus(self).times(r.classBPct).dividedBy(100).toDecimalPlaces(2);
  const month = String(r.month).padStart(2, '0');
  return {
    settlementId: `R${i}`,
    idNumber: idFor('19800101', 121 + r.person * 2),
    scheme: r.scheme,
    employmentStatus: '在职',
    visitType: r.visitType,
    level: r.level,
    location: r.location,
    visitDate: `2020-${month}-01`,
    dischargeDate: r.visitType === '住院' || r.visitType === '生育' ? `2020-${month}-20` : undefined,
    totalCost: r.total,
    fullySelfPaid: self.toFixed(2),
    classBCost: classB.toFixed(2),
    civilServant: r.civilServant ? '是' : '否',
    annualBase: '80000',
    priorFundPaid: r.priorFundPaid,
    priorAdmissions: r.priorAdmissions,
    provincialCompensation: r.provincial,
    transferFromLevel: r.visitType === '住院' ? r.transfer : undefined,
  };
}

describe('dongying settlements reconcile on every computed row', () => {
  it('patientPays + totalFundPaid = totalCost; payers sum to the total; nothing beyond the in-scope cost', async () => {
    let computed = 0;
    let paidSomething = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 25 }), async (recs) => {
        const rows = recs.map(toRow);
        const res = await run('dongying-2018', 'settlements', rows, { 'dongying.resident.outpatient.ratio': '0.5' });
        expect(res.outcomes).toHaveLength(rows.length);
        for (const o of res.outcomes) {
          if (o.status === 'error') continue;
          computed += 1;
          const total = o.row['totalCost'] as Decimal;
          const self = (o.row['fullySelfPaid'] as Decimal | undefined) ?? ZERO;
          const r = o.results;
          const fundTotal = r['totalFundPaid'] as Decimal;
          expect((r['patientPays'] as Decimal).plus(fundTotal).equals(total)).toBe(true);
          const payers = PAYERS.map((k) => (r[k] as Decimal | undefined) ?? ZERO);
          expect(payers.reduce((a, b) => a.plus(b), ZERO).equals(fundTotal)).toBe(true);
          expect(fundTotal.lessThanOrEqualTo(total.minus(self))).toBe(true);
          if (fundTotal.greaterThan(ZERO)) paidSomething += 1;
          for (const p of payers) {
            expect(p.isNegative()).toBe(false);
            expect(p.decimalPlaces()).toBeLessThanOrEqual(2);
          }
        }
      }),
      { numRuns: 150 },
    );
    // The property must have been exercised on real payments, not only on error rows.
    expect(computed).toBeGreaterThan(500);
    expect(paidSomething).toBeGreaterThan(200);
  });
});
