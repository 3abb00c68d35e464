/**
 * Storage clients from the app's settings (issue 15.9): a connection string (shared key, Azurite), or an
 * identity-based connection — `AzureWebJobsStorage__accountName` (or the service URIs) with a token
 * credential, for accounts where shared-key access is disabled. One module builds every client.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import { DefaultAzureCredential } from '@azure/identity';
import { StorageSharedKeyCredential } from '@azure/storage-blob';
import { describe, expect, it } from 'vitest';
import { blobService, storageConnection, tableClient } from '../../src/storage/clients.js';
import { useBlobStorage } from '../helpers/storage.js';

const storage = useBlobStorage();

/** A credential that records the scopes it was asked for (no network). */
function recordingCredential(): TokenCredential & { scopes: string[] } {
  const scopes: string[] = [];
  return {
    scopes,
    async getToken(s: string | string[]): Promise<AccessToken> {
      scopes.push(...(Array.isArray(s) ? s : [s]));
      return { token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 };
    },
  };
}

describe('identity-based connection (shared-key access disabled)', () => {
  const env = { AzureWebJobsStorage__accountName: 'yibaodata' };

  it('AzureWebJobsStorage__accountName: blob and table clients on the account, built from a token credential', () => {
    const cred = recordingCredential();
    const blob = blobService({ env, credential: cred });
    expect(blob.url).toMatch(/^https:\/\/yibaodata\.blob\.core\.windows\.net\/?$/);
    expect(blob.credential).toBe(cred);
    const table = tableClient('ledger', { env, credential: cred });
    expect(table.url).toMatch(/^https:\/\/yibaodata\.table\.core\.windows\.net\/?$/);
    expect(table.tableName).toBe('ledger');
  });

  it('without a credential given, DefaultAzureCredential (the managed identity in Azure); never a shared key', () => {
    const blob = blobService({ env });
    expect(blob.credential).toBeInstanceOf(DefaultAzureCredential);
    expect(blob.credential).not.toBeInstanceOf(StorageSharedKeyCredential);
  });

  it('the token is asked for Azure Storage’s scope when a request is made', async () => {
    const cred = recordingCredential();
    // A request to an unreachable endpoint: the credential is consulted before the connection fails.
    const blob = blobService({ env: { AzureWebJobsStorage__blobServiceUri: 'https://127.0.0.1:9/', AzureWebJobsStorage__tableServiceUri: 'https://127.0.0.1:9/' }, credential: cred });
    await expect(blob.getContainerClient('uploads').exists({ abortSignal: AbortSignal.timeout(1000) })).rejects.toThrow();
    expect(cred.scopes).toEqual(expect.arrayContaining(['https://storage.azure.com/.default']));
  });

  it('service URIs and a user-assigned identity’s client id are read as the Functions host reads them', () => {
    expect(storageConnection({ AzureWebJobsStorage__blobServiceUri: 'https://a.blob.core.chinacloudapi.cn/', AzureWebJobsStorage__tableServiceUri: 'https://a.table.core.chinacloudapi.cn', AzureWebJobsStorage__clientId: 'abc' })).toEqual({
      kind: 'identity', blobServiceUri: 'https://a.blob.core.chinacloudapi.cn', tableServiceUri: 'https://a.table.core.chinacloudapi.cn', clientId: 'abc',
    });
    expect(() => storageConnection({})).toThrow(/AzureWebJobsStorage__accountName/);
  });
});

describe('connection string (Azurite here)', () => {
  it('blob and table clients work against the emulator', async () => {
    const env = { AzureWebJobsStorage: storage.connectionString() };
    const blob = blobService({ env });
    expect(blob.credential).toBeInstanceOf(StorageSharedKeyCredential);
    expect(await blob.getContainerClient('uploads').exists()).toBe(true);
    const t = tableClient('clientstest', { env });
    await t.createTable();
    await t.upsertEntity({ partitionKey: 'p', rowKey: 'r', n: 1 });
    expect((await t.getEntity<{ n: number }>('p', 'r')).n).toBe(1);
  });

  it('the connection string wins over identity settings, as in the Functions host', () => {
    expect(storageConnection({ AzureWebJobsStorage: 'UseDevelopmentStorage=true', AzureWebJobsStorage__accountName: 'x' }).kind).toBe('connection-string');
  });
});

describe('the ledger’s table through the same module', () => {
  it('an identity-based app storage account (no connection string) still gives the app its ledger table', async () => {
    const { ledgerFromEnv } = await import('../../src/ledger/app.js');
    const l = ledgerFromEnv({ YIBAO_LEDGER_KEY: 'b3e1c0a9f8d7e6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615243', AzureWebJobsStorage__accountName: 'yibaodata' }, undefined);
    expect(l.status).toBe('on');
    const client = (l as unknown as { ledger: { client: { url: string; tableName: string } } }).ledger.client;
    expect(client.url).toMatch(/^https:\/\/yibaodata\.table\.core\.windows\.net/);
  });
});
