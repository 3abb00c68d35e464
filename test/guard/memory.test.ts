/**
 * Issue 16 (medium 1): memory per request is bounded (docs/guard.md, "Memory per request"). Crafted cases
 * at two sizes, compared in one run — never an absolute figure of this machine:
 *  - a workbook answered as JSON by the local server to a client in another process: the server's live
 *    heap and buffers (sampled after a full GC) grow by less than 4 KB per data row from N to 4N rows (the
 *    engine's per-row and per-person state, ~1 KB; what a moment catches in flight), while the answer grows
 *    by ~7 KB per row and is not held (held whole it costs more than its own size: a 900 MB body took
 *    2 GB). The client is another process so that its own buffers do not count.
 *  - a zip whose directory claims 65,535 entries is refused from its last 64 KB: the directory itself is
 *    never read (it used to be parsed whole before "too many parts").
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardWorkbook } from '../../src/guard/guard.js';
import { settlementsWorkbook } from '../../src/guard/shapes.js';
import { InputError } from '../../src/pipeline/types.js';
import { freePort } from '../../src/server/azurite.js';
import { startLocal, type LocalStack } from '../../src/server/local.js';
import { setLogSink } from '../../src/log.js';
import { type ByteSource, bufferSource, ZipEntriesError, ZipReader } from '../../src/xlsx/zip.js';
import { rawZip } from './fixtures.js';

v8.setFlagsFromString('--expose_gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Well above the ~1 KB per row the server keeps, well below what holding the answer costs. */
const PER_ROW = 4000;
/** Every row's 姓名: 6 KB of UTF-8 in the answer. */
const NAME = '张'.repeat(2000);

let stack: LocalStack;
let dir: string;
const env = { ...process.env };
let restoreLog: ReturnType<typeof setLogSink>;

beforeAll(async () => {
  // Small fixed parts, so that what grows with the rows shows: 2 MB spools, a 1 MB response buffer. The
  // repeated names deflate past the zip-bomb ratio, which is not what is tested here.
  Object.assign(process.env, { YIBAO_SPOOL_MB: '2', YIBAO_RESPONSE_BUFFER_MB: '1', YIBAO_MAX_COMPRESSION_RATIO: '1000' });
  restoreLog = setLogSink(() => undefined);
  stack = await startLocal({ port: await freePort(), storage: 'none' });
  dir = mkdtempSync(join(tmpdir(), 'yibao-memory-'));
});
afterAll(async () => {
  await stack?.stop();
  process.env = env;
  setLogSink(restoreLog);
  rmSync(dir, { recursive: true, force: true });
});

const live = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

/** The client, in its own process: posts the file, reads the answer as it comes, prints status and size. */
const CLIENT = `const b = require('fs').readFileSync(process.argv[1]);
fetch(process.argv[2], { method: 'POST', body: b }).then(async (r) => { let n = 0; for await (const c of r.body) n += c.length; console.log(r.status, n); });`;

/** Post a workbook from another process; the most live memory this process (the server) had meanwhile. */
async function peakWhile(path: string, body: Buffer): Promise<{ peak: number; answer: number; status: number }> {
  const file = join(dir, 'upload.xlsx');
  writeFileSync(file, body);
  const base = live();
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, live() - base)), 100);
  try {
    const child = spawn(process.execPath, ['-e', CLIENT, file, `http://localhost:${stack.port}${path}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((resolve) => child.on('exit', resolve));
    peak = Math.max(peak, live() - base);
    const [status, answer] = out.trim().split(' ').map(Number);
    return { peak, answer: answer!, status: status! };
  } finally {
    clearInterval(timer);
  }
}

describe('memory per request does not grow with the answer (issue 16)', () => {
  const N = 5_000;
  it(`workbook → JSON: from ${N} to ${4 * N} rows, under ${PER_ROW} bytes per row`, { timeout: 180_000 }, async () => {
    const path = '/api/settlements?policy=xining-2024&format=json';
    const make = (rows: number) => settlementsWorkbook({ rows, persons: Math.ceil(rows / 5), name: NAME, deflate: true });
    await peakWhile(path, make(200)); // warm-up
    const small = await peakWhile(path, make(N));
    const large = await peakWhile(path, make(4 * N));
    expect([small.status, large.status]).toEqual([200, 200]);
    expect((large.answer - small.answer) / (3 * N)).toBeGreaterThan(PER_ROW); // the answer grows ~7 KB a row …
    const perRow = (large.peak - small.peak) / (3 * N);
    expect(perRow, `${(small.peak / 1e6).toFixed(1)} MB → ${(large.peak / 1e6).toFixed(1)} MB`).toBeLessThan(PER_ROW); // … the server does not
  });
});

describe('the zip directory is bounded by its size and the limit before it is read', () => {
  /** A zip of n empty stored entries (its EOCD count is n, 0xFFFF at 65,535). */
  const manyEntries = (n: number) => rawZip(Array.from({ length: n }, (_, i) => ({ name: `p/${i}`, data: Buffer.alloc(0), method: 0, crc: 0, declaredSize: 0 })));

  it('65,535 entries: refused (413 too-many-parts) having read only the last 64 KB', async () => {
    const bytes = manyEntries(0xffff);
    expect(bytes.readUInt16LE(bytes.length - 22 + 10)).toBe(0xffff);
    let read = 0;
    const src = bufferSource(bytes);
    const counting: ByteSource = { size: src.size, read: (o, l) => ((read += l), src.read(o, l)), close: () => src.close() };
    await expect(ZipReader.open(counting, { maxEntries: 1000 })).rejects.toBeInstanceOf(ZipEntriesError);
    expect(read).toBeLessThanOrEqual(22 + 0xffff + 20); // the tail, and the ZIP64 locator a count of 0xFFFF may have
    const e = await guardWorkbook({ bytes }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect([(e as InputError).status, (e as InputError).code]).toEqual([413, 'too-many-parts']);
  });

  it('a count the directory is too small to hold is corrupt, not parsed', async () => {
    const bytes = manyEntries(3);
    bytes.writeUInt16LE(60_000, bytes.length - 22 + 8);
    bytes.writeUInt16LE(60_000, bytes.length - 22 + 10);
    await expect(ZipReader.open(bufferSource(bytes))).rejects.toThrow(/does not fit its entry count/);
  });
});
