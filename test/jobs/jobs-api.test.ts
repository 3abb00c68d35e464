/**
 * The jobs API on its own (no browser), against `npm start`'s server (startLocal) with this file's own
 * in-memory Azurite: POST, poll, result; the valet-key upload; 404, 410, 401; ids that cannot be guessed.
 */
import { readFileSync } from 'node:fs';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUploadName, RESULTS, UPLOADS } from '../../src/blob/paths.js';
import { sweepJobs } from '../../src/jobs/expire.js';
import { MAIN_TOTALS } from '../../src/kinds/index.js';
import type { JobState } from '../../src/jobs/state.js';
import { readJob, writeJob } from '../../src/jobs/store.js';
import { fmt2 } from '../../src/money.js';
import { processWorkbook } from '../../src/pipeline/process.js';
import { freePort, startAzurite, type Azurite } from '../../src/server/azurite.js';
import { startLocal, type LocalStack } from '../../src/server/local.js';
import { cfbWith } from '../guard/fixtures.js';
import { type AppLedger, appLedger, useAppLedger } from '../../src/ledger/app.js';
import { MemoryLedger } from '../../src/ledger/memory.js';
import { XLSM_CONTENT_TYPE } from '../../src/pipeline/names.js';
import { macroWorkbook } from '../helpers/macro.js';
import { testKey } from '../helpers/ledger.js';
import { idFor } from '../helpers/rows.js';
import { workbook } from '../ledger/helpers.js';
import { buildFixture, GOOD_ID } from '../workbook/fixture.js';

const SAMPLE = readFileSync(new URL('../../samples/xining-2024/settlements.xlsx', import.meta.url));

let azurite: Azurite;
let stack: LocalStack;
let api: string;
let service: BlobServiceClient;

beforeAll(async () => {
  azurite = await startAzurite({ inMemory: true });
  stack = await startLocal({ port: await freePort(), storage: { connectionString: azurite.connectionString }, pollMs: 200 });
  api = `http://127.0.0.1:${stack.port}/api`;
  service = BlobServiceClient.fromConnectionString(azurite.connectionString);
});
afterAll(async () => {
  await stack?.stop();
  await azurite?.stop();
});

/** A job's stored state before the sweep. */
async function stored(id: string): Promise<JobState> {
  return (await readJob(service, id)) as JobState;
}

async function poll(id: string, seen?: (s: any) => void): Promise<any> {
  const until = Date.now() + 60_000;
  for (;;) {
    const r = await fetch(`${api}/jobs/${id}`);
    expect(r.status).toBe(200);
    const s = (await r.json()) as any;
    seen?.(s);
    if (s.state === 'done' || s.state === 'failed') return s;
    if (Date.now() > until) throw new Error(`job ${id} still ${s.state}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

async function submit(body: Uint8Array, query: string): Promise<string> {
  const r = await fetch(`${api}/jobs?${query}`, { method: 'POST', body });
  expect(r.status).toBe(202);
  const { id, state } = (await r.json()) as any;
  expect(state).toBe('queued');
  expect(r.headers.get('location')).toBe(`/api/jobs/${id}`);
  return id;
}

describe('POST /api/jobs, poll, result', () => {
  it('runs the workbook through the blob drop: the result is the pipeline\'s bytes, the state its counts, totals and problems', async () => {
    const id = await submit(SAMPLE, 'policy=xining-2024&name=sample.xlsx');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    const phases = new Set<string>();
    const s = await poll(id, (x) => phases.add(x.state));
    expect(s.state).toBe('done');
    expect(s.kind).toBe('settlements'); // detected
    const direct = await processWorkbook({ source: { bytes: SAMPLE }, policy: 'xining-2024', format: 'xlsx' });
    const r = await fetch(`${api}${s.resultUrl.slice(4)}`);
    expect(r.status).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).equals(direct.body!)).toBe(true);
    expect(s.counts).toEqual(direct.summary.byStatus);
    expect(s.done).toBe(direct.summary.rows);
    expect(s.totals).toEqual(Object.fromEntries(MAIN_TOTALS.settlements.map((k) => [k, fmt2(direct.summary.totals[k]!)])));
    expect(s).not.toHaveProperty('upload');
    expect(s.unusedColumns).toEqual(direct.unusedColumns.map((u) => u.header)); // the sample's 备注
    expect(s.unusedColumns).toEqual(['备注']);

    // Problems: every 提示 line of every row that is not 成功, in sheet order, with the column and value it names.
    const rows = JSON.parse((await processWorkbook({ source: { bytes: SAMPLE }, policy: 'xining-2024', format: 'json' })).body!.toString('utf8')) as any[];
    const problems = rows.filter((x) => x.status !== 'ok');
    expect([...new Set(s.issues.map((i: any) => i.row))]).toEqual(problems.map((x) => x.row));
    expect(s.issueCount).toBe(s.issues.length);
    const negative = s.issues.find((i: any) => /不能为负数/.test(i.message));
    expect(negative).toMatchObject({ status: 'error', column: '医疗总费用', value: '-120' });
    const warning = s.issues.find((i: any) => i.status === 'warning');
    expect(problems.find((x) => x.row === warning.row).status).toBe('warning');
    // No unmasked ID number anywhere in the stored state.
    const stored = JSON.stringify(await readJob(service, id));
    expect(stored).not.toMatch(/(?<!\d)\d{17}[\dXx](?!\d)/);
  });

  it('renders another format on request, the same as the pipeline\'s', async () => {
    const id = await submit(SAMPLE, 'policy=xining-2024&kind=settlements');
    await poll(id);
    for (const format of ['json', 'csv'] as const) {
      const r = await fetch(`${api}/jobs/${id}/result?format=${format}`);
      expect(r.status).toBe(200);
      const direct = await processWorkbook({ source: { bytes: SAMPLE }, kind: 'settlements', policy: 'xining-2024', format });
      expect(r.headers.get('content-type')).toBe(direct.contentType);
      expect(Buffer.from(await r.arrayBuffer()).equals(direct.body!)).toBe(true);
    }
  });

  it('a job asked as JSON produces JSON, and its problems come from the records', async () => {
    const id = await submit(SAMPLE, 'policy=xining-2024&format=json');
    const s = await poll(id);
    const r = await fetch(`${api}/jobs/${id}/result`);
    const direct = await processWorkbook({ source: { bytes: SAMPLE }, policy: 'xining-2024', format: 'json' });
    expect(Buffer.from(await r.arrayBuffer()).equals(direct.body!)).toBe(true);
    const rows = JSON.parse(direct.body!.toString('utf8')) as any[];
    expect([...new Set(s.issues.map((i: any) => i.row))]).toEqual(rows.filter((x) => x.status !== 'ok').map((x) => x.row));
  });

  it('a file that cannot be processed fails the job with the bilingual message', async () => {
    const id = await submit(cfbWith(['Workbook']), 'policy=xining-2024&name=old.xls');
    const s = await poll(id);
    expect(s.state).toBe('failed');
    expect(s.error.error).toBe('legacy-xls');
    expect(s.error.message).toMatch(/[\u4e00-\u9fff].* \/ .*[a-z]/);
    const r = await fetch(`${api}/jobs/${id}/result`);
    expect(r.status).toBe(422);
    expect(((await r.json()) as any).error).toBe('legacy-xls');
  });

  it('a failed job and its error report keep no ID number, in the message or the details', async () => {
    const id = await submit(await buildFixture({ params: [[`x.${GOOD_ID}`, '1']] }), 'policy=xining-2024');
    const s = await poll(id);
    expect(s.state).toBe('failed');
    expect(s.error.error).toBe('unknown-parameter');
    const job = await stored(id);
    const report = (await service.getContainerClient(RESULTS).getBlobClient(parseUploadName(job.upload).error).downloadToBuffer()).toString('utf8');
    for (const text of [JSON.stringify(job), report]) {
      expect(text).toContain('parameter');
      expect(text).not.toContain(GOOD_ID);
    }
  });

  it('asking for the ledger when the app has none is 503, as on POST /api/{kind}; nothing is stored', async () => {
    const previous = appLedger();
    useAppLedger({ status: 'off', message: '未设置 YIBAO_LEDGER_KEY' });
    try {
      const count = async () => {
        let n = 0;
        for await (const _ of service.getContainerClient('jobs').listBlobsFlat()) n += 1;
        return n;
      };
      const before = await count();
      for (const mode of ['peek', 'commit']) {
        const r = await fetch(`${api}/jobs?policy=xining-2024&ledger=${mode}`, { method: 'POST', body: SAMPLE });
        expect(r.status).toBe(503);
        expect(((await r.json()) as any).error).toBe('ledger-unavailable');
        const u = await fetch(`${api}/uploads?policy=xining-2024&name=a.xlsx&size=100&ledger=${mode}`, { method: 'POST' });
        expect(u.status).toBe(503);
      }
      expect(await count()).toBe(before);
      const off = await fetch(`${api}/jobs?policy=xining-2024&ledger=off`, { method: 'POST', body: SAMPLE });
      expect(off.status).toBe(202);
      await poll(((await off.json()) as any).id);
      // None asked for and none there: the job runs without one, and its state says so (not 'commit').
      const plain = await fetch(`${api}/jobs?policy=xining-2024`, { method: 'POST', body: SAMPLE });
      expect(plain.status).toBe(202);
      const id = ((await plain.json()) as any).id as string;
      await poll(id);
      const state = JSON.parse((await service.getContainerClient('jobs').getBlobClient(`${id}.json`).downloadToBuffer()).toString('utf8'));
      expect(state.ledger).toBe('off');
    } finally {
      useAppLedger(previous);
    }
  });

  it('refuses a missing policy and unknown options with 400', async () => {
    expect((await fetch(`${api}/jobs`, { method: 'POST', body: SAMPLE })).status).toBe(400);
    expect((await fetch(`${api}/jobs?policy=xining-2024&format=pdf`, { method: 'POST', body: SAMPLE })).status).toBe(400);
    expect((await fetch(`${api}/jobs?policy=xining-2024&ledger=maybe`, { method: 'POST', body: SAMPLE })).status).toBe(400);
  });
});

describe('another format of a job\'s result', () => {
  const H = ['结算号', '身份证号', '姓名', '险种', '人员状态', '就诊类型', '医院等级', '就诊日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额'];
  const A = idFor('19800101', 123);
  const row = (id: string, from: string, to: string) => [id, A, '张三', '职工', '在职', '住院', '三级', from, to, 10000, 0, 0];

  it('of a job that committed to the ledger: the same year-to-date figures as the job\'s own, nothing committed again', async () => {
    const previous: AppLedger = appLedger();
    const ledger = new MemoryLedger();
    useAppLedger({ status: 'on', ledger, key: testKey() });
    try {
      expect((await poll(await submit(await workbook(H, [row('J1', '2024-01-03', '2024-01-10')]), 'policy=xining-2024&kind=settlements'))).state).toBe('done');
      const feb = await poll(await submit(await workbook(H, [row('F1', '2024-02-03', '2024-02-10')]), 'policy=xining-2024&kind=settlements'));
      expect(feb.state).toBe('done');
      const committed = JSON.stringify(ledger.dump());
      const r = await fetch(`${api}/jobs/${feb.id}/result?format=json`);
      expect(r.status).toBe(200);
      const [f] = (await r.json()) as any[];
      // The second admission of the year (the job's own commit): 起付线 650, 住院次数 2 — as in its workbook.
      expect([f.status, f.deductible, f.admissionNo]).toEqual(['ok', 650, 2]);
      expect(JSON.stringify(ledger.dump())).toBe(committed);
    } finally {
      useAppLedger(previous);
    }
  });

  it('of a macro-enabled workbook: the workbook is .result.xlsm with the macro content type', async () => {
    const xlsm = await macroWorkbook(SAMPLE);
    for (const query of ['policy=xining-2024&name=batch.xlsm', 'policy=xining-2024&name=batch.xlsm&format=json']) {
      const s = await poll(await submit(xlsm, query));
      const r = await fetch(`${api}/jobs/${s.id}/result?format=xlsx`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe(XLSM_CONTENT_TYPE);
      expect(r.headers.get('content-disposition')).toBe('attachment; filename="settlements.result.xlsm"');
      const direct = await processWorkbook({ source: { bytes: xlsm }, policy: 'xining-2024', format: 'xlsx' });
      expect(Buffer.from(await r.arrayBuffer()).equals(direct.body!)).toBe(true);
    }
  });
});

describe('POST /api/uploads (valet key)', () => {
  it('grants a write-only SAS for exactly one blob; blocks put there run as the job', async () => {
    const g = await fetch(`${api}/uploads?policy=xining-2024&name=big.xlsx&size=${SAMPLE.length}`, { method: 'POST' });
    expect(g.status).toBe(201);
    const grant = (await g.json()) as any;
    expect((await (await fetch(`${api}/jobs/${grant.id}`)).json()) as any).toMatchObject({ state: 'queued', stage: 'upload' });
    const url = new URL(grant.uploadUrl);
    expect(url.pathname).toBe(`/devstoreaccount1/${UPLOADS}/xining-2024/auto/${grant.id}.xlsx`);
    expect(url.searchParams.get('sp')).toBe('cw');
    expect(Date.parse(grant.expiresOn) - Date.now()).toBeLessThanOrEqual(15 * 60_000);

    // Not readable, and no other blob can be written with it.
    expect((await fetch(grant.uploadUrl)).status).toBe(403);
    const other = new URL(grant.uploadUrl);
    other.pathname = other.pathname.replace(grant.id, 'f'.repeat(32));
    expect((await fetch(other, { method: 'PUT', body: SAMPLE, headers: { 'x-ms-blob-type': 'BlockBlob' } })).status).toBe(403);

    const ids: string[] = [];
    const block = 16 * 1024;
    for (let off = 0; off < SAMPLE.length; off += block) {
      const blockId = Buffer.from(String(ids.length).padStart(6, '0')).toString('base64');
      const r = await fetch(`${grant.uploadUrl}&comp=block&blockid=${encodeURIComponent(blockId)}`, { method: 'PUT', body: SAMPLE.subarray(off, off + block) });
      expect(r.status).toBe(201);
      ids.push(blockId);
    }
    const list = `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids.map((b) => `<Latest>${b}</Latest>`).join('')}</BlockList>`;
    const c = await fetch(`${grant.uploadUrl}&comp=blocklist`, { method: 'PUT', body: list, headers: grant.commitHeaders });
    expect(c.status).toBe(201);
    const s = await poll(grant.id);
    expect(s.state).toBe('done');
    const direct = await processWorkbook({ source: { bytes: SAMPLE }, policy: 'xining-2024' });
    expect(Buffer.from(await (await fetch(`${api}/jobs/${grant.id}/result`)).arrayBuffer()).equals(direct.body!)).toBe(true);
  });

  it('refuses a size over the limit (413) and a zero size (400)', async () => {
    expect((await fetch(`${api}/uploads?policy=xining-2024&name=a.xlsx&size=${2 ** 40}`, { method: 'POST' })).status).toBe(413);
    expect((await fetch(`${api}/uploads?policy=xining-2024&name=a.xlsx&size=0`, { method: 'POST' })).status).toBe(400);
  });

  it('sets the CORS rule the page needs on the blob service', async () => {
    const props = await service.getProperties();
    expect(props.cors?.[0]).toMatchObject({ allowedMethods: 'PUT,OPTIONS', allowedOrigins: `http://localhost:${stack.port},http://127.0.0.1:${stack.port}` });
  });
});

describe('unknown, expired and guessed ids', () => {
  it('unknown or malformed id → 404 JSON', async () => {
    for (const id of ['0'.repeat(32), 'not-a-job', '../jobs']) {
      const r = await fetch(`${api}/jobs/${encodeURIComponent(id)}`);
      expect(r.status).toBe(404);
      expect(((await r.json()) as any).error).toMatch(/not-found/);
    }
  });

  it('ids are 128 random bits: distinct, and a neighbour of a real id is no job', async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, () => submit(SAMPLE, 'policy=xining-2024')));
    expect(new Set(ids).size).toBe(5);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    const neighbour = ids[0]!.slice(0, 31) + ((parseInt(ids[0]!.slice(31), 16) + 1) % 16).toString(16);
    expect((await fetch(`${api}/jobs/${neighbour}`)).status).toBe(404);
    // Distinct ids share no long common prefix (not a counter or a timestamp).
    const sorted = [...ids].sort();
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.slice(0, 8)).not.toBe(sorted[i - 1]!.slice(0, 8));
    for (const id of ids) await poll(id);
  });

  it('an expired job answers 410; the sweep deletes its blobs and, a TTL later, the job (then 404)', async () => {
    const id = await submit(SAMPLE, 'policy=xining-2024&kind=settlements');
    await poll(id);
    await fetch(`${api}/jobs/${id}/result?format=json`);
    const job = await stored(id);
    await writeJob(service, { ...job, expiresAt: new Date(Date.now() - 1000).toISOString() });
    const r = await fetch(`${api}/jobs/${id}`);
    expect(r.status).toBe(410);
    expect(((await r.json()) as any).message).toMatch(/过期.* \/ .*expired/);
    expect((await fetch(`${api}/jobs/${id}/result`)).status).toBe(410);

    await sweepJobs(service);
    const exists = (c: string, n: string) => service.getContainerClient(c).getBlobClient(n).exists();
    expect(await exists(UPLOADS, job.upload)).toBe(false);
    expect(await exists(RESULTS, job.result!)).toBe(false);
    expect(await exists(RESULTS, job.result!.replace(/\.xlsx$/, '.json'))).toBe(false);
    expect((await fetch(`${api}/jobs/${id}`)).status).toBe(410);
    // Only what answers 410: no problems, counts, totals or header names (they may name people or sheets).
    const swept = (await readJob(service, id))!;
    expect(Object.keys(swept).sort()).toEqual(['expiresAt', 'id', 'state']);
    expect(swept).toMatchObject({ id, state: 'done' });

    await sweepJobs(service, Date.now() + 8 * 86_400_000);
    expect((await fetch(`${api}/jobs/${id}`)).status).toBe(404);
  });

  it('the sweep deletes a macro-enabled workbook\'s .result.xlsm', async () => {
    const id = await submit(await macroWorkbook(SAMPLE), 'policy=xining-2024&name=batch.xlsm');
    expect((await poll(id)).state).toBe('done');
    const job = await stored(id);
    expect(job.result).toMatch(/\.result\.xlsm$/);
    const exists = (n: string) => service.getContainerClient(RESULTS).getBlobClient(n).exists();
    expect(await exists(job.result!)).toBe(true);
    await writeJob(service, { ...job, expiresAt: new Date(Date.now() - 1000).toISOString() });
    await sweepJobs(service);
    expect(await exists(job.result!)).toBe(false);
    expect(await exists(job.upload)).toBe(false);
  });
});

describe('OpenAPI', () => {
  it('documents the jobs routes with their success status, query and path id', async () => {
    const doc = (await (await fetch(`${api}/openapi.json`)).json()) as any;
    const create = doc.paths['/api/jobs'].post;
    expect(Object.keys(create.responses)).toContain('202');
    expect(create.parameters.map((p: any) => p.name)).toEqual(['policy', 'kind', 'format', 'ledger', 'name']);
    expect(Object.keys(doc.paths['/api/uploads'].post.responses)).toContain('201');
    expect(doc.paths['/api/jobs/{jobId}'].get.parameters[0]).toMatchObject({ name: 'jobId', in: 'path' });
    expect(Object.keys(doc.paths['/api/jobs/{jobId}/result'].get.responses)).toEqual(expect.arrayContaining(['200', '404', '409', '410']));
    expect(doc.paths['/api/app'].get.security).toEqual([]);
  });
});

describe('function keys', () => {
  it('with a key configured (as on Azure), the jobs routes answer 401 without it; the page stays anonymous', async () => {
    process.env['YIBAO_FUNCTION_KEY'] = 'k-123';
    try {
      expect((await fetch(`${api}/jobs?policy=xining-2024`, { method: 'POST', body: SAMPLE })).status).toBe(401);
      expect((await fetch(`${api}/jobs/${'0'.repeat(32)}`)).status).toBe(401);
      expect((await fetch(`${api}/uploads?policy=xining-2024&name=a.xlsx&size=1`, { method: 'POST' })).status).toBe(401);
      expect((await fetch(`${api}/jobs/${'0'.repeat(32)}`, { headers: { 'x-functions-key': 'k-123' } })).status).toBe(404);
      expect((await fetch(`${api}/jobs/${'0'.repeat(32)}?code=k-123`)).status).toBe(404);
      expect((await fetch(`${api}/app`)).status).toBe(200);
      expect((await fetch(`${api}/health`)).status).toBe(200);
    } finally {
      delete process.env['YIBAO_FUNCTION_KEY'];
    }
  });
});
