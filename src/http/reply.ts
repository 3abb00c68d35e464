/**
 * What every handler returns: a plain HttpResponseInit (status, headers, body) that the Functions host
 * and the local node:http server both send as is. Errors are always `{ error, message, details }` JSON
 * (WORKBOOKS.md), the message Chinese + English, never a stack trace.
 */
import type { HttpResponseInit } from '@azure/functions';
import { InputError, maskedDetails } from '../pipeline/types.js';
import { maskIdsInText } from '../kinds/idcard.js';
import { log } from '../log.js';

export interface Reply extends HttpResponseInit {
  status: number;
  headers: Record<string, string>;
  /** A stream for large workbook answers (src/http/response-body.ts); the host and the local server send it as it comes. */
  body?: string | Uint8Array | AsyncIterable<Uint8Array>;
}

/** The whole body of a reply (tests, the fuzzer): a streamed one is read to its end. */
export async function replyBytes(reply: Reply): Promise<Buffer> {
  const b = reply.body;
  if (b === undefined) return Buffer.alloc(0);
  if (typeof b === 'string') return Buffer.from(b, 'utf8');
  if (b instanceof Uint8Array) return Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const parts: Buffer[] = [];
  for await (const c of b) parts.push(Buffer.from(c));
  return Buffer.concat(parts);
}

export type HttpErrorStatus = 400 | 401 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 500 | 503;

/** A request the door itself refuses (bad query, unknown kind, wrong method, body too large). */
export class HttpError extends Error {
  /** With ID numbers masked, as the message (a query may carry one: GET /api/calc?idNumber=…). */
  readonly details: unknown[];

  constructor(
    readonly status: HttpErrorStatus,
    readonly code: string,
    message: string,
    details: unknown[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(maskIdsInText(message));
    this.details = maskedDetails(details);
    this.name = 'HttpError';
  }
}

export function jsonReply(value: unknown, status = 200, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

export function errorReply(status: number, error: string, message: string, details: unknown[] = [], headers: Record<string, string> = {}): Reply {
  return jsonReply({ error, message, details }, status, { 'cache-control': 'no-store', ...headers });
}

/** Turn anything a handler throws into the error JSON; unknown errors become a generic 500 (logged, masked). */
export function replyForError(e: unknown, where: string): Reply {
  if (e instanceof HttpError) return errorReply(e.status, e.code, e.message, e.details, e.headers);
  if (e instanceof InputError) return errorReply(e.status, e.code, e.message, e.details);
  log('error', 'http.internal-error', { route: where, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
  return errorReply(500, 'internal-error', '服务器内部错误，请稍后重试或联系管理员 / internal server error; please retry later or contact the administrator');
}
