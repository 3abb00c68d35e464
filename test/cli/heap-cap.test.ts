/**
 * Memory as users run it (issue 14.6): `npx yibao` (bin/yibao.js) caps V8's old space itself, so a large
 * batch stays within the 256 MB target without flags the user must know; a cap the user sets is kept.
 * (The figures come from `npm run bench`, which runs the CLI exactly so; tests hold no timing or RSS bounds.)
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(root, 'bin/yibao.js');
const SAMPLE = path.join(root, 'samples/xining-2024/settlements.xlsx');

function run(env: Record<string, string>, nodeArgs: string[] = []): { code: number | null; heapLimitMb: number; stderr: string } {
  const { NODE_OPTIONS: _n, YIBAO_SHIM_PID: _c, ...base } = process.env;
  const r = spawnSync(process.execPath, [...nodeArgs, BIN, 'process', SAMPLE, '--out', '-', '--format', 'json', '--quiet'], { cwd: root, encoding: 'utf8', env: { ...base, YIBAO_TIMING: '1', YIBAO_LOG_LEVEL: 'error', ...env } });
  const m = /^yibao-usage (.+)$/m.exec(r.stderr);
  return { code: r.status, heapLimitMb: m ? (JSON.parse(m[1]!) as { heapLimitMb: number }).heapLimitMb : Number.NaN, stderr: r.stderr };
}

describe('bin/yibao.js caps the heap as shipped', () => {
  it('a plain `node bin/yibao.js` (what npx runs) computes with old space capped well below 256 MB', () => {
    const r = run({});
    expect(r.code, r.stderr).toBe(0);
    expect(r.heapLimitMb).toBeLessThanOrEqual(256);
  });

  it('keeps the cap a user gives (NODE_OPTIONS, or node’s own flag)', () => {
    expect(run({ NODE_OPTIONS: '--max-old-space-size=1024' }).heapLimitMb).toBeGreaterThan(1000);
    expect(run({}, ['--max-old-space-size=900']).heapLimitMb).toBeGreaterThan(880);
  });

  it('the bench runs this same entry (not the pipeline in-process with its own flags)', () => {
    const bench = readFileSync(path.join(root, 'bench/yibao.ts'), 'utf8');
    expect(bench).toContain("'../../bin/yibao.js'");
    expect(readFileSync(path.join(root, 'bench/run.ts'), 'utf8')).not.toMatch(/yibao\.js' \? '--max-old-space-size/);
  });

  it.skipIf(process.platform !== 'linux')('a run dies with the shim: SIGKILL of `node bin/yibao.js` leaves no CLI process behind', async () => {
    const mark = `yibao-kill-test-${process.pid}-${Date.now()}`;
    // The shim passes node's own arguments on: this one keeps the run alive after `--version`, so only the
    // shim's death can end it.
    const keepAlive = 'data:text/javascript,setInterval(() => {}, 1000)';
    const child = spawn(process.execPath, [`--import=${keepAlive}`, BIN, '--version'], { cwd: root, env: { ...process.env, YIBAO_TEST_MARK: mark, YIBAO_SHIM_PID: '' }, stdio: 'ignore' });
    // Wait until the capped run exists (its environment carries the mark), then kill the shim outright.
    const withMark = () => readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== child.pid).filter((p) => {
      try {
        return readFileSync(`/proc/${p}/environ`, 'utf8').includes(mark) && /YIBAO_SHIM_PID=\d/.test(readFileSync(`/proc/${p}/environ`, 'utf8'));
      } catch {
        return false;
      }
    });
    for (let i = 0; i < 100 && withMark().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(withMark().length).toBe(1);
    child.kill('SIGKILL');
    for (let i = 0; i < 100 && withMark().length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(withMark()).toEqual([]);
  });

  it('the Functions host gets the same kind of cap through its documented worker arguments', () => {
    const settings = JSON.parse(readFileSync(path.join(root, 'local.settings.example.json'), 'utf8')) as { Values: Record<string, string> };
    expect(settings.Values['languageWorkers__node__arguments']).toMatch(/--max-old-space-size=\d+/);
    expect(readFileSync(path.join(root, 'docs/azure.md'), 'utf8')).toContain('languageWorkers__node__arguments');
  });

  it('a plain batch does not load the ledger stores (SQLite, the Azure clients): imported only with --ledger', () => {
    const cli = readFileSync(path.join(root, 'src/cli/main.ts'), 'utf8');
    const staticImports = cli.split('\n').filter((l) => /^import\s(?!type\b)/.test(l));
    expect(staticImports.filter((l) => /ledger\/(open|sqlite|tables|view)\.js|storage\/clients|better-sqlite3|@azure\//.test(l))).toEqual([]);
    expect(cli).toContain("await import('../ledger/open.js')");
  });
});
