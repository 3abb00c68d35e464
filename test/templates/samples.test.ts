/**
 * The sample workbooks: committed files equal a fresh generation; every policy × kind is there; rows are
 * valid except the deliberately wrong ones (备注 故意错误…), which the validation layer rejects; the
 * handbook's worked examples are present.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMonthlySamples, buildSamples } from '../../scripts/samples/build.js';
import { checkRow } from '../../src/kinds/checks.js';
import { parseIdNumber } from '../../src/kinds/idcard.js';
import { kindDef } from '../../src/kinds/index.js';
import { KIND_IDS } from '../../src/kinds/types.js';
import { validateRow } from '../../src/kinds/validate.js';
import { workbookSnapshot } from '../../src/templates/snapshot.js';
import { readSheetRows } from './sheet-rows.js';

const root = path.resolve(import.meta.dirname, '../..');
const samples = buildSamples();
const file = (policy: string, kind: string): string => path.join(root, 'samples', policy, `${kind}.xlsx`);

describe('sample workbooks', () => {
  it('exist for every policy × kind (maternity-allowance only for xining-2024)', () => {
    const have = samples.map((s) => `${s.policy}/${s.kind}`).sort();
    const want = ['xining-2024', 'dongying-2018'].flatMap((p) => KIND_IDS.filter((k) => p === 'xining-2024' || k !== 'maternity-allowance').map((k) => `${p}/${k}`)).sort();
    expect(have).toEqual(want);
  });

  it.each(samples.map((s) => [`${s.policy}/${s.kind}`, s] as const))('%s: committed file equals a fresh generation (`npm run samples`)', async (_n, s) => {
    expect(await workbookSnapshot(await readFile(file(s.policy, s.kind)))).toEqual(await workbookSnapshot(s.workbook));
  });

  it.each(buildMonthlySamples().map((s) => [`${s.policy}/${s.file}`, s] as const))('%s: committed file equals a fresh generation (`npm run samples`)', async (_n, s) => {
    expect(await workbookSnapshot(await readFile(path.join(root, 'samples', s.policy, s.file)))).toEqual(await workbookSnapshot(s.workbook));
  });

  it('the monthly sample holds the settlement sample month by month, each sheet ending with 合计 (SUM formulas) and a signature line', () => {
    const [m] = buildMonthlySamples();
    const sheets = m!.workbook.worksheets.filter((ws) => /^\d+月$/.test(ws.name));
    expect(sheets.length).toBeGreaterThan(6);
    let rows = 0;
    for (const ws of sheets) {
      const last = ws.rowCount;
      expect(ws.getCell(last - 1, 1).value, ws.name).toBe('合计');
      expect(JSON.stringify(ws.getRow(last - 1).values)).toMatch(/"formula":"SUM\(/);
      expect(String(ws.getCell(last, 1).value)).toMatch(/^制表人：/);
      rows += last - 5; // title, header, blank, 合计, signature
    }
    expect(rows).toBe(samples.find((s) => s.policy === 'xining-2024' && s.kind === 'settlements')!.rows.length);
  });

  it.each(samples.map((s) => [`${s.policy}/${s.kind}`, s] as const))('%s: good rows validate, deliberate errors are rejected', async (_n, s) => {
    const kind = kindDef(s.kind);
    const { rows, params } = await readSheetRows(await readFile(file(s.policy, s.kind)), kind);
    expect(rows.length).toBeGreaterThanOrEqual(9);
    expect(params.get('政策')).toBe(s.policy);
    const seen = new Set<string>();
    let badRows = 0;
    for (const raw of rows) {
      const { row, issues } = validateRow(kind, raw);
      const all = [...issues, ...checkRow(s.kind, row)];
      const errors = all.filter((i) => i.severity === 'error');
      const id = raw['settlementId'] === undefined ? undefined : String(raw['settlementId']);
      const duplicate = id !== undefined && seen.has(id);
      if (id !== undefined) seen.add(id);
      if (String(raw.note ?? '').startsWith('故意错误')) {
        badRows += 1;
        expect(errors.length > 0 || duplicate, `${raw.note}`).toBe(true);
      } else {
        expect(errors.map((e) => e.message), `row ${String(raw['name'])} ${String(raw.note ?? '')}`).toEqual([]);
        expect(duplicate).toBe(false);
        expect(parseIdNumber(String(raw['idNumber'])).ok).toBe(true);
      }
    }
    expect(badRows).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => /^测试/.test(String(r['name'])))).toBe(true);
  });

  it('dongying samples set the example average wage in 参数 and say it is an example', async () => {
    for (const s of samples.filter((x) => x.policy === 'dongying-2018')) {
      const { params } = await readSheetRows(await readFile(file(s.policy, s.kind)), kindDef(s.kind));
      expect(params.get('上年度全省职工月平均工资')).toBe(6500);
    }
    const ws = samples.find((x) => x.policy === 'dongying-2018')!.workbook.getWorksheet('参数')!;
    let note = '';
    ws.eachRow((row) => {
      if (row.getCell(1).value === '上年度全省职工月平均工资') note = String(row.getCell(3).value);
    });
    expect(note).toContain('示例值');
  });

  it('carry the handbook worked examples', () => {
    const rows = (policy: string, kind: string) => samples.find((s) => s.policy === policy && s.kind === kind)!.rows;
    const st = rows('xining-2024', 'settlements').find((r) => r['totalCost'] === '7959.12');
    expect(st).toMatchObject({ fullySelfPaid: '258', classBSelfPay: '170.75', level: '二级', scheme: '职工', employmentStatus: '在职', visitType: '住院' });
    const rs = rows('xining-2024', 'retirement-supplement').filter((r) => r['actualMonths'] === 102);
    expect(rs.map((r) => `${String(r['sex'])}/${String(r['insuredAs'])}/${String(r['deemedMonths'])}/${String(r['baseBeforeRetirement'] ?? '')}`).sort()).toEqual(
      ['女/单位参保/69/4817', '女/灵活就业/69/', '男/单位参保/129/4817', '男/灵活就业/129/'],
    );
    expect(rows('xining-2024', 'maternity-allowance').some((r) => r['unitAverageBase'] === '5000' && r['leaveDays'] === 158)).toBe(true);
    expect(rows('xining-2024', 'account-refund').filter((r) => r['balance'] === '1824.32')).toHaveLength(2);
    const paid = rows('xining-2024', 'resident-contributions').map((r) => String(r['paidOn']));
    for (const d of ['2023-09-01', '2023-12-31', '2024-01-01', '2024-03-31', '2024-04-01', '2024-06-30', '2024-07-01']) expect(paid).toContain(d);
  });
});
