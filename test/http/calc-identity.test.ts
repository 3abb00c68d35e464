/**
 * GET /api/calc without 结算号 (issue 14.4): Excel's WEBSERVICE() computes one hypothetical row, so the
 * identity-only columns (结算号, 姓名) are optional there — while a workbook row still needs its 结算号.
 */
import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/engine/run.js';
import { ruleSet } from '../../src/rules/index.js';
import { idFor } from '../helpers/rows.js';
import { call } from './call.js';

const ID = idFor('19800101', 123);
const XINING = `policy=xining-2024&idNumber=${ID}&scheme=employee&employmentStatus=employed&visitType=inpatient&level=level2&visitDate=2024-02-03&dischargeDate=2024-02-15&totalCost=7959.12&fullySelfPaid=258&classBSelfPay=170.75`;
const DONGYING = `policy=dongying-2018&idNumber=${ID}&scheme=employee&employmentStatus=employed&visitType=inpatient&level=level2&visitDate=2021-02-03&dischargeDate=2021-02-15&totalCost=10000`;

describe('GET /api/calc/settlements without settlementId or name', () => {
  it('xining-2024: the handbook example, (7959.12−258−170.75−550)×80% = 5584.30, as WEBSERVICE() asks for it', async () => {
    const r = await call('GET', `/api/calc/settlements?${XINING}&field=fundPaid&format=value`);
    expect([r.status, r.text]).toEqual([200, '5584.30']);
    const j = (await call('GET', `/api/calc/settlements?${XINING}`)).json();
    expect(j).toMatchObject({ status: 'ok', fundPaid: 5584.3 });
    expect(j.messages ?? '').not.toMatch(/结算号/);
  });

  it('dongying-2018: (10000 − 500) × 90% = 8550.00', async () => {
    const r = await call('GET', `/api/calc/settlements?${DONGYING}&field=fundPaid&format=value`);
    expect([r.status, r.text]).toEqual([200, '8550.00']);
  });

  it('the OpenAPI document does not call settlementId required for calc', async () => {
    const doc = (await call('GET', '/api/openapi.json')).json();
    const params = doc.paths['/api/calc/settlements'].get.parameters as { name: string; description?: string }[];
    expect(params.find((p) => p.name === 'settlementId')!.description).not.toContain('必填');
    expect(params.find((p) => p.name === 'totalCost')!.description).toContain('必填');
  });

  it('POST with the fields as JSON (身份证号 out of the URL): the same answer without settlementId or name', async () => {
    const fields = Object.fromEntries(new URLSearchParams(XINING));
    const post = await call('POST', '/api/calc/settlements', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...fields, field: 'fundPaid', format: 'value' }) });
    expect([post.status, post.text]).toEqual([200, '5584.30']);
    const j = (await call('POST', '/api/calc/settlements', { headers: { 'content-type': 'application/json' }, body: JSON.stringify(fields) })).json();
    expect(j).toMatchObject({ status: 'ok', fundPaid: 5584.3 });
    expect(j).toEqual((await call('GET', `/api/calc/settlements?${XINING}`)).json());
    const body = (await call('GET', '/api/openapi.json')).json().paths['/api/calc/settlements'].post.requestBody.content['application/json'].schema as { required?: string[]; properties: Record<string, { description?: string }> };
    expect(body.required ?? []).not.toContain('settlementId');
    expect(body.properties['settlementId']!.description ?? '').not.toContain('必填');
  });

  it('a workbook row without 结算号 is still an error naming the column', async () => {
    const row = { idNumber: ID, scheme: '职工', employmentStatus: '在职', visitType: '住院', level: '二级', visitDate: '2024-02-03', dischargeDate: '2024-02-15', totalCost: '7959.12' };
    const b = await runBatch([row], { kind: 'settlements', ruleSet: ruleSet('xining-2024') });
    expect(b.outcomes[0]!.status).toBe('error');
    expect(b.outcomes[0]!.messages.join()).toContain('结算号');
  });
});
