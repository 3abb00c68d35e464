import { policyTextPath } from '../helpers/policy-text.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { D, ZERO } from '../../src/money.js';
import { ruleSet } from '../../src/rules/index.js';
import { settlementParams } from '../../src/rules/xining-2024/settlement-params.js';
import { settlementRuleDefs } from '../../src/rules/xining-2024/settlement-rules.js';
import { idFor, run } from '../helpers/rows.js';
import { emp, res } from './xining-settle-helpers.js';

const A = idFor('19600101', 111);
const B = idFor('19750101', 222);
const C = idFor('19900101', 124);

/** A mixed batch: every visit type, several people, caps and thresholds crossed. */
const BATCH = [
  emp({ idNumber: A, employmentStatus: '退休', level: '三级', totalCost: '83456.78', fullySelfPaid: '1234.56', classBSelfPay: '789.01', civilServant: '是', visitDate: '2024-01-02', dischargeDate: '2024-03-15' }),
  emp({ idNumber: A, employmentStatus: '退休', level: '二级', totalCost: '1999.99', fullySelfPaid: '12.34', visitDate: '2024-04-01', dischargeDate: '2024-04-03' }),
  emp({ idNumber: A, employmentStatus: '退休', visitType: '特殊药品', level: '三级', totalCost: '12345.67', classBSelfPay: '345.67', visitDate: '2024-05-01', dischargeDate: undefined }),
  emp({ idNumber: A, employmentStatus: '退休', visitType: '普通门诊', level: '药店', totalCost: '333.33', visitDate: '2024-05-02', dischargeDate: undefined }),
  emp({ idNumber: A, employmentStatus: '退休', visitType: '门诊慢特病', disease: '冠心病、痛风', level: '二级', totalCost: '4567.89', accountBalance: '1500.55', visitDate: '2024-06-02', dischargeDate: undefined }),
  emp({ idNumber: A, employmentStatus: '退休', visitType: '门诊慢特病', disease: '恶性肿瘤', level: '三级', totalCost: '23456.78', location: '异地临时外出', visitDate: '2024-07-02', dischargeDate: undefined }),
  emp({ idNumber: B, employmentStatus: '灵活就业', flexibleRate: '8%', enrolledMonths: 7, level: '一级', totalCost: '15555.55', visitDate: '2024-01-10', dischargeDate: '2024-01-20' }),
  emp({ idNumber: B, employmentStatus: '灵活就业', flexibleRate: '8%', enrolledMonths: 8, level: '二级', totalCost: '7777.77', visitDate: '2024-02-10', dischargeDate: '2024-02-20' }),
  emp({ idNumber: C, visitType: '生育', maternityItem: '剖宫产', level: '三级', totalCost: '9876.54', babies: 2, visitDate: '2024-03-10', dischargeDate: '2024-03-16' }),
  emp({ idNumber: C, visitType: '生育', maternityItem: '产前检查', pregnancyMonths: 8, level: '二级', totalCost: '456.78', visitDate: '2024-02-10', dischargeDate: undefined }),
  res({ level: '三级', totalCost: '150000.01', fullySelfPaid: '3333.33', classBSelfPay: '2222.22', assistance: '低保', visitDate: '2024-02-01', dischargeDate: '2024-02-25' }),
  res({ level: '一级', totalCost: '888.88', assistance: '低保', visitDate: '2024-03-01', dischargeDate: '2024-03-02' }),
  res({ visitType: '门诊慢特病', disease: '精神与行为障碍、结核病', level: '二级', totalCost: '9999.99', assistance: '低保', visitDate: '2024-04-01', dischargeDate: undefined }),
  res({ visitType: '两病门诊', disease: '高血压、糖尿病', level: '一级', totalCost: '1666.66', assistance: '低保', visitDate: '2024-04-02', dischargeDate: undefined }),
  res({ visitType: '普通门诊', level: '三级', totalCost: '777.77', assistance: '低保', visitDate: '2024-04-03', dischargeDate: undefined }),
  res({ idNumber: B, level: '二级', totalCost: '44444.44', assistance: '支出型贫困', location: '异地转诊未备案', visitDate: '2025-01-01', dischargeDate: '2025-01-10' }),
  res({ idNumber: A, level: '二级', totalCost: '5000', exclusion: '第三人负担', visitDate: '2025-03-01', dischargeDate: '2025-03-05' }),
];

describe('every computed Xining settlement reconciles (RULES.md General 1, 8)', () => {
  it('patientPays + totalFundPaid = totalCost to the fen; totalFundPaid = the sum of the fund columns; amounts are fen, never negative', async () => {
    const r = await run('xining-2024', 'settlements', BATCH);
    let computed = 0;
    for (const o of r.outcomes) {
      expect(o.status, o.messages.join('|')).not.toBe('error');
      computed += 1; // int
      const v = (k: string) => (o.results[k] === undefined ? ZERO : D(o.results[k] as never));
      const total = D(o.input['totalCost'] as string);
      expect(v('patientPays').plus(v('totalFundPaid')).equals(total)).toBe(true);
      const parts = ['fundPaid', 'criticalIllnessPaid', 'civilServantPaid', 'assistancePaid', 'maternityPaid'].map(v);
      expect(parts.reduce((a, b) => a.plus(b), ZERO).equals(v('totalFundPaid'))).toBe(true);
      for (const k of ['fundPaid', 'criticalIllnessPaid', 'civilServantPaid', 'assistancePaid', 'maternityPaid', 'accountPaid', 'patientPays']) {
        expect(v(k).isNegative(), k).toBe(false);
        expect(v(k).decimalPlaces() <= 2, k).toBe(true);
      }
      // The funds never pay more than the in-scope cost (General 8).
      const inScope = total.minus(D((o.input['fullySelfPaid'] as string | undefined) ?? '0'));
      expect(v('totalFundPaid').plus(v('accountPaid')).lessThanOrEqualTo(inScope)).toBe(true);
      expect(o.basis.length).toBeGreaterThan(0);
    }
    expect(computed).toBe(BATCH.length);
  });
});

describe('Xining settlement parameters and rule index', () => {
  const rs = ruleSet('xining-2024');
  const ids = new Set(rs.params.map((p) => p.id));
  it('every rule names parameters that exist, with a source', () => {
    for (const r of settlementRuleDefs) {
      expect(r.source.ref.length).toBeGreaterThan(0);
      for (const p of r.params) expect(ids.has(p), `${r.id} → ${p}`).toBe(true);
    }
  });
  it('every settlement parameter is used by some rule entry, and quotes are at most 60 characters', () => {
    const used = new Set(settlementRuleDefs.flatMap((r) => r.params));
    for (const p of settlementParams) {
      expect(used.has(p.id), p.id).toBe(true);
      expect(p.source.quote.replace(/ \/ /g, '').length, p.id).toBeLessThanOrEqual(60);
    }
  });
  const HANDBOOK = policyTextPath('xining-chengzhong-2024-medical-security-handbook.txt');
  it('parameter and rule quotes are verbatim from the handbook (each / cell)', () => {
    const text = readFileSync(HANDBOOK, 'utf8').replace(/\s/g, '');
    const quotes = [
      ...settlementParams.filter((p) => p.values.length > 0).map((p) => [p.id, p.source.quote] as const),
      ...settlementRuleDefs.map((r) => [r.id, r.source.quote] as const),
    ];
    for (const [id, q] of quotes) for (const part of q.split(' / ')) expect(text.includes(part.replace(/\s/g, '')), `${id}: ${part}`).toBe(true);
  });
});
