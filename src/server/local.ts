/** The local stack: Azurite (or a given storage account), containers, the upload watcher and the HTTP server. */
import type { Server } from 'node:http';
import { connect } from 'node:net';
import type { BlobServiceClient } from '@azure/storage-blob';
import { blobService, CONNECTION } from '../storage/clients.js';
import { ensureContainers } from '../blob/store.js';
import { sweepJobs } from '../jobs/expire.js';
import { type AppLedger, ledgerFromEnv, useAppLedger } from '../ledger/app.js';
import { log } from '../log.js';
import { startAzurite, type Azurite } from './azurite.js';
import { createApiServer, type ServerOptions } from './http.js';
import { watchUploads, type Watcher } from './watch.js';

export interface LocalOptions {
  port?: number;
  host?: string;
  /**
   * Storage: 'azurite' starts Azurite from node_modules (data under `azuriteLocation`) unless one already
   * listens on its blob port; a connection string uses that account; 'none' serves HTTP only.
   */
  storage?: 'azurite' | 'none' | { connectionString: string };
  azuriteLocation?: string;
  /** Azurite blob port (queue and table follow it). */
  azuriteBlobPort?: number;
  pollMs?: number;
  /** Requests at once / held (default from the environment: src/server/http.ts). */
  server?: ServerOptions;
}

export interface LocalStack {
  url: string;
  port: number;
  server: Server;
  connectionString?: string;
  azuriteStarted: boolean;
  /** The year-to-date ledger: on, off (no YIBAO_LEDGER_KEY) or refused (why). */
  ledger: AppLedger;
  watcher?: Watcher;
  stop(): Promise<void>;
}

async function portOpen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, host, () => {
      s.end();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export const DEV_STORAGE = 'UseDevelopmentStorage=true';

/**
 * The CORS rule the page's valet-key upload needs: the browser, on the page's origin, PUTs blocks and the
 * block list straight to the blob endpoint (docs/web.md gives the same rule for a storage account).
 */
export async function allowPageUploads(service: BlobServiceClient, origins: string[]): Promise<void> {
  await service.setProperties({
    cors: [{ allowedOrigins: origins.join(','), allowedMethods: 'PUT,OPTIONS', allowedHeaders: 'content-type,content-length,x-ms-*', exposedHeaders: 'etag,x-ms-request-id,x-ms-error-code', maxAgeInSeconds: 3600 }],
  });
}

export async function startLocal(opts: LocalOptions = {}): Promise<LocalStack> {
  const host = opts.host ?? '127.0.0.1';
  let azurite: Azurite | undefined;
  let connectionString: string | undefined;
  const storage = opts.storage ?? 'azurite';
  if (storage === 'azurite') {
    const blobPort = opts.azuriteBlobPort ?? 10000;
    if (blobPort === 10000 && (await portOpen(blobPort, '127.0.0.1'))) {
      connectionString = DEV_STORAGE; // an Azurite (or the VS Code extension) is already running
    } else {
      azurite = await startAzurite({ location: opts.azuriteLocation ?? '.azurite', blobPort, queuePort: blobPort + 1, tablePort: blobPort + 2 }); // int: ports
      connectionString = azurite.connectionString;
    }
  } else if (storage !== 'none') {
    connectionString = storage.connectionString;
  }

  // The ledger, on when YIBAO_LEDGER_KEY is set: YIBAO_LEDGER, else this stack's storage (Azurite's table endpoint).
  const ledger = useAppLedger(ledgerFromEnv(process.env, connectionString));
  let watcher: Watcher | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  // The HTTP handlers (jobs, the page) reach storage the way they do in a Function App: AzureWebJobsStorage.
  const previousStorage = process.env['AzureWebJobsStorage'];
  const restoreStorage = () => {
    if (previousStorage === undefined) delete process.env['AzureWebJobsStorage'];
    else process.env['AzureWebJobsStorage'] = previousStorage;
  };
  try {
    let service: BlobServiceClient | undefined;
    if (connectionString) {
      service = blobService({ env: { [CONNECTION]: connectionString } });
      await ensureContainers(service);
      process.env['AzureWebJobsStorage'] = connectionString;
      watcher = watchUploads(service, opts.pollMs ?? 1000);
      const sweep = service;
      const run = () => void sweepJobs(sweep).catch((e: unknown) => log('warn', 'jobs.sweep-failed', { error: e instanceof Error ? e.message : String(e) }));
      run();
      sweeper = setInterval(run, 3_600_000);
      sweeper.unref();
    }
    const server = createApiServer(opts.server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 7071, host, () => resolve());
    });
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 7071);
    if (service) await allowPageUploads(service, [`http://localhost:${port}`, `http://127.0.0.1:${port}`]);
    return {
      url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`,
      port,
      server,
      ...(connectionString ? { connectionString } : {}),
      azuriteStarted: azurite !== undefined,
      ledger,
      ...(watcher ? { watcher } : {}),
      stop: async () => {
        clearInterval(sweeper);
        await watcher?.stop();
        await new Promise<void>((r) => server.close(() => r()));
        if (ledger.status === 'on') await ledger.ledger.close();
        server.closeAllConnections();
        await azurite?.stop();
        restoreStorage();
      },
    };
  } catch (e) {
    clearInterval(sweeper);
    await watcher?.stop();
    await azurite?.stop();
    restoreStorage();
    throw e;
  }
}
