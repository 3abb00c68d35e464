/**
 * `npm run shapes [-- --only name,name] [--timeout 120] [--scale 1]`: the crafted inputs of issue 16
 * (src/guard/shapes.ts) at the review's sizes, each posted to the HTTP handler (format=xlsx, so the writer
 * runs too) in a child process, with its CPU and wall time and the answer's status. A case that has not
 * answered after --timeout seconds is stopped and reported as such. Figures for the closing note.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import azureFunctions from '@azure/functions';
import { ROUTES, guarded } from '../src/http/routes.js';
import { setLogSink } from '../src/log.js';
import { craft, HOSTILE_SHAPES } from '../src/guard/shapes.js';
import { repoRoot } from './repo-root.js';

const { HttpRequest, InvocationContext } = azureFunctions;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** One case in this process: status, CPU and wall milliseconds. */
async function runCase(name: string, k: number): Promise<{ status: number; cpuMs: number; wallMs: number; bytes: number }> {
  const bytes = await craft(HOSTILE_SHAPES[name]!, k, readFileSync(join(repoRoot(), 'samples/xining-2024/settlements.xlsx')));
  const route = ROUTES.find((r) => r.name === 'process')!;
  const req = new HttpRequest({ method: 'POST', url: 'http://localhost/api/settlements?policy=xining-2024&format=xlsx', headers: { 'content-type': 'application/octet-stream' }, params: { kind: 'settlements' }, body: { bytes } });
  setLogSink(() => undefined);
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const reply = await guarded(route)(req, new InvocationContext({ functionName: 'process' }));
  const c = process.cpuUsage(cpu);
  return { status: reply.status, cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - wall, bytes: bytes.length };
}

async function main(): Promise<void> {
  const child = arg('case');
  if (child) {
    const r = await runCase(child, Number(arg('k')));
    process.stdout.write(JSON.stringify(r));
    return;
  }
  const only = arg('only')?.split(',');
  const timeout = Number(arg('timeout') ?? '120');
  const scale = Number(arg('scale') ?? '1');
  const self = fileURLToPath(import.meta.url);
  process.stdout.write('| shape | k | file KB | status | CPU s | wall s |\n| --- | ---: | ---: | ---: | ---: | ---: |\n');
  for (const [name, shape] of Object.entries(HOSTILE_SHAPES)) {
    if (only && !only.includes(name)) continue;
    const k = Math.round(shape.k * scale);
    const res = spawnSync(process.execPath, [self, '--case', name, '--k', String(k)], { timeout: timeout * 1000, encoding: 'utf8', maxBuffer: 1 << 20 });
    if (res.error || res.status !== 0) {
      const why = res.error && (res.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `> ${timeout}` : `failed: ${(res.stderr ?? '').slice(0, 200)}`;
      process.stdout.write(`| ${name} | ${k} | | | ${why} | ${why} |\n`);
      continue;
    }
    const r = JSON.parse(res.stdout) as { status: number; cpuMs: number; wallMs: number; bytes: number };
    process.stdout.write(`| ${name} | ${k} | ${Math.round(r.bytes / 1024)} | ${r.status} | ${(r.cpuMs / 1000).toFixed(2)} | ${(r.wallMs / 1000).toFixed(2)} |\n`);
  }
}

await main();
