/**
 * 按本系统约定 as data (issue 14.7): every convention has an id and says what the text leaves open, the
 * reading chosen, the other reading and the rows it affects; docs/conventions.md is generated from these
 * records; every derivation step that rests on one names its id; the result's 计算依据 sheet lists the
 * conventions that batch used — no more, no fewer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processWorkbook } from '../../src/pipeline/process.js';
import { RULE_SETS } from '../../src/rules/index.js';
import { conventionsMarkdown } from '../../src/rules/rule-index.js';
import { loadExcel } from '../workbook/helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
const SAMPLES = Object.values(RULE_SETS).flatMap((rs) => Object.keys(rs.kinds).map((kind) => ({ policy: rs.id, kind, file: path.join(root, 'samples', rs.id, `${kind}.xlsx`) })))
  .filter((s) => !(s.policy === 'dongying-2018' && s.kind === 'maternity-allowance'));
const MARKER = /\(按本系统约定([^)]*)\)/g;

describe('convention records', () => {
  it('docs/conventions.md is generated from them (run npm run rules:index)', () => {
    expect(readFileSync(path.join(root, 'docs/conventions.md'), 'utf8')).toBe(conventionsMarkdown());
  });

  for (const rs of Object.values(RULE_SETS)) {
    it(`${rs.id}: ids are unique and well formed, every field is said`, () => {
      const prefix = rs.id === 'dongying-2018' ? 'DY' : 'XN';
      const ids = rs.conventions.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const c of rs.conventions) {
        expect(c.id).toMatch(new RegExp(`^(G|${prefix})\\d+$`));
        for (const f of [c.title, c.open, c.chosen, c.other, c.rows]) expect(f.trim().length, c.id).toBeGreaterThan(5);
      }
    });
  }

  it('no derivation text in the rule sets marks a convention without its id', () => {
    const src = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? src(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
    for (const f of [...src(path.join(root, 'src/rules/dongying-2018')), ...src(path.join(root, 'src/rules/xining-2024'))]) {
      const code = readFileSync(f, 'utf8').split('\n').filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l)).join('\n');
      expect(code.includes("'按本系统约定'") || /\(按本系统约定\)/.test(code), f).toBe(false);
    }
  });
});

describe.each(SAMPLES)('$policy/$kind sample', ({ policy, kind, file }) => {
  it('every 按本系统约定 in 计算依据 names known conventions, and the 计算依据 sheet lists exactly those used', async () => {
    const rs = RULE_SETS[policy];
    const known = new Map(rs.conventions.map((c) => [c.id, c]));
    const json = await processWorkbook({ source: { path: file }, format: 'json', headers: 'en' });
    const cited = new Set<string>();
    for (const row of JSON.parse(json.body!.toString('utf8')) as { basis?: string }[]) {
      for (const m of (row.basis ?? '').matchAll(MARKER)) {
        const ids = m[1]!.trim().split('、');
        expect(ids.length, row.basis).toBeGreaterThan(0);
        for (const id of ids) {
          expect(known.has(id), `${id} in ${row.basis}`).toBe(true);
          cited.add(id);
        }
      }
    }
    const xlsx = await processWorkbook({ source: { path: file }, format: 'xlsx' });
    const sheet = (await loadExcel(xlsx.body!)).getWorksheet('计算依据')!;
    const listed: string[] = [];
    const paramConventions = new Set<string>();
    let inTable = false;
    sheet.eachRow((r) => {
      const a = String(r.getCell(1).value ?? '');
      if (a === '约定') inTable = true;
      else if (inTable && known.has(a)) listed.push(a);
      const note = String(r.getCell(9).value ?? '');
      const m = /按本系统约定 (\w+)/.exec(note);
      if (!inTable && m) paramConventions.add(m[1]!);
    });
    const want = rs.conventions.map((c) => c.id).filter((id) => cited.has(id) || paramConventions.has(id));
    expect(listed).toEqual(want);
    for (const id of listed) {
      const c = known.get(id)!;
      const row = sheet.getRows(1, sheet.rowCount)!.find((r) => r.getCell(1).value === id)!;
      expect([row.getCell(3).value, row.getCell(4).value, row.getCell(5).value, row.getCell(6).value]).toEqual([c.open, c.chosen, c.other, c.rows]);
    }
  });
});

it('the samples of both policies between them cite conventions (the check above is not vacuous)', async () => {
  let n = 0;
  for (const s of SAMPLES.filter((x) => x.kind === 'settlements' || x.kind === 'contributions')) {
    const json = await processWorkbook({ source: { path: s.file }, format: 'json', headers: 'en' });
    n += [...json.body!.toString('utf8').matchAll(MARKER)].length;
  }
  expect(n).toBeGreaterThan(10);
});
