/**
 * End to end through processWorkbook: a settlements batch for xining-2024 in a workbook with styles,
 * merged cells, formulas, a second sheet, data validation, a frozen header, a defined name, a comment
 * and column widths. The user's workbook must come back untouched apart from the appended results.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { settlements } from '../../src/kinds/settlements.js';
import { resultColumns } from '../../src/kinds/index.js';
import { STATUS_ZH } from '../../src/kinds/types.js';
import { processWorkbook } from '../../src/pipeline/process.js';
import { buildFixture, GOOD_ID } from './fixture.js';
import { loadExcel, parseCsv, plain, zipEntries } from './helpers.js';

const RESULT_COLS = resultColumns(settlements);
const FIRST_RESULT_COL = 14; // A..M are the fixture's 13 input columns
const DATA_ROWS = [3, 4, 5, 7]; // row 6 is blank

let input: Buffer;
let output: Buffer;
let inBook: ExcelJS.Workbook;
let outBook: ExcelJS.Workbook;

beforeAll(async () => {
  input = await buildFixture();
  const res = await processWorkbook({ source: { bytes: input, name: '二月结算.xlsx' }, policy: 'xining-2024' });
  expect(res.filename).toBe('二月结算.result.xlsx');
  expect(res.kind).toBe('settlements');
  output = res.body!;
  inBook = await loadExcel(input);
  outBook = await loadExcel(output);
});

function resultCell(ws: ExcelJS.Worksheet, row: number, key: string): ExcelJS.Cell {
  const i = RESULT_COLS.findIndex((c) => c.key === key);
  expect(i).toBeGreaterThanOrEqual(0);
  return ws.getCell(row, FIRST_RESULT_COL + i);
}

describe('the same workbook comes back', () => {
  it('keeps every original cell value, style and note (read back by exceljs)', () => {
    let compared = 0;
    inBook.eachSheet((inWs) => {
      const outWs = outBook.getWorksheet(inWs.name)!;
      expect(outWs, inWs.name).toBeDefined();
      inWs.eachRow({ includeEmpty: true }, (row, r) => {
        row.eachCell({ includeEmpty: true }, (cell, c) => {
          const out = outWs.getCell(r, c);
          expect(out.value, `${inWs.name}!${cell.address}`).toEqual(cell.value);
          expect(out.style, `${inWs.name}!${cell.address}`).toEqual(cell.style);
          if (cell.note) expect(out.note).toEqual(cell.note);
          compared += 1;
        });
      });
      expect(outWs.model.merges).toEqual(inWs.model.merges);
      expect(outWs.views).toEqual(inWs.views);
      for (let c = 1; c <= 13; c++) expect(outWs.getColumn(c).width, `width ${inWs.name} col ${c}`).toEqual(inWs.getColumn(c).width);
    });
    expect(compared).toBeGreaterThan(60);
    expect(outBook.definedNames.model).toEqual(inBook.definedNames.model);
  });

  it('copies untouched parts byte for byte and keeps data validation', async () => {
    const a = await zipEntries(input);
    const b = await zipEntries(output);
    const changed = new Set(['xl/worksheets/sheet2.xml', 'xl/styles.xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', '[Content_Types].xml', 'xl/worksheets/_rels/sheet2.xml.rels', 'xl/comments2.xml', 'xl/drawings/vmlDrawing2.vml']);
    let same = 0;
    for (const [name, bytes] of a) {
      expect(b.has(name), name).toBe(true);
      if (changed.has(name)) continue;
      expect(b.get(name)!.equals(bytes), name).toBe(true);
      same += 1;
    }
    expect(same).toBeGreaterThanOrEqual(5); // 说明 sheet, sharedStrings, theme, docProps, rels
    const sheet = b.get('xl/worksheets/sheet2.xml')!.toString('utf8');
    expect(sheet).toContain('<dataValidation type="list" allowBlank="1" sqref="D3:D7"><formula1>&quot;职工,居民&quot;</formula1></dataValidation>');
    expect(sheet).toContain('<mergeCell ref="A1:E1"/>');
    // The original styles are a prefix of the new cellXfs (indices stay valid).
    const cellXfs = (xml: string) => /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)![1]!;
    expect(cellXfs(b.get('xl/styles.xml')!.toString('utf8')).startsWith(cellXfs(a.get('xl/styles.xml')!.toString('utf8')))).toBe(true);
    const ws = outBook.getWorksheet('结算明细')!;
    expect(ws.getCell('D3').dataValidation).toEqual(inBook.getWorksheet('结算明细')!.getCell('D3').dataValidation);
  });
});

describe('results', () => {
  it('appends result columns with their headers right of the last input column', () => {
    const ws = outBook.getWorksheet('结算明细')!;
    RESULT_COLS.forEach((c, i) => {
      const h = ws.getCell(2, FIRST_RESULT_COL + i);
      expect(h.value).toBe(c.zh);
      expect(h.font?.bold).toBe(true);
    });
    expect(ws.getCell(2, FIRST_RESULT_COL + RESULT_COLS.length).value).toBeNull();
    expect(ws.getCell(1, FIRST_RESULT_COL).value).toBeNull(); // nothing above the header row
  });

  it('computes the handbook row: 7959.12 → 统筹基金支付 5584.30', () => {
    const ws = outBook.getWorksheet('结算明细')!;
    expect(resultCell(ws, 3, 'fundPaid').value).toBe(5584.3);
    expect(resultCell(ws, 3, 'fundPaid').numFmt).toBe('#,##0.00');
    expect(resultCell(ws, 3, 'deductible').value).toBe(550);
    expect(resultCell(ws, 3, 'patientPays').value).toBe(2374.82);
    expect(resultCell(ws, 3, 'status').value).toBe('成功');
    expect(resultCell(ws, 3, 'basis').value).toBe('起付线550(二(二)4(1)·二级·年度第1次)；(7959.12-258-170.75-550)×80%=5584.30(二(二)4(1))');
    // Second admission of the same person in the year: 三级, second deductible.
    expect(resultCell(ws, 7, 'admissionNo').value).toBe(2);
    expect(resultCell(ws, 7, 'status').value).toBe('成功');
  });

  it('marks bad rows 错误 naming column and value, with a note on the offending cell', () => {
    const ws = outBook.getWorksheet('结算明细')!;
    expect(resultCell(ws, 4, 'status').value).toBe('错误');
    expect(String(resultCell(ws, 4, 'messages').value)).toContain('列「身份证号」');
    expect(resultCell(ws, 4, 'fundPaid').value).toBeNull();
    expect(resultCell(ws, 5, 'status').value).toBe('错误');
    expect(String(resultCell(ws, 5, 'messages').value)).toMatch(/列「医院等级」的值「四级」.*一级/);
    const note = (c: ExcelJS.Cell) => JSON.stringify(c.note ?? '');
    expect(note(ws.getCell('B4'))).toContain('身份证号');
    expect(note(ws.getCell('G5'))).toContain('四级');
    expect(ws.getCell('A2').note).toEqual(inBook.getWorksheet('结算明细')!.getCell('A2').note); // the user's own note kept
    expect(resultCell(ws, 4, 'status').fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFFFC7CE' } });
  });

  it('returns every data row exactly once with a 状态, and skips the blank row', () => {
    const ws = outBook.getWorksheet('结算明细')!;
    const withStatus: number[] = [];
    ws.eachRow({ includeEmpty: true }, (_row, r) => {
      if (r > 2 && resultCell(ws, r, 'status').value) withStatus.push(r);
    });
    expect(withStatus).toEqual(DATA_ROWS);
  });

  it('adds 汇总 and 计算依据 sheets', () => {
    const names = outBook.worksheets.map((w) => w.name);
    expect(names).toEqual(['说明', '结算明细', '汇总', '计算依据']);
    const sum = outBook.getWorksheet('汇总')!;
    const byLabel = new Map<string, unknown[]>();
    sum.eachRow((row) => {
      const vals = (row.values as unknown[]).slice(1);
      byLabel.set(String(vals[0]), vals.slice(1));
    });
    expect(byLabel.get('行数')).toEqual([4]);
    expect(byLabel.get('成功')).toEqual([2]);
    expect(byLabel.get('错误')).toEqual([2]);
    expect(byLabel.get('统筹基金支付')).toEqual([5584.3 + 8287.88]);
    expect(byLabel.get('住院')?.slice(0, 1)).toEqual([2]); // per category: 就诊类型 住院, 2 rows
    const basis = outBook.getWorksheet('计算依据')!;
    const ids: string[] = [];
    basis.eachRow((row, r) => {
      if (r > 2) ids.push(String(row.getCell(1).value));
    });
    expect(ids).toContain('xining.employee.inpatient.ratio.level2.employed');
    const row = basis.getRows(3, 200)!.find((r) => r.getCell(1).value === 'xining.employee.inpatient.ratio.level2.employed')!;
    expect(row.getCell(3).value).toBe('80%');
    expect(row.getCell(5).value).toBe('二(二)4(1)');
    expect(row.getCell(8).value).toBe('否');
  });
});

describe('JSON and CSV', () => {
  async function xlsxRows(): Promise<Map<number, Record<string, unknown>>> {
    const ws = outBook.getWorksheet('结算明细')!;
    const out = new Map<number, Record<string, unknown>>();
    for (const r of DATA_ROWS) {
      const rec: Record<string, unknown> = {};
      for (const c of RESULT_COLS) rec[c.key] = plain(resultCell(ws, r, c.key).value);
      out.set(r, rec);
    }
    return out;
  }

  it('JSON parses back to the xlsx values, money as exact decimal tokens', async () => {
    const res = await processWorkbook({ source: { bytes: input, name: 'b.xlsx' }, policy: 'xining-2024', format: 'json' });
    expect(res.filename).toBe('b.result.json');
    expect(res.contentType).toContain('application/json');
    const text = res.body!.toString('utf8');
    expect(text).toContain('"fundPaid":5584.30');
    expect(text).toContain('"deductible":550.00');
    const recs = JSON.parse(text) as Record<string, unknown>[];
    expect(recs.map((r) => r['row'])).toEqual(DATA_ROWS);
    const x = await xlsxRows();
    for (const rec of recs) {
      const want = x.get(rec['row'] as number)!;
      for (const c of RESULT_COLS) {
        const got = c.key === 'status' ? STATUS_ZH[rec['status'] as 'ok'] : rec[c.key];
        expect(got ?? null, `row ${String(rec['row'])} ${c.key}`).toEqual(want[c.key]);
      }
    }
    expect(recs[0]!['idNumber']).toBe(GOOD_ID);
    expect(recs[0]!['visitDate']).toBe('2024-02-03');
    expect(recs[0]!['fullySelfPaid']).toBe(258); // formula cell: its cached result
  });

  it('CSV (UTF-8 BOM, RFC 4180) parses back to the same values; headers=zh uses the Chinese names', async () => {
    const res = await processWorkbook({ source: { bytes: input, name: 'b.xlsx' }, policy: 'xining-2024', format: 'csv' });
    expect(res.filename).toBe('b.result.csv');
    const text = res.body!.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [head, ...rows] = parseCsv(text.slice(1));
    expect(rows).toHaveLength(DATA_ROWS.length);
    const x = await xlsxRows();
    for (const row of rows) {
      const rec = Object.fromEntries(head!.map((h, i) => [h, row[i]]));
      const want = x.get(Number(rec['row']))!;
      for (const c of RESULT_COLS) {
        const w = want[c.key];
        const got = c.key === 'status' ? STATUS_ZH[rec['status'] as 'ok'] : rec[c.key];
        if (typeof w === 'number') expect(Number(got), c.key).toBe(w);
        else expect(got === '' ? null : got, c.key).toEqual(w);
      }
    }
    expect(text).toContain(',5584.30,');
    const zh = await processWorkbook({ source: { bytes: input }, policy: 'xining-2024', format: 'csv', headers: 'zh' });
    const [zhHead, first] = parseCsv(zh.body!.toString('utf8').slice(1));
    expect(zhHead!.slice(0, 3)).toEqual(['行号', '结算号', '身份证号']);
    expect(zhHead).toContain('统筹基金支付');
    expect(first![zhHead!.indexOf('状态')]).toBe('成功');
  });
});

describe('determinism and delivery', () => {
  it('gives byte-identical output for the same input', async () => {
    const again = await processWorkbook({ source: { bytes: input, name: '二月结算.xlsx' }, policy: 'xining-2024' });
    expect(again.body!.equals(output)).toBe(true);
  });

  it('reads from a file path and writes to a sink, with progress', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { PassThrough } = await import('node:stream');
    const dir = await mkdtemp(join(tmpdir(), 'yibao-wb-'));
    const path = join(dir, '结算.xlsx');
    await writeFile(path, input);
    const sink = new PassThrough();
    const parts: Buffer[] = [];
    sink.on('data', (b: Buffer) => parts.push(b));
    const progress: [number, number | undefined][] = [];
    const res = await processWorkbook({ source: { path }, policy: 'xining-2024', sink, onProgress: (d, t, stage) => stage === 'compute' && progress.push([d, t]) });
    expect(res.body).toBeUndefined();
    expect(res.filename).toBe('结算.result.xlsx');
    expect(Buffer.concat(parts).equals(output)).toBe(true);
    expect(progress[0]).toEqual([0, 4]);
    expect(progress.at(-1)).toEqual([4, 4]);
  });
});
