/**
 * Issue 16 on the local server: it answers only requests addressed to localhost (DNS rebinding), runs a
 * bounded number of requests at once (more wait their turn, more still get 429; health never waits), and
 * streams large answers chunked at the client's pace — the same bytes the pipeline gives.
 */
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Gate } from '../../src/server/gate.js';
import { allowedHost } from '../../src/server/http.js';
import { freePort } from '../../src/server/azurite.js';
import { startLocal, type LocalStack } from '../../src/server/local.js';
import { processWorkbook } from '../../src/pipeline/process.js';

const SAMPLE = readFileSync(new URL('../../samples/xining-2024/settlements.xlsx', import.meta.url));

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocal({ port: await freePort(), storage: 'none', server: { maxConcurrent: 1, maxOutstanding: 2 } });
});
afterAll(async () => {
  await stack?.stop();
});
afterEach(() => {
  delete process.env['YIBAO_RESPONSE_BUFFER_MB'];
});

/** A raw request (fetch cannot set Host), its body sent in `parts` with the given pause between them. */
function raw(path: string, opts: { method?: string; host?: string; parts?: Buffer[]; hold?: Promise<void> } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: stack.port, path, method: opts.method ?? 'GET', headers: { host: opts.host ?? `localhost:${stack.port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    const [first, ...rest] = opts.parts ?? [];
    if (first) req.write(first);
    void (opts.hold ?? Promise.resolve()).then(() => {
      for (const p of rest) req.write(p);
      req.end();
    });
  });
}

describe('Host header (DNS rebinding)', () => {
  it('localhost, 127.0.0.1 and [::1], with or without a port, are this machine; other names are not', () => {
    for (const h of ['localhost', 'localhost:7071', '127.0.0.1:8080', '[::1]:7071', '[::1]', 'LOCALHOST:1']) expect(allowedHost(h, {}), h).toBe(true);
    for (const h of [undefined, '', 'evil.example', 'evil.example:7071', 'localhost.evil.example', '127.0.0.1.nip.io', '0.0.0.0:7071']) expect(allowedHost(h, {}), String(h)).toBe(false);
    expect(allowedHost('yibao.lan:7071', { YIBAO_ALLOWED_HOSTS: 'yibao.lan, other' })).toBe(true);
  });

  it('a request for another host name is refused with 421 JSON before anything runs', async () => {
    const r = await raw('/api/health', { host: `rebound.example:${stack.port}` });
    expect(r.status).toBe(421);
    expect(JSON.parse(r.body.toString('utf8'))).toMatchObject({ error: 'wrong-host' });
    expect((await raw('/api/health')).status).toBe(200);
  });
});

describe('concurrency', () => {
  it('Gate: a turn each up to `concurrent`, waiting in order up to `outstanding`, none beyond', async () => {
    const g = new Gate(1, 2);
    const a = await g.enter();
    expect(a).toBeTypeOf('function');
    let bIn = false;
    const b = g.enter().then((leave) => {
      bIn = true;
      return leave;
    });
    expect(await g.enter()).toBeUndefined(); // a running, b waiting: two held
    await Promise.resolve();
    expect(bIn).toBe(false);
    a!();
    const leaveB = await b;
    expect(bIn).toBe(true);
    leaveB!();
    a!(); // leaving twice changes nothing
    const c = await g.enter();
    const d = await Promise.race([g.enter(), new Promise((r) => setTimeout(() => r('waiting'), 20))]);
    expect(d).toBe('waiting');
    c!();
  });

  it('while one upload is being sent, a second waits its turn, a third gets 429, health answers', async () => {
    let release!: () => void;
    const hold = new Promise<void>((r) => (release = r));
    const path = '/api/settlements?policy=xining-2024&format=json';
    const first = raw(path, { method: 'POST', parts: [SAMPLE.subarray(0, 100), SAMPLE.subarray(100)], hold });
    await new Promise((r) => setTimeout(r, 200));
    const second = raw(path, { method: 'POST', parts: [SAMPLE] });
    await new Promise((r) => setTimeout(r, 200));
    const third = await raw(path, { method: 'POST', parts: [SAMPLE] });
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('5');
    expect(JSON.parse(third.body.toString('utf8'))).toMatchObject({ error: 'too-busy' });
    expect((await raw('/api/health')).status).toBe(200);
    release();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
  });
});

describe('streamed answers', () => {
  it('past the buffer the answer is chunked (no content-length) with every header, and the same bytes', async () => {
    process.env['YIBAO_RESPONSE_BUFFER_MB'] = '0.002';
    const direct = await processWorkbook({ source: { bytes: SAMPLE, name: 'sample.xlsx' }, kind: 'settlements', policy: 'xining-2024', format: 'xlsx' });
    expect(direct.body!.length).toBeGreaterThan(10_000);
    const r = await raw('/api/settlements?policy=xining-2024&name=sample.xlsx', { method: 'POST', parts: [SAMPLE] });
    expect(r.status).toBe(200);
    expect(r.headers['transfer-encoding']).toBe('chunked');
    expect(r.headers['content-length']).toBeUndefined();
    expect(r.headers['x-yibao-rows']).toBe(String(direct.summary.rows));
    expect(r.headers['x-yibao-errors']).toBe(String(direct.summary.byStatus.error));
    expect(r.headers['x-yibao-policy']).toBe('xining-2024');
    expect(r.headers['content-disposition']).toBe(`attachment; filename="${direct.filename}"`);
    expect(r.body.equals(direct.body!)).toBe(true);
  });

  it('within the buffer the answer is whole (content-length), and a refusal is still 4xx JSON', async () => {
    const r = await raw('/api/settlements?policy=xining-2024&format=json', { method: 'POST', parts: [SAMPLE] });
    expect(r.status).toBe(200);
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    process.env['YIBAO_RESPONSE_BUFFER_MB'] = '0.002';
    const bad = await raw('/api/settlements?policy=xining-2024', { method: 'POST', parts: [Buffer.from('not a workbook at all, just text')] });
    expect(bad.status).toBe(415);
    expect(JSON.parse(bad.body.toString('utf8'))).toMatchObject({ error: 'not-a-workbook' });
  });
});
