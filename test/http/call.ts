/** Test helper: call a route of the table the way the Functions host would (HttpRequest + InvocationContext). */
import { HttpRequest, InvocationContext } from '@azure/functions';
import { guarded, matchRoute, methodNotAllowed, notFound } from '../../src/http/routes.js';
import { type Reply, replyBytes } from '../../src/http/reply.js';

export interface Called {
  status: number;
  headers: Record<string, string>;
  bytes: Buffer;
  text: string;
  json: () => any;
}

export async function toCalled(reply: Reply): Promise<Called> {
  const bytes = await replyBytes(reply);
  const headers = Object.fromEntries(Object.entries(reply.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { status: reply.status, headers, bytes, text: bytes.toString('utf8'), json: () => JSON.parse(bytes.toString('utf8')) };
}

export async function call(method: string, pathAndQuery: string, init: { headers?: Record<string, string>; body?: Uint8Array | string } = {}): Promise<Called> {
  const url = new URL(pathAndQuery, 'http://localhost:7071');
  const m = matchRoute(method, url.pathname);
  if ('status' in m) return toCalled(m.status === 404 ? notFound() : methodNotAllowed(m.allow));
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? { string: init.body } : { bytes: init.body };
  const req = new HttpRequest({ method, url: url.toString(), headers: init.headers ?? {}, params: m.params, ...(body ? { body } : {}) });
  return toCalled(await guarded(m.route)(req, new InvocationContext({ functionName: m.route.name })));
}

/** A multipart/form-data body with one file part (and optional text fields before it). */
export function multipart(file: Uint8Array, filename: string, fields: Record<string, string> = {}, star = false): { body: Buffer; contentType: string } {
  const boundary = '----yibaoTestBoundary7MA4YWxkTrZu0gW';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  const disp = star ? `filename="upload.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}` : `filename="${filename}"`;
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; ${disp}\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`));
  parts.push(Buffer.from(file));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
