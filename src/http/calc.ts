/**
 * GET /api/calc/{kind}?policy=&<field>=…: one row computed from query fields named by the English keys.
 * JSON object by default; `&field=fundPaid&format=value` returns the bare number as text/plain for
 * Excel's WEBSERVICE(). Runs the same engine as a workbook (runBatch on one raw row).
 */
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { runBatch } from '../engine/run.js';
import { KINDS } from '../kinds/index.js';
import { COMMON_RESULT_COLUMNS } from '../kinds/types.js';
import type { RawRow } from '../kinds/validate.js';
import type { Decimal } from '../money.js';
import { ruleSet } from '../rules/index.js';
import { parseParamValue } from '../rules/params.js';
import type { PolicyId } from '../rules/types.js';
import { outcomeRecord, valueText } from './record.js';
import { HttpError, jsonReply, type Reply } from './reply.js';
import { calcControl, calcQueryFor, parseKind, parseQuery } from './schemas.js';

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

  const fields = [...kind.inputs, ...kind.results, ...COMMON_RESULT_COLUMNS];
  const field = query.field;
  const fieldCol = field === undefined ? undefined : fields.find((c) => c.key === field);
  if (field !== undefined && !fieldCol) {
    throw new HttpError(400, 'unknown-field', `「${kind.zh}」没有字段「${field}」 / ${kindId} has no field '${field}'`, [{ field: 'field', allowed: fields.map((c) => c.key) }]);
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
    ...(query.year ? { defaultYear: Number(query.year) } : {}),
  });
  const outcome = batch.outcomes[0]!;
  const record = outcomeRecord(kind, outcome);

  if (query.format === 'value') {
    if (outcome.status === 'error') {
      throw new HttpError(422, 'row-error', `本行无法计算：${outcome.messages.join('；')} / the row cannot be computed`, outcome.messages);
    }
    const v = fieldCol && kind.inputs.includes(fieldCol) ? outcome.row[fieldCol.key] : field === 'status' ? outcome.status : field === 'messages' ? outcome.messages.join('；') : field === 'basis' ? outcome.basis : outcome.results[field!];
    return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }, body: valueText(fieldCol, v) };
  }
  return jsonReply(field === undefined ? record : { [field]: record[field] ?? null, status: record['status'] ?? null, messages: record['messages'] ?? null });
}

/** Names the calc route reads besides the kind's input keys (for docs and tests). */
export const CALC_CONTROL_NAMES = Object.keys(calcControl);
