/**
 * The one route table: the Functions registrations (functions/*.ts) and the local node:http server
 * (src/server) both serve exactly these routes, and GET /api/openapi.json documents them.
 * Routes are Functions route templates under the /api prefix.
 */
import type { HttpMethod, HttpRequest, InvocationContext } from '@azure/functions';
import type { z } from 'zod';
import { openApiDocument } from '../openapi/document.js';
import { appHandler } from './app.js';
import { calcHandler } from './calc.js';
import { healthHandler } from './health.js';
import { ledgerHandler } from './ledger.js';
import { createJobHandler, createUploadHandler, jobResultHandler, jobsQuery, jobStatusHandler, resultQuery, uploadsQuery } from './jobs.js';
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
  /** Takes `param.<id>=value` parameter overrides. */
  overrides?: boolean;
  /** Media types of the success answer. */
  produces: string[];
  /** The success status when not 200 (202 Accepted for a job). */
  status?: number;
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
    name: 'ledger',
    methods: ['GET'],
    route: 'ledger/{policy}/{year}/{idNumber}',
    authLevel: 'function',
    handler: ledgerHandler,
    doc: {
      summary: '年度累计台账：某人某年度的累计与已提交行 / the year-to-date ledger: one person-year\'s totals and committed rows',
      description: '台账只保存身份证号的密钥哈希；返回中的身份证号已脱敏。应用未启用台账时为 503。 / The ledger keeps only a keyed hash of the ID number; the answer shows it masked. 503 when the app has no ledger.',
      query: emptyQuery,
      produces: ['application/json'],
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
      overrides: true,
      produces: [XLSX, 'application/json', 'text/csv'],
    },
  },
  {
    name: 'jobs',
    methods: ['POST'],
    route: 'jobs',
    authLevel: 'function',
    handler: createJobHandler,
    doc: {
      summary: '异步计算工作簿：202 与 Location /api/jobs/{id} / compute a workbook asynchronously: 202 with Location /api/jobs/{id}',
      description: '请求体同 POST /api/{kind}；工作簿存入 Blob 投递（uploads/），由同一处理流程运行。 / Body as for POST /api/{kind}; the workbook goes into the blob drop (uploads/) and runs through the same handler.',
      query: jobsQuery,
      body: 'workbook',
      produces: ['application/json'],
      status: 202,
    },
  },
  {
    name: 'uploads',
    methods: ['POST'],
    route: 'uploads',
    authLevel: 'function',
    handler: createUploadHandler,
    doc: {
      summary: '大文件：返回 15 分钟有效、只能写入一个 Blob 的 SAS / large files: a 15-minute write-only SAS for exactly one blob under uploads/',
      description: '浏览器用 Put Block / Put Block List 直接上传到存储，提交块列表时带上 commitHeaders；文件落地后任务即运行。 / The browser uploads straight to storage (Put Block, then Put Block List with commitHeaders); the job runs when the blob lands.',
      query: uploadsQuery,
      produces: ['application/json'],
      status: 201,
    },
  },
  {
    name: 'job',
    methods: ['GET'],
    route: 'jobs/{jobId}',
    authLevel: 'function',
    handler: jobStatusHandler,
    doc: { summary: '任务状态、进度、计数、合计与问题列表 / job state, progress, counts, totals and problems', query: emptyQuery, produces: ['application/json'] },
  },
  {
    name: 'jobResult',
    methods: ['GET'],
    route: 'jobs/{jobId}/result',
    authLevel: 'function',
    handler: jobResultHandler,
    doc: { summary: '任务结果（工作簿、JSON 或 CSV） / the job\'s output (workbook, JSON or CSV)', query: resultQuery, produces: [XLSX, 'application/json', 'text/csv'] },
  },
  {
    name: 'app',
    methods: ['GET'],
    route: 'app',
    authLevel: 'anonymous',
    handler: appHandler,
    doc: { summary: '网页：上传、进度、合计、问题、下载（匿名；页面的接口调用带函数密钥） / the web page (anonymous; its API calls carry the function key)', query: emptyQuery, produces: ['text/html'] },
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
