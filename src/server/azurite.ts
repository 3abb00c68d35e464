/**
 * Azurite (the storage emulator) from node_modules as a child process on loopback: blob, queue and table
 * on the given ports, telemetry off. Used by `npm start` (data under ./.azurite) and by the tests
 * (--inMemoryPersistence on free ports).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The well-known development account (public, documented by Microsoft; not a secret). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  /** Data folder; ignored when inMemory. */
  location?: string;
  inMemory?: boolean;
  blobPort?: number;
  queuePort?: number;
  tablePort?: number;
  host?: string;
}

export interface Azurite {
  connectionString: string;
  blobPort: number;
  queuePort: number;
  tablePort: number;
  stop(): Promise<void>;
}

/** A free TCP port on loopback (listen on 0, read it, close). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function azuriteMain(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');
}

async function waitForPort(port: number, host: string, child: ChildProcess, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Azurite exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, host, () => {
        s.end();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`Azurite did not open port ${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function connectionStringFor(host: string, blobPort: number, queuePort: number, tablePort: number): string {
  return [
    'DefaultEndpointsProtocol=http',
    `AccountName=${DEV_ACCOUNT}`,
    `AccountKey=${DEV_KEY}`,
    `BlobEndpoint=http://${host}:${blobPort}/${DEV_ACCOUNT}`,
    `QueueEndpoint=http://${host}:${queuePort}/${DEV_ACCOUNT}`,
    `TableEndpoint=http://${host}:${tablePort}/${DEV_ACCOUNT}`,
  ].join(';');
}

export async function startAzurite(opts: AzuriteOptions = {}): Promise<Azurite> {
  const host = opts.host ?? '127.0.0.1';
  // Each freePort releases its port before the next is asked for, so the OS may hand out the same one
  // twice (then Azurite fails with EADDRINUSE): ask again until the three differ.
  const taken = new Set<number>([opts.blobPort, opts.queuePort, opts.tablePort].filter((p): p is number => p !== undefined));
  const distinctPort = async (given: number | undefined): Promise<number> => {
    if (given !== undefined) return given;
    let p = await freePort(host);
    while (taken.has(p)) p = await freePort(host);
    taken.add(p);
    return p;
  };
  const blobPort = await distinctPort(opts.blobPort);
  const queuePort = await distinctPort(opts.queuePort);
  const tablePort = await distinctPort(opts.tablePort);
  const args = [
    azuriteMain(),
    '--blobHost', host, '--blobPort', String(blobPort),
    '--queueHost', host, '--queuePort', String(queuePort),
    '--tableHost', host, '--tablePort', String(tablePort),
    '--disableTelemetry', '--silent', '--skipApiVersionCheck', '--loose',
    ...(opts.inMemory ? ['--inMemoryPersistence'] : ['--location', opts.location ?? '.azurite']),
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // Never leave an orphaned emulator behind when this process ends without calling stop().
  const killOnExit = () => child.kill();
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  try {
    await waitForPort(blobPort, host, child);
  } catch (e) {
    child.kill();
    throw new Error(`${(e as Error).message}\n${output}`);
  }
  return {
    connectionString: connectionStringFor(host, blobPort, queuePort, tablePort),
    blobPort,
    queuePort,
    tablePort,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}
