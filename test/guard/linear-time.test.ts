/**
 * Issue 16 (high): small crafted uploads whose reading once took time growing with the square of their
 * size — one of them blocked the worker for minutes. Every shape of src/guard/shapes.ts is posted to the
 * HTTP handler (format=xlsx, so the writer runs too) at a quarter of the review's size and at its size:
 * the work may grow about as the input does. Two sizes are compared in one run (CPU time, the least of
 * three runs each), never an absolute time: 4× the input must cost less than 8× the time (linear gives
 * about 4 — less, with the pipeline's fixed cost — and the old quadratic readers 16).
 */
import { readFileSync } from 'node:fs';
import azureFunctions from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { craft, HOSTILE_SHAPES } from '../../src/guard/shapes.js';
import { ROUTES, guarded } from '../../src/http/routes.js';
import { setLogSink } from '../../src/log.js';

const { HttpRequest, InvocationContext } = azureFunctions;
const SAMPLE = readFileSync(new URL('../../samples/xining-2024/settlements.xlsx', import.meta.url));
const PROCESS = guarded(ROUTES.find((r) => r.name === 'process')!);

async function post(bytes: Buffer): Promise<{ status: number; error?: string }> {
  const req = new HttpRequest({ method: 'POST', url: 'http://localhost/api/settlements?policy=xining-2024&format=xlsx', headers: { 'content-type': 'application/octet-stream' }, params: { kind: 'settlements' }, body: { bytes } });
  const reply = await PROCESS(req, new InvocationContext({ functionName: 'process' }));
  const error = reply.status >= 400 ? (JSON.parse(String(reply.body)) as { error: string }).error : undefined;
  return { status: reply.status, ...(error ? { error } : {}) };
}

/** The least CPU milliseconds of three runs (the least is the one the rest of the machine disturbed least). */
async function leastCpu(f: () => Promise<unknown>): Promise<number> {
  let least = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t = process.cpuUsage();
    await f();
    const d = process.cpuUsage(t);
    least = Math.min(least, (d.user + d.system) / 1000);
  }
  return least;
}

/** What each shape is answered with (the 200s are workbooks computed in spite of the junk). */
const EXPECTED: Record<string, string | number> = {
  'csv-star-header': 'not-a-workbook',
  'csv-bracket-header': 'missing-headers',
  'sheetdata-tag': 'too-large-part',
  'row-tag': 'too-large-part',
  'row-unclosed': 'not-a-workbook',
};

describe('crafted inputs are read in linear time (issue 16)', () => {
  const prev = setLogSink(() => undefined);
  for (const [name, shape] of Object.entries(HOSTILE_SHAPES)) {
    it(`${name}: ${shape.what}`, { timeout: 120_000 }, async () => {
      const small = await craft(shape, Math.round(shape.k / 4), SAMPLE);
      const large = await craft(shape, shape.k, SAMPLE);
      let answer = await post(small); // warm-up
      const t1 = await leastCpu(async () => (answer = await post(small)));
      const t2 = await leastCpu(async () => (answer = await post(large)));
      expect(answer.status).toBeLessThan(500);
      const want = EXPECTED[name] ?? 200;
      if (typeof want === 'number') expect(answer.status).toBe(want);
      else expect(answer.error).toBe(want);
      // A floor of 5 ms under the small case keeps timer granularity out of the ratio.
      expect(t2 / Math.max(t1, 5), `${t1.toFixed(1)} ms → ${t2.toFixed(1)} ms`).toBeLessThan(8);
    });
  }
  it('restores the log sink', () => {
    setLogSink(prev);
  });
});

describe('messages that quote a user header are scanned in linear time', () => {
  /** CPU milliseconds of `f` on text of k repetitions, the least of three. */
  const cpuOf = (f: (k: number) => unknown, k: number) => {
    let least = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const t = process.cpuUsage();
      f(k);
      const d = process.cpuUsage(t);
      least = Math.min(least, (d.user + d.system) / 1000);
    }
    return least;
  };

  it('a job problem line naming a 30,000-character header of 列「 (issueOf: a regex backtracked on it)', async () => {
    const { issueOf } = await import('../../src/jobs/run.js');
    const line = (k: number) => `列「${'列「'.repeat(k)}x的值「1」不是有效数字`;
    const run = (k: number) => {
      for (let i = 0; i < 20; i++) issueOf(2, 'error', line(k), 'settlements');
    };
    expect(issueOf(2, 'error', '列「医疗总费用」的值「-1」不能为负数', 'settlements')).toMatchObject({ column: '医疗总费用', value: '-1' });
    run(100);
    const t1 = cpuOf(run, 4_000);
    const t2 = cpuOf(run, 16_000);
    expect(t2 / Math.max(t1, 5), `${t1.toFixed(1)} ms → ${t2.toFixed(1)} ms`).toBeLessThan(8);
  });
});

describe('merged ranges: the one holding a row is found without walking them all', () => {
  it('k rows, each blank in a column that 10k merged ranges cover (below the rows): about k·log k, not k²', async () => {
    const { MergedCells } = await import('../../src/workbook/merged.js');
    const cells = (k: number) => new MergedCells({ ranges: Array.from({ length: 10 * k }, (_, i) => ({ top: k + 10 + 2 * i, left: 3, bottom: k + 11 + 2 * i, right: 3 })), columns: [['name', 3, '姓名', false]] }); // int
    const run = (m: InstanceType<typeof MergedCells>, k: number) => {
      for (let r = 2; r <= k + 1; r++) m.explain(r, {}, {}, []); // int
    };
    // A blank row inside a range is still found (the last range reaching furthest).
    const m = new MergedCells({ ranges: [{ top: 2, left: 3, bottom: 9, right: 3 }, { top: 3, left: 3, bottom: 4, right: 3 }, { top: 20, left: 3, bottom: 21, right: 3 }], columns: [['idNumber', 3, '身份证号', true]] });
    const issue = { column: 'idNumber', severity: 'error' as const, message: 'required' };
    expect(m.explain(6, {}, {}, [issue])[0]!.message).toContain('C2:C9');
    expect(m.explain(21, {}, {}, [issue])[0]!.message).toContain('C20:C21');
    expect(m.explain(10, {}, {}, [issue])).toEqual([issue]);
    const small = cells(2_000);
    const large = cells(8_000);
    const cpu = (f: () => void) => {
      let least = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const t = process.cpuUsage();
        f();
        const d = process.cpuUsage(t);
        least = Math.min(least, (d.user + d.system) / 1000);
      }
      return least;
    };
    const t1 = cpu(() => run(small, 2_000));
    const t2 = cpu(() => run(large, 8_000));
    expect(t2 / Math.max(t1, 5), `${t1.toFixed(1)} ms → ${t2.toFixed(1)} ms`).toBeLessThan(8);
  });
});
