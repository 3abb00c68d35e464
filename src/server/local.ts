/** The local stack: Azurite (or a given storage account), containers, the upload watcher and the HTTP server. */
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { BlobServiceClient } from '@azure/storage-blob';
import { ensureContainers } from '../blob/store.js';
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

  let watcher: Watcher | undefined;
  try {
    if (connectionString) {
      const service = BlobServiceClient.fromConnectionString(connectionString);
      await ensureContainers(service);
      watcher = watchUploads(service, opts.pollMs ?? 3000);
    }
    const server = createApiServer(opts.server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 7071, host, () => resolve());
    });
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 7071);
    return {
      url: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`,
      port,
      server,
      ...(connectionString ? { connectionString } : {}),
      azuriteStarted: azurite !== undefined,
      ...(watcher ? { watcher } : {}),
      stop: async () => {
        await watcher?.stop();
        await new Promise<void>((r) => server.close(() => r()));
        server.closeAllConnections();
        await azurite?.stop();
      },
    };
  } catch (e) {
    await watcher?.stop();
    await azurite?.stop();
    throw e;
  }
}
