/**
 * Cross-check with LibreOffice: every processed sample, opened by `soffice --headless --convert-to csv`,
 * shows the same numbers in the result columns as yibao's own JSON output. This proves the xlsx we
 * write is read by another spreadsheet program the way we mean it (values, not just formats).
 * Skipped, with the reason in the suite name, when `soffice` is not on PATH
 * (install: apt-get install -y libreoffice-calc-nogui).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSamples } from '../../scripts/samples/build.js';
import { kindDef, resultColumns } from '../../src/kinds/index.js';
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
