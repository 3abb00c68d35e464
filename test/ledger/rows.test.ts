/**
 * LEDGER.md's table, row by row, with hand-computed figures (Xining employee inpatient 三级 在职: deductible
 * 750 / 650 / 600 by the admission's ordinal, 75%, cap 250,000 a year; 二(二)4(1)).
 */
import { describe, expect, it } from 'vitest';
import { idFor } from '../helpers/rows.js';
import { useLedgerStores } from '../helpers/ledger.js';
import { type Cell, processBytes, records, workbook } from './helpers.js';
import type { MemoryLedger } from '../../src/ledger/memory.js';

const stores = useLedgerStores();
const H = ['结算号', '身份证号', '姓名', '险种', '人员状态', '就诊类型', '医院等级', '就诊日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额', '既往住院次数', '结算类型', '原结算号'];
const A = idFor('19800101', 123);
const B = idFor('19750615', 222);

function stay(id: string, person: string, from: string, to: string, total: number, extra: Cell[] = []): Cell[] {
  return [id, person, '张三', '职工', '在职', '住院', '三级', from, to, total, 0, 0, ...extra];
}
function visit(id: string, person: string, date: string, total: number, type = '普通门诊'): Cell[] {
  return [id, person, '张三', '职工', '在职', type, '二级', date, null, total, 0, 0];
}
const xlsx = (rows: Cell[][]) => workbook(H, rows);
const xining = { policy: 'xining-2024' as const };

describe('rows that meet the ledger', () => {
  it('a new 结算号 computes from the ledger state; the same row again is returned unchanged, noting a first settlement from another file', async () => {
    const ledger = stores.fresh('memory');
    const jan = await xlsx([stay('J1', A, '2024-01-03', '2024-01-10', 10000)]);
    const [j] = await records(jan, { ...xining, ledger });
    expect([j!['deductible'], j!['fundPaid'], j!['admissionNo']]).toEqual([750, 6937.5, 1]);
    expect(j!.basis).toMatch(/^年度累计起点：本年首批（台账无本年记录）；起付线750/);
    const feb = await xlsx([stay('J1', A, '2024-01-03', '2024-01-10', 10000), stay('F1', A, '2024-02-03', '2024-02-10', 10000)]);
    const [j2, f] = await records(feb, { ...xining, ledger });
    // J1: committed by the January file: its cells as committed, plus when it was first settled.
    expect(j2!['fundPaid']).toBe(6937.5);
    expect(j2!.basis).toBe(j!.basis);
    expect(j2!.messages).toMatch(/结算号「J1」已于.*由另一文件（[0-9a-f]{8}）提交，返回已提交结果，不重复计算 \/ already settled on/);
    // F1: the second admission of the year (J1 not counted again).
    expect([f!['deductible'], f!['fundPaid'], f!['admissionNo'], f!['ytdFundPaid']]).toEqual([650, 7012.5, 2, 13950]);
    expect(f!.basis).toMatch(/^年度累计起点：台账第1次提交（文件[0-9a-f]{8}）；起付线650/);
    // The January file again: a retry, byte-identical, no note.
    expect((await processBytes(jan, { ...xining, ledger, format: 'xlsx' })).body).toEqual((await processBytes(jan, { ...xining, ledger, format: 'xlsx' })).body);
    expect((await records(jan, { ...xining, ledger }))[0]!.messages).toBeNull();
  });

  it('a different row under a committed 结算号 is 错误 naming it and the first differing column; nothing is committed', async () => {
    const ledger = stores.fresh('memory') as MemoryLedger;
    await records(await xlsx([stay('J1', A, '2024-01-03', '2024-01-10', 10000)]), { ...xining, ledger });
    const before = ledger.dump();
    const [r] = await records(await xlsx([stay('J1', A, '2024-01-03', '2024-01-10', 12000)]), { ...xining, ledger });
    expect(r!.status).toBe('error');
    expect(r!.messages).toContain('结算号「J1」已提交台账，本行内容与之不同（首个不同列「医疗总费用」），未计算，台账未变；如需更正，请先冲销');
    expect(ledger.dump()).toEqual(before);
  });

  it('冲销 returns the payments negated and takes the stay out of the year: the next admission is the first again, the cap free again', async () => {
    const ledger = stores.fresh('sqlite');
    // 400,000 in scope: (400000 − 750) × 75% = 299,437.50, capped at 250,000.
    const [j] = await records(await xlsx([stay('J1', A, '2024-01-03', '2024-01-10', 400000)]), { ...xining, ledger });
    expect([j!['deductible'], j!['fundPaid'], j!['admissionNo']]).toEqual([750, 250000, 1]);
    const batch = await xlsx([
      stay('R1', A, '2024-01-03', '2024-01-10', 400000, [null, '冲销', 'J1']),
      stay('F1', A, '2024-02-03', '2024-02-10', 100000),
    ]);
    const peeked = await records(batch, { ...xining, ledger, mode: 'peek' });
    const [r, f] = await records(batch, { ...xining, ledger });
    expect(peeked).toEqual([r, f]);
    for (const k of ['eligibleCost', 'deductible', 'fundPaid', 'criticalIllnessPaid', 'totalFundPaid', 'patientPays']) expect(r![k]).toBe(-(j![k] as number) || 0);
    expect([r!['admissionNo'], r!['ytdFundPaid'], r!.status]).toEqual([0, 0, 'ok']);
    expect(r!.messages).toContain('冲销结算号「J1」：原各项支付取负冲回，并从本年度累计中扣除');
    expect(r!.basis).toContain('年度累计扣除原结算计入的金额与次数(按本系统约定 G7)');
    // As if J1 never counted: ordinal 1 (750), (100000 − 750) × 75% = 74,437.50 under a free cap.
    expect([f!['deductible'], f!['fundPaid'], f!['admissionNo'], f!['ytdFundPaid']]).toEqual([750, 74437.5, 1, 74437.5]);
    // Without the reversal F1 would be the second admission with the cap used up.
    const other = stores.fresh('memory');
    await records(await xlsx([stay('J1', A, '2024-01-03', '2024-01-10', 400000)]), { ...xining, ledger: other });
    const [g] = await records(await xlsx([stay('F1', A, '2024-02-03', '2024-02-10', 100000)]), { ...xining, ledger: other });
    expect([g!['deductible'], g!['fundPaid'], g!['admissionNo']]).toEqual([650, 0, 2]);
    // A second 冲销 of J1, a 冲销 of nothing, and J1 changed after its reversal: errors.
    const [again, none, changed] = await records(await xlsx([
      stay('R2', A, '2024-01-03', '2024-01-10', 400000, [null, '冲销', 'J1']),
      stay('R3', A, '2024-01-03', '2024-01-10', 400000, [null, '冲销', 'NOPE']),
      stay('J1', A, '2024-01-03', '2024-01-10', 1000),
    ]), { ...xining, ledger });
    expect(again!.messages).toContain('已被结算号「R1」冲销');
    expect(none!.messages).toContain('列「原结算号」的值「NOPE」在本人本年度台账及本批次此前的行中均未找到');
    expect(changed!.messages).toContain('结算号「J1」已被结算号「R1」冲销');
  });

  it('冲销 of a stay with later settlements keeps them as they were and says so', async () => {
    const ledger = stores.fresh('memory');
    await records(await xlsx([stay('J1', A, '2024-01-03', '2024-01-10', 10000), stay('F1', A, '2024-02-03', '2024-02-10', 10000)]), { ...xining, ledger });
    const [r, m] = await records(await xlsx([stay('R1', A, '2024-01-03', '2024-01-10', 10000, [null, '冲销', 'J1']), stay('M1', A, '2024-03-03', '2024-03-10', 10000)]), { ...xining, ledger });
    expect(r!.status).toBe('warning');
    expect(r!.messages).toContain('原结算之后已结算的F1保持原结果，未重新计算');
    // Two admissions counted (J1 taken back): M1 is the 2nd → 650.
    expect([m!['deductible'], m!['admissionNo']]).toEqual([650, 2]);
  });

  it('a 冲销 whose amount exceeds its original’s (same day) is 错误 naming the column, the value and the original; nothing is reversed', async () => {
    const ledger = stores.fresh('sqlite');
    const bigger = (id: string) => stay(id, A, '2024-01-03', '2024-01-10', 20000, [null, '冲销', 'J1']);
    // In the same batch as its original: J1 computes ((10000 − 750) × 75% = 6,937.50), R0 is refused.
    const [j, r0] = await records(await xlsx([stay('J1', A, '2024-01-03', '2024-01-10', 10000), bigger('R0')]), { ...xining, ledger });
    expect([j!['deductible'], j!['fundPaid'], j!['admissionNo'], j!.status]).toEqual([750, 6937.5, 1, 'ok']);
    const refusal = '冲销行「医疗总费用」的值「20000」与原结算「J1」不一致：冲销将原结算全额取负冲回，金额列须与原结算相同；未计算，台账未变（部分退费请全额冲销后以新结算号重新结算）';
    expect([r0!.status, r0!['fundPaid'], r0!['admissionNo']]).toEqual(['error', null, null]);
    expect(r0!.messages).toContain(refusal);
    // In a later batch: refused again, and J1 still counts for the stay after it: 2nd admission (650),
    // (10000 − 650) × 75% = 7,012.50, year to date 6,937.50 + 7,012.50 = 13,950.
    const [r1, f] = await records(await xlsx([bigger('R1'), stay('F1', A, '2024-02-03', '2024-02-10', 10000)]), { ...xining, ledger });
    expect(r1!.status).toBe('error');
    expect(r1!.messages).toContain(refusal);
    expect([f!['deductible'], f!['fundPaid'], f!['admissionNo'], f!['ytdFundPaid']]).toEqual([650, 7012.5, 2, 13950]);
    // The refused rows were not recorded: R1 with J1's amounts (全自费 and 乙类自付 left blank: 0 as in J1) reverses it.
    const [r2] = await records(await xlsx([[...stay('R1', A, '2024-01-03', '2024-01-10', 10000, [null, '冲销', 'J1']).slice(0, 10), null, null, null, '冲销', 'J1']]), { ...xining, ledger });
    expect([r2!['fundPaid'], r2!['admissionNo'], r2!['ytdFundPaid'], r2!.status]).toEqual([-6937.5, 1, 7012.5, 'warning']);
    expect(r2!.messages).toContain('原结算之后已结算的F1保持原结果，未重新计算');
  });

  it('a 冲销 row is not a stay: an outpatient visit inside the original stay names the original', async () => {
    const ledger = stores.fresh('memory');
    await records(await xlsx([stay('J1', A, '2024-01-03', '2024-01-10', 10000)]), { ...xining, ledger });
    // O1 computes before R1 (dated at its discharge, 01-10): J1 still counts then, and blocks it.
    const [o, r] = await records(await xlsx([visit('O1', A, '2024-01-05', 500), stay('R1', A, '2024-01-03', '2024-01-10', 10000, [null, '冲销', 'J1'])]), { ...xining, ledger });
    expect([o!['fundPaid'], r!['fundPaid']]).toEqual([0, -6937.5]);
    expect(o!.messages).toContain('就诊日期在本人住院期间（2024-01-03至2024-01-10，结算号J1）');
  });

  it('a 冲销 row without a ledger is 错误, not a payment', async () => {
    const [r] = await records(await xlsx([stay('R1', A, '2024-01-03', '2024-01-10', 10000, [null, '冲销', 'J1'])]), xining);
    expect(r!.status).toBe('error');
    expect(r!.messages).toContain('结算类型为冲销的行需要年度累计台账');
  });

  it('既往 columns seed an empty ledger; once the ledger has the year it wins and each disagreeing value is warned about', async () => {
    const ledger = stores.fresh('memory');
    const [a] = await records(await xlsx([stay('J1', A, '2024-05-03', '2024-05-10', 10000, [2])]), { ...xining, ledger });
    expect([a!['deductible'], a!['admissionNo']]).toEqual([600, 3]);
    expect(a!.basis).toMatch(/^年度累计起点：既往列（台账无本年记录）；/);
    const [b] = await records(await xlsx([stay('F1', A, '2024-06-03', '2024-06-10', 10000, [1])]), { ...xining, ledger });
    expect(b!.status).toBe('warning');
    expect(b!.messages).toContain('列「既往住院次数」的值「1」与台账不一致（台账为3），按台账计算');
    expect([b!['deductible'], b!['admissionNo']]).toEqual([600, 4]);
    const [c] = await records(await xlsx([stay('G1', A, '2024-07-03', '2024-07-10', 10000, [4])]), { ...xining, ledger });
    expect(c!.status).toBe('ok');
  });

  it('a row dated before committed rows computes against the committed state, with a note that it was settled late', async () => {
    const ledger = stores.fresh('memory');
    await records(await xlsx([stay('M1', A, '2024-03-03', '2024-03-10', 10000)]), { ...xining, ledger });
    const [late] = await records(await xlsx([stay('J1', A, '2024-01-03', '2024-01-10', 10000)]), { ...xining, ledger });
    expect([late!['deductible'], late!['admissionNo']]).toEqual([650, 2]);
    expect(late!.messages).toContain('迟到结算：业务日期2024-01-10早于本年度台账已结算的2024-03-10，按已提交的年度累计计算');
    expect(late!.status).toBe('ok');
  });

  it('a stay arriving now names the outpatient rows committed earlier inside it and what they were paid', async () => {
    const ledger = stores.fresh('memory');
    const [o] = await records(await xlsx([visit('O1', A, '2024-03-05', 500), visit('O2', A, '2024-03-20', 300)]), { ...xining, ledger });
    expect(o!['totalFundPaid']).toBe(300); // 二级 60%
    const [s] = await records(await xlsx([stay('S1', A, '2024-03-01', '2024-03-10', 10000)]), { ...xining, ledger });
    expect(s!.status).toBe('warning');
    expect(s!.messages).toContain('本次住院期间（2024-03-01至2024-03-10）已结算并支付的门诊：结算号O1（2024-03-05，基金支付合计300.00元），住院期间不享受门诊待遇(二(二)1(2)④)，应予追回');
    // And an outpatient visit arriving after a committed stay that holds it gets nothing (as in one workbook).
    const [v] = await records(await xlsx([visit('O3', A, '2024-03-06', 500)]), { ...xining, ledger });
    expect(v!['fundPaid']).toBe(0);
  });

  it('peek computes against the ledger and commits nothing', async () => {
    const ledger = stores.fresh('memory') as MemoryLedger;
    const [p] = await records(await xlsx([stay('J1', B, '2024-01-03', '2024-01-10', 10000)]), { ...xining, ledger, mode: 'peek' });
    expect(p!['deductible']).toBe(750);
    expect(ledger.dump()).toEqual([]);
  });
});

describe('contributions meet the ledger by 所属期', () => {
  const CH = ['身份证号', '姓名', '人员类别', '缴费工资', '单位类型', '所属期', '年度首次缴费'];
  const month = (period: string, wage: number, first?: string): Cell[] => [A, '李四', '在职', wage, '企业', period, first ?? null];

  it('年度首次缴费 missing: the premium on the first committed month of the year; a contradicting value is warned about', async () => {
    const ledger = stores.fresh('memory');
    const q1 = await records(await workbook(CH, [month('2024-02', 6000), month('2024-01', 6000)]), { ...xining, ledger });
    expect(q1.map((r) => r['criticalIllnessFee'])).toEqual([0, 40]);
    expect(q1[1]!.messages).toContain('未填写「年度首次缴费」：台账显示本年度尚无已提交月份，按是处理，收取大病保险费');
    const [apr, may] = await records(await workbook(CH, [month('2024-04', 6000, '是'), month('2024-05', 6000)]), { ...xining, ledger });
    expect(apr!.status).toBe('warning');
    expect(apr!.messages).toContain('「年度首次缴费」为是，但台账显示本年度已有提交月份');
    expect(may!['criticalIllnessFee']).toBe(0);
  });

  it('a committed 所属期: the same row returns unchanged, a different one is 错误', async () => {
    const ledger = stores.fresh('sqlite');
    const [a] = await records(await workbook(CH, [month('2024-01', 6000, '是')]), { ...xining, ledger });
    const [same, diff] = await records(await workbook(CH, [month('2024-01', 6000, '是'), [B, '王五', '在职', 5000, '企业', '2024-01', '是']]), { ...xining, ledger });
    expect(same!['totalDue']).toBe(a!['totalDue']);
    const [changed] = await records(await workbook(CH, [month('2024-01', 7000, '是')]), { ...xining, ledger });
    expect(changed!.status).toBe('error');
    expect(changed!.messages).toContain('所属期「2024-01」已提交台账，本行内容与之不同（首个不同列「缴费工资」），未计算，台账未变');
    expect(diff!.status).toBe('ok');
  });
});
