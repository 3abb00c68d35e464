/**
 * Privacy: every log line (src/log.ts sink) and every whole-file error message of a full run over the
 * samples — through the pipeline, the HTTP handlers, the CLI and the blob flow, plus hostile inputs that
 * put personal data where headers should be — carries IDs only masked (6301**********1237) and no name
 * from the inputs.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processUploadedBlob } from '../../src/blob/handler.js';
import { RESULTS, UPLOADS } from '../../src/blob/paths.js';
import { ensureContainers } from '../../src/blob/store.js';
import { main as cli } from '../../src/cli/main.js';
import { sourceAsWorkbook } from '../../src/guard/csv-input.js';
import { loadSeeds } from '../../src/guard/fuzz.js';
import { guardWorkbook } from '../../src/guard/guard.js';
import { maskId, maskIdsInText } from '../../src/kinds/idcard.js';
import type { KindId } from '../../src/kinds/types.js';
import { setLogLevel, setLogSink } from '../../src/log.js';
import { processWorkbook } from '../../src/pipeline/process.js';
import { InputError } from '../../src/pipeline/types.js';
import { startAzurite, type Azurite } from '../../src/server/azurite.js';
import { locateDataSheet, readAllRows, WorkbookFile } from '../../src/workbook/reader.js';
import { call } from '../http/call.js';
import { deflated, rawZip, workbookShell } from '../guard/fixtures.js';
import { idFor } from '../helpers/rows.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const seeds = loadSeeds(ROOT);

/** Everything that leaves the process as text: log lines, error bodies, CLI stderr. */
const out: { where: string; text: string }[] = [];
const names = new Set<string>();
const ids = new Set<string>();

/** An 18-character ID that is not masked. */
const RAW_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/;

function capture(where: string, text: string): void {
  out.push({ where, text });
}

function sinkStream(where: string): NodeJS.WriteStream {
  const w = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      capture(where, String(chunk));
      cb();
    },
  });
  return w as unknown as NodeJS.WriteStream;
}

/** A workbook whose first rows are personal data (no header row): the refusal must not echo them. */
function headerless(rows: string[][]): Buffer {
  const cells = (r: string[], i: number) => r.map((t, j) => `<c r="${String.fromCharCode(65 + j)}${i + 1}" t="inlineStr"><is><t>${t}</t></is></c>`).join('');
  return rawZip(workbookShell(deflated('s', `<worksheet><sheetData>${rows.map((r, i) => `<row r="${i + 1}">${cells(r, i)}</row>`).join('')}</sheetData></worksheet>`)));
}

let azurite: Azurite;
let prevSink: ReturnType<typeof setLogSink>;

beforeAll(async () => {
  // The people in the inputs: every 姓名 and 身份证号 of every sample.
  for (const s of seeds) {
    const wb = await WorkbookFile.open((await sourceAsWorkbook({ bytes: s.bytes }, await guardWorkbook({ bytes: s.bytes }))).source);
    try {
      const ds = await locateDataSheet(wb, s.kind);
      for (const r of (await readAllRows(wb, ds)).rows) {
        if (typeof r.raw['name'] === 'string' && r.raw['name'].trim()) names.add(r.raw['name'].trim());
        if (r.raw['idNumber'] !== undefined) ids.add(String(r.raw['idNumber']).trim());
      }
    } finally {
      await wb.close();
    }
  }
  names.add('欧阳娜娜');
  names.add('司马相如');
  ids.add(idFor('19900101', 551));
  ids.add(idFor('19850505', 552));
  azurite = await startAzurite({ inMemory: true });
  prevSink = setLogSink((l) => capture('log', l));
  setLogLevel('debug');
});

afterAll(async () => {
  setLogSink(prevSink);
  setLogLevel('info');
  await azurite?.stop();
});

describe('privacy over a full run', () => {
  it('the samples hold people to look for', () => {
    expect(names.size).toBeGreaterThan(10);
    expect(ids.size).toBeGreaterThan(10);
  });

  it('pipeline, HTTP, CLI and blob runs over every sample', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yibao-privacy-'));
    try {
      for (const s of seeds) {
        for (const format of ['xlsx', 'json', 'csv'] as const) {
          await processWorkbook({ source: { bytes: s.bytes, name: `${s.kind}.xlsx` }, policy: s.policy as never, format });
        }
        const r = await call('POST', `/api/${s.kind}?policy=${s.policy}&format=json`, { body: s.bytes });
        expect(r.status).toBe(200);
        const input = join(dir, `${s.policy}-${s.name.replace(/\//g, '-')}`);
        writeFileSync(input, s.bytes);
        const code = await cli(['process', input, '--policy', s.policy, '--out', join(dir, `${s.policy}-${s.kind}.result.xlsx`)], { stdout: sinkStream('cli.stdout'), stderr: sinkStream('cli.stderr') });
        setLogLevel('debug');
        expect(code).toBe(0);
      }
      const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
      await ensureContainers(service);
      for (const s of seeds.filter((x) => x.name.endsWith('.xlsx')).slice(0, 3)) {
        const name = `${s.policy}/${s.kind}/批次.xlsx`;
        await service.getContainerClient(UPLOADS).getBlockBlobClient(name).uploadData(s.bytes);
        expect((await processUploadedBlob(service, `${UPLOADS}/${name}`)).outcome).toBe('processed');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('one-row calls carry the person only in the answer, not in logs', async () => {
    const id = idFor('19900101', 551);
    const r = await call('GET', `/api/calc/settlements?policy=xining-2024&settlementId=S1&idNumber=${id}&name=${encodeURIComponent('欧阳娜娜')}&scheme=职工&employmentStatus=在职&visitType=住院&level=二级&visitDate=2024-02-03&dischargeDate=2024-02-15&totalCost=7959.12`);
    expect(r.status).toBe(200);
    const bad = await call('GET', `/api/calc/settlements?policy=xining-2024&settlementId=S1&idNumber=${id.slice(0, 17)}0&name=${encodeURIComponent('司马相如')}&scheme=职工&visitType=住院&level=二级&visitDate=2024-02-03&totalCost=1`);
    // The answer echoes the caller's own input fields; its messages (提示) must still mask the ID.
    const row = bad.json() as { status: string; messages: string[] | string };
    expect(row.status).toBe('error');
    capture('http.calc.messages', JSON.stringify(row.messages));
    expect(JSON.stringify(row.messages)).toMatch(/6301\*+\d{3}[\dX]/);
  });

  it('whole-file refusals (HTTP bodies, CLI stderr, blob error reports) do not echo personal data', async () => {
    const id = idFor('19850505', 552);
    const people = [[`${id}`, '司马相如', '职工', '住院', '3000'], [idFor('19900101', 551), '欧阳娜娜', '居民', '门诊', '200']];
    const wb = headerless(people);
    for (const kind of ['settlements', undefined] as (KindId | undefined)[]) {
      try {
        await processWorkbook({ source: { bytes: wb }, policy: 'xining-2024', ...(kind ? { kind } : {}) });
        throw new Error('expected a refusal');
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        capture('InputError', `${(e as InputError).message} ${JSON.stringify((e as InputError).details)}`);
      }
    }
    const http = await call('POST', '/api/settlements?policy=xining-2024', { body: wb });
    expect(http.status).toBe(400);
    capture('http.400', http.text);
    const csv = Buffer.from(people.map((r) => r.join(',')).join('\n'));
    const viaCsv = await call('POST', '/api/settlements?policy=xining-2024', { body: csv });
    expect(viaCsv.status).toBe(415); // text without a known header is not taken for a CSV
    capture('http.csv.400', viaCsv.text);
    const dir = mkdtempSync(join(tmpdir(), 'yibao-privacy-'));
    try {
      const input = join(dir, 'people.xlsx');
      writeFileSync(input, wb);
      const code = await cli(['process', input, '--policy', 'xining-2024', '--out', join(dir, 'o.xlsx')], { stdout: sinkStream('cli.stdout'), stderr: sinkStream('cli.stderr') });
      setLogLevel('debug');
      expect(code).toBe(3);
      const service = BlobServiceClient.fromConnectionString(azurite.connectionString);
      await ensureContainers(service);
      await service.getContainerClient(UPLOADS).getBlockBlobClient('xining-2024/settlements/people.xlsx').uploadData(wb);
      expect((await processUploadedBlob(service, `${UPLOADS}/xining-2024/settlements/people.xlsx`)).outcome).toBe('error-report');
      capture('blob.error.json', (await service.getContainerClient(RESULTS).getBlobClient('xining-2024/settlements/people.error.json').downloadToBuffer()).toString('utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every captured line: no unmasked ID, no name from the inputs', () => {
    expect(out.filter((o) => o.where === 'log').length).toBeGreaterThan(seeds.length * 4);
    const leaks: string[] = [];
    for (const o of out) {
      const m = RAW_ID.exec(o.text);
      if (m) leaks.push(`${o.where}: raw ID ${maskId(m[0])} in ${maskIdsInText(o.text.slice(0, 200))}`);
      for (const id of ids) if (id.length >= 15 && o.text.includes(id)) leaks.push(`${o.where}: ID ${maskId(id)}`);
      for (const n of names) if (o.text.includes(n)) leaks.push(`${o.where}: name ${n[0]}… in ${maskIdsInText(o.text.slice(0, 200))}`);
    }
    expect(leaks).toEqual([]);
  });
});

// The test above must be able to fail: the detector finds a planted leak.
describe('the leak detector', () => {
  it('flags an unmasked ID and passes a masked one', () => {
    const id = idFor('19800101', 123);
    expect(RAW_ID.test(`x ${id} y`)).toBe(true);
    expect(RAW_ID.test(`x ${maskId(id)} y`)).toBe(false);
    expect(readFileSync(new URL(import.meta.url)).length).toBeGreaterThan(0);
  });
});
