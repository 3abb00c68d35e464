/**
 * GET /api/openapi.json: OpenAPI 3.0 built from the route table and the zod schemas that validate each
 * request (z.toJSONSchema), so the document and the validation are one source.
 */
import { z } from 'zod';
import { KINDS } from '../kinds/index.js';
import { KIND_IDS } from '../kinds/types.js';
import { POLICY_IDS } from '../rules/index.js';
import type { RouteDef } from '../http/routes.js';
import { calcQueryFor, kindSchema } from '../http/schemas.js';

export const errorSchema = z
  .object({
    error: z.string().describe('错误代码 / error code'),
    message: z.string().describe('中文 + 英文说明 / Chinese + English message'),
    details: z.array(z.unknown()).describe('细节 / details'),
  })
  .describe('错误 / error');

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

/** Each property of an object query schema as an OpenAPI query parameter. */
export function queryParameters(schema: z.ZodType): JsonSchema[] {
  const js = jsonSchema(schema);
  const props = (js['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((js['required'] ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return { name, in: 'query', required: required.has(name), ...(description ? { description } : {}), schema: rest };
  });
}

function pathParameter(name: string): JsonSchema {
  if (name === 'kind') return { name, in: 'path', required: true, schema: jsonSchema(kindSchema), description: '工作簿类型 / workbook kind' };
  if (name === 'id') return { name, in: 'path', required: true, schema: { type: 'string', enum: POLICY_IDS }, description: '政策 / policy id' };
  if (name === 'jobId') return { name, in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{32}$' }, description: '任务编号（128 位随机） / job id (128 random bits)' };
  return { name, in: 'path', required: true, schema: { type: 'string' } };
}

const BINARY = { type: 'string', format: 'binary' };

function content(types: string[]): JsonSchema {
  const out: JsonSchema = {};
  for (const t of types) out[t] = { schema: t === 'application/json' ? { type: 'object', additionalProperties: true } : t.startsWith('text/') ? { type: 'string' } : BINARY };
  return out;
}

function errorResponses(route: RouteDef): JsonSchema {
  const err = { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  const codes: Record<string, string> = { '400': '请求无效 / bad request', '404': '未找到 / not found', '405': '方法不允许 / method not allowed', '500': '内部错误 / internal error' };
  if (route.doc.body === 'workbook') {
    codes['413'] = '文件过大 / body too large';
    codes['415'] = '不是工作簿 / not a workbook';
    codes['422'] = '无法处理 / cannot be processed';
  }
  if (route.route.startsWith('calc/')) codes['422'] = '本行无法计算（format=value） / the row cannot be computed';
  if (route.route.startsWith('jobs') || route.route === 'uploads') {
    codes['503'] = '未配置存储账户 / no storage account configured';
    if (route.route.startsWith('jobs/')) {
      codes['410'] = '任务已过期 / the job has expired';
      if (route.route.endsWith('/result')) codes['409'] = '任务尚未完成 / the job has not finished';
    }
  }
  return Object.fromEntries(Object.entries(codes).map(([c, d]) => [c, { ...err, description: d }]));
}

function operation(route: RouteDef, query: z.ZodType | undefined, pathParams: string[], extra: JsonSchema[] = []): JsonSchema {
  const op: JsonSchema = {
    operationId: route.name,
    summary: route.doc.summary,
    ...(route.doc.description ? { description: route.doc.description } : {}),
    parameters: [...pathParams.map(pathParameter), ...(query ? queryParameters(query) : []), ...extra],
    responses: { [String(route.doc.status ?? 200)]: { description: 'OK', content: content(route.doc.produces) }, ...errorResponses(route) },
    ...(route.authLevel === 'function' ? { security: [{ functionKeyHeader: [] }, { functionKeyQuery: [] }] } : { security: [] }),
  };
  if (route.doc.body === 'workbook') {
    op['requestBody'] = {
      required: true,
      content: {
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: BINARY },
        'application/octet-stream': { schema: BINARY },
        'multipart/form-data': { schema: { type: 'object', properties: { file: BINARY }, required: ['file'] } },
      },
    };
  }
  return op;
}

const OVERRIDE_PARAM: JsonSchema = {
  name: 'param',
  in: 'query',
  required: false,
  description: '参数覆盖：param.<参数id>=值（参数 id 见 /api/policies/{id}/parameters） / parameter overrides as param.<id>=value',
  style: 'form',
  explode: true,
  schema: { type: 'object', additionalProperties: { type: 'string' } },
};

/** POST /api/calc/{kind}'s body: the GET query's fields as one object; param.<id> keys override parameters. */
function calcBodySchema(kind: (typeof KIND_IDS)[number]): JsonSchema {
  const js = jsonSchema(calcQueryFor(kind));
  return {
    ...js,
    description: '与 GET 查询参数相同的字段；"param.<参数id>": "值" 覆盖参数 / the GET query fields as one object; "param.<id>": "value" overrides a parameter',
    additionalProperties: { type: 'string', description: 'param.<参数id> / param.<id>' },
  };
}

export function openApiDocument(routes: readonly RouteDef[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const add = (path: string, method: string, op: JsonSchema) => {
    (paths[path] ??= {})[method.toLowerCase()] = op;
  };
  for (const route of routes) {
    for (const method of route.methods) {
      if (route.route === 'calc/{kind}') {
        // One path per kind: each kind has its own fields (its column table); GET takes them as the query,
        // POST as a JSON object (the same schema, plus param.<id> keys).
        for (const kind of KIND_IDS) {
          const post = method === 'POST';
          const op = post ? operation(route, undefined, []) : operation(route, calcQueryFor(kind), [], [OVERRIDE_PARAM]);
          if (post) op['requestBody'] = { required: true, content: { 'application/json': { schema: calcBodySchema(kind) } } };
          add(`/api/calc/${kind}`, method, { ...op, operationId: `calc-${kind}${post ? '-post' : ''}`, summary: `${route.doc.summary}：${KINDS[kind].zh}` });
        }
        continue;
      }
      const pathParams = [...route.route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const extra = route.doc.overrides ? [OVERRIDE_PARAM] : [];
      add(`/api/${route.route}`, method, operation(route, route.doc.query, pathParams, extra));
    }
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'yibao 医保工作簿计算 API',
      version: '0.1.0',
      description: '东营 2018 / 西宁 2024 医保政策，逐行精确到分 / medical-insurance workbooks computed to the fen',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Error: jsonSchema(errorSchema) },
      securitySchemes: {
        functionKeyHeader: { type: 'apiKey', in: 'header', name: 'x-functions-key' },
        functionKeyQuery: { type: 'apiKey', in: 'query', name: 'code' },
      },
    },
  };
}
