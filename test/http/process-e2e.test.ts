/** POST /api/{kind} through the Functions handler with the real pipeline (no mocks). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processWorkbook } from '../../src/pipeline/process.js';
import { call, multipart } from './call.js';

const SAMPLE = readFileSync(new URL('../../samples/xining-2024/settlements.xlsx', import.meta.url));
const TEMPLATE = readFileSync(new URL('../../templates/settlements.xlsx', import.meta.url));

describe('POST /api/{kind} end to end', () => {
  it('raw bytes → the annotated workbook, byte-identical to the pipeline', async () => {
    const r = await call('POST', '/api/settlements?policy=xining-2024&name=sample.xlsx', { body: SAMPLE });
    expect(r.status).toBe(200);
    const direct = await processWorkbook({ source: { bytes: SAMPLE, name: 'sample.xlsx' }, kind: 'settlements', policy: 'xining-2024', format: 'xlsx' });
    expect(r.bytes.equals(direct.body!)).toBe(true);
    expect(r.headers['content-disposition']).toBe('attachment; filename="sample.result.xlsx"');
    expect(r.headers['x-yibao-rows']).toBe(String(direct.summary.rows));
  });

  it('multipart + Accept: application/json → the rows as JSON records with English keys', async () => {
    const m = multipart(SAMPLE, '结算.xlsx');
    const r = await call('POST', '/api/settlements?policy=xining-2024', { body: m.body, headers: { 'content-type': m.contentType, accept: 'application/json' } });
    expect(r.status).toBe(200);
    const rows = r.json();
    expect(Array.isArray(rows)).toBe(true);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toHaveProperty('row');
      expect(['ok', 'warning', 'error']).toContain(row.status);
      expect(row).toHaveProperty('fundPaid');
    }
    const direct = await processWorkbook({ source: { bytes: SAMPLE, name: '结算.xlsx' }, kind: 'settlements', policy: 'xining-2024', format: 'json' });
    expect(r.bytes.equals(direct.body!)).toBe(true);
    expect(r.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('结算.result.json')}`);
  });

  it('CSV with Chinese headers starts with a BOM', async () => {
    const r = await call('POST', '/api/settlements?policy=xining-2024&format=csv&headers=zh', { body: SAMPLE });
    expect(r.status).toBe(200);
    expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(r.text.slice(1, 40)).toContain('结算号');
  });

  it('a file that is not a workbook → 415 error JSON; the wrong kind for the sheet → 4xx with a reason', async () => {
    const r = await call('POST', '/api/settlements?policy=xining-2024', { body: Buffer.from('name,amount\nx,1\n') });
    expect(r.status).toBe(415);
    expect(r.json()).toMatchObject({ error: expect.any(String), message: expect.stringMatching(/ \/ /), details: expect.any(Array) });
    const wrong = await call('POST', '/api/contributions?policy=xining-2024', { body: SAMPLE });
    expect([400, 422]).toContain(wrong.status);
    expect(wrong.json().message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('no policy in the request nor in the 参数 sheet → 4xx, never a guess', async () => {
    const r = await call('POST', '/api/settlements', { body: TEMPLATE });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.json().message).toMatch(/政策|policy/);
  });
});
