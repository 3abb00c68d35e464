/**
 * The one route table: the Functions registrations (functions/*.ts) and the local node:http server
 * (src/server) both serve exactly these routes, and GET /api/openapi.json documents them.
 * Routes are Functions route templates under the /api prefix.
 */
import type { HttpMethod, HttpRequest, InvocationContext } from '@azure/functions';
import type { z } from 'zod';
import { openApiDocument } from '../openapi/document.js';
import { calcHandler } from './calc.js';
import { healthHandler } from './health.js';
import { parametersHandler, policiesHandler } from './policies.js';
import { processHandler } from './process.js';
import { errorReply, jsonReply, replyForError, type Reply } from './reply.js';
import { emptyQuery, parametersQuery, processQuery, templateQuery } from './schemas.js';
import { templateHandler } from './templates.js';

export const API_PREFIX = '/api';

export type Handler = (req: HttpRequest, ctx: InvocationContext) => Promise<Reply>;

export interface RouteDoc {
  summary: string;
  description?: string;
  /** Query schema (zod); `calc` routes are documented per kind from the kind's own schema. */
  query?: z.ZodType;
  body?: 'workbook';
  /** Media types of a 200 answer. */
  produces: string[];
}

export interface RouteDef {
  /** Function name in the Function App. */
  name: string;
  methods: HttpMethod[];
  /** Route template under /api, e.g. `templates/{kind}`. */
  route: string;
  authLevel: 'anonymous' | 'function';
  handler: Handler;
  doc: RouteDoc;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const ROUTES: readonly RouteDef[] = [
  {
    name: 'health',
    methods: ['GET'],
    route: 'health',
    authLevel: 'anonymous',
    handler: healthHandler,
    doc: { summary: '存活检查（匿名；忽略查询参数） / liveness (anonymous; query ignored)', produces: ['application/json'] },
  },
  {
    name: 'openapi',
    methods: ['GET'],
    route: 'openapi.json',
    authLevel: 'function',
    handler: async () => jsonReply(openApiDocument(ROUTES)),
    doc: { summary: '本 API 的 OpenAPI 3 文档 / this API as an OpenAPI 3 document', query: emptyQuery, produces: ['application/json'] },
  },
  {
    name: 'policies',
    methods: ['GET'],
    route: 'policies',
    authLevel: 'function',
    handler: policiesHandler,
    doc: {
      summary: '规则集与各类型中英文列名 / rule sets, rule index and the English↔Chinese column names of every kind',
      query: emptyQuery,
      produces: ['application/json'],
    },
  },
  {
    name: 'parameters',
    methods: ['GET'],
    route: 'policies/{id}/parameters',
    authLevel: 'function',
    handler: parametersHandler,
    doc: { summary: '政策参数表（含条款与有效期） / parameter table with sources and effective periods', query: parametersQuery, produces: ['application/json', 'text/csv'] },
  },
  {
    name: 'templates',
    methods: ['GET'],
    route: 'templates/{kind}',
    authLevel: 'function',
    handler: templateHandler,
    doc: { summary: '下载模板工作簿 / the template workbook of a kind', query: templateQuery, produces: [XLSX] },
  },
  {
    name: 'calc',
    methods: ['GET', 'POST'],
    route: 'calc/{kind}',
    authLevel: 'function',
    handler: calcHandler,
    doc: {
      summary: '计算一行：GET 用查询参数，POST 用 JSON 请求体 / compute one row: GET from query fields, POST from a JSON body',
      description:
        '字段名即英文字段名；param.<参数id>=值 覆盖政策参数；field=<结果字段>&format=value 返回纯文本数值（Excel WEBSERVICE）。含身份证号时请用 POST：同样的字段放在 JSON 对象中，URL 不含个人信息（主机和代理会记录 URL）。 / ' +
        'Field names are the English keys; param.<id>=value overrides a parameter; field=<key>&format=value returns the bare value as text. With an ID number use POST: the same fields as one JSON object, so that no personal data is in the URL (hosts and proxies record URLs).',
      produces: ['application/json', 'text/plain'],
    },
  },
  {
    name: 'process',
    methods: ['POST'],
    route: '{kind}',
    authLevel: 'function',
    handler: processHandler,
    doc: {
      summary: '计算工作簿 / compute a workbook',
      description: '请求体：工作簿原始字节（Power Query Web.Contents 的 Content）或 multipart/form-data（第一个文件）。param.<参数id>=值 覆盖政策参数。未给 format 时按 Accept 协商。 / Body: the raw workbook bytes or multipart/form-data (first file part). param.<id>=value overrides a parameter. Without format, Accept decides (application/json, text/csv), else xlsx.',
      query: processQuery,
      body: 'workbook',
      produces: [XLSX, 'application/json', 'text/csv'],
    },
  },
];

export interface RouteMatch {
  route: RouteDef;
  params: Record<string, string>;
}

function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const seg = t[i]!;
    const m = /^\{(\w+)\}$/.exec(seg);
    let got: string;
    try {
      got = decodeURIComponent(p[i]!);
    } catch {
      return undefined;
    }
    if (m) {
      if (got === '') return undefined;
      params[m[1]!] = got;
    } else if (seg.toLowerCase() !== got.toLowerCase()) return undefined;
  }
  return params;
}

function literalCount(template: string): number {
  return template.split('/').filter((s) => !s.startsWith('{')).length;
}

/** Route lookup as the Functions host does it: literal segments beat parameters. */
export function matchRoute(method: string, pathname: string): RouteMatch | { status: 404 } | { status: 405; allow: string[] } {
  if (!pathname.toLowerCase().startsWith(`${API_PREFIX}/`)) return { status: 404 };
  // Trailing slashes trimmed by hand: /\/+$/ on a 16 KB path of slashes took half a second.
  let end = pathname.length;
  while (end > API_PREFIX.length + 1 && pathname.charCodeAt(end - 1) === 47) end--; // int: '/'
  const path = pathname.slice(API_PREFIX.length + 1, end);
  const hits = ROUTES.map((route) => ({ route, params: matchTemplate(route.route, path) }))
    .filter((h): h is RouteMatch => h.params !== undefined)
    .sort((a, b) => literalCount(b.route.route) - literalCount(a.route.route));
  if (hits.length === 0) return { status: 404 };
  const m = method.toUpperCase();
  const hit = hits.find((h) => h.route.methods.includes(m as HttpMethod));
  if (hit) return hit;
  return { status: 405, allow: [...new Set(hits.flatMap((h) => h.route.methods))] };
}

/** Wrap a handler so that nothing escapes as a stack trace. */
export function guarded(route: RouteDef): Handler {
  return async (req, ctx) => {
    try {
      return await route.handler(req, ctx);
    } catch (e) {
      return replyForError(e, route.name);
    }
  };
}

export function notFound(): Reply {
  return errorReply(404, 'not-found', '没有这个地址；接口列表见 /api/openapi.json / no such route; see /api/openapi.json');
}

export function methodNotAllowed(allow: string[]): Reply {
  return errorReply(405, 'method-not-allowed', `不支持此方法，可用：${allow.join(', ')} / method not allowed; use ${allow.join(', ')}`, [{ allow }], { allow: allow.join(', ') });
}
