import { describe, expect, it } from 'vitest';
import { KINDS } from '../../src/kinds/index.js';
import { KIND_IDS } from '../../src/kinds/types.js';
import { ROUTES, guarded, matchRoute, type RouteDef } from '../../src/http/routes.js';
import { processQuery, parametersQuery } from '../../src/http/schemas.js';
import { POLICY_IDS, ruleSet } from '../../src/rules/index.js';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { setLogSink } from '../../src/log.js';
import { idFor } from '../helpers/rows.js';
import { call, toCalled } from './call.js';

const ID = idFor('19800101', 123);
// The handbook's worked example (二(二)4(1)): 二级, first admission, (7959.12-258-170.75-550)×80% = 5584.30.
const INPATIENT = `policy=xining-2024&settlementId=A1&idNumber=${ID}&scheme=employee&employmentStatus=employed&visitType=inpatient&level=level2&visitDate=2024-02-03&dischargeDate=2024-02-15&totalCost=7959.12&fullySelfPaid=258&classBSelfPay=170.75`;

function expectError(r: { status: number; headers: Record<string, string>; json: () => any; text: string }, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.headers['content-type']).toMatch(/^application\/json/);
  const j = r.json();
  expect(j.error).toBe(code);
  expect(typeof j.message).toBe('string');
  expect(j.message).toMatch(/[\u4e00-\u9fff]/); // Chinese …
  expect(j.message).toMatch(/ \/ [A-Za-z]/); // … + English
  expect(Array.isArray(j.details)).toBe(true);
  expect(r.text).not.toMatch(/\bat .*\.(ts|js):\d+/); // never a stack trace
}

describe('route table', () => {
  it('health and the web page are anonymous and every other route needs a function key', () => {
    for (const r of ROUTES) expect(r.authLevel).toBe(r.name === 'health' || r.name === 'app' ? 'anonymous' : 'function');
  });

  it('literal routes beat the {kind} catch-all, unknown paths are 404 and wrong methods 405', () => {
    expect(matchRoute('GET', '/api/health')).toMatchObject({ route: { name: 'health' } });
    expect(matchRoute('POST', '/api/settlements')).toMatchObject({ route: { name: 'process' }, params: { kind: 'settlements' } });
    expect(matchRoute('GET', '/api/policies/xining-2024/parameters')).toMatchObject({ route: { name: 'parameters' }, params: { id: 'xining-2024' } });
    expect(matchRoute('GET', '/api/settlements')).toEqual({ status: 405, allow: ['POST'] });
    expect(matchRoute('POST', '/api/jobs')).toMatchObject({ route: { name: 'jobs' } });
    expect(matchRoute('POST', '/api/uploads')).toMatchObject({ route: { name: 'uploads' } });
    expect(matchRoute('GET', `/api/jobs/${'a'.repeat(32)}/result`)).toMatchObject({ route: { name: 'jobResult' }, params: { jobId: 'a'.repeat(32) } });
    expect(matchRoute('GET', '/api/a/b/c/d')).toEqual({ status: 404 });
    expect(matchRoute('GET', '/other')).toEqual({ status: 404 });
  });
});

describe('GET /api/health', () => {
  it('answers ok with the policies and kinds, and whether the ledger is on (off without YIBAO_LEDGER_KEY)', async () => {
    const r = await call('GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ status: 'ok', policies: POLICY_IDS, kinds: KIND_IDS, ledger: { status: 'off', message: expect.stringContaining('YIBAO_LEDGER_KEY') } });
  });
  it('ignores query strings (probes add their own)', async () => {
    expect((await call('GET', '/api/health?probe=1')).status).toBe(200);
  });
});

describe('errors', () => {
  it('404 and 405 are error JSON; 405 says Allow', async () => {
    expectError(await call('GET', '/api/x/y/z/w'), 404, 'not-found');
    const r = await call('GET', '/api/settlements');
    expectError(r, 405, 'method-not-allowed');
    expect(r.headers['allow']).toBe('POST');
  });

  it('an unexpected exception becomes a generic 500 without a stack trace, logged with IDs masked', async () => {
    const lines: string[] = [];
    const prev = setLogSink((l) => lines.push(l));
    try {
      const boom: RouteDef = { ...ROUTES[0]!, name: 'boom', handler: async () => { throw new Error(`secret detail for ${ID}`); } };
      const reply = await guarded(boom)(new HttpRequest({ method: 'GET', url: 'http://localhost/api/boom' }), new InvocationContext());
      const r = await toCalled(reply);
      expectError(r, 500, 'internal-error');
      expect(r.text).not.toContain('secret detail');
      expect(lines.join('\n')).toContain('secret detail');
      expect(lines.join('\n')).not.toContain(ID);
    } finally {
      setLogSink(prev);
    }
  });
});

describe('GET /api/policies', () => {
  it('lists both rule sets with period, kinds and rule index, and the column names of every kind', async () => {
    const r = await call('GET', '/api/policies');
    expect(r.status).toBe(200);
    const j = r.json();
    expect(j.policies.map((p: any) => p.id)).toEqual(POLICY_IDS);
    const xn = j.policies.find((p: any) => p.id === 'xining-2024');
    expect(xn.name).toBe(ruleSet('xining-2024').name);
    expect(xn.period).toEqual(ruleSet('xining-2024').period);
    expect(xn.kinds).toContain('settlements');
    expect(xn.rules.length).toBe(ruleSet('xining-2024').rules.length);
    expect(xn.parameters).toBe('/api/policies/xining-2024/parameters');
    expect(j.kinds.map((k: any) => k.id)).toEqual(KIND_IDS);
    const st = j.kinds.find((k: any) => k.id === 'settlements');
    // WORKBOOKS.md: the fixed English↔Chinese names.
    const pairs = Object.fromEntries([...st.inputs, ...st.results].map((c: any) => [c.key, c.zh]));
    expect(pairs).toMatchObject({ settlementId: '结算号', idNumber: '身份证号', totalCost: '医疗总费用', fundPaid: '统筹基金支付', status: '状态', messages: '提示', basis: '计算依据' });
    expect(st.inputs.find((c: any) => c.key === 'scheme').options).toContainEqual({ value: '职工', code: 'employee' });
    const ct = j.kinds.find((k: any) => k.id === 'contributions');
    expect(ct.inputs.length).toBe(KINDS.contributions.inputs.length);
  });
});

describe('GET /api/policies/{id}/parameters', () => {
  it('JSON: one line per dated value with source and period', async () => {
    const r = await call('GET', '/api/policies/xining-2024/parameters');
    expect(r.status).toBe(200);
    const j = r.json();
    expect(j.policy).toBe('xining-2024');
    const defs = ruleSet('xining-2024').params;
    const expected = defs.reduce((n, d) => n + Math.max(d.values.length, 1), 0);
    expect(j.parameters).toHaveLength(expected);
    const d = defs.find((p) => p.values.length > 0)!;
    expect(j.parameters).toContainEqual(expect.objectContaining({ id: d.id, value: d.values[0]!.value, from: d.values[0]!.from, sourceRef: d.source.ref, sourceQuote: d.source.quote }));
  });

  it('CSV: UTF-8 with BOM, English or Chinese headers', async () => {
    const en = await call('GET', '/api/policies/dongying-2018/parameters?format=csv');
    expect(en.status).toBe(200);
    expect(en.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...en.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(en.text.slice(1).split('\r\n')[0]).toBe('id,label,unit,value,from,to,sourceRef,sourceQuote,convention,conventionId,note');
    const zh = await call('GET', '/api/policies/dongying-2018/parameters?format=csv&headers=zh');
    expect(zh.text.slice(1).split('\r\n')[0]).toBe('参数,名称,单位,值,起始日期,截止日期,条款,原文,按本系统约定,约定编号,说明');
    const lines = zh.text.trim().split('\r\n');
    expect(lines.length - 1).toBe(ruleSet('dongying-2018').params.reduce((n, d) => n + Math.max(d.values.length, 1), 0));
  });

  it('unknown policy → 404, bad format → 400', async () => {
    expectError(await call('GET', '/api/policies/beijing-2030/parameters'), 404, 'unknown-policy');
    expectError(await call('GET', '/api/policies/xining-2024/parameters?format=xml'), 400, 'bad-query');
  });
});

describe('GET /api/calc/{kind}', () => {
  it('computes one row from English query names (JSON object)', async () => {
    const r = await call('GET', `/api/calc/settlements?${INPATIENT}`);
    expect(r.status).toBe(200);
    const j = r.json();
    expect(j).toMatchObject({ row: 1, settlementId: 'A1', scheme: '职工', visitType: '住院', level: '二级', deductible: 550, fundPaid: 5584.3, status: 'ok' });
    expect(j.basis).toBe('起付线550(二(二)4(1)·二级·年度第1次)；(7959.12-258-170.75-550)×80%=5584.30(二(二)4(1))');
  });

  it('field + format=value returns the bare number as text for WEBSERVICE()', async () => {
    const r = await call('GET', `/api/calc/settlements?${INPATIENT}&field=fundPaid&format=value`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(r.text).toBe('5584.30');
    const j = await call('GET', `/api/calc/settlements?${INPATIENT}&field=deductible`);
    expect(j.json()).toEqual({ deductible: 550, status: 'ok', messages: null });
  });

  it('param.<id> overrides a parameter (deductible 600 instead of 550)', async () => {
    const r = await call('GET', `/api/calc/settlements?${INPATIENT}&param.xining.employee.inpatient.deductible.level2.first=600&field=fundPaid&format=value`);
    expect(r.status).toBe(200);
    expect(r.text).toBe('5544.30'); // (7959.12-258-170.75-600)×80% = 5544.296 → 5544.30
  });

  it('row errors: JSON answers status error; format=value answers 422', async () => {
    const bad = INPATIENT.replace('level=level2', 'level=level9');
    const j = await call('GET', `/api/calc/settlements?${bad}`);
    expect(j.status).toBe(200);
    expect(j.json().status).toBe('error');
    expect(j.json().messages).toContain('医院等级');
    expectError(await call('GET', `/api/calc/settlements?${bad}&field=fundPaid&format=value`), 422, 'row-error');
  });

  it('bad requests: unknown field name, unknown result field, missing policy, value without field, unknown parameter, bad parameter value, unknown kind', async () => {
    expectError(await call('GET', `/api/calc/settlements?${INPATIENT}&totalcost=1`), 400, 'bad-query');
    expectError(await call('GET', `/api/calc/settlements?${INPATIENT}&field=nope`), 400, 'unknown-field');
    expectError(await call('GET', `/api/calc/settlements?${INPATIENT.replace('policy=xining-2024&', '')}`), 400, 'bad-query');
    expectError(await call('GET', `/api/calc/settlements?${INPATIENT}&format=value`), 400, 'bad-query');
    expectError(await call('GET', `/api/calc/settlements?${INPATIENT}&param.no.such=1`), 400, 'unknown-parameter');
    expectError(await call('GET', `/api/calc/settlements?${INPATIENT}&param.xining.employee.inpatient.deductible.level2.first=abc`), 400, 'bad-parameter');
    expectError(await call('GET', `/api/calc/settlement?${INPATIENT}`), 404, 'unknown-kind');
    expectError(await call('GET', `/api/calc/settlements?${INPATIENT}&policy=xining-2024`), 400, 'bad-query'); // repeated
  });

  it('year stands in for the 参数 sheet 年度 when the row has no date and reads something dated; Chinese enum values work too', async () => {
    // An employee's rates do not depend on the date (one value for the whole policy): no date is needed.
    const employed = `/api/calc/contributions?policy=xining-2024&idNumber=${ID}&category=employed&wage=5000&employerType=${encodeURIComponent('企业')}`;
    expect((await call('GET', employed)).json()).toMatchObject({ status: 'ok', base: 5000, employerAmount: 300, employeeAmount: 100 });
    // A flexible worker's base is the average wage in force at the row's date (二(一)2(2)): the date matters.
    const flexible = `/api/calc/contributions?policy=xining-2024&idNumber=${ID}&category=flexible&flexibleRate=8`;
    const noDate = (await call('GET', flexible)).json();
    expect(noDate.status).toBe('error');
    expect(String(noDate.messages)).toContain('无法确定业务日期');
    expect((await call('GET', `${flexible}&year=2024`)).json()).toMatchObject({ status: 'ok', base: 8029, employeeAmount: 642.32 });
    expect((await call('GET', `${employed}&year=24`)).status).toBe(400);
  });

  it('ignores the host key parameter `code`', async () => {
    const r = await call('GET', `/api/calc/settlements?${INPATIENT}&code=abc&field=fundPaid&format=value`);
    expect(r.text).toBe('5584.30');
  });
});

describe('GET /api/openapi.json', () => {
  it('documents every route of the table, with parameters from the zod schemas', async () => {
    const r = await call('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const route of ROUTES) {
      for (const m of route.methods) {
        const paths = route.route === 'calc/{kind}' ? KIND_IDS.map((k) => `/api/calc/${k}`) : [`/api/${route.route}`];
        for (const p of paths) expect(doc.paths[p]?.[m.toLowerCase()], `${m} ${p}`).toBeDefined();
      }
    }
    const post = doc.paths['/api/{kind}'].post;
    const names = post.parameters.map((p: any) => p.name);
    for (const k of Object.keys(processQuery.shape)) expect(names).toContain(k);
    expect(post.parameters.find((p: any) => p.name === 'format').schema.enum).toEqual(['xlsx', 'json', 'csv']);
    expect(post.parameters.find((p: any) => p.name === 'kind').schema.enum).toEqual(KIND_IDS);
    expect(Object.keys(post.requestBody.content)).toContain('multipart/form-data');
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '400', '413', '415']));
    const params = doc.paths['/api/policies/{id}/parameters'].get.parameters.map((p: any) => p.name);
    expect(params).toEqual(['id', ...Object.keys(parametersQuery.shape)]);
    const calc = doc.paths['/api/calc/settlements'].get.parameters.map((p: any) => p.name);
    for (const c of KINDS.settlements.inputs) expect(calc).toContain(c.key);
    expect(doc.paths['/api/calc/settlements'].get.parameters.find((p: any) => p.name === 'policy').required).toBe(true);
    expect(doc.paths['/api/health'].get.security).toEqual([]);
    expect(doc.paths['/api/policies'].get.security).toContainEqual({ functionKeyHeader: [] });
    expect(doc.components.schemas.Error.required).toEqual(['error', 'message', 'details']);
  });
});
