/**
 * Issue 16 (low): the CLI writes its result through a temporary file created exclusively in the output
 * folder (never following a symlink), and leaves nothing behind: a symlink where the result goes is
 * replaced, not written through.
 */
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixture } from '../workbook/fixture.js';
import { assertBuilt, yibao } from './run-cli.js';

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = mkdtempSync(join(tmpdir(), 'yibao-out-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CLI output file', () => {
  it('a symlink at the output path is replaced by the result; its target is untouched; no partial file stays', async () => {
    const input = join(dir, 'in.xlsx');
    writeFileSync(input, await buildFixture());
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'do not touch');
    const out = join(dir, 'out.xlsx');
    symlinkSync(victim, out);
    const r = yibao(['process', input, '--policy', 'xining-2024', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('do not touch');
    expect(lstatSync(out).isSymbolicLink()).toBe(false);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('a run that fails leaves neither a result nor a partial file', async () => {
    const input = join(dir, 'bad.xlsx');
    writeFileSync(input, 'not a workbook');
    const out = join(dir, 'bad.result.xlsx');
    const r = yibao(['process', input, '--policy', 'xining-2024', '--out', out]);
    expect(r.code).toBe(3);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
  });
});
