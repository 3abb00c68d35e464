/**
 * Property tests over generated settlement batches (both policies):
 * - payers never exceed the residual they work on, and never pay a negative amount;
 * - payers plus the patient's share equal the total, to the fen;
 * - no annual cap of the basic pooled fund is exceeded across a batch;
 * - results do not depend on the sheet order of rows of different people.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawRow } from '../../src/kinds/validate.js';
import { D, type Decimal, ZERO } from '../../src/money.js';
import type { PolicyId } from '../../src/rules/types.js';
import { idFor, run } from '../helpers/rows.js';

const PAYERS = ['fundPaid', 'largeSubsidyPaid', 'criticalIllnessPaid', 'civilServantPaid', 'assistancePaid', 'maternityPaid'];
const VISITS = ['住院', '住院', '住院', '普通门诊', '门诊慢特病', '两病门诊', '特殊药品'];
const LEVELS = ['一级', '二级', '三级', '社区'];
const DISEASES = ['恶性肿瘤', '高血压', '糖尿病', '丙型肝炎', '结核病', '痛风'];
// One scheme and status per person: nobody is insured as employee and resident at once (第四十七条).
const SCHEME = ['职工', '居民'] as const;
const STATUS = ['在职', '退休', '灵活就业'] as const;
const ASSIST = ['无', '特困', '低保', '低保边缘', '支出型贫困', '返贫致贫'];

const YEAR: Record<PolicyId, number> = { 'dongying-2018': 2020, 'xining-2024': 2024 };
const OVERRIDES: Record<PolicyId, Record<string, string>> = {
  'dongying-2018': { 'dongying.resident.outpatient.ratio': '0.5', 'dongying.averageWage.monthly': '6000' },
  'xining-2024': {},
};

const money = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((c) => D(c).dividedBy(100));

function rowArb(policy: PolicyId, persons: number) {
  return fc.record({
    person: fc.integer({ min: 0, max: persons - 1 }),
    visit: fc.constantFrom(...VISITS),
    level: fc.constantFrom(...LEVELS),
    day: fc.integer({ min: 0, max: 330 }),
    stay: fc.integer({ min: 1, max: 70 }),
    total: fc.oneof(money(3000), money(60000), money(400000)),
    selfPct: fc.integer({ min: 0, max: 30 }),
    classBPct: fc.integer({ min: 0, max: 20 }),
    disease: fc.constantFrom(...DISEASES),
    civil: fc.boolean(),
    assist: fc.constantFrom(...ASSIST),
    base: money(200000),
    prov: money(5000),
  }).map((g): RawRow & { _person: number } => {
    const start = new Date(Date.UTC(YEAR[policy], 0, 1 + g.day));
    const end = new Date(start.getTime() + g.stay * 86_400_000);
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const x = g.total.times(g.selfPct).dividedBy(100).toDecimalPlaces(2);
    const pb = g.total.times(g.classBPct).dividedBy(100).toDecimalPlaces(2);
    return {
      _person: g.person,
      settlementId: '',
      idNumber: idFor(`19${60 + g.person}0101`, 101 + 2 * g.person),
      scheme: SCHEME[g.person % 2],
      employmentStatus: SCHEME[g.person % 2] === '职工' ? STATUS[g.person % 3] : undefined,
      visitType: g.visit,
      level: g.visit === '住院' && g.level === '社区' ? '一级' : g.level,
      visitDate: iso(start),
      dischargeDate: g.visit === '住院' && iso(end).slice(0, 4) === String(YEAR[policy]) ? iso(end) : g.visit === '住院' ? iso(start) : undefined,
      totalCost: g.total.toFixed(2),
      fullySelfPaid: x.toFixed(2),
      classBSelfPay: pb.toFixed(2),
      disease: g.disease,
      civilServant: g.civil ? '是' : '否',
      annualBase: g.base.plus(20000).toFixed(2),
      assistance: SCHEME[g.person % 2] === '居民' ? g.assist : '无',
      flexibleRate: '8%',
      enrolledMonths: 24,
      provincialCompensation: g.visit === '特殊药品' ? g.prov.toFixed(2) : undefined,
    };
  });
}

function batchArb(policy: PolicyId) {
  return fc.array(rowArb(policy, 4), { minLength: 1, maxLength: 25 }).map((rows) => rows.map((r, i) => ({ ...r, settlementId: `S${i + 1}` })));
}

const dec = (v: unknown): Decimal => (v && typeof v === 'object' && 'plus' in v ? (v as Decimal) : ZERO);

async function runRows(policy: PolicyId, rows: (RawRow & { _person: number })[]) {
  const clean = rows.map(({ _person, ...r }) => r);
  return run(policy, 'settlements', clean, OVERRIDES[policy]);
}

for (const policy of ['xining-2024', 'dongying-2018'] as PolicyId[]) {
  describe(`settlement properties — ${policy}`, () => {
    it('payers are non-negative, within the in-scope residual, and reconcile with the patient share to the fen', async () => {
      let computed = 0;
      let all = 0;
      await fc.assert(
        fc.asyncProperty(batchArb(policy), async (rows) => {
          const res = await runRows(policy, rows);
          expect(res.outcomes).toHaveLength(rows.length);
          for (const o of res.outcomes) {
            all += 1;
            if (o.status === 'error') continue;
            computed += 1;
            const total = D(String(o.input['totalCost']));
            const x = D(String(o.input['fullySelfPaid'] ?? '0'));
            let paid = ZERO;
            for (const p of PAYERS) {
              const v = dec(o.results[p]);
              expect(v.isNegative(), `${p} negative`).toBe(false);
              expect(v.decimalPlaces(), `${p} not rounded to the fen`).toBeLessThanOrEqual(2);
              paid = paid.plus(v);
            }
            expect(dec(o.results['totalFundPaid']).toFixed(2)).toBe(paid.toFixed(2));
            expect(paid.plus(dec(o.results['patientPays'])).toFixed(2)).toBe(total.toFixed(2));
            if (o.input['visitType'] !== '生育') expect(paid.lte(total.minus(x)), 'payers exceed the in-scope amount').toBe(true);
            expect(dec(o.results['accountPaid']).lte(dec(o.results['patientPays'])), 'account pays more than the patient share').toBe(true);
          }
        }),
        { numRuns: 60, seed: 20241125 },
      );
      // The generator must reach the rules, not only validation errors.
      expect(computed / all).toBeGreaterThan(0.6);
    });

    it('no annual cap of the pooled fund is exceeded across a batch', async () => {
      const capFor = (o: { input: RawRow }) =>
        policy === 'xining-2024' ? (o.input['scheme'] === '职工' ? 250000 + 100000 + 20000 + 1200 : 100000 + 100000 + 5000 + 1000 + 300 + 1000) : o.input['scheme'] === '职工' ? 200000 : 160000 + 200;
      await fc.assert(
        fc.asyncProperty(batchArb(policy), async (rows) => {
          const res = await runRows(policy, rows);
          const byPerson = new Map<string, Decimal>();
          for (const o of res.outcomes) {
            if (o.status === 'error') continue;
            const k = `${String(o.input['idNumber'])}|${String(o.input['scheme'])}`;
            const sum = (byPerson.get(k) ?? ZERO).plus(dec(o.results['fundPaid']));
            byPerson.set(k, sum);
            expect(sum.lte(capFor(o)), `fund paid ${sum.toFixed(2)} over the cap`).toBe(true);
            if (o.results['ytdFundPaid'] !== undefined && o.input['scheme'] === '职工' && policy === 'dongying-2018') {
              expect(dec(o.results['ytdFundPaid']).lte(200000)).toBe(true);
            }
          }
        }),
        { numRuns: 40, seed: 7 },
      );
    });

    it('results do not depend on the sheet order of rows of different people', async () => {
      await fc.assert(
        fc.asyncProperty(batchArb(policy), fc.integer({ min: 0, max: 1000 }), async (rows, seed) => {
          // Interleave people differently but keep each person's own rows in their order.
          const byPerson = new Map<number, typeof rows>();
          for (const r of rows) byPerson.set(r._person, [...(byPerson.get(r._person) ?? []), r]);
          const queues = [...byPerson.values()];
          const shuffled: typeof rows = [];
          let s = seed;
          while (queues.some((q) => q.length > 0)) {
            const live = queues.filter((q) => q.length > 0);
            s = (s * 1103515245 + 12345) % 2147483648;
            shuffled.push(live[s % live.length]!.shift()!);
          }
          const a = await runRows(policy, rows);
          const b = await runRows(policy, shuffled);
          const key = (o: { input: RawRow; results: Record<string, unknown>; status: string }) =>
            [o.input['settlementId'], o.status, ...Object.keys(o.results).sort().map((k) => `${k}=${String(o.results[k])}`)].join(';');
          expect(b.outcomes.map(key).sort()).toEqual(a.outcomes.map(key).sort());
        }),
        { numRuns: 40, seed: 99 },
      );
    });
  });
}
