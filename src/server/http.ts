/**
 * The local HTTP server: node:http in front of the same route table the Functions host serves, on
 * /api paths; `/` redirects to the web page. Function keys are not checked here (like `func start`, which
 * ignores authLevel locally) unless YIBAO_FUNCTION_KEY is set; an `x-functions-key` header or `code` query
 * is accepted and ignored, so the same Power Query works against both.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import azureFunctions from '@azure/functions';
import { maxBodyBytes } from '../http/config.js';
import { errorReply, type Reply } from '../http/reply.js';
import { API_PREFIX, guarded, matchRoute, methodNotAllowed, notFound, type RouteDef } from '../http/routes.js';
import { log } from '../log.js';

// The package is a CommonJS bundle whose classes Node's ESM loader cannot see as named exports.
const { HttpRequest, InvocationContext } = azureFunctions;

function send(res: ServerResponse, reply: Reply, then?: () => void): void {
  const body = reply.body === undefined ? '' : reply.body;
  const len = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(len) });
  res.end(body, then);
}

function tooLarge(limit: number): Reply {
  const mb = (limit / 1024 / 1024).toFixed(0);
  return errorReply(413, 'too-large', `文件过大，上限 ${mb} MB；大文件请放入 Blob 容器 uploads / request body over the ${mb} MB limit; drop large files into the uploads container`, [{ limitBytes: limit }], { connection: 'close' });
}

/** The body, at most `limit` bytes; undefined when over it. */
async function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length; // int: byte count
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || k.startsWith(':')) continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/**
 * YIBAO_FUNCTION_KEY set: routes with authLevel `function` answer 401 without that key (x-functions-key
 * header or code query), as the Functions host does; unset (the default), keys are not checked.
 */
function keyRefused(route: RouteDef, req: IncomingMessage, url: URL): boolean {
  const key = process.env['YIBAO_FUNCTION_KEY'];
  if (!key || route.authLevel !== 'function') return false;
  return req.headers['x-functions-key'] !== key && url.searchParams.get('code') !== key;
}

export async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  if (url.pathname === '/' && (method === 'GET' || method === 'HEAD')) {
    req.resume();
    send(res, { status: 302, headers: { location: `${API_PREFIX}/app` } }); // the web page
    return;
  }
  const m = matchRoute(method, url.pathname);
  if ('status' in m) {
    req.resume();
    send(res, m.status === 404 ? notFound() : methodNotAllowed(m.allow));
    return;
  }
  if (keyRefused(m.route, req, url)) {
    req.resume();
    send(res, { status: 401, headers: {} }); // the Functions host's answer: no body
    return;
  }
  const limit = maxBodyBytes();
  const declared = Number(req.headers['content-length'] ?? '0');
  let bytes: Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    bytes = declared > limit ? undefined : await readLimited(req, limit);
    if (bytes === undefined) {
      send(res, tooLarge(limit), () => req.destroy());
      return;
    }
  }
  const request = new HttpRequest({
    method,
    url: url.toString(),
    headers: headersOf(req),
    params: m.params,
    ...(bytes && bytes.length > 0 ? { body: { bytes } } : {}),
  });
  const ctx = new InvocationContext({ functionName: m.route.name, invocationId: randomUUID() });
  send(res, await guarded(m.route)(request, ctx));
}

export function createApiServer(): Server {
  return createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log('error', 'server.internal-error', { error: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent) send(res, errorReply(500, 'internal-error', '服务器内部错误 / internal server error'));
      else res.destroy();
    });
  });
}
