/**
 * The optional `参数` sheet (参数 | 值): 政策, 年度, 上年度全省职工月平均工资 and any rule parameter by id.
 * Request/CLI options beat the sheet; no policy anywhere is an error (WORKBOOKS.md).
 */
import { InputError } from '../pipeline/types.js';
import { type Decimal } from '../money.js';
import { RULE_SETS, policyIdFrom } from '../rules/index.js';
import { parseParamValue } from '../rules/params.js';
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
    entries.push({ key, value, row: row.r });
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

/**
 * Policy and overrides: request beats sheet. Unknown parameter ids and unparsable values are InputErrors
 * (400): silently ignoring a typo would compute with the wrong value.
 */
export function resolveSettings(sheet: ParamSheet | undefined, request: { policy?: string; overrides?: Record<string, string> }): ResolvedSettings {
  const entries = sheet?.entries ?? [];
  let policyText = request.policy;
  let policySource = 'request';
  if (policyText === undefined || policyText === '') {
    const e = entries.find((x) => normalizeHeader(x.key) === KEY_POLICY);
    if (e) {
      policyText = e.value;
      policySource = `「${sheet!.sheetName}」第${e.row}行`;
    }
  }
  if (policyText === undefined || policyText === '') {
    throw new InputError(400, 'policy-required', `未指定政策：请在请求中给出 policy，或在「参数」表填写「政策」（${POLICY_LIST}） / no policy given: pass policy in the request or set 政策 in the 参数 sheet (${POLICY_LIST})`);
  }
  const policy = policyFrom(policyText);
  if (!policy) {
    throw new InputError(400, 'unknown-policy', `未知政策「${policyText}」（${policySource}），可选：${POLICY_LIST} / unknown policy '${policyText}'; known: ${POLICY_LIST}`, [{ policy: policyText }]);
  }
  const ruleSet = RULE_SETS[policy];
  const defs = new Map(ruleSet.params.map((d) => [d.id, d]));
  const byLabel = new Map(ruleSet.params.map((d) => [normalizeHeader(d.label), d.id]));
  const overrides = new Map<string, Decimal>();
  const overrideSources = new Map<string, 'request' | 'sheet'>();
  let year: number | undefined;

  const set = (id: string, raw: string, from: 'request' | 'sheet', where: string) => {
    const def = defs.get(id);
    if (!def) {
      throw new InputError(400, 'unknown-parameter', `未知参数「${id}」（${where}），政策 ${policy} 没有此参数 / unknown parameter ${id} (${where}) for policy ${policy}`, [{ parameter: id }]);
    }
    try {
      overrides.set(id, parseParamValue(def, raw));
    } catch (e) {
      throw new InputError(400, 'bad-parameter', `${e instanceof Error ? e.message : String(e)}（${where}）`, [{ parameter: id, value: raw }]);
    }
    overrideSources.set(id, from);
  };

  for (const e of entries) {
    const k = normalizeHeader(e.key);
    const where = `「${sheet!.sheetName}」第${e.row}行`;
    if (k === KEY_POLICY) continue;
    if (k === KEY_YEAR) {
      const y = Number(toHalfWidth(e.value).replace(/年$/, ''));
      if (!Number.isInteger(y) || y < 1990 || y > 2100) throw new InputError(400, 'bad-parameter', `「年度」的值「${e.value}」不是有效年份（${where}） / 年度 '${e.value}' is not a year`);
      year = y;
      continue;
    }
    if (k === KEY_WAGE) {
      set(AVERAGE_WAGE_PARAM[policy], e.value, 'sheet', where);
      continue;
    }
    const id = defs.has(e.key.trim()) ? e.key.trim() : byLabel.get(k);
    if (id) {
      set(id, e.value, 'sheet', where);
      continue;
    }
    // A parameter id of another form (has a dot) that this policy lacks is a typo or the wrong policy.
    if (e.key.includes('.')) set(e.key.trim(), e.value, 'sheet', where);
    // Anything else (notes, explanations) is ignored.
  }
  for (const [id, raw] of Object.entries(request.overrides ?? {})) {
    if (id === '年度') {
      const y = Number(raw);
      if (!Number.isInteger(y)) throw new InputError(400, 'bad-parameter', `年度「${raw}」不是有效年份 / 年度 '${raw}' is not a year`);
      year = y;
    } else if (normalizeHeader(id) === KEY_WAGE) set(AVERAGE_WAGE_PARAM[policy], raw, 'request', 'request');
    else set(id, raw, 'request', 'request');
  }
  return { policy, ruleSet, overrides, overrideSources, year };
}
