/**
 * Users never see internal document names (issue 15.5): no `RULES.md`, `rules-catalog`, catalog codes or
 * policy `.txt` file names in any output — result workbooks (cells, 汇总, 计算依据, notes), JSON/CSV rows,
 * API answers, the CLI's help. The policy is cited by its title and article instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { USAGE } from '../../src/cli/args.js';
import { processWorkbook } from '../../src/pipeline/process.js';
import { RULE_SETS } from '../../src/rules/index.js';
import { call } from '../http/call.js';
import { zipEntries } from '../workbook/helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
const INTERNAL = [/RULES(\.md|\s*§)/, /rules-catalog/, /WORKBOOKS\.md/, /PRODUCT\.md/, /LEDGER\.md/, /\b[XD]-P\d+\b/, /\.txt\b/, ...Object.values(RULE_SETS).map((rs) => new RegExp(rs.textFile.replace(/[.-]/g, '\\$&')))];

function expectClean(text: string, where: string): void {
  for (const re of INTERNAL) expect(re.test(text), `${where} shows ${re}: …${text.slice(Math.max(0, text.search(re) - 60), text.search(re) + 60)}…`).toBe(false);
}

const samples = readdirSync(path.join(root, 'samples'), { recursive: true }).map(String).filter((f) => f.endsWith('.xlsx')).map((f) => path.join(root, 'samples', f));

describe('no internal document names in what users see', () => {
  it.each(samples.map((f) => [path.relative(root, f), f]))('%s: result workbook and JSON rows', async (_n, file) => {
    const xlsx = await processWorkbook({ source: { path: file }, format: 'xlsx' });
    for (const [name, bytes] of await zipEntries(xlsx.body!)) if (/\.(xml|vml)$/.test(name)) expectClean(bytes.toString('utf8'), name);
    const json = await processWorkbook({ source: { path: file }, format: 'json', headers: 'zh' });
    expectClean(json.body!.toString('utf8'), 'JSON');
  });

  it('the policy is cited by its title in 计算依据 and GET /api/policies', async () => {
    const xlsx = await processWorkbook({ source: { path: path.join(root, 'samples/xining-2024/settlements.xlsx') }, format: 'xlsx' });
    const all = [...(await zipEntries(xlsx.body!)).values()].map((b) => b.toString('utf8')).join('');
    expect(all).toContain(RULE_SETS['xining-2024'].title);
    const p = await call('GET', '/api/policies');
    expect(p.json().policies.map((x: { title: string }) => x.title)).toEqual(Object.values(RULE_SETS).map((rs) => rs.title));
  });

  it('API answers: policies, parameters (JSON and CSV), OpenAPI, errors', async () => {
    const answers = [
      await call('GET', '/api/policies'),
      ...(await Promise.all(Object.keys(RULE_SETS).flatMap((id) => [call('GET', `/api/policies/${id}/parameters`), call('GET', `/api/policies/${id}/parameters?format=csv&headers=zh`)]))),
      await call('GET', '/api/openapi.json'),
      await call('GET', '/api/calc/contributions?policy=xining-2024&idNumber=630102198001011230&category=在职&wage=6000&employerType=企业&period=2024-03&arrears=100'),
      await call('GET', '/api/calc/settlements?policy=dongying-2018&visitType=住院'),
      await call('POST', '/api/settlements', { body: readFileSync(path.join(root, 'templates/settlements.xlsx')) }),
    ];
    for (const a of answers) expectClean(a.text, `${a.status} ${a.text.slice(0, 80)}`);
  });

  it('the CLI help', () => {
    expectClean(USAGE, 'yibao --help');
  });
});
