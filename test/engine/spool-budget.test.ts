/** The spools' memory budget: 16 MB each without a ledger, 12 + 4 MB with one (its own memory comes out of theirs); YIBAO_SPOOL_MB wins. */
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSpoolBudget, ledgerSpoolOptions, Spool } from '../../src/engine/two-pass-spool.js';

const saved = process.env['YIBAO_SPOOL_MB'];
afterEach(() => {
  if (saved === undefined) delete process.env['YIBAO_SPOOL_MB'];
  else process.env['YIBAO_SPOOL_MB'] = saved;
});

describe('spool budget', () => {
  it('is 16 MB each, and 12 MB (rows) + 4 MB (outcomes) for a batch with a ledger, unless YIBAO_SPOOL_MB says otherwise', () => {
    delete process.env['YIBAO_SPOOL_MB'];
    expect(defaultSpoolBudget()).toBe(16 * 2 ** 20);
    expect(ledgerSpoolOptions()).toEqual({ rows: { memoryBudget: 12 * 2 ** 20 }, outcomes: { memoryBudget: 4 * 2 ** 20 } });
    process.env['YIBAO_SPOOL_MB'] = '6';
    expect(ledgerSpoolOptions()).toEqual({ rows: { memoryBudget: 6 * 2 ** 20 }, outcomes: { memoryBudget: 6 * 2 ** 20 } });
  });

  it('a spool past its budget reads every record back from its temp file', () => {
    const s = new Spool({ memoryBudget: 2 ** 20 });
    const text = (i: number) => `第${i}行：${'x'.repeat(i % 500)}`;
    for (let i = 0; i < 20_000; i++) s.put(i, text(i));
    try {
      expect(s.spilledBytes).toBeGreaterThan(0);
      for (const i of [0, 1, 9_999, 19_999]) expect(s.get(i)).toBe(text(i));
    } finally {
      s.close();
    }
  });
});
