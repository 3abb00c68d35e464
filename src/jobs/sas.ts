/**
 * The valet key (POST /api/uploads): a short-lived SAS that can create and write exactly one blob under
 * uploads/ and nothing else (no read, no list, no delete), so that a large workbook goes from the browser
 * straight to storage in blocks instead of through a function's request body.
 */
import { BlobSASPermissions, type BlobServiceClient, generateBlobSASQueryParameters, SASProtocol, StorageSharedKeyCredential } from '@azure/storage-blob';

export const UPLOAD_SAS_MINUTES = 15;

export async function uploadSas(service: BlobServiceClient, container: string, blobName: string, now = Date.now()): Promise<{ url: string; expiresOn: Date }> {
  const blob = service.getContainerClient(container).getBlockBlobClient(blobName);
  const startsOn = new Date(now - 5 * 60_000); // clocks between the app and storage may differ a little
  const expiresOn = new Date(now + UPLOAD_SAS_MINUTES * 60_000);
  const values = {
    containerName: container,
    blobName,
    permissions: BlobSASPermissions.parse('cw'),
    startsOn,
    expiresOn,
    // Azurite serves http on loopback; a storage account is always reached over https.
    protocol: blob.url.startsWith('https:') ? SASProtocol.Https : SASProtocol.HttpsAndHttp,
  };
  const credential = service.credential;
  const query =
    credential instanceof StorageSharedKeyCredential
      ? generateBlobSASQueryParameters(values, credential)
      : // An identity-based connection has no account key: a user delegation key signs the SAS instead.
        generateBlobSASQueryParameters(values, await service.getUserDelegationKey(startsOn, expiresOn), service.accountName);
  return { url: `${blob.url}?${query.toString()}`, expiresOn };
}
