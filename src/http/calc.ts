/**
 * GET /api/calc/{kind}?policy=&<field>=…: one row computed from query fields named by the English keys;
 * POST /api/calc/{kind} takes the same fields as a JSON object, keeping 身份证号 out of the URL.
 * JSON object by default; `&field=fundPaid&format=value` returns the bare number as text/plain for
 * Excel's WEBSERVICE(). Runs the same engine as a workbook (runBatch on one raw row).
 */
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { runBatch } from '../engine/run.js';
import { KINDS } from '../kinds/index.js';
import type { RawRow } from '../kinds/validate.js';
import type { Decimal } from '../money.js';
import { ruleSet } from '../rules/index.js';
import { ParamValueError, parseParamValue } from '../rules/params.js';
import { readBody } from './body.js';
import type { PolicyId } from '../rules/types.js';
import { JsonRecordWriter } from '../render/json.js';
import { recordFields, recordValues } from '../render/records.js';
import { HttpError, jsonReply, type Reply } from './reply.js';
import { calcQueryFor, parseKind, parseQuery } from './schemas.js';

/** The largest JSON body POST /api/calc takes (one row's fields). */
const CALC_BODY_BYTES = 64 * 1024;

/**
 * POST: the same fields as the GET query, as one JSON object (strings; numbers and booleans are taken as
 * their text), so that 身份证号 stays out of the URL, which hosts, proxies and browsers record. The query
 * may then carry the function key (`code`) and nothing else.
 */
async function bodyFields(req: HttpRequest): Promise<URLSearchParams> {
  const stray = [...req.query.keys()].filter((k) => k !== 'code');
  if (stray.length > 0) throw new HttpError(400, 'bad-query', `POST 时字段应放在 JSON 请求体中：${stray.join(', ')} / with POST the fields go in the JSON body: ${stray.join(', ')}`, stray.map((k) => ({ field: k, problem: 'in the query' })));
  const text = Buffer.from(await readBody(req, CALC_BODY_BYTES)).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad-body', '请求体不是 JSON 对象 / the body is not a JSON object');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new HttpError(400, 'bad-body', '请求体不是 JSON 对象 / the body is not a JSON object');
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(json)) {
    if (v === null || v === undefined) continue;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') throw new HttpError(400, 'bad-body', `字段「${k}」应为文本或数字 / field ${k} must be a string or a number`, [{ field: k }]);
    out.append(k, String(v));
  }
  return out;
}

export async function calcHandler(req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  const kindId = parseKind(req.params['kind']);
  const kind = KINDS[kindId];
  const fields = req.method.toUpperCase() === 'POST' ? await bodyFields(req) : req.query;
  const { query, overrides } = parseQuery(calcQueryFor(kindId), fields, true);
  const rs = ruleSet(query.policy as PolicyId);

  const overrideMap = new Map<string, Decimal>();
  for (const [id, raw] of Object.entries(overrides)) {
    const def = rs.params.find((p) => p.id === id);
    if (!def) throw new HttpError(400, 'unknown-parameter', `param.${id}：政策「${rs.id}」没有此参数 / param.${id}: policy ${rs.id} has no such parameter`, [{ field: `param.${id}` }]);
    try {
      overrideMap.set(id, parseParamValue(def, raw));
    } catch (e) {
      if (!(e instanceof ParamValueError)) throw e;
      const [zh, en] = e.message.split(' / ');
      throw new HttpError(400, 'bad-parameter', `param.${id}：${zh} / param.${id}: ${en}`, [{ field: `param.${id}` }]);
    }
  }

  // The same record as a row of the workbook's JSON output (src/render): one renderer, one shape.
  const fieldKeys = recordFields(kind).map((f) => f.key);
  const field = query.field;
  const fieldIndex = field === undefined ? -1 : fieldKeys.indexOf(field);
  if (field !== undefined && fieldIndex < 0) {
    throw new HttpError(400, 'unknown-field', `「${kind.zh}」没有字段「${field}」 / ${kindId} has no field '${field}'`, [{ field: 'field', allowed: fieldKeys }]);
  }
  if (query.format === 'value' && field === undefined) {
    throw new HttpError(400, 'bad-query', 'format=value 需要 field 参数 / format=value needs a field parameter', [{ field: 'field' }]);
  }

  const raw: RawRow = {};
  for (const c of kind.inputs) {
    const v = (query as Record<string, unknown>)[c.key];
    if (typeof v === 'string') raw[c.key] = v;
  }
  const batch = await runBatch([raw], {
    kind: kindId,
    ruleSet: rs,
    overrides: overrideMap,
    identityOptional: true,
    ...(query.year ? { defaultYear: Number(query.year) } : {}),
  });
  const outcome = batch.outcomes[0]!;

  if (query.format === 'value') {
    if (outcome.status === 'error') {
      throw new HttpError(422, 'row-error', `本行无法计算：${outcome.messages.join('；')} / the row cannot be computed`, outcome.messages);
    }
    const v = recordValues(kind, 1, outcome, 'en')[fieldIndex];
    const text = v === null || v === undefined ? '' : 'number' in v ? v.number : 'string' in v ? v.string : String(v.bool);
    return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: text };
  }
  const recordText = new JsonRecordWriter(kind, 'en').record(1, outcome).trim();
  if (field === undefined) return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: recordText };
  const record = JSON.parse(recordText) as Record<string, unknown>;
  return jsonReply({ [field]: record[field] ?? null, status: record['status'], messages: record['messages'] ?? null });
}
