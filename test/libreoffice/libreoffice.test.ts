/**
 * Cross-check with LibreOffice: every processed sample, opened by `soffice --headless --convert-to csv`,
 * shows the same numbers in the result columns as yibao's own JSON output. This proves the xlsx we
 * write is read by another spreadsheet program the way we mean it (values, not just formats).
 * The monthly workbook (one sheet per month, a 合计 row of SUM formulas, footer lines) and a macro-enabled
 * workbook are opened too: every sheet, the formulas we write evaluated by LibreOffice, the .xlsm read.
 * Skipped, with the reason in the suite name, when `soffice` is not on PATH
 * (install: apt-get install -y libreoffice-calc-nogui).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSamples } from '../../scripts/samples/build.js';
import { kindDef, resultColumns } from '../../src/kinds/index.js';
import JSZip from 'jszip';
import { D } from '../../src/money.js';
import { assertBuilt, yibao } from '../cli/run-cli.js';

function findSoffice(): string | undefined {
  for (const bin of ['soffice', 'libreoffice']) {
    const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return undefined;
}

const soffice = findSoffice();
const title = soffice ? 'LibreOffice reads the same numbers from our result workbooks' : 'LibreOffice cross-check — SKIPPED: soffice not found on PATH (apt-get install -y libreoffice-calc-nogui)';
if (!soffice) console.warn(`[libreoffice] ${title}`);

/** RFC 4180 CSV (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++; // int: skip the escaped quote
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++; // int: CRLF
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A displayed number ("5,584.30", "0", "") as a canonical decimal string, '' for blank. */
function num(v: unknown): string {
  const s = String(v ?? '').replace(/[,\s¥]/g, '');
  if (s === '') return '';
  return D(s).toFixed(4);
}

const samples = buildSamples();

describe.skipIf(!soffice)(title, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yibao-lo-'));
  const processed = samples.map((s) => ({ ...s, name: `${s.policy}__${s.kind}`, input: path.join('samples', s.policy, `${s.kind}.xlsx`) }));

  beforeAll(() => {
    assertBuilt();
    for (const p of processed) {
      const r = yibao(['process', p.input, '--out', path.join(dir, `${p.name}.xlsx`)]);
      if (r.code !== 0) throw new Error(`yibao process ${p.input} failed (${r.code}): ${r.stderr}`);
    }
    // One soffice run for all files; a private profile so a desktop LibreOffice never interferes.
    const lo = spawnSync(
      soffice!,
      [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', path.join(dir, 'csv'), ...processed.map((p) => path.join(dir, `${p.name}.xlsx`))],
      { encoding: 'utf8', timeout: 180_000 },
    );
    if (lo.status !== 0) throw new Error(`soffice failed (${lo.status}): ${lo.stderr}`);
  }, 240_000);

  it.each(processed.map((p) => [p.name, p] as const))('%s: result columns equal yibao’s JSON to the fen', (_n, p) => {
    const csv = parseCsv(readFileSync(path.join(dir, 'csv', `${p.name}.csv`), 'utf8').replace(/^\uFEFF/, ''));
    const [header, ...lines] = csv;
    const json = JSON.parse(yibao(['process', p.input, '--format', 'json', '--out', '-']).stdout.toString('utf8')) as Record<string, unknown>[];
    const dataLines = lines.filter((l) => l.some((c) => c !== ''));
    expect(dataLines).toHaveLength(json.length);
    const numeric = resultColumns(kindDef(p.kind)).filter((c) => c.type === 'money' || c.type === 'decimal' || c.type === 'int');
    let compared = 0;
    for (const col of numeric) {
      const at = header!.indexOf(col.zh);
      if (at < 0) continue;
      json.forEach((rec, i) => {
        expect(num(dataLines[i]![at]), `${p.name} row ${i + 2} ${col.zh}`).toBe(num(rec[col.key]));
        if (dataLines[i]![at] !== '') compared += 1;
      });
    }
    const status = header!.indexOf('状态');
    expect(status).toBeGreaterThanOrEqual(0);
    expect(dataLines.every((l) => ['成功', '警告', '错误'].includes(l[status]!))).toBe(true);
    if (json.some((r) => r['status'] !== 'error')) expect(compared).toBeGreaterThan(0);
  });
});

/** Every sheet of a workbook as CSV (LibreOffice ≥ 7.2: the 12th filter token -1 writes name-Sheet.csv per sheet). */
function sheetsAsCsv(dir: string, file: string): (sheet: string) => string[][] {
  const lo = spawnSync(
    soffice!,
    [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', path.join(dir, 'csv'), file],
    { encoding: 'utf8', timeout: 180_000 },
  );
  if (lo.status !== 0) throw new Error(`soffice failed (${lo.status}): ${lo.stderr}`);
  const base = path.basename(file).replace(/\.xls[xm]$/, '');
  return (sheet) => parseCsv(readFileSync(path.join(dir, 'csv', `${base}-${sheet}.csv`), 'utf8').replace(/^\uFEFF/, ''));
}

describe.skipIf(!soffice)(`${title}: several sheets, SUM formulas, macro-enabled`, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'yibao-lo-more-'));
  const money = resultColumns(kindDef('settlements')).filter((c) => c.type === 'money');

  it('monthly workbook: each month sheet shows yibao’s numbers, and each 合计 row’s formulas sum the computed rows', () => {
    assertBuilt();
    const input = path.join('samples', 'xining-2024', 'monthly', 'settlements.xlsx');
    const out = path.join(dir, 'monthly.xlsx');
    const r = yibao(['process', input, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(yibao(['process', input, '--format', 'json', '--out', '-']).stdout.toString('utf8')) as Record<string, unknown>[];
    const sheet = sheetsAsCsv(dir, out);
    const months = [...new Set(json.map((rec) => String(rec['sheet'])))];
    expect(months.length).toBeGreaterThan(1);
    let totals = 0;
    for (const month of months) {
      const grid = sheet(month);
      const header = grid.find((l) => l.includes('结算号'))!;
      const mine = json.filter((rec) => rec['sheet'] === month);
      for (const rec of mine) {
        const line = grid[Number(rec['row']) - 1]!;
        expect(line[header.indexOf('状态')], `${month} row ${String(rec['row'])}`).toBe({ ok: '成功', warning: '警告', error: '错误', skipped: '跳过' }[String(rec['status'])]);
        if (rec['status'] === 'skipped') continue;
        for (const col of money) {
          const at = header.indexOf(col.zh);
          if (at >= 0) expect(num(line[at]), `${month} row ${String(rec['row'])} ${col.zh}`).toBe(num(rec[col.key]));
        }
      }
      const totalsLine = grid.find((l) => l[0] === '合计');
      if (!totalsLine) continue;
      totals += 1;
      for (const col of money) {
        const at = header.indexOf(col.zh);
        if (at < 0 || col.cumulative) continue;
        const sum = mine.filter((rec) => rec['status'] === 'ok' || rec['status'] === 'warning').reduce((a, rec) => a.plus(D(String(rec[col.key] ?? 0))), D(0));
        expect(num(totalsLine[at]), `${month} 合计 ${col.zh}`).toBe(sum.toFixed(4));
      }
    }
    expect(totals).toBeGreaterThan(1);
  }, 240_000);

  it('a macro-enabled workbook comes back as .result.xlsm that LibreOffice opens with the same numbers', async () => {
    assertBuilt();
    const sample = readFileSync(path.join('samples', 'xining-2024', 'settlements.xlsx'));
    const z = await JSZip.loadAsync(sample);
    const ct = await z.file('[Content_Types].xml')!.async('string');
    z.file('[Content_Types].xml', ct.replace('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'application/vnd.ms-excel.sheet.macroEnabled.main+xml'));
    const input = path.join(dir, '批次.xlsm');
    writeFileSync(input, await z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const r = yibao(['process', input, '--policy', 'xining-2024']);
    expect(r.code, r.stderr).toBe(0);
    const out = path.join(dir, '批次.result.xlsm');
    const json = JSON.parse(yibao(['process', input, '--policy', 'xining-2024', '--format', 'json', '--out', '-']).stdout.toString('utf8')) as Record<string, unknown>[];
    const grid = sheetsAsCsv(dir, out)(json[0]!['sheet'] as string);
    const header = grid.find((l) => l.includes('结算号'))!;
    const at = header.indexOf('统筹基金支付');
    expect(at).toBeGreaterThanOrEqual(0);
    for (const rec of json) expect(num(grid[Number(rec['row']) - 1]![at]), `row ${String(rec['row'])}`).toBe(num(rec['fundPaid']));
  }, 240_000);
});
