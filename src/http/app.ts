/**
 * GET /api/app: the web page for HR and hospital finance staff (web/app.html: one file, inline CSS and
 * script, no external CDN or font, so that it works on a hospital intranet). Anonymous: the page's own API
 * calls carry the function key. Served with a strict Content-Security-Policy: only its own nonce'd script
 * and style run, and it may connect only to this app and the storage account's blob endpoint (the
 * valet-key upload).
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { blobService, configuredStorage } from '../storage/clients.js';
import { maxBodyBytes } from './config.js';
import { packageRoot } from './paths.js';
import type { Reply } from './reply.js';
import { emptyQuery, parseQuery } from './schemas.js';

let page: Promise<string> | undefined;

export function pagePath(): string {
  return join(packageRoot(), 'web', 'app.html');
}

/** The blob endpoint's origin, which the browser PUTs large files to. */
function storageOrigin(): string | undefined {
  if (!configuredStorage()) return undefined;
  try {
    return new URL(blobService().url).origin;
  } catch {
    return undefined;
  }
}

export async function appHandler(req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  parseQuery(emptyQuery, req.query);
  page ??= readFile(pagePath(), 'utf8');
  const nonce = randomBytes(16).toString('base64');
  const html = (await page).replaceAll('__NONCE__', nonce).replace('__MAX_BODY__', String(maxBodyBytes()));
  const connect = ["'self'", storageOrigin()].filter(Boolean).join(' ');
  return {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src 'self' data: blob:; connect-src ${connect}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    },
    body: html,
  };
}
