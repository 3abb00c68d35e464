/**
 * Issue 16 (medium 2, and the blob door's low items): what leaves the process about a refused file carries
 * no ID number in any form the ID parser reads (next to letters, full-width, spaced), whichever door passes
 * it on (HTTP JSON, blob error report, CLI stderr); the blob door refuses oversized blobs from their length
 * and dot segments in names; GET /api/calc's POST form keeps 身份证号 out of the URL.
 */
import { describe, expect, it } from 'vitest';
import { HttpError, replyForError } from '../../src/http/reply.js';
import { maskIdsInText, parseIdNumber } from '../../src/kinds/idcard.js';
import { InputError } from '../../src/pipeline/types.js';
import { processUploadedBlob } from '../../src/blob/handler.js';
import { parseUploadName, RESULTS, UPLOADS } from '../../src/blob/paths.js';
import { setLogSink } from '../../src/log.js';
import { useBlobStorage } from '../helpers/storage.js';
import { call } from '../http/call.js';
import { idFor } from '../helpers/rows.js';

const ID = '630102197906185812';

/** Every form of ID the parser accepts, and the same digits next to letters. */
const FORMS = [
  ID,
  `${ID}abc`,
  `ID${ID}`,
  '６３０１０２１９７９０６１８５８１２',
  '6301 0219 7906 1858 12',
  '630102\u300019790618\u30005812',
  '630102-19790618-5812',
  '63010219790618581x',
  '63010219790618581ｘ',
];

describe('the ID mask', () => {
  it('every form parseIdNumber reads as an ID is one the mask hides (first and last 4 kept)', () => {
    for (const f of FORMS.filter((x) => !/[a-zA-Z]{2}|-/.test(x))) expect(parseIdNumber(f).ok || /校验码/.test((parseIdNumber(f) as { reason: string }).reason), f).toBe(true);
    for (const f of FORMS) {
      const masked = maskIdsInText(`值「${f}」不是数字 / '${f}' is not a number`);
      expect(masked, f).not.toMatch(/\d{6,}|[０-９]{6,}/);
      expect(masked, f).toMatch(/6301\*{10}581[2X]/);
    }
    // Old 15-digit IDs too; shorter numbers and ordinary text stay.
    expect(maskIdsInText('630102790618581')).toBe('6301*******8581');
    expect(maskIdsInText('第 1048575 行, 20971520 bytes, 2024-02-15, ¥7,959.12')).toBe('第 1048575 行, 20971520 bytes, 2024-02-15, ¥7,959.12');
  });

  it('InputError and HttpError mask message and details, so every door sends them masked', async () => {
    const e = new InputError(400, 'x', `「张三 ${ID}abc」`, [{ value: `张三 ${ID}`, nested: [{ v: `ID${ID}` }], n: 630102197906185 }]);
    const h = new HttpError(400, 'y', `field ${FORMS[3]}`, [{ field: FORMS[4] }]);
    for (const reply of [replyForError(e, 'test'), replyForError(h, 'test')]) {
      const text = String(reply.body);
      expect(text).not.toMatch(/\d{6,}|[０-９]{6,}/);
      expect(text).toContain('6301**********5812');
    }
    expect(JSON.stringify(e.details)).toContain('6301*******6185'); // a 15-digit number too
  });

  it('HTTP: an ID in an unknown field name or parameter name comes back masked', async () => {
    const r = await call('GET', `/api/calc/settlements?policy=xining-2024&field=${ID}abc`);
    expect(r.status).toBe(400);
    expect(r.text).not.toContain(ID);
    const p = await call('GET', `/api/calc/settlements?policy=xining-2024&param.ID${ID}=1`);
    expect(p.status).toBe(400);
    expect(p.text).not.toContain(ID);
  });
});

describe('POST /api/calc: the same calc with the fields in a JSON body', () => {
  const id = idFor('19800101', 123);
  const fields = { policy: 'xining-2024', settlementId: 'A1', idNumber: id, scheme: 'employee', employmentStatus: 'employed', visitType: 'inpatient', level: 'level2', visitDate: '2024-02-03', dischargeDate: '2024-02-15', totalCost: 7959.12, fullySelfPaid: '258', classBSelfPay: '170.75' };

  it('gives what GET gives, with nothing personal in the URL', async () => {
    const query = new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)]));
    const get = await call('GET', `/api/calc/settlements?${query}`);
    const post = await call('POST', '/api/calc/settlements', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(fields) });
    expect(get.status).toBe(200);
    expect(post.status).toBe(200);
    expect(post.json()).toEqual(get.json());
    const value = await call('POST', '/api/calc/settlements?code=key', { body: JSON.stringify({ ...fields, field: 'fundPaid', format: 'value' }) });
    expect(value.text).toBe('5584.30');
  });

  it('refuses fields in the query, a body that is not a JSON object, and values that are not text or numbers', async () => {
    expect((await call('POST', `/api/calc/settlements?idNumber=${id}`, { body: JSON.stringify(fields) })).json()).toMatchObject({ error: 'bad-query' });
    expect((await call('POST', '/api/calc/settlements', { body: '[1,2]' })).json()).toMatchObject({ error: 'bad-body' });
    expect((await call('POST', '/api/calc/settlements', { body: 'not json' })).json()).toMatchObject({ error: 'bad-body' });
    expect((await call('POST', '/api/calc/settlements', { body: JSON.stringify({ ...fields, totalCost: { a: 1 } }) })).json()).toMatchObject({ error: 'bad-body' });
    expect((await call('POST', '/api/calc/settlements', { body: JSON.stringify({ ...fields, bogus: '1' }) })).status).toBe(400);
  });

  it('is in the OpenAPI document with a JSON request body', async () => {
    const doc = (await call('GET', '/api/openapi.json')).json();
    const op = doc.paths['/api/calc/settlements'].post;
    expect(op.requestBody.content['application/json'].schema.properties.idNumber).toBeDefined();
    expect(op.parameters.some((p: { in: string; name: string }) => p.in === 'query' && p.name === 'idNumber')).toBe(false);
  });
});

describe('blob door', () => {
  const storage = useBlobStorage();
  const read = async (name: string) => JSON.parse((await storage.service().getContainerClient(RESULTS).getBlobClient(name).downloadToBuffer()).toString('utf8')) as { error: string; message: string; input: string };

  it('a name with . or .. segments is refused; its report goes under the name with them replaced', async () => {
    expect(parseUploadName('xining-2024/settlements/../x.xlsx')).toMatchObject({ problem: expect.stringMatching(/\.\./), error: 'xining-2024/settlements/_/x.error.json' });
    expect(parseUploadName('xining-2024/./settlements/x.xlsx').error).toBe('xining-2024/_/settlements/x.error.json');
    expect(parseUploadName('xining-2024//settlements/x.xlsx').problem).toBeDefined();
    const prev = setLogSink(() => undefined);
    try {
      await storage.service().getContainerClient(UPLOADS).getBlockBlobClient('xining-2024/settlements/../x.xlsx').uploadData(Buffer.from('PK'));
      const r = await processUploadedBlob(storage.service(), 'uploads/xining-2024/settlements/../x.xlsx');
      expect(r).toMatchObject({ outcome: 'error-report', output: 'xining-2024/settlements/_/x.error.json' });
      expect((await read(r.output)).error).toBe('bad-path');
    } finally {
      setLogSink(prev);
    }
  });

  it('an ID in the upload name does not reach the error report unmasked', async () => {
    const prev = setLogSink(() => undefined);
    try {
      const name = `xining-2024/settlements/张三${ID}.csv`;
      await storage.service().getContainerClient(UPLOADS).getBlockBlobClient(name).uploadData(Buffer.from('x'));
      const r = await processUploadedBlob(storage.service(), `uploads/${name}`);
      const text = JSON.stringify(await read(r.output));
      expect(text).not.toContain(ID);
      expect(text).toContain('6301**********5812');
    } finally {
      setLogSink(prev);
    }
  });

  it('a blob over the size limit is refused from its length, before it is downloaded (413 in the report)', async () => {
    const prev = setLogSink(() => undefined);
    process.env['YIBAO_MAX_INPUT_BYTES'] = '1000';
    try {
      await storage.service().getContainerClient(UPLOADS).getBlockBlobClient('xining-2024/settlements/big.xlsx').uploadData(Buffer.alloc(5000, 1));
      const r = await processUploadedBlob(storage.service(), 'uploads/xining-2024/settlements/big.xlsx');
      expect(r).toMatchObject({ outcome: 'error-report', sha256: '' });
      expect(await read(r.output)).toMatchObject({ error: 'too-large' });
    } finally {
      delete process.env['YIBAO_MAX_INPUT_BYTES'];
      setLogSink(prev);
    }
  });
});
