/**
 * `yibao process` on every sample: one output row per input row, each with 状态; the deliberately wrong
 * rows (备注 故意错误…) come back as 错误; the input cells come back untouched. These run the real
 * pipeline (processWorkbook) end to end through the built CLI.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSamples } from '../../scripts/samples/build.js';
import { kindDef } from '../../src/kinds/index.js';
import { readSheetRows } from '../templates/sheet-rows.js';
import { assertBuilt, ROOT, yibao } from './run-cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'yibao-process-'));
const samples = buildSamples().map((s) => ({ ...s, file: path.join('samples', s.policy, `${s.kind}.xlsx`) }));

beforeAll(() => assertBuilt());

async function inputRows(file: string, kind: (typeof samples)[number]['kind']) {
  return (await readSheetRows(readFileSync(path.join(ROOT, file)), kindDef(kind))).rows;
}

describe.each(samples.map((s) => [`${s.policy}/${s.kind}`, s] as const))('yibao process %s', (name, s) => {
  it('--format json: one record per input row, each with a status; deliberate errors and only they are errors', async () => {
    const rows = await inputRows(s.file, s.kind);
    const r = yibao(['process', s.file, '--format', 'json', '--out', '-']);
    expect(r.stderr).not.toMatch(/内部错误|internal error/);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.toString('utf8')) as Record<string, unknown>[];
    expect(out).toHaveLength(rows.length);
    out.forEach((rec, i) => {
      expect(['ok', 'warning', 'error']).toContain(rec['status']);
      const note = String(rows[i]!.note ?? '');
      if (note.startsWith('故意错误')) expect(rec['status'], `${name} row ${i + 2}: ${note}`).toBe('error');
      // A row whose 备注 says a parameter must be set in 参数 demonstrates the missing-parameter error.
      else if (note.includes('需在参数表设置')) expect(String(rec['messages'])).toContain('缺少参数');
      else expect(rec['status'], `${name} row ${i + 2}: ${String(rec['messages'])}`).not.toBe('error');
    });
    expect(r.stderr).toMatch(/成功 \d+ · 警告 \d+ · 错误 \d+/); // summary on stderr when the result goes to stdout
  });

  it('--out x.xlsx: the same sheet comes back with 状态 on every row and the input cells untouched', async () => {
    const out = path.join(tmp, `${s.policy}-${s.kind}.result.xlsx`);
    const r = yibao(['process', s.file, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.toString()).toMatch(/成功 \d+ · 警告 \d+ · 错误 \d+/);
    const input = new ExcelJS.Workbook();
    await input.xlsx.readFile(path.join(ROOT, s.file));
    const result = new ExcelJS.Workbook();
    await result.xlsx.readFile(out);
    const a = input.worksheets[0]!;
    const b = result.getWorksheet(a.name)!;
    expect(b, 'data sheet kept under its name').toBeDefined();
    const headers: string[] = [];
    b.getRow(1).eachCell((c, col) => {
      headers[col - 1] = String(c.value);
    });
    const statusCol = headers.indexOf('状态') + 1;
    expect(statusCol).toBeGreaterThan(a.columnCount);
    expect(headers).toContain('提示');
    expect(headers).toContain('计算依据');
    const rows = await inputRows(s.file, s.kind);
    for (let i = 0; i < rows.length; i++) {
      const rowNo = i + 2;
      expect(['成功', '警告', '错误']).toContain(b.getRow(rowNo).getCell(statusCol).value);
      for (let c = 1; c <= a.columnCount; c++) {
        const va = a.getRow(rowNo).getCell(c).value;
        const vb = b.getRow(rowNo).getCell(c).value;
        expect(vb instanceof Date ? vb.toISOString() : vb, `${name} ${a.getRow(rowNo).getCell(c).address}`).toEqual(va instanceof Date ? va.toISOString() : va);
      }
    }
    expect(b.getRow(rows.length + 2).getCell(statusCol).value ?? null).toBeNull(); // no extra rows
  });
});

describe('yibao process output options', () => {
  const s = samples.find((x) => x.policy === 'xining-2024' && x.kind === 'settlements')!;

  it('writes <name>.result.xlsx next to the input when --out is absent', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'yibao-default-'));
    const input = path.join(dir, 'batch.xlsx');
    copyFileSync(path.join(ROOT, s.file), input);
    const r = yibao(['process', input]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'batch.result.xlsx'))).toBe(true);
    expect(r.stdout.toString()).toContain('batch.result.xlsx');
  });

  it('--format csv writes UTF-8 with BOM; --headers zh gives the Chinese headers, --headers en the English keys', () => {
    const zh = yibao(['process', s.file, '--format', 'csv', '--headers', 'zh', '--out', '-']);
    expect(zh.code, zh.stderr).toBe(0);
    expect([...zh.stdout.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const zhHeader = zh.stdout.toString('utf8').slice(1).split(/\r?\n/)[0]!;
    expect(zhHeader).toContain('结算号');
    expect(zhHeader).toContain('状态');
    const en = yibao(['process', s.file, '--format', 'csv', '--headers', 'en', '--out', '-']);
    expect(en.code, en.stderr).toBe(0);
    const enHeader = en.stdout.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0]!;
    expect(enHeader).toContain('settlementId');
    expect(enHeader).toContain('fundPaid');
  });

  it('a failed run leaves no partial output file', () => {
    const out = path.join(tmp, 'never.xlsx');
    const r = yibao(['process', 'templates/settlements.xlsx', '--out', out]);
    expect(r.code).toBe(2); // no policy anywhere
    expect(existsSync(out)).toBe(false);
  });
});
