/**
 * The local HTTP server: node:http in front of the same route table the Functions host serves, on
 * /api paths; `/` redirects to the web page. Function keys are not checked here (like `func start`, which
 * ignores authLevel locally) unless YIBAO_FUNCTION_KEY is set; an `x-functions-key` header or `code` query
 * is accepted and ignored, so the same Power Query works against both. As the host does (host.json
 * extensions.http), it runs at most maxConcurrentRequests requests at once and holds at most
 * maxOutstandingRequests (running or waiting; beyond: 429), health aside; and it answers only requests
 * addressed to this machine by name (the Host header: no DNS rebinding).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import azureFunctions from '@azure/functions';
import { maxBodyBytes } from '../http/config.js';
import { errorReply, type Reply } from '../http/reply.js';
import { API_PREFIX, guarded, matchRoute, methodNotAllowed, notFound, type RouteDef } from '../http/routes.js';
import { log } from '../log.js';
import { Gate } from './gate.js';

// The package is a CommonJS bundle whose classes Node's ESM loader cannot see as named exports.
const { HttpRequest, InvocationContext } = azureFunctions;

async function send(res: ServerResponse, reply: Reply): Promise<void> {
  const body = reply.body === undefined ? '' : reply.body;
  if (typeof body === 'string' || body instanceof Uint8Array) {
    const len = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(len) });
    await new Promise<void>((resolve) => res.end(body, resolve));
    return;
  }
  // A streamed answer (a large workbook): chunked, at the pace the client reads.
  res.writeHead(reply.status, reply.headers);
  await pipeline(Readable.from(body, { objectMode: false }), res);
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

/** Host names this server answers to: loopback by name or address, with any port (YIBAO_ALLOWED_HOSTS adds more). */
export function allowedHost(host: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!host) return false;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  const extra = (env['YIBAO_ALLOWED_HOSTS'] ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  return name === 'localhost' || name === '127.0.0.1' || name === '[::1]' || extra.includes(name);
}

export interface ServerOptions {
  /** Requests run at once (health aside); default YIBAO_MAX_CONCURRENT_REQUESTS or 4. */
  maxConcurrent?: number;
  /** Requests held, running or waiting; more get 429. Default YIBAO_MAX_OUTSTANDING_REQUESTS or 16. */
  maxOutstanding?: number;
}

function positive(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : fallback;
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

export async function handle(req: IncomingMessage, res: ServerResponse, gate?: Gate): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (!allowedHost(req.headers.host)) {
    req.resume();
    await send(res, errorReply(421, 'wrong-host', '此服务只接受发往 localhost 的请求（可用 YIBAO_ALLOWED_HOSTS 增加主机名） / this server answers requests for localhost only (YIBAO_ALLOWED_HOSTS adds names)', [{ header: 'host' }]));
    return;
  }
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  if (url.pathname === '/' && (method === 'GET' || method === 'HEAD')) {
    req.resume();
    await send(res, { status: 302, headers: { location: `${API_PREFIX}/app` } }); // the web page
    return;
  }
  const m = matchRoute(method, url.pathname);
  if ('status' in m) {
    req.resume();
    await send(res, m.status === 404 ? notFound() : methodNotAllowed(m.allow));
    return;
  }
  if (keyRefused(m.route, req, url)) {
    req.resume();
    await send(res, { status: 401, headers: {} }); // the Functions host's answer: no body
    return;
  }
  // Health answers at once, however busy the server is (it is the liveness probe).
  const leave = m.route.name === 'health' || !gate ? () => undefined : await gate.enter();
  if (leave === undefined) {
    req.resume();
    await send(res, errorReply(429, 'too-busy', '服务器繁忙，请稍后重试 / the server is busy; retry shortly', [], { 'retry-after': '5' }));
    return;
  }
  try {
    const limit = maxBodyBytes();
    const declared = Number(req.headers['content-length'] ?? '0');
    let bytes: Buffer | undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      bytes = declared > limit ? undefined : await readLimited(req, limit);
      if (bytes === undefined) {
        await send(res, tooLarge(limit));
        req.destroy();
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
    bytes = undefined; // the request holds its own copy: this one may go while the upload is processed
    const ctx = new InvocationContext({ functionName: m.route.name, invocationId: randomUUID() });
    await send(res, await guarded(m.route)(request, ctx));
  } finally {
    leave();
  }
}

export function createApiServer(options: ServerOptions = {}): Server {
  const gate = new Gate(options.maxConcurrent ?? positive(process.env['YIBAO_MAX_CONCURRENT_REQUESTS'], 4), options.maxOutstanding ?? positive(process.env['YIBAO_MAX_OUTSTANDING_REQUESTS'], 16));
  return createServer((req, res) => {
    handle(req, res, gate).catch((e: unknown) => {
      log('error', 'server.internal-error', { error: e instanceof Error ? e.message : String(e) });
      if (!res.headersSent) void send(res, errorReply(500, 'internal-error', '服务器内部错误 / internal server error')).catch(() => res.destroy());
      else res.destroy();
    });
  });
}
