/** Spawn the built CLI (`node bin/yibao.js …`) the way a user does. `npm test` builds dist/ first. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'yibao.js');

export interface CliRun {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export function assertBuilt(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it) before the CLI tests');
  }
}

export function yibao(args: readonly string[], opts: { cwd?: string } = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, YIBAO_LOG_LEVEL: 'error' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}
