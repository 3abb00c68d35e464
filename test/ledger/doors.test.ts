/**
 * The ledger at every door: HTTP (?ledger=commit|peek|off, GET /api/ledger/…, /api/health, OpenAPI), the
 * blob drop (commits; the upload's metadata `ledger` may say peek or off), the app's refusal of a bad key.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { processUploadedBlob } from '../../src/blob/handler.js';
import { type AppLedger, appLedger, ledgerFromEnv, useAppLedger } from '../../src/ledger/app.js';
import { MemoryLedger } from '../../src/ledger/memory.js';
import { call } from '../http/call.js';
import { idFor } from '../helpers/rows.js';
import { TEST_KEY_HEX, testKey } from '../helpers/ledger.js';
import { useBlobStorage } from '../helpers/storage.js';
import { workbook } from './helpers.js';

const storage = useBlobStorage();
const H = ['结算号', '身份证号', '姓名', '险种', '人员状态', '就诊类型', '医院等级', '就诊日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额'];
const A = idFor('19800101', 123);
const row = (id: string, from: string, to: string) => [id, A, '张三', '职工', '在职', '住院', '三级', from, to, 10000, 0, 0];

let previous: AppLedger | undefined;
function withLedger(l: MemoryLedger): void {
  previous ??= appLedger();
  useAppLedger({ status: 'on', ledger: l, key: testKey() });
}
afterAll(() => {
  if (previous) useAppLedger(previous);
});

describe('the app turns its ledger on with YIBAO_LEDGER_KEY, and refuses a bad one clearly', () => {
  it('off without a key, refused with a short key or no store, on with a key and a store', () => {
    expect(ledgerFromEnv({}, undefined).status).toBe('off');
    const short = ledgerFromEnv({ YIBAO_LEDGER_KEY: 'abcd' }, 'UseDevelopmentStorage=true');
    expect(short).toMatchObject({ status: 'refused' });
    expect((short as { message: string }).message).toContain('至少需要32个随机字节');
    expect(ledgerFromEnv({ YIBAO_LEDGER_KEY: TEST_KEY_HEX }, undefined)).toMatchObject({ status: 'refused' });
    expect(ledgerFromEnv({ YIBAO_LEDGER: 'UseDevelopmentStorage=true' }, undefined)).toMatchObject({ status: 'refused' });
    const on = ledgerFromEnv({ YIBAO_LEDGER_KEY: TEST_KEY_HEX }, storage.connectionString());
    expect(on.status).toBe('on');
    expect(on.status === 'on' && on.ledger.description).toBe('azure-tables:yibaoledger');
  });

  it('/api/health says whether the ledger is on and why not', async () => {
    useAppLedger({ status: 'refused', message: '台账密钥过短' });
    expect((await call('GET', '/api/health')).json().ledger).toEqual({ status: 'refused', message: '台账密钥过短' });
    withLedger(new MemoryLedger());
    expect((await call('GET', '/api/health')).json().ledger).toEqual({ status: 'on', store: 'memory' });
  });
});

describe('HTTP', () => {
  it('POST commits by default, peek and off leave the ledger alone; GET /api/ledger shows the person-year, ID masked', async () => {
    const ledger = new MemoryLedger();
    withLedger(ledger);
    const jan = await workbook(H, [row('J1', '2024-01-03', '2024-01-10')]);
    const feb = await workbook(H, [row('F1', '2024-02-03', '2024-02-10')]);
    const peek = await call('POST', '/api/settlements?policy=xining-2024&format=json&ledger=peek', { body: jan });
    expect(peek.status).toBe(200);
    expect(peek.headers['x-yibao-ledger']).toBe('peek');
    expect(ledger.dump()).toEqual([]);
    const off = await call('POST', '/api/settlements?policy=xining-2024&format=json&ledger=off', { body: jan });
    expect(off.headers['x-yibao-ledger']).toBeUndefined();
    await call('POST', '/api/settlements?policy=xining-2024&format=json', { body: jan });
    const f = (await call('POST', '/api/settlements?policy=xining-2024&format=json', { body: feb })).json();
    expect([f[0].deductible, f[0].admissionNo]).toEqual([650, 2]);
    const shown = await call('GET', `/api/ledger/xining-2024/2024/${A}`);
    expect(shown.status).toBe(200);
    const v = shown.json();
    expect(v.person).not.toContain(A);
    const book = v.books.find((b: { kind: string }) => b.kind === 'settlements');
    expect([book.version, book.rows.map((r: { key: string }) => r.key), book.totals['xining.employee.inpatient.admissions']]).toEqual([2, ['J1', 'F1'], '2']);
    expect(v.books.find((b: { kind: string }) => b.kind === 'contributions').version).toBe(0);
    expect((await call('GET', `/api/ledger/xining-2024/2023/${A}`)).json().books[0].version).toBe(0);
    expect((await call('GET', '/api/ledger/xining-2024/2024/123')).status).toBe(400);
    expect((await call('GET', `/api/ledger/nowhere/2024/${A}`)).status).toBe(404);
  });

  it('asking for the ledger when the app has none is 503 with the reason; OpenAPI documents the query and the route', async () => {
    useAppLedger({ status: 'off', message: '未设置 YIBAO_LEDGER_KEY' });
    const r = await call('POST', '/api/settlements?policy=xining-2024&ledger=commit', { body: await workbook(H, [row('J1', '2024-01-03', '2024-01-10')]) });
    expect(r.status).toBe(503);
    expect(r.json()).toMatchObject({ error: 'ledger-unavailable' });
    expect((await call('GET', `/api/ledger/xining-2024/2024/${A}`)).status).toBe(503);
    const doc = (await call('GET', '/api/openapi.json')).json();
    expect(JSON.stringify(doc.paths['/api/{kind}'] ?? doc.paths['/{kind}'])).toContain('"ledger"');
    expect(Object.keys(doc.paths).some((p) => p.includes('ledger/{policy}/{year}/{idNumber}'))).toBe(true);
  });
});

describe('blob drop', () => {
  it('commits like the default HTTP call; metadata ledger=peek computes against it without committing', async () => {
    const ledger = new MemoryLedger();
    withLedger(ledger);
    const uploads = storage.service().getContainerClient('uploads');
    const jan = await workbook(H, [row('J1', '2024-01-03', '2024-01-10')]);
    await uploads.getBlockBlobClient('xining-2024/settlements/jan.xlsx').uploadData(jan, { metadata: { ledger: 'peek' } });
    expect((await processUploadedBlob(storage.service(), 'uploads/xining-2024/settlements/jan.xlsx')).outcome).toBe('processed');
    expect(ledger.dump()).toEqual([]);
    await uploads.getBlockBlobClient('xining-2024/settlements/jan2.xlsx').uploadData(jan);
    expect((await processUploadedBlob(storage.service(), 'uploads/xining-2024/settlements/jan2.xlsx')).outcome).toBe('processed');
    expect(ledger.dump()).toHaveLength(1);
  });
});
