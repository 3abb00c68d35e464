/**
 * `npm run regex-audit`: every regular expression in src/ (literals and `new RegExp(…)` with the template's
 * holes left empty) run against crafted text built from its own literal pieces at two sizes, 8× apart.
 * Matching that grows with the square of the text (64× here) where user bytes may reach it is how one
 * small upload blocked the worker for minutes (issue 16); a linear one grows about 8×. Prints every regex
 * whose time grew more than 20× and exits 1 if there is any, unless it is listed in ALLOWED with a reason.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { repoRoot } from './repo-root.js';

interface Found {
  where: string;
  source: string;
  flags: string;
}

/** Regexes that only ever see our own text: file, and why. */
const ALLOWED: Record<string, string> = {
  'src/guard/mutate.ts': 'the fuzzer edits the sample workbooks (a few kilobytes), not uploads',
  'src/guard/shapes.ts': 'it builds the crafted inputs from the sample workbook',
  'src/rules/dongying-2018/settlements.ts': 'the gate messages it reads are built from option values',
  'src/storage/clients.ts': "it trims the app's own storage settings (service URIs from the environment), never a request",
};

function allowedWhy(where: string): string | undefined {
  return ALLOWED[where.slice(0, where.lastIndexOf(':'))];
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function templateText(n: ts.Node): string | undefined {
  if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  if (ts.isTemplateExpression(n)) return n.head.text + n.templateSpans.map((s) => s.literal.text).join('');
  return undefined;
}

export function findRegexes(root: string): Found[] {
  const out: Found[] = [];
  for (const file of files(join(root, 'src'))) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (n: ts.Node): void => {
      const line = sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
      const where = `${relative(root, file)}:${line}`;
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = n.getText();
        const end = text.lastIndexOf('/');
        out.push({ where, source: text.slice(1, end), flags: text.slice(end + 1) });
      } else if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'RegExp' && n.arguments?.[0]) {
        const src = templateText(n.arguments[0]);
        const flags = n.arguments[1] ? (templateText(n.arguments[1]) ?? '') : '';
        if (src !== undefined) out.push({ where, source: src, flags });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

/** Literal pieces of a pattern: runs of characters outside classes and groups' syntax (`<o:idmap`, `data="`). */
function pieces(source: string): string[] {
  const out = new Set<string>();
  let run = '';
  const flush = () => {
    if (run) out.add(run);
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const d = source[i + 1] ?? '';
      i++;
      if ('sdwbSDWB'.includes(d)) {
        flush();
        if (d === 's') out.add(' ');
        if (d === 'd') out.add('1');
        if (d === 'w') out.add('a');
      } else if (d === 'n') run += '\n';
      else if (d === 'u') {
        run += String.fromCharCode(parseInt(source.slice(i + 1, i + 5), 16) || 32);
        i += 4;
      } else run += d;
    } else if (c === '[') {
      flush();
      // A class: its first member stands for it.
      let j = i + 1;
      if (source[j] === '^') j++;
      const member = source[j] === '\\' ? source[j + 1] : source[j];
      if (member && source[i + 1] !== '^') out.add(member === 's' && source[j] === '\\' ? ' ' : member);
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      i = j;
    } else if ('()|?*+{}^$.'.includes(c)) {
      if (c === '{') while (i < source.length && source[i] !== '}') i++;
      flush();
    } else run += c;
  }
  flush();
  return [...out].filter((p) => p.length > 0);
}

/** Crafted texts of about n characters from the pattern's pieces: each repeated, and pairs of them alternating. */
function attacks(source: string, n: number): string[] {
  const ps = pieces(source);
  const base = [...ps, ' ', 'a', '<', '"', '*', '1', '_x'];
  const out: string[] = [];
  for (const p of base) {
    const k = Math.max(1, Math.floor(n / p.length));
    out.push(p.repeat(k), `${p.repeat(k)}\u0000`, `${(p + ' ').repeat(Math.max(1, Math.floor(k / 2)))}`);
  }
  for (let i = 0; i + 1 < ps.length && i < 6; i++) {
    const pair = ps[i]! + ps[i + 1]!;
    out.push(pair.repeat(Math.max(1, Math.floor(n / pair.length))));
  }
  // The whole opening piece followed by filler, repeated (`<comment ` many times, never closed).
  const first = ps[0];
  if (first) {
    out.push(`${first} `.repeat(Math.max(1, Math.floor(n / (first.length + 1)))));
    out.push(`${first}="`.repeat(Math.max(1, Math.floor(n / (first.length + 2)))));
  }
  return out;
}

function cpuMs(f: () => void): number {
  const t = process.cpuUsage();
  f();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

function exercise(re: RegExp, text: string): void {
  if (re.global || re.sticky) {
    text.replace(re, '');
  } else {
    re.test(text);
    text.split(re);
  }
}

export interface AuditRow {
  where: string;
  pattern: string;
  ratio: number;
  ms: number;
  attack: string;
}

/** The worst growth of each regex from n to 8n characters. */
export function audit(found: Found[], n = 4000): AuditRow[] {
  const rows: AuditRow[] = [];
  for (const f of found) {
    let re: RegExp;
    try {
      re = new RegExp(f.source, f.flags);
    } catch {
      continue;
    }
    let worst: AuditRow = { where: f.where, pattern: `/${f.source}/${f.flags}`, ratio: 0, ms: 0, attack: '' };
    const small = attacks(f.source, n);
    const large = attacks(f.source, 8 * n);
    for (let i = 0; i < small.length; i++) {
      const a = small[i]!;
      const b = large[i]!;
      exercise(re, a);
      const t1 = Math.max(0.05, Math.min(cpuMs(() => exercise(re, a)), cpuMs(() => exercise(re, a))));
      // Past 2 s at 8n there is no doubt; stop rather than wait.
      const t2 = cpuMs(() => exercise(re, b));
      const ratio = t2 / t1;
      if (t2 > 2 && ratio > worst.ratio) worst = { ...worst, ratio, ms: t2, attack: JSON.stringify(b.slice(0, 24)) };
    }
    rows.push(worst);
  }
  return rows;
}

function main(): void {
  const root = process.argv[2] ?? repoRoot();
  const found = findRegexes(root);
  const rows = audit(found);
  const bad = rows.filter((r) => r.ratio > 20 && r.ms > 10);
  for (const r of rows.sort((a, b) => b.ratio - a.ratio)) {
    const allowed = allowedWhy(r.where);
    if (r.ratio > 20 && r.ms > 10) process.stdout.write(`${allowed ? 'allowed' : 'SUPERLINEAR'} ${r.ratio.toFixed(0)}× ${r.ms.toFixed(0)} ms ${r.where} ${r.pattern.slice(0, 80)} on ${r.attack}${allowed ? ` (${allowed})` : ''}\n`);
  }
  process.stdout.write(`${found.length} regexes audited, ${bad.length} grew more than 20× from 4,000 to 32,000 characters\n`);
  const failing = bad.filter((r) => allowedWhy(r.where) === undefined);
  process.exitCode = failing.length > 0 ? 1 : 0;
}

if (process.argv[1]?.endsWith('regex-audit.js')) main();
