/**
 * Every Power Query recipe in docs/pq parses (the real M parser), and every URL and query name the docs
 * use is a route of the table with names its schema accepts — so the docs cannot drift from the API.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { DefaultSettings, TaskUtils } from '@microsoft/powerquery-parser';
import { describe, expect, it } from 'vitest';
import { matchRoute, type RouteMatch } from '../../src/http/routes.js';
import { calcQueryFor, parseKind, parseQuery } from '../../src/http/schemas.js';
import type { z } from 'zod';

const DOCS = new URL('../../docs/', import.meta.url);
const PQ = new URL('pq/', DOCS);
const pqFiles = readdirSync(PQ).filter((f) => f.endsWith('.pq')).sort();
const read = (u: URL) => readFileSync(u, 'utf8');

function schemaOf(m: RouteMatch): z.ZodType | undefined {
  return m.route.route === 'calc/{kind}' ? calcQueryFor(parseKind(m.params['kind'])) : m.route.doc.query;
}
const allowsOverrides = (m: RouteMatch) => m.route.name === 'process' || m.route.name === 'calc';

/** Names and (literal) values of the top-level fields of the M record that starts at text[open] === '['. */
function recordFields(text: string, open: number): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  let depth = 0;
  let i = open;
  let start = open + 1;
  const take = (chunk: string) => {
    const m = /^\s*(#"([^"]+)"|[A-Za-z_][\w.]*)\s*=\s*([\s\S]*?)\s*$/.exec(chunk);
    if (!m) return;
    const value = /^"((?:[^"]|"")*)"$/.exec(m[3]!)?.[1];
    out.set(m[2] ?? m[1]!, value);
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      i = text.indexOf('"', i + 1);
      while (text[i + 1] === '"') i = text.indexOf('"', i + 2);
      continue;
    }
    if (c === '[' || c === '(' || c === '{') depth++;
    else if (c === ']' || c === ')' || c === '}') {
      depth--;
      if (depth === 0) {
        take(text.slice(start, i));
        return out;
      }
    } else if (c === ',' && depth === 1) {
      take(text.slice(start, i));
      start = i + 1;
    }
  }
  return out;
}

interface Call {
  file: string;
  method: 'GET' | 'POST';
  path: string;
  query: Map<string, string | undefined>;
}

function webCalls(file: string, text: string): Call[] {
  const code = text.replace(/\/\/[^\n]*/g, '');
  return code
    .split('Web.Contents(')
    .slice(1)
    .map((seg) => {
      const rel = /RelativePath\s*=\s*"([^"]+)"/.exec(seg)?.[1];
      const q = seg.search(/Query\s*=\s*\[/);
      const query = q >= 0 ? recordFields(seg, seg.indexOf('[', q)) : new Map<string, string | undefined>();
      // POST /api/calc's JSON body carries the fields GET puts in the query: checked the same way.
      const j = seg.search(/Json\.FromValue\(\s*\[/);
      if (j >= 0) for (const [k, v] of recordFields(seg, seg.indexOf('[', j))) query.set(k, v);
      return { file, method: /\bContent\s*=/.test(seg) ? 'POST' : 'GET', path: `/${rel ?? ''}`, query } as Call;
    });
}

function checkCall(c: Call): void {
  const m = matchRoute(c.method, c.path);
  expect('route' in m, `${c.file}: ${c.method} ${c.path} is a route`).toBe(true);
  const hit = m as RouteMatch;
  const params = new URLSearchParams();
  for (const [k, v] of c.query) params.set(k, v ?? 'x');
  const schema = schemaOf(hit);
  const literalOnly = new URLSearchParams([...c.query].filter(([, v]) => v !== undefined) as [string, string][]);
  if (schema) {
    // Names must exist; literal values must be accepted too.
    const keys = Object.keys((schema as unknown as { shape: object }).shape);
    for (const k of c.query.keys()) {
      const ok = keys.includes(k) || (allowsOverrides(hit) && k.startsWith('param.'));
      expect(ok, `${c.file}: query name ${k} of ${c.path}`).toBe(true);
    }
    expect(() => parseQuery(schema, literalOnly, allowsOverrides(hit)), `${c.file}: query values of ${c.path}`).not.toThrow();
  }
}

describe('docs/pq recipes', () => {
  it('there are recipes for the documented tasks', () => {
    expect(pqFiles).toEqual(expect.arrayContaining(['process-workbook-json.pq', 'policy-parameters.pq', 'function-key.pq']));
  });

  it.each(pqFiles)('%s parses with @microsoft/powerquery-parser', async (f) => {
    const task = await TaskUtils.tryLexParse(DefaultSettings, read(new URL(f, PQ)));
    if (!TaskUtils.isOk(task)) throw new Error(`${f}: ${JSON.stringify((task as { error?: { message?: string } }).error?.message ?? task.stage)}`);
    expect(TaskUtils.isParseStageOk(task)).toBe(true);
  });

  it.each(pqFiles)('%s uses only routes and query names of the route table', (f) => {
    const text = read(new URL(f, PQ));
    const calls = webCalls(f, text);
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) checkCall(c);
    const base = /BaseUrl\s*=\s*"([^"]+)"/.exec(text)?.[1];
    expect(base).toMatch(/^(http:\/\/localhost:7071|https:\/\/[\w-]+\.azurewebsites\.net)$/);
  });

  it('the parser check can fail: broken M is rejected', async () => {
    const task = await TaskUtils.tryLexParse(DefaultSettings, 'let Source = Web.Contents("x", [Query = [a = 1]] in Source');
    expect(TaskUtils.isOk(task)).toBe(false);
  });

  it('the function-key recipe keeps the key out of the workbook: ApiKeyName = "code", no key in the text', () => {
    const text = read(new URL('function-key.pq', PQ)).replace(/\/\/[^\n]*/g, '');
    expect(text).toMatch(/ApiKeyName\s*=\s*"code"/);
    expect(text).not.toMatch(/x-functions-key|FunctionKey|code\s*=\s*"/);
  });

  it.each(pqFiles)('%s: ManualStatusHandling, where used, lets yibao’s JSON through for 404 and 500 too', (f) => {
    const m = /ManualStatusHandling\s*=\s*\{([^}]*)\}/.exec(read(new URL(f, PQ)));
    if (m) expect(m[1]!.split(',').map((x) => Number(x.trim()))).toEqual(expect.arrayContaining([400, 404, 413, 415, 422, 500]));
  });

  it('a recipe computes a table of the current workbook (Excel.CurrentWorkbook) and one takes the file path from a parameter', () => {
    expect(pqFiles.some((f) => /Excel\.CurrentWorkbook\(\)/.test(read(new URL(f, PQ))))).toBe(true);
    expect(read(new URL('process-workbook-json.pq', PQ))).toMatch(/File\.Contents\(FilePath\)/);
  });

  it('docs/power-query.md walks a Chinese Excel through the menus and the first credential prompt', () => {
    const md = read(new URL('power-query.md', DOCS));
    for (const s of ['数据 → 获取数据 → 自其他源 → 空白查询', 'Access Web content', '访问 Web 内容', '匿名', 'Web API', 'ApiKeyName', '管理参数', 'Excel.CurrentWorkbook', 'ManualStatusHandling']) expect(md, s).toContain(s);
    for (const f of pqFiles) expect(md, f).toContain(`pq/${f}`);
  });

  it('the checker itself rejects a wrong route or name', () => {
    expect(() => checkCall({ file: 't', method: 'GET', path: '/api/policy', query: new Map() })).toThrow();
    expect(() => checkCall({ file: 't', method: 'POST', path: '/api/settlements', query: new Map([['polcy', 'xining-2024']]) })).toThrow();
    expect(() => checkCall({ file: 't', method: 'GET', path: '/api/calc/settlements', query: new Map([['policy', 'xining-2024'], ['totalcost', '1']]) })).toThrow();
  });
});

describe('URLs in the markdown docs', () => {
  const mdFiles = readdirSync(DOCS).filter((f) => f.endsWith('.md'));
  it.each(mdFiles)('%s: every localhost API URL is a route with valid query names', (f) => {
    const text = read(new URL(f, DOCS));
    for (const line of text.split('\n')) {
      for (const m of line.matchAll(/https?:\/\/localhost:7071(\/api\/[^\s"'`)<>]*)/g)) {
        const url = new URL(m[1]!.replace(/&amp;/g, '&'), 'http://localhost:7071');
        const method = /--data-binary|\s-F\s|-X POST|Content\s*=/.test(line) ? 'POST' : 'GET';
        const query = new Map<string, string | undefined>();
        for (const [k, v] of url.searchParams) query.set(k, /^[\w.\-:%]*$/.test(v) && !v.includes('"') ? v : undefined);
        checkCall({ file: f, method, path: decodeURIComponent(url.pathname).replace(/\{kind\}/, 'settlements'), query });
      }
    }
  });
});
