/**
 * The POST door alone: how HTTP is translated into a ProcessRequest and a ProcessResult/InputError back.
 * The pipeline is replaced by a recorder here; test/http/process-e2e.test.ts runs the real one.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProcessRequest, ProcessResult } from '../../src/pipeline/types.js';
import { CONTENT_TYPES, InputError } from '../../src/pipeline/types.js';
import { contentDisposition, negotiateFormat } from '../../src/http/negotiate.js';
import { call, multipart } from './call.js';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { replyBytes } from '../../src/http/reply.js';
import { ROUTES, guarded } from '../../src/http/routes.js';
import { setLogSink } from '../../src/log.js';

const seen = vi.hoisted(() => ({ requests: [] as ProcessRequest[], fail: undefined as unknown, bytes: 0, failAfterWrite: false }));

vi.mock('../../src/pipeline/process.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/pipeline/process.js')>()),
  processWorkbook: async (req: ProcessRequest): Promise<ProcessResult> => {
    seen.requests.push(req);
    if (seen.fail) throw seen.fail;
    const format = req.format ?? 'xlsx';
    const base = (req.source.name ?? req.kind ?? 'workbook').replace(/\.xlsx$/i, '');
    const output = seen.bytes > 0 ? Buffer.alloc(seen.bytes, 0x61) : Buffer.from(`result:${format}`);
    const named = { contentType: CONTENT_TYPES[format], filename: `${base}.result.${format}` };
    // As the pipeline does: the output goes to the sink when there is one (the door always gives one).
    req.onComputed?.({ kind: req.kind ?? 'settlements', policy: req.policy ?? 'xining-2024', summary: { rows: 3, byStatus: { ok: 1, warning: 1, error: 1 }, totals: {}, byCategory: [], skipped: 0 }, ...named, unusedColumns: [] });
    if (req.sink) {
      req.sink.write(output);
      await new Promise((r) => setTimeout(r, 10));
      if (seen.failAfterWrite) throw new Error('disk full');
    }
    return {
      kind: req.kind ?? 'settlements',
      policy: req.policy ?? 'xining-2024',
      format,
      ...named,
      ...(req.sink ? {} : { body: output }),
      summary: { rows: 3, byStatus: { ok: 1, warning: 1, error: 1 }, totals: {}, byCategory: [], skipped: 0 },
      unusedColumns: [],
      sheetsNotComputed: [],
    };
  },
}));

const WB = Buffer.from('PK\x03\x04 fake workbook bytes 工资');

beforeEach(() => {
  seen.requests.length = 0;
  seen.fail = undefined;
  seen.bytes = 0;
  seen.failAfterWrite = false;
});
afterEach(() => {
  delete process.env['YIBAO_MAX_BODY_MB'];
});

describe('POST /api/{kind}: raw bytes (Power Query Web.Contents Content=…)', () => {
  it('passes bytes, kind, policy, overrides, format and headers to the pipeline', async () => {
    const r = await call('POST', '/api/settlements?policy=xining-2024&format=json&headers=zh&param.xining.employee.inpatient.deductible.level2.first=600', { body: WB });
    expect(r.status).toBe(200);
    expect(r.text).toBe('result:json');
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['x-yibao-rows']).toBe('3');
    expect(r.headers['x-yibao-errors']).toBe('1');
    const req = seen.requests[0]!;
    expect(Buffer.from((req.source as { bytes: Uint8Array }).bytes)).toEqual(WB);
    expect(req).toMatchObject({ kind: 'settlements', policy: 'xining-2024', format: 'json', headers: 'zh', overrides: { 'xining.employee.inpatient.deductible.level2.first': '600' } });
  });

  it('without policy the pipeline reads the 参数 sheet; without format the answer is xlsx', async () => {
    const r = await call('POST', '/api/contributions', { body: WB });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe(CONTENT_TYPES.xlsx);
    expect(seen.requests[0]!.policy).toBeUndefined();
    expect(seen.requests[0]!.format).toBe('xlsx');
    expect(r.headers['content-disposition']).toBe('attachment; filename="contributions.result.xlsx"');
  });

  it('the name query names the result; Chinese names use RFC 5987 filename*', async () => {
    const r = await call('POST', `/api/contributions?policy=dongying-2018&name=${encodeURIComponent('二月工资表.xlsx')}`, { body: WB });
    expect(seen.requests[0]!.source.name).toBe('二月工资表.xlsx');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="_____.result.xlsx"; filename*=UTF-8''${encodeURIComponent('二月工资表.result.xlsx')}`);
  });

  it('Accept negotiates the format when format is absent; format wins over Accept', async () => {
    expect((await call('POST', '/api/settlements?policy=xining-2024', { body: WB, headers: { accept: 'application/json' } })).headers['content-type']).toBe(CONTENT_TYPES.json);
    expect((await call('POST', '/api/settlements?policy=xining-2024', { body: WB, headers: { accept: 'text/csv' } })).headers['content-type']).toBe(CONTENT_TYPES.csv);
    expect((await call('POST', '/api/settlements?policy=xining-2024', { body: WB, headers: { accept: '*/*' } })).headers['content-type']).toBe(CONTENT_TYPES.xlsx);
    expect((await call('POST', '/api/settlements?policy=xining-2024&format=xlsx', { body: WB, headers: { accept: 'application/json' } })).headers['content-type']).toBe(CONTENT_TYPES.xlsx);
    expect(negotiateFormat(undefined, 'text/csv;q=0.5, application/json')).toBe('json');
    expect(negotiateFormat(undefined, 'application/json;q=0, text/csv')).toBe('csv');
    expect(negotiateFormat(undefined, null)).toBe('xlsx');
  });
});

describe('POST /api/{kind}: multipart/form-data', () => {
  it('takes the first file part and its file name (raw UTF-8 name)', async () => {
    const m = multipart(WB, '住院结算.xlsx', { note: 'ignored' });
    const r = await call('POST', '/api/settlements?policy=xining-2024', { body: m.body, headers: { 'content-type': m.contentType } });
    expect(r.status).toBe(200);
    const req = seen.requests[0]!;
    expect(Buffer.from((req.source as { bytes: Uint8Array }).bytes)).toEqual(WB);
    expect(req.source.name).toBe('住院结算.xlsx');
    expect(r.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('住院结算.result.xlsx')}`);
  });

  it('reads filename* (RFC 5987) too', async () => {
    const m = multipart(WB, '门诊 批次.xlsx', {}, true);
    await call('POST', '/api/settlements?policy=xining-2024', { body: m.body, headers: { 'content-type': m.contentType } });
    expect(seen.requests[0]!.source.name).toBe('门诊 批次.xlsx');
  });

  it('a multipart body without a file part is 400', async () => {
    const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--b--\r\n');
    const r = await call('POST', '/api/settlements?policy=xining-2024', { body, headers: { 'content-type': 'multipart/form-data; boundary=b' } });
    expect(r.status).toBe(400);
    expect(r.json().error).toBe('no-file');
    expect(seen.requests).toHaveLength(0);
  });
});

describe('POST /api/{kind}: refusals', () => {
  it('413 when Content-Length is over the limit, before reading (default 20 MB)', async () => {
    const r = await call('POST', '/api/settlements?policy=xining-2024', { body: WB, headers: { 'content-length': String(20 * 1024 * 1024 + 1) } });
    expect(r.status).toBe(413);
    expect(r.json()).toMatchObject({ error: 'too-large', details: [{ limitBytes: 20 * 1024 * 1024 }] });
    expect(seen.requests).toHaveLength(0);
  });

  it('413 when the body itself is over a configured limit', async () => {
    process.env['YIBAO_MAX_BODY_MB'] = '0.001'; // 1048 bytes
    const r = await call('POST', '/api/settlements?policy=xining-2024', { body: Buffer.alloc(2000, 1) });
    expect(r.status).toBe(413);
    expect((await call('POST', '/api/settlements?policy=xining-2024', { body: Buffer.alloc(1000, 1) })).status).toBe(200);
  });

  it('400 on an empty body, a bad query or an unknown name; 404 on an unknown kind', async () => {
    expect((await call('POST', '/api/settlements?policy=xining-2024')).json().error).toBe('empty-body');
    expect((await call('POST', '/api/settlements?policy=shanghai', { body: WB })).status).toBe(400);
    expect((await call('POST', '/api/settlements?format=pdf', { body: WB })).status).toBe(400);
    expect((await call('POST', '/api/settlements?polcy=xining-2024', { body: WB })).json().error).toBe('bad-query');
    const r = await call('POST', '/api/payroll', { body: WB });
    expect(r.status).toBe(404);
    expect(r.json().error).toBe('unknown-kind');
    expect(seen.requests).toHaveLength(0);
  });

  it('the pipeline’s InputError keeps its status and JSON (415 not a workbook)', async () => {
    seen.fail = new InputError(415, 'not-a-workbook', '不是 xlsx 工作簿 / not an xlsx workbook', [{ hint: 'save as .xlsx' }]);
    const r = await call('POST', '/api/settlements?policy=xining-2024', { body: WB });
    expect(r.status).toBe(415);
    expect(r.json()).toEqual({ error: 'not-a-workbook', message: '不是 xlsx 工作簿 / not an xlsx workbook', details: [{ hint: 'save as .xlsx' }] });
  });

  it('anything else is a generic 500 without the internal message', async () => {
    seen.fail = new TypeError('Cannot read properties of undefined (reading x) at /src/foo.ts:12');
    const r = await call('POST', '/api/settlements?policy=xining-2024', { body: WB });
    expect(r.status).toBe(500);
    expect(r.json().error).toBe('internal-error');
    expect(r.text).not.toContain('foo.ts');
  });
});

describe('POST /api/{kind}: large answers stream', () => {
  afterEach(() => {
    delete process.env['YIBAO_RESPONSE_BUFFER_MB'];
  });

  it('past YIBAO_RESPONSE_BUFFER_MB the body is a stream, with the summary headers; within it, whole bytes', async () => {
    process.env['YIBAO_RESPONSE_BUFFER_MB'] = '0.01';
    const route = ROUTES.find((r) => r.name === 'process')!;
    const post = (bytes: number) => {
      seen.bytes = bytes;
      return guarded(route)(new HttpRequest({ method: 'POST', url: 'http://localhost/api/settlements?policy=xining-2024&format=json', params: { kind: 'settlements' }, body: { bytes: WB } }), new InvocationContext());
    };
    const big = await post(50_000);
    expect(big.body).not.toBeInstanceOf(Uint8Array);
    expect(big.headers).toMatchObject({ 'x-yibao-rows': '3', 'x-yibao-errors': '1', 'x-yibao-policy': 'xining-2024', 'content-type': CONTENT_TYPES.json });
    expect((await replyBytes(big)).equals(Buffer.alloc(50_000, 0x61))).toBe(true);
    const small = await post(5_000);
    expect(small.body).toBeInstanceOf(Uint8Array);
    expect((small.body as Uint8Array).byteLength).toBe(5_000);
  });

  it('a failure once streaming has begun cuts the stream short (logged), it cannot become a JSON error', async () => {
    process.env['YIBAO_RESPONSE_BUFFER_MB'] = '0.01';
    seen.bytes = 50_000;
    seen.failAfterWrite = true;
    const route = ROUTES.find((r) => r.name === 'process')!;
    const lines: string[] = [];
    const prev = setLogSink((l) => lines.push(l));
    try {
      const reply = await guarded(route)(new HttpRequest({ method: 'POST', url: 'http://localhost/api/settlements?policy=xining-2024', params: { kind: 'settlements' }, body: { bytes: WB } }), new InvocationContext());
      expect(reply.status).toBe(200);
      await expect(replyBytes(reply)).rejects.toThrow(/disk full/);
      expect(lines.join('\n')).toContain('http.stream-failed');
    } finally {
      setLogSink(prev);
    }
  });
});

describe('download names from the request', () => {
  it('%00, %1B and a right-to-left override in `name` do not reach the Content-Disposition', async () => {
    const r = await call('POST', `/api/settlements?policy=xining-2024&name=${encodeURIComponent('\u202Eslx')}%00%1B.exe.xlsx`, { body: WB });
    expect(r.status).toBe(200);
    expect(r.headers['content-disposition']).toBe('attachment; filename="slx.exe.result.xlsx"');
  });
});

describe('contentDisposition', () => {
  it('plain ASCII names stay simple; quotes and slashes are neutralised', () => {
    expect(contentDisposition('a.result.xlsx')).toBe('attachment; filename="a.result.xlsx"');
    expect(contentDisposition('a"b/c.xlsx')).toBe('attachment; filename="a_b_c.xlsx"');
    // Bidirectional overrides and control characters go (issue 16): `\u202Eslx.exe` shows as `exe.xls`.
    expect(contentDisposition('\u202Eslx.exe.result.xlsx')).toBe('attachment; filename="slx.exe.result.xlsx"');
    expect(contentDisposition('a\u0000b\u001bc\u0085\u2066d\u200f.result.xlsx')).toBe('attachment; filename="abcd.result.xlsx"');
    expect(contentDisposition('\u202E.result.xlsx')).toBe('attachment; filename="workbook.result.xlsx"');
    expect(contentDisposition("张(1)'.xlsx")).toBe(`attachment; filename="_(1)'.xlsx"; filename*=UTF-8''%E5%BC%A0%281%29%27.xlsx`);
  });
});
