/**
 * The app's storage account, the one place its clients are built (the blob drop, the local server, and any
 * table a feature keeps). The Functions host reads the same settings for its triggers:
 *
 * - `AzureWebJobsStorage` — a connection string (`UseDevelopmentStorage=true` is Azurite): shared-key access.
 * - `AzureWebJobsStorage__accountName` (or `__blobServiceUri` / `__tableServiceUri`) — an identity-based
 *   connection, for accounts where shared-key access is disabled: the clients authenticate with
 *   DefaultAzureCredential (the Function App's managed identity in Azure; `__clientId` selects a
 *   user-assigned identity). The identity needs Storage Blob Data Owner (and Storage Table Data
 *   Contributor for tables) on the account. docs/azure.md shows both.
 */
import { TableClient } from '@azure/data-tables';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { BlobServiceClient } from '@azure/storage-blob';

/** The name of the Functions connection the app uses (the blob trigger's `connection`). */
export const CONNECTION = 'AzureWebJobsStorage';

export type StorageConnection =
  | { kind: 'connection-string'; connectionString: string }
  | { kind: 'identity'; blobServiceUri: string; tableServiceUri: string; clientId?: string };

/** Which connection the settings describe (the connection string wins, as in the Functions host). */
export function storageConnection(env: NodeJS.ProcessEnv = process.env, name = CONNECTION): StorageConnection {
  const cs = env[name];
  if (cs) return { kind: 'connection-string', connectionString: cs };
  const account = env[`${name}__accountName`];
  const blob = env[`${name}__blobServiceUri`] ?? (account ? `https://${account}.blob.core.windows.net` : undefined);
  const table = env[`${name}__tableServiceUri`] ?? (account ? `https://${account}.table.core.windows.net` : undefined);
  if (!blob || !table) {
    throw new Error(`${name} is not set: give a connection string, or ${name}__accountName (or __blobServiceUri and __tableServiceUri) for a managed identity`);
  }
  const clientId = env[`${name}__clientId`];
  return { kind: 'identity', blobServiceUri: blob.replace(/\/+$/, ''), tableServiceUri: table.replace(/\/+$/, ''), ...(clientId ? { clientId } : {}) };
}

/** The credential of an identity-based connection (built once per process: it caches its tokens). */
let defaultCredential: { clientId: string | undefined; credential: TokenCredential } | undefined;
function credentialFor(c: Extract<StorageConnection, { kind: 'identity' }>): TokenCredential {
  if (defaultCredential === undefined || defaultCredential.clientId !== c.clientId) {
    defaultCredential = { clientId: c.clientId, credential: new DefaultAzureCredential(c.clientId ? { managedIdentityClientId: c.clientId } : {}) };
  }
  return defaultCredential.credential;
}

export interface ClientOptions {
  env?: NodeJS.ProcessEnv;
  /** The credential for an identity-based connection (default: DefaultAzureCredential). */
  credential?: TokenCredential;
}

export function blobService(o: ClientOptions = {}): BlobServiceClient {
  const c = storageConnection(o.env);
  if (c.kind === 'connection-string') return BlobServiceClient.fromConnectionString(c.connectionString);
  return new BlobServiceClient(c.blobServiceUri, o.credential ?? credentialFor(c));
}

export function tableClient(table: string, o: ClientOptions = {}): TableClient {
  const c = storageConnection(o.env);
  if (c.kind === 'connection-string') {
    // Azurite's development account (or any plain-http endpoint) needs the SDK's leave to send over http.
    const cs = c.connectionString;
    const insecure = /(^|;)\s*(UseDevelopmentStorage=true|[A-Za-z]*Endpoint=http:)/i.test(cs) || /DefaultEndpointsProtocol=http(;|$)/i.test(cs);
    return TableClient.fromConnectionString(cs, table, { allowInsecureConnection: insecure });
  }
  return new TableClient(c.tableServiceUri, table, o.credential ?? credentialFor(c));
}

/**
 * What identifies the configured storage account (its connection string, or the identity-based endpoint),
 * or undefined when none is configured — for callers that cache clients or answer 503 without one.
 */
export function configuredStorage(env: NodeJS.ProcessEnv = process.env): string | undefined {
  try {
    const c = storageConnection(env);
    return c.kind === 'connection-string' ? c.connectionString : `identity:${c.blobServiceUri}`;
  } catch {
    return undefined;
  }
}
