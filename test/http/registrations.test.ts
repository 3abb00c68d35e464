/**
 * functions/*.ts register exactly the route table (one file per function), the blob trigger and the jobs'
 * expiry timer, and the app's host files say what the Functions host needs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { ROUTES } from '../../src/http/routes.js';

const calls = vi.hoisted(() => ({ http: [] as [string, any][], blob: [] as [string, any][], timer: [] as [string, any][], setup: [] as any[] }));

vi.mock('@azure/functions', async (importOriginal) => {
  const orig = await importOriginal<typeof import('@azure/functions')>();
  return {
    ...orig,
    app: {
      http: (name: string, opts: unknown) => calls.http.push([name, opts]),
      storageBlob: (name: string, opts: unknown) => calls.blob.push([name, opts]),
      timer: (name: string, opts: unknown) => calls.timer.push([name, opts]),
      setup: (opts: unknown) => calls.setup.push(opts),
    },
  };
});

const ROOT = new URL('../../', import.meta.url);
const functionFiles = readdirSync(new URL('functions/', ROOT)).filter((f) => f.endsWith('.ts'));

describe('functions/ registrations', () => {
  it('one file per function; every route of the table registered once with its methods, route and auth level', async () => {
    for (const f of functionFiles) await import(`../../functions/${f.replace(/\.ts$/, '.js')}`);
    expect(calls.http.map(([n]) => n).sort()).toEqual(ROUTES.map((r) => r.name).sort());
    for (const r of ROUTES) {
      expect(functionFiles).toContain(`${r.name}.ts`);
      const [, opts] = calls.http.find(([n]) => n === r.name)!;
      expect(opts).toMatchObject({ methods: r.methods, route: r.route, authLevel: r.authLevel });
      expect(typeof opts.handler).toBe('function');
    }
    expect(calls.blob).toHaveLength(1);
    expect(calls.blob[0]![1]).toMatchObject({ path: 'uploads/{name}', connection: 'AzureWebJobsStorage', source: 'EventGrid' });
    expect(calls.setup).toContainEqual({ enableHttpStream: true });
    // The jobs' expiry sweep, hourly.
    expect(calls.timer.map(([n]) => n)).toEqual(['expireJobs']);
    expect(calls.timer[0]![1].schedule).toMatch(/^\S+ \S+ \* \* \* \*$/);
  });

  it('with App Service sign-in (YIBAO_HTTP_AUTH=entra where WEBSITE_AUTH_ENABLED): anonymous for the host, 401 without the signed-in principal', async () => {
    const { registerRoute } = await import('../../functions/register.js');
    const { HttpRequest, InvocationContext } = await import('@azure/functions');
    const url = 'http://localhost/api/policies';
    try {
      process.env['YIBAO_HTTP_AUTH'] = 'entra';
      registerRoute('policies'); // App Service authentication not on: the key stays
      expect(calls.http.at(-1)![1].authLevel).toBe('function');
      process.env['WEBSITE_AUTH_ENABLED'] = 'True';
      registerRoute('policies');
      const [, opts] = calls.http.at(-1)!;
      expect(opts.authLevel).toBe('anonymous');
      expect((await opts.handler(new HttpRequest({ method: 'GET', url }), new InvocationContext())).status).toBe(401);
      const signed = new HttpRequest({ method: 'GET', url, headers: { 'x-ms-client-principal-id': 'a1b2' } });
      expect((await opts.handler(signed, new InvocationContext())).status).toBe(200);
      registerRoute('app');
      expect((await calls.http.at(-1)![1].handler(new HttpRequest({ method: 'GET', url: 'http://localhost/api/app' }), new InvocationContext())).status).toBe(200);
    } finally {
      delete process.env['YIBAO_HTTP_AUTH'];
      delete process.env['WEBSITE_AUTH_ENABLED'];
    }
  });

  it('the jobs routes need the function key (the host answers 401 without it); the page is anonymous', () => {
    for (const name of ['jobs', 'uploads', 'job', 'jobResult']) expect(ROUTES.find((r) => r.name === name)?.authLevel).toBe('function');
    expect(ROUTES.find((r) => r.name === 'app')?.authLevel).toBe('anonymous');
  });

  it('the registered handlers answer like the table (health through the registration)', async () => {
    const { HttpRequest, InvocationContext } = await import('@azure/functions');
    const [, opts] = calls.http.find(([n]) => n === 'health')!;
    const res = await opts.handler(new HttpRequest({ method: 'GET', url: 'http://localhost/api/health' }), new InvocationContext());
    expect(res.status).toBe(200);
  });
});

describe('host files', () => {
  it('package.json main points at the compiled registrations; start scripts exist', () => {
    const pkg = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8'));
    expect(pkg.main).toBe('dist/functions/*.js');
    // The local server caps the heap as the Functions worker does (languageWorkers__node__arguments, docs/azure.md).
    expect(pkg.scripts.start).toBe('npm run build && node --max-old-space-size=384 dist/src/server/main.js');
    expect(pkg.scripts['start:func']).toBe('func start');
  });

  it('host.json: version 2.0, extension bundle [4.*, 5.0.0), a timeout, log levels', () => {
    const host = JSON.parse(readFileSync(new URL('host.json', ROOT), 'utf8'));
    expect(host.version).toBe('2.0');
    expect(host.extensionBundle).toEqual({ id: 'Microsoft.Azure.Functions.ExtensionBundle', version: '[4.*, 5.0.0)' });
    expect(host.functionTimeout).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(host.logging.logLevel.default).toBeDefined();
  });

  it('host.json bounds HTTP concurrency as the local server does (memory per request × 4 per instance)', async () => {
    const host = JSON.parse(readFileSync(new URL('host.json', ROOT), 'utf8'));
    expect(host.extensions.http).toMatchObject({ routePrefix: 'api', maxConcurrentRequests: 4, maxOutstandingRequests: 16 });
  });

  it('local.settings.example.json: development storage and the node worker', () => {
    const s = JSON.parse(readFileSync(new URL('local.settings.example.json', ROOT), 'utf8'));
    expect(s.Values).toMatchObject({ AzureWebJobsStorage: 'UseDevelopmentStorage=true', FUNCTIONS_WORKER_RUNTIME: 'node' });
  });
});
