/**
 * One pipeline, three doors: every sample POSTed to the local server (npm start's route table over node:http)
 * comes back as the same bytes the `yibao` command line writes for the same input and options.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/server/azurite.js';
import { startLocal, type LocalStack } from '../../src/server/local.js';
import { assertBuilt, ROOT, yibao } from '../cli/run-cli.js';

const samples = readdirSync(path.join(ROOT, 'samples')).flatMap((policy) =>
  readdirSync(path.join(ROOT, 'samples', policy)).filter((f) => f.endsWith('.xlsx')).map((f) => ({ policy, kind: f.replace(/\.xlsx$/, ''), file: path.join(ROOT, 'samples', policy, f) })),
);

let stack: LocalStack;
let api: string;
const out = mkdtempSync(path.join(tmpdir(), 'yibao-doors-'));

beforeAll(async () => {
  assertBuilt();
  stack = await startLocal({ port: await freePort(), storage: 'none' });
  api = `http://127.0.0.1:${stack.port}/api`;
});
afterAll(async () => {
  await stack?.stop();
});

describe('local server and CLI give the same bytes', () => {
  it('covers every sample', () => {
    expect(samples.length).toBeGreaterThanOrEqual(11);
  });

  for (const s of samples) {
    for (const format of ['xlsx', 'json'] as const) {
      it(`${s.policy}/${s.kind} as ${format}`, async () => {
        const target = path.join(out, `${s.policy}-${s.kind}.${format}`);
        const cli = yibao(['process', s.file, '--policy', s.policy, '--kind', s.kind, '--format', format, '--out', target]);
        expect(cli.code, cli.stderr).toBe(0);
        const r = await fetch(`${api}/${s.kind}?policy=${s.policy}&format=${format}&name=${s.kind}.xlsx`, { method: 'POST', body: readFileSync(s.file) });
        expect(r.status).toBe(200);
        expect(Buffer.from(await r.arrayBuffer()).equals(readFileSync(target))).toBe(true);
      });
    }
  }
});
