/**
 * The optional `参数` sheet (参数 | 值): 政策, 年度, 上年度全省职工月平均工资 and any rule parameter by id.
 * Request/CLI options beat the sheet; no policy anywhere is an error (WORKBOOKS.md).
 */
import { InputError } from '../pipeline/types.js';
import { type Decimal } from '../money.js';
import { RULE_SETS, policyIdFrom } from '../rules/index.js';
import { ParamValueError, parseParamValue } from '../rules/params.js';
import { colLetters } from '../xlsx/xml.js';
import type { PolicyId, RuleSet } from '../rules/types.js';
import { toHalfWidth } from '../money.js';
import { normalizeHeader } from './headers.js';
import { cellValue, isBlankValue, type WorkbookFile } from './reader.js';

export const PARAM_SHEET_NAME = '参数';

/** `上年度全省职工月平均工资` names each policy's average-wage parameter. */
export const AVERAGE_WAGE_PARAM: Record<PolicyId, string> = {
  'dongying-2018': 'dongying.averageWage.monthly',
  'xining-2024': 'xining.averageWage.monthly',
};

const KEY_POLICY = normalizeHeader('政策');
const KEY_YEAR = normalizeHeader('年度');
const KEY_WAGE = normalizeHeader('上年度全省职工月平均工资');

export interface ParamSheetEntry {
  key: string;
  value: string;
  row: number;
  /** The cells of the key and the value (`A3`, `B3`): what a refusal names instead of quoting them. */
  keyCell?: string;
  valueCell?: string;
}

export interface ParamSheet {
  sheetName: string;
  entries: ParamSheetEntry[];
}

/** Read the 参数 sheet's key/value pairs (columns 参数 and 值 when headed so, else A and B). */
export async function readParamSheet(wb: WorkbookFile): Promise<ParamSheet | undefined> {
  const sheet = wb.worksheets().find((s) => normalizeHeader(s.name) === normalizeHeader(PARAM_SHEET_NAME));
  if (!sheet) return undefined;
  const sst = await wb.sharedStrings();
  let keyCol = 1;
  let valCol = 2;
  const entries: ParamSheetEntry[] = [];
  for await (const row of wb.rows(sheet)) {
    const texts = new Map<number, string>();
    for (const c of row.cells) {
      const v = cellValue(c, sst);
      if (!isBlankValue(v)) texts.set(c.col, String(v).trim());
    }
    const headerKey = [...texts].find(([, t]) => normalizeHeader(t) === '参数');
    const headerVal = [...texts].find(([, t]) => normalizeHeader(t) === '值');
    if (headerKey && headerVal) {
      keyCol = headerKey[0];
      valCol = headerVal[0];
      continue;
    }
    const key = texts.get(keyCol);
    const value = texts.get(valCol);
    if (key === undefined || value === undefined) continue;
    entries.push({ key, value, row: row.r, keyCell: `${colLetters(keyCol)}${row.r}`, valueCell: `${colLetters(valCol)}${row.r}` });
  }
  return { sheetName: sheet.name, entries };
}

export interface ResolvedSettings {
  policy: PolicyId;
  ruleSet: RuleSet;
  overrides: Map<string, Decimal>;
  /** Parameter ids that were overridden and where from. */
  overrideSources: Map<string, 'request' | 'sheet'>;
  year?: number;
}

function policyFrom(text: string): PolicyId | undefined {
  const id = policyIdFrom(text);
  if (id) return id;
  const hit = Object.values(RULE_SETS).find((r) => normalizeHeader(r.name) === normalizeHeader(text));
  return hit?.id;
}

const POLICY_LIST = Object.keys(RULE_SETS).join(', ');

/** How a request names an override in messages: `param.<id>` (HTTP) unless the door says otherwise. */
export type OverrideLabel = (id: string) => string;

export const QUERY_LABEL: OverrideLabel = (id) => `param.${id}`;

/** The years a 年度 may name, on every door. */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;

function yearOf(text: string): number | undefined {
  const y = Number(toHalfWidth(text).trim().replace(/年$/, ''));
  return Number.isInteger(y) && y >= FIRST_YEAR && y <= LAST_YEAR ? y : undefined;
}

/**
 * Policy and overrides: request beats sheet. Unknown parameter ids and unparsable or out-of-bounds values
 * are InputErrors (400): silently ignoring a typo would compute with the wrong value. A refusal names the
 * cell of the 参数 sheet (never quoting it: it is the user's text) or the request's option.
 */
export function resolveSettings(sheet: ParamSheet | undefined, request: { policy?: string; overrides?: Record<string, string>; label?: OverrideLabel }): ResolvedSettings {
  const entries = sheet?.entries ?? [];
  const label = request.label ?? QUERY_LABEL;
  const sheetName = sheet?.sheetName ?? PARAM_SHEET_NAME;
  const cellOf = (e: ParamSheetEntry, which: 'key' | 'value') => (which === 'key' ? e.keyCell : e.valueCell) ?? `${which === 'key' ? 'A' : 'B'}${e.row}`;
  const atCell = (e: ParamSheetEntry, which: 'key' | 'value') => ({ zh: `工作表「${sheetName}」单元格 ${cellOf(e, which)}`, en: `sheet ${sheetName} cell ${cellOf(e, which)}`, detail: { sheet: sheetName, cell: cellOf(e, which) } });
  let policyText = request.policy;
  let policyEntry: ParamSheetEntry | undefined;
  if (policyText === undefined || policyText === '') {
    policyEntry = entries.find((x) => normalizeHeader(x.key) === KEY_POLICY);
    policyText = policyEntry?.value;
  }
  if (policyText === undefined || policyText === '') {
    throw new InputError(400, 'policy-required', `未指定政策：请在请求中给出 policy，或在「参数」表填写「政策」（${POLICY_LIST}） / no policy given: pass policy in the request or set 政策 in the 参数 sheet (${POLICY_LIST})`);
  }
  const policy = policyFrom(policyText);
  if (!policy) {
    if (policyEntry) {
      const at = atCell(policyEntry, 'value');
      throw new InputError(400, 'unknown-policy', `${at.zh}的政策未知，可选：${POLICY_LIST} / ${at.en}: unknown policy; known: ${POLICY_LIST}`, [at.detail]);
    }
    throw new InputError(400, 'unknown-policy', `未知政策「${policyText}」，可选：${POLICY_LIST} / unknown policy '${policyText}'; known: ${POLICY_LIST}`, [{ policy: policyText }]);
  }
  const ruleSet = RULE_SETS[policy];
  const defs = new Map(ruleSet.params.map((d) => [d.id, d]));
  const byLabel = new Map(ruleSet.params.map((d) => [normalizeHeader(d.label), d.id]));
  const overrides = new Map<string, Decimal>();
  const overrideSources = new Map<string, 'request' | 'sheet'>();
  let year: number | undefined;

  /** `where`: how the refusal names the value's place, in Chinese and English, and as a detail. */
  const set = (id: string, raw: string, from: 'request' | 'sheet', where: { zh: string; en: string; detail: Record<string, unknown> }) => {
    const def = defs.get(id)!;
    try {
      overrides.set(id, parseParamValue(def, raw));
    } catch (e) {
      if (!(e instanceof ParamValueError)) throw e;
      const [zh, en] = e.message.split(' / ');
      throw new InputError(400, 'bad-parameter', `${where.zh}（参数 ${id}）${zh} / ${where.en} (parameter ${id}) ${en}`, [{ ...where.detail, parameter: id }]);
    }
    overrideSources.set(id, from);
  };

  for (const e of entries) {
    const k = normalizeHeader(e.key);
    if (k === KEY_POLICY) continue;
    if (k === KEY_YEAR) {
      const y = yearOf(e.value);
      if (y === undefined) {
        const at = atCell(e, 'value');
        throw new InputError(400, 'bad-parameter', `${at.zh}的「年度」不是 ${FIRST_YEAR}–${LAST_YEAR} 的年份 / ${at.en}: 年度 must be a year from ${FIRST_YEAR} to ${LAST_YEAR}`, [{ ...at.detail, parameter: '年度' }]);
      }
      year = y;
      continue;
    }
    const id = k === KEY_WAGE ? AVERAGE_WAGE_PARAM[policy] : defs.has(e.key.trim()) ? e.key.trim() : byLabel.get(k);
    if (id) {
      set(id, e.value, 'sheet', atCell(e, 'value'));
      continue;
    }
    // A parameter id of another form (has a dot) that this policy lacks is a typo or the wrong policy.
    if (e.key.includes('.')) {
      const at = atCell(e, 'key');
      throw new InputError(400, 'unknown-parameter', `${at.zh}不是政策 ${policy} 的参数（参数见 /api/policies/${policy}/parameters） / ${at.en} is not a parameter of policy ${policy}`, [{ ...at.detail }]);
    }
    // Anything else (notes, explanations) is ignored.
  }
  for (const [given, raw] of Object.entries(request.overrides ?? {})) {
    const where = { zh: label(given), en: label(given), detail: { option: label(given) } };
    if (given === '年度') {
      const y = yearOf(raw);
      if (y === undefined) throw new InputError(400, 'bad-parameter', `${where.zh}：「年度」应为 ${FIRST_YEAR}–${LAST_YEAR} 的年份 / ${where.en}: 年度 must be a year from ${FIRST_YEAR} to ${LAST_YEAR}`, [{ ...where.detail, parameter: '年度' }]);
      year = y;
      continue;
    }
    const id = normalizeHeader(given) === KEY_WAGE ? AVERAGE_WAGE_PARAM[policy] : given;
    if (!defs.has(id)) {
      throw new InputError(400, 'unknown-parameter', `${where.zh}：政策 ${policy} 没有此参数（参数见 /api/policies/${policy}/parameters） / ${where.en}: policy ${policy} has no such parameter`, [{ ...where.detail, parameter: given }]);
    }
    set(id, raw, 'request', where);
  }
  return { policy, ruleSet, overrides, overrideSources, year };
}
