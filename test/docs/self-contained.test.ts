/**
 * Self-contained documentation (issue 14.7): every relative link in README.md and docs/*.md resolves inside
 * the repository (files, folders, and #anchors of markdown files), nothing reads or points at a place beside
 * the clone, and the README's first command works from the repository as it is.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const mdFiles = ['README.md', ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's heading anchors: lower case, punctuation dropped (letters of any script kept), spaces to hyphens. */
function anchorsOf(md: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const m of md.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1]!.replace(/`/g, '').toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').trim().replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of md.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(m[1]!);
  return out;
}

/** Markdown links outside code: [text](target) with a relative target. */
function relativeLinks(md: string): string[] {
  const prose = md.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

describe.each(mdFiles)('%s', (file) => {
  const text = readFileSync(path.join(root, file), 'utf8');
  it('every relative link resolves inside the repository', () => {
    const links = relativeLinks(text);
    for (const link of links) {
      const [target = '', anchor] = link.split('#');
      const resolved = target === '' ? path.join(root, file) : path.resolve(path.dirname(path.join(root, file)), decodeURIComponent(target));
      expect(resolved.startsWith(root + path.sep) || resolved === root, `${file}: ${link} leaves the repository`).toBe(true);
      expect(existsSync(resolved), `${file}: ${link} does not exist`).toBe(true);
      if (anchor) {
        expect(statSync(resolved).isFile() && resolved.endsWith('.md'), `${file}: ${link} anchors a non-markdown target`).toBe(true);
        expect(anchorsOf(readFileSync(resolved, 'utf8')).has(anchor), `${file}: ${link} has no such anchor`).toBe(true);
      }
    }
  });

  it('points at nothing beside the clone (no ../shared, no spec file names)', () => {
    expect(text).not.toMatch(/\.\.\/shared|shared\/spec|shared\/policy|RULES\.md|WORKBOOKS\.md|PRODUCT\.md|LEDGER\.md|rules-catalog/);
  });
});

describe('the repository stands alone', () => {
  it('the link checker finds links, and rejects a broken one', () => {
    expect(relativeLinks(readFileSync(path.join(root, 'README.md'), 'utf8')).length).toBeGreaterThan(8);
    expect(relativeLinks('see [x](docs/nope.md) and [y](https://example.com)')).toEqual(['docs/nope.md']);
    expect(anchorsOf('## G1 · 月额先取整\n<a id="XN3"></a>')).toEqual(new Set(['g1--月额先取整', 'XN3']));
  });

  it('no source, test or script reads a file beside the clone', () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.(ts|js|json)$/.test(e.name) ? [path.join(dir, e.name)] : []));
    for (const f of ['src', 'test', 'scripts', 'bench', 'bin', 'functions'].flatMap((d) => files(path.join(root, d)))) {
      if (f === path.join(root, 'test/docs/self-contained.test.ts')) continue;
      expect(readFileSync(f, 'utf8'), path.relative(root, f)).not.toMatch(/\.\.\/shared|shared\/(spec|policy)/);
    }
  });

  it('the README’s first command works from the repository as it is (npx yibao = bin/yibao.js)', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const cmd = /npm ci && npx yibao (process \S+) --out (\S+)/.exec(readme);
    expect(cmd, 'the README shows `npm ci && npx yibao process <sample> --out <file>`').not.toBeNull();
    const [verb, input] = cmd![1]!.split(' ');
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'yibao-readme-')), cmd![2]!);
    const r = spawnSync(process.execPath, [path.join(root, 'bin/yibao.js'), verb!, input!, '--out', out], { cwd: root, encoding: 'utf8', env: { ...process.env, YIBAO_LOG_LEVEL: 'error' } });
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(readme).toMatch(/npm ci && npm test/);
  });
});
