/**
 * GET /api/calc/{kind}?policy=&<field>=…: one row computed from query fields named by the English keys.
 * JSON object by default; `&field=fundPaid&format=value` returns the bare number as text/plain for
 * Excel's WEBSERVICE(). Runs the same engine as a workbook (runBatch on one raw row).
 */
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { runBatch } from '../engine/run.js';
import { KINDS } from '../kinds/index.js';
import type { RawRow } from '../kinds/validate.js';
import type { Decimal } from '../money.js';
import { ruleSet } from '../rules/index.js';
import { parseParamValue } from '../rules/params.js';
import type { PolicyId } from '../rules/types.js';
import { JsonRecordWriter } from '../render/json.js';
import { recordFields, recordValues } from '../render/records.js';
import { HttpError, jsonReply, type Reply } from './reply.js';
import { calcQueryFor, parseKind, parseQuery } from './schemas.js';

export async function calcHandler(req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  const kindId = parseKind(req.params['kind']);
  const kind = KINDS[kindId];
  const { query, overrides } = parseQuery(calcQueryFor(kindId), req.query, true);
  const rs = ruleSet(query.policy as PolicyId);

  const overrideMap = new Map<string, Decimal>();
  for (const [id, raw] of Object.entries(overrides)) {
    const def = rs.params.find((p) => p.id === id);
    if (!def) throw new HttpError(400, 'unknown-parameter', `政策「${rs.id}」没有参数「${id}」 / policy ${rs.id} has no parameter ${id}`, [{ field: `param.${id}` }]);
    try {
      overrideMap.set(id, parseParamValue(def, raw));
    } catch (e) {
      throw new HttpError(400, 'bad-parameter', (e as Error).message, [{ field: `param.${id}`, value: raw }]);
    }
  }

  // The same record as a row of the workbook's JSON output (src/render): one renderer, one shape.
  const fields = recordFields(kind).map((f) => f.key);
  const field = query.field;
  const fieldIndex = field === undefined ? -1 : fields.indexOf(field);
  if (field !== undefined && fieldIndex < 0) {
    throw new HttpError(400, 'unknown-field', `「${kind.zh}」没有字段「${field}」 / ${kindId} has no field '${field}'`, [{ field: 'field', allowed: fields }]);
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
