/** The spool keeps records by id in memory up to its budget, then in a temp file, and gives them back exactly. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OrderedSpool } from '../../src/engine/ordered-spool.js';
import { Spool } from '../../src/engine/two-pass-spool.js';

describe('Spool', () => {
  it('returns records put in any order, across chunks, in memory and spilled, and removes its file', () => {
    const s = new Spool({ memoryBudget: 3 << 20 });
    const text = (i: number) => `${i}：${'行'.repeat(i % 300)}${'x'.repeat((i * 7) % 500)}`;
    const n = 20_000;
    for (let i = n - 1; i >= 0; i -= 2) s.put(i, text(i)); // odd ids first, backwards
    for (let i = 0; i < n; i += 2) s.put(i, text(i));
    s.put(n, 'y'.repeat(3 << 20)); // a record larger than a chunk
    expect(s.spilledBytes).toBeGreaterThan(0);
    for (const i of [0, 1, 2, 777, 12_345, n - 1]) expect(s.get(i)).toBe(text(i));
    for (let i = 0; i < n; i++) if (s.get(i) !== text(i)) throw new Error(`record ${i}`);
    expect(s.get(n)).toHaveLength(3 << 20);
    const dir = (s as unknown as { tmpDir?: string }).tmpDir;
    expect(dir && existsSync(dir)).toBe(true);
    s.close();
    expect(existsSync(dir!)).toBe(false);
  });

  it('keeps everything in memory within the budget', () => {
    const s = new Spool({ memoryBudget: 64 << 20 });
    for (let i = 0; i < 1000; i++) s.push(`r${i}`);
    expect(s.spilledBytes).toBe(0);
    expect(s.get(999)).toBe('r999');
    expect(s.size).toBe(1000);
    s.close();
  });
});

describe('OrderedSpool', () => {
  const text = (i: number) => `${i}：${'行'.repeat(i % 200)}${'x'.repeat((i * 7) % 300)}`;

  for (const memoryBudget of [64 << 20, 1 << 20, 0]) {
    it(`gives back records put in any order, in id order (budget ${memoryBudget})`, () => {
      const n = 30_000;
      const s = new OrderedSpool(n, { memoryBudget });
      // A settlement-like order: scattered, every id once.
      const order = Array.from({ length: n }, (_, i) => (i * 7919) % n);
      for (const i of order) s.put(i, text(i));
      if (memoryBudget < 2 << 20) expect(s.spilledBytes).toBeGreaterThan(0);
      else expect(s.spilledBytes).toBe(0);
      for (let i = 0; i < n; i++) if (s.get(i) !== text(i)) throw new Error(`record ${i}`);
      expect(() => s.get(5)).toThrow(/id order/);
      const dir = (s as unknown as { tmpDir?: string }).tmpDir;
      s.close();
      if (dir) expect(existsSync(dir)).toBe(false);
    });
  }

  it('holds bytes as they are and records larger than a segment', () => {
    const s = new OrderedSpool(3, { memoryBudget: 0 });
    const big = Buffer.alloc(3 << 20, 0xe6);
    s.putParts(2, '', Buffer.from([0, 1, 2]));
    s.putParts(0, '', big);
    s.put(1, '');
    expect(s.getBytes(0).equals(big)).toBe(true);
    expect(s.get(1)).toBe('');
    expect([...s.getBytes(2)]).toEqual([0, 1, 2]);
    s.close();
  });

  for (const memoryBudget of [64 << 20, 0]) {
    it(`gives the record put last under an id (the ledger recomputes a row after a conflict; budget ${memoryBudget})`, () => {
      const n = 10_000;
      const s = new OrderedSpool(n, { memoryBudget });
      for (let i = 0; i < n; i++) s.put(i, `first ${i}`);
      for (let i = 0; i < n; i += 3) s.putParts(i, 'again ', Buffer.from(String(i)));
      for (let i = 0; i < n; i++) expect(s.get(i)).toBe(i % 3 === 0 ? `again ${i}` : `first ${i}`);
      s.close();
    });
  }
});
