/**
 * The zod schemas that validate every request's path and query. GET /api/openapi.json is generated from
 * these same schemas (z.toJSONSchema), so the document cannot drift from what the handlers accept.
 */
import { z } from 'zod';
import { KINDS, kindIdFrom } from '../kinds/index.js';
import { KIND_IDS, type KindDef, type KindId } from '../kinds/types.js';
import { POLICY_IDS, policyIdFrom } from '../rules/index.js';
import { HttpError } from './reply.js';

export const kindSchema = z.enum(KIND_IDS as [KindId, ...KindId[]]).describe('工作簿类型 / workbook kind');
export const policySchema = z.enum(POLICY_IDS as [string, ...string[]]).describe('政策（规则集）/ policy id (rule set)');

export const ledgerModeSchema = z
  .enum(['commit', 'peek', 'off'])
  .describe('年度累计台账：commit（应用已启用台账时的缺省：按台账计算并提交）、peek（按台账计算，不提交）、off（不用台账） / year-to-date ledger: commit (the default when the app has one), peek (compute against it, commit nothing), off');

/** `param.<id>=value` query entries override rule parameters (request beats the 参数 sheet). */
export const PARAM_PREFIX = 'param.';

export const processQuery = z
  .object({
    policy: policySchema.optional().describe('政策；缺省时取工作簿「参数」表的「政策」 / policy id; defaults to the workbook 参数 sheet'),
    format: z.enum(['xlsx', 'json', 'csv']).optional().describe('输出格式；缺省时按 Accept 协商，否则 xlsx / output format; from Accept when absent, else xlsx'),
    headers: z.enum(['en', 'zh']).optional().describe('JSON/CSV 列名语言 / field names of JSON and CSV output'),
    name: z.string().min(1).max(200).optional().describe('原文件名（原始字节上传时用于结果文件名） / original file name, for the result name when the body is raw bytes'),
    ledger: ledgerModeSchema.optional(),
  })
  .strict();

export const templateQuery = z.object({}).strict();
export const emptyQuery = z.object({}).strict();

export const parametersQuery = z
  .object({
    format: z.enum(['json', 'csv']).optional().describe('json（默认）或 csv / json (default) or csv'),
    headers: z.enum(['en', 'zh']).optional().describe('CSV 列名语言 / CSV header language'),
  })
  .strict();

export const calcControl = {
  policy: policySchema.describe('政策（必填） / policy id (required)'),
  field: z.string().min(1).optional().describe('只返回这一结果字段 / return only this field (e.g. fundPaid)'),
  format: z.enum(['json', 'value']).optional().describe('json（默认）或 value：纯文本数值，供 Excel WEBSERVICE() / value: the bare number as text for Excel WEBSERVICE()'),
  year: z
    .string()
    .regex(/^\d{4}$/)
    .refine((y) => Number(y) >= 1990 && Number(y) <= 2100, '1990–2100')
    .optional()
    .describe('无日期列时的计算年度（同「参数」表年度，1990–2100） / year for rows without a date column (1990–2100)'),
};

/** GET /api/calc/{kind}: the control fields plus every input column of the kind, by its English key. */
export function calcQuery(kind: KindDef) {
  const fields: Record<string, z.ZodOptional<z.ZodString>> = {};
  // Identity-only columns (结算号, 姓名) name a workbook row; one computed row does without them.
  for (const c of kind.inputs) fields[c.key] = z.string().optional().describe(`${c.zh}${c.required && !c.identityOnly ? '（必填）' : ''} — ${c.help}`);
  return z.object({ ...fields, ...calcControl }).strict();
}

const calcCache = new Map<KindId, ReturnType<typeof calcQuery>>();
export function calcQueryFor(kind: KindId): ReturnType<typeof calcQuery> {
  let s = calcCache.get(kind);
  if (!s) {
    s = calcQuery(KINDS[kind]);
    calcCache.set(kind, s);
  }
  return s;
}

export interface ParsedQuery<T> {
  query: T;
  /** `param.<id>` overrides, raw text by id. */
  overrides: Record<string, string>;
}

/** Validate a query string: known names by the schema, `param.<id>` collected as overrides. */
export function parseQuery<S extends z.ZodType>(schema: S, params: URLSearchParams, allowOverrides = false): ParsedQuery<z.output<S>> {
  const plain: Record<string, string> = {};
  const overrides: Record<string, string> = {};
  const repeated: string[] = [];
  for (const [k, v] of params) {
    if (allowOverrides && k.startsWith(PARAM_PREFIX) && k.length > PARAM_PREFIX.length) overrides[k.slice(PARAM_PREFIX.length)] = v;
    else if (k === 'code') continue; // the Functions host's key parameter, checked by the host
    else if (k in plain) repeated.push(k);
    // Policy ids are case-insensitive on every door (rules/index.ts policyIdFrom); the schema sees the canonical id.
    else plain[k] = k === 'policy' ? (policyIdFrom(v) ?? v) : v;
  }
  if (repeated.length > 0) {
    throw new HttpError(400, 'bad-query', `查询参数重复：${repeated.join(', ')} / repeated query parameter: ${repeated.join(', ')}`, repeated.map((k) => ({ field: k, problem: 'repeated' })));
  }
  const r = schema.safeParse(plain);
  if (!r.success) {
    const details = r.error.issues.map((i) =>
      i.code === 'unrecognized_keys' ? { fields: i.keys, problem: 'unknown query parameter' } : { field: i.path.join('.'), problem: i.message },
    );
    const names = r.error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys : [i.path.join('.')]));
    throw new HttpError(400, 'bad-query', `查询参数无效：${names.join(', ')} / invalid query parameter: ${names.join(', ')}`, details);
  }
  return { query: r.data, overrides };
}

/** Path parameter `{kind}` → KindId, or 404. */
export function parseKind(raw: string | undefined): KindId {
  const r = kindSchema.safeParse(kindIdFrom(raw ?? '') ?? raw);
  if (!r.success) {
    throw new HttpError(404, 'unknown-kind', `未知的工作簿类型「${raw ?? ''}」，可用：${KIND_IDS.join(', ')} / unknown workbook kind '${raw ?? ''}'`, [{ allowed: KIND_IDS }]);
  }
  return r.data;
}
