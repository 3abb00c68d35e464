/** Number text of result cells (decimalText's fast path gives exactly Decimal#toString); rowBytes gives exactly row's UTF-8. */
import { describe, expect, it } from 'vitest';
import { decimalText, numberText } from '../../src/workbook/cell-xml.js';
import { D, Decimal } from '../../src/money.js';
import type { RowOutcome } from '../../src/engine/run.js';
import { KINDS, resultColumns } from '../../src/kinds/index.js';
import { addResultStyles, MINIMAL_STYLES } from '../../src/workbook/styles.js';
import { ResultCells } from '../../src/workbook/writer.js';

describe('decimalText', () => {
  it('equals Decimal#toString at the edges of its fast path', () => {
    const edges = ['0', '-0', '0.0', '1', '-1', '9', '10', '9999999', '10000000', '-10000000', '9999999.9999999', '1234567.1234567', '1234567.12345678',
      '0.5', '-0.5', '0.01', '0.0000001', '1e-30', '1e-31', '1e30', '1e29', '123456789012345678901234567890', '5584.30', '5584.3', '100.00', '7959.12', '-258.75',
      '1.0000001', '1.1000000', '3.0000010', '12345.6789', '1000000.01'];
    for (const t of edges) expect(decimalText(new Decimal(t)), t).toBe(new Decimal(t).toString());
  });

  it('equals Decimal#toString on many computed values (sums, products, rounding)', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let i = 0; i < 5000; i++) {
      const a = D((Math.floor(rnd() * 1e9) / 100).toFixed(2)).times(rnd() < 0.2 ? -1 : 1);
      const b = D((Math.floor(rnd() * 1e6) / 1000).toFixed(3));
      for (const v of [a, b, a.plus(b), a.minus(b), a.times(b), a.div(b.plus(1)), a.times(b).toDecimalPlaces(2), a.div(1000), a.times(1e6), a.minus(a)]) {
        expect(decimalText(v)).toBe(v.toString());
      }
    }
  });

  it('numberText writes numbers as before (non-finite as 0)', () => {
    expect(numberText(D('12.50'))).toBe('12.5');
    expect(numberText(45_280)).toBe('45280');
    expect(numberText(Number.NaN)).toBe('0');
    expect(numberText(Number.POSITIVE_INFINITY)).toBe('0');
  });
});

describe('result cells as text and as bytes', () => {
  it('rowBytes gives exactly the UTF-8 of row for every kind, prefix and odd value', () => {
    let seed = 11;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const texts = ['', '成功说明', '=SUM(A1)', '+1', '-x', '@a', '\tt', 'a<b>&"c"', 'ctl\u0001\u0008x', '\uFFFE', 'x'.repeat(40_000), '起付线600(二(二)4(1))；(1-2)×75%'];
    const decimals = ['0', '-0', '5584.30', '-258.75', '0.5', '1e-31', '12345678.9', '1e30', '9999999.9999999', '1234567.12345678'];
    const numbers = [0, 3, -7, 1.5, 2 ** 40, Number.NaN, Number.POSITIVE_INFINITY];
    const dates = ['2024-01-01', '2024-13-45', '2024/01/01', '1900-03-01'];
    for (const kind of Object.values(KINDS)) {
      const formats = [...new Set(resultColumns(kind).flatMap((c) => (c.numFmt ? [c.numFmt] : c.type === 'money' ? ['#,##0.00'] : c.type === 'int' ? ['0'] : [])))];
      const { styles } = addResultStyles(MINIMAL_STYLES, formats.includes('#,##0.00') ? formats : [...formats, '#,##0.00']);
      for (const [p, shift] of [['', 0], ['x:', 1462], ['表:', 0], [`${'long_namespace_prefix'.repeat(12)}:`, 0]] as const) {
        const cells = new ResultCells(kind, styles, 30, p, shift);
        for (let i = 0; i < 300; i++) { // int
          const results: Record<string, unknown> = {};
          for (const c of resultColumns(kind)) {
            const pick = rnd();
            if (pick < 0.1) continue;
            if (c.type === 'date') results[c.key] = pick < 0.5 ? dates[i % dates.length] : texts[i % texts.length];
            else if (pick < 0.6) results[c.key] = new Decimal(decimals[i % decimals.length]!).plus(i % 3 ? Math.floor(rnd() * 1e6) / 100 : 0);
            else if (pick < 0.8) results[c.key] = numbers[i % numbers.length];
            else results[c.key] = pick < 0.9 ? texts[i % texts.length] : null;
          }
          const status = (['ok', 'warning', 'error'] as const)[i % 3]!;
          const o = { index: i, input: {}, row: {}, results, status, messages: i % 4 ? [] : [texts[i % texts.length]!, '列「x」'], basis: texts[(i * 7) % texts.length]! } as RowOutcome;
          const row = 1 + Math.floor(rnd() * 1_048_575);
          expect(cells.rowBytes(row, o).equals(Buffer.from(cells.row(row, o), 'utf8'))).toBe(true);
        }
      }
    }
  });
});
