/**
 * The policy documents' worked examples, end to end: sample workbook → `yibao process --format json` →
 * the printed figures to the fen (Xining handbook 二(二)4(1), 六(三)4, 生育津贴, 六(四)3; RULES.md resident
 * contributions 2024). They pass once the pipeline and the rule modules of each kind are merged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { D } from '../../src/money.js';
import { assertBuilt, yibao } from './run-cli.js';

type Rec = Record<string, unknown>;

beforeAll(() => assertBuilt());

function processJson(file: string): Rec[] {
  const r = yibao(['process', file, '--format', 'json', '--out', '-']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout.toString('utf8')) as Rec[];
}

/** Money as the fen string whatever the JSON carries (number or decimal text). */
function fen(v: unknown): string {
  if (v === undefined || v === null || v === '') return '';
  return D(String(v).replace(/,/g, '')).toFixed(2);
}

describe('Xining handbook worked examples through the CLI', () => {
  it('二(二)4(1): 张某 7959.12 at a 二级 hospital → 统筹基金支付 5584.30', () => {
    const rows = processJson('samples/xining-2024/settlements.xlsx');
    const zhang = rows.find((r) => fen(r['totalCost']) === '7959.12')!;
    expect(zhang).toBeDefined();
    expect(zhang['status']).not.toBe('error');
    expect(fen(zhang['fundPaid'])).toBe('5584.30');
    expect(fen(zhang['deductible'])).toBe('550.00');
    expect(fen(zhang['difference'])).toBe('0.00');
  });

  it('六(三)4: the four retirement make-up rows', () => {
    const rows = processJson('samples/xining-2024/retirement-supplement.xlsx').filter((r) => Number(r['actualMonths']) === 102);
    expect(rows).toHaveLength(4);
    for (const r of rows) {
      const unit = r['insuredAs'] === '单位参保' || r['insuredAs'] === 'unit';
      expect(Number(r['actualShortMonths'])).toBe(78);
      expect(Number(r['deemedShortMonths'])).toBe(51);
      expect(fen(r['actualShortAmount'])).toBe(unit ? '15780.18' : '26303.16');
      expect(fen(r['deemedShortAmount'])).toBe(unit ? '10317.81' : '17198.22');
      expect(fen(r['oneTimePayment'])).toBe('38539.20');
      expect(fen(r['totalDue'])).toBe(unit ? '64637.19' : '82040.58');
    }
  });

  it('生育津贴: 5000 ÷ 30 × 158 = 26333.34', () => {
    const rows = processJson('samples/xining-2024/maternity-allowance.xlsx');
    const r = rows.find((x) => fen(x['unitAverageBase']) === '5000.00' && Number(x['leaveDays']) === 158)!;
    expect(fen(r['allowance'])).toBe('26333.34');
  });

  it('六(四)3: balance 1824.32, death in July, handled in August → deduction 90, refund 1734.32', () => {
    const rows = processJson('samples/xining-2024/account-refund.xlsx').filter((x) => fen(x['balance']) === '1824.32');
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(fen(r['deduction'])).toBe('90.00');
      expect(fen(r['refund'])).toBe('1734.32');
    }
  });

  it('resident contributions 2024: amounts by category and benefit start by payment window', () => {
    const rows = processJson('samples/xining-2024/resident-contributions.xlsx').filter((r) => r['status'] !== 'error');
    const by = (paidOn: string, cat = '无') => rows.find((r) => r['paidOn'] === paidOn && (r['subsidyCategory'] ?? '无') === cat)!;
    expect(fen(by('2023-09-01')['amountDue'])).toBe('380.00');
    expect(by('2023-09-01')['benefitStart']).toBe('2024-01-01');
    expect(by('2023-12-31')['benefitStart']).toBe('2024-01-01');
    expect(by('2024-01-01')['benefitStart']).toBe('2024-01-01');
    expect(by('2024-03-31')['benefitStart']).toBe('2024-03-31');
    expect(by('2024-04-01')['benefitStart']).toBe('2024-05-31');
    expect(by('2024-06-30')['benefitStart']).toBe('2024-08-29');
    expect(fen(by('2024-07-01')['amountDue'])).toBe('1060.00');
    expect(fen(by('2023-10-12', '特困')['amountDue'])).toBe('0.00');
    expect(fen(by('2023-11-02', '城镇低保')['amountDue'])).toBe('190.00');
    expect(fen(by('2023-12-15', '脱贫人口中的农村低保')['amountDue'])).toBe('152.00');
  });
});
