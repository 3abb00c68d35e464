/**
 * GET /api/policies — the rule sets (id, name, period, kinds, rule index) and the fixed English↔Chinese
 * column names of every kind (the column tables of src/kinds, the one place they are kept).
 * GET /api/policies/{id}/parameters — a rule set's parameter table with sources and effective periods.
 */
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { KINDS } from '../kinds/index.js';
import { COMMON_RESULT_COLUMNS, KIND_IDS, type ColumnDef, type KindId } from '../kinds/types.js';
import { columnsNeeded, POLICY_IDS, policyIdFrom, ruleSet } from '../rules/index.js';
import type { ParamDef } from '../rules/params.js';
import type { RuleSet } from '../rules/types.js';
import { HttpError, jsonReply, type Reply } from './reply.js';
import { emptyQuery, parametersQuery, parseQuery } from './schemas.js';

function column(c: ColumnDef) {
  return {
    key: c.key,
    zh: c.zh,
    type: c.type,
    ...(c.required ? { required: true } : {}),
    ...(c.aliases?.length ? { aliases: c.aliases } : {}),
    ...(c.options ? { options: c.options.map((o) => ({ value: o.value, ...(o.code ? { code: o.code } : {}) })) } : {}),
    help: c.help,
  };
}

export function kindCatalog() {
  return KIND_IDS.map((id) => {
    const k = KINDS[id];
    return { id, zh: k.zh, inputs: k.inputs.map(column), results: [...k.results, ...COMMON_RESULT_COLUMNS].map(column) };
  });
}

function policySummary(rs: RuleSet) {
  return {
    id: rs.id,
    name: rs.name,
    title: rs.title,
    period: rs.period,
    kinds: (Object.keys(rs.kinds) as KindId[]).filter((k) => KIND_IDS.includes(k)),
    parameters: `/api/policies/${rs.id}/parameters`,
    rules: rs.rules.map((r) => ({ id: r.id, title: r.title, source: r.source, params: r.params, kinds: r.kinds })),
    conventions: rs.conventions,
    // Which columns each kind needs under this policy: always, and on which rows (derived from the rules' needs).
    columns: Object.fromEntries((Object.keys(rs.kinds) as KindId[]).filter((k) => KIND_IDS.includes(k)).map((k) => [k, columnsNeeded(rs, k)])),
  };
}

export async function policiesHandler(req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  parseQuery(emptyQuery, req.query);
  return jsonReply({ policies: POLICY_IDS.map((id) => policySummary(ruleSet(id))), kinds: kindCatalog() });
}

/** One line per dated value (a parameter the text does not give: one line with an empty value). */
export interface ParameterLine {
  id: string;
  label: string;
  unit: string;
  value: string;
  from: string;
  to: string;
  sourceRef: string;
  sourceQuote: string;
  convention: boolean;
  /** The convention's id (docs/conventions.md), when `convention`. */
  conventionId: string;
  note: string;
}

export const PARAMETER_COLUMNS: { key: keyof ParameterLine; zh: string }[] = [
  { key: 'id', zh: '参数' },
  { key: 'label', zh: '名称' },
  { key: 'unit', zh: '单位' },
  { key: 'value', zh: '值' },
  { key: 'from', zh: '起始日期' },
  { key: 'to', zh: '截止日期' },
  { key: 'sourceRef', zh: '条款' },
  { key: 'sourceQuote', zh: '原文' },
  { key: 'convention', zh: '按本系统约定' },
  { key: 'conventionId', zh: '约定编号' },
  { key: 'note', zh: '说明' },
];

export function parameterLines(defs: readonly ParamDef[]): ParameterLine[] {
  return defs.flatMap((d) => {
    const base = { id: d.id, label: d.label, unit: d.unit, sourceRef: d.source.ref, sourceQuote: d.source.quote, convention: d.convention !== undefined, conventionId: d.convention?.id ?? '', note: d.note ?? '' };
    if (d.values.length === 0) return [{ ...base, value: '', from: '', to: '' }];
    return d.values.map((v) => ({ ...base, value: v.value, from: v.from, to: v.to ?? '' }));
  });
}

/** RFC 4180 field; text that a spreadsheet would run as a formula is neutralised (WORKBOOKS.md). */
export function csvField(v: string | number | boolean): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^[-+]?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function parametersHandler(req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  const raw = req.params['id'] ?? '';
  const id = policyIdFrom(raw);
  if (!id) {
    throw new HttpError(404, 'unknown-policy', `未知的政策「${raw}」，可用：${POLICY_IDS.join(', ')} / unknown policy '${raw}'`, [{ allowed: POLICY_IDS }]);
  }
  const { query } = parseQuery(parametersQuery, req.query);
  const rs = ruleSet(id);
  const lines = parameterLines(rs.params);
  if (query.format === 'csv') {
    const head = PARAMETER_COLUMNS.map((c) => (query.headers === 'zh' ? c.zh : c.key));
    const text = [head, ...lines.map((l) => PARAMETER_COLUMNS.map((c) => l[c.key]))].map((r) => r.map(csvField).join(',')).join('\r\n');
    return { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${id}.parameters.csv"` }, body: `\uFEFF${text}\r\n` };
  }
  return jsonReply({ policy: rs.id, name: rs.name, period: rs.period, parameters: lines });
}
