/** The progress bar (TTY + large input only) and the printed summary. */
import { describe, expect, it } from 'vitest';
import { formatSummary, groupThousands } from '../../src/cli/summary-print.js';
import { LARGE_INPUT_BYTES, progressBar } from '../../src/cli/progress.js';
import type { Summary } from '../../src/engine/summary.js';
import { D } from '../../src/money.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, columns: 80, text: '', write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('progressBar', () => {
  it('draws on a TTY for a large input, throttled, and clears the line at the end', () => {
    const s = fakeStream(true);
    let t = 0;
    const p = progressBar(s, LARGE_INPUT_BYTES, () => t);
    p.update(0, 1000);
    t = 50;
    p.update(10, 1000); // within 100 ms: skipped
    t = 200;
    p.update(500, 1000);
    t = 210;
    p.update(1000, 1000); // the last update always shows
    p.done();
    expect(s.text).toContain('0% 0/1000');
    expect(s.text).not.toContain('10/1000');
    expect(s.text).toContain('50% 500/1000');
    expect(s.text).toContain('100% 1000/1000');
    expect(s.text.endsWith('\r\x1b[K')).toBe(true);
  });

  it('names the stage', () => {
    const s = fakeStream(true);
    let t = 0;
    const p = progressBar(s, LARGE_INPUT_BYTES, () => t);
    p.update(300, undefined, 'read');
    t = 200;
    p.update(1000, 1000, 'compute');
    t = 400;
    p.update(1000, 1000, 'write');
    expect(s.text).toContain('读取 已处理 300 行');
    expect(s.text).toContain('计算 [');
    expect(s.text).toContain('写出 [');
  });

  it('stays silent when stderr is not a TTY or the input is small', () => {
    const pipe = fakeStream(false);
    progressBar(pipe, LARGE_INPUT_BYTES * 10).update(1, 2);
    const small = fakeStream(true);
    progressBar(small, LARGE_INPUT_BYTES - 1).update(1, 2);
    expect(pipe.text + small.text).toBe('');
  });
});

describe('formatSummary', () => {
  it('prints rows by status and the main money totals with thousands separators', () => {
    const summary: Summary = {
      rows: 5,
      byStatus: { ok: 3, warning: 1, error: 1 },
      totals: { fundPaid: D('1234567.8'), totalFundPaid: D('1234567.8'), patientPays: D('0.05') },
      byCategory: [],
      skipped: 0,
    };
    const text = formatSummary('settlements', 'xining-2024', summary, 'out.xlsx');
    expect(text).toContain('5 行 — 成功 3 · 警告 1 · 错误 1');
    expect(text).toMatch(/统筹基金支付\s+1,234,567\.80/);
    expect(text).toMatch(/个人负担\s+0\.05/);
    expect(text).not.toContain('大病保险支付'); // absent totals are not invented
    expect(text).toContain('out.xlsx');
  });

  it('groups thousands without touching the fen', () => {
    expect(groupThousands(D('0'))).toBe('0.00');
    expect(groupThousands(D('999.995'))).toBe('1,000.00');
    expect(groupThousands(D('-1234.5'))).toBe('-1,234.50');
    expect(groupThousands(D('123456'))).toBe('123,456.00');
    expect(groupThousands(D('-12345678901234567890.1'))).toBe('-12,345,678,901,234,567,890.10');
  });
});
