/**
 * What the reader makes of a data sheet's header row beyond the matched input columns (issue 15):
 *  - headers matched to no column: reported everywhere (汇总, CLI, HTTP, job state); one that looks like a
 *    rule input makes every row of its sheet 警告, so a batch never comes back 成功 with a cost column dropped;
 *  - result headers that would repeat a header of the sheet get a distinct name;
 *  - which cell texts a file-level error may quote (privacy: issue 16).
 */
import type { SheetContext } from '../engine/run.js';
import type { ColumnDef, KindDef } from '../kinds/types.js';
import { maskIdsInText } from '../kinds/idcard.js';
import { resultColumns } from '../kinds/index.js';
import { normalizeHeader } from './headers.js';
import type { DataSheet } from './reader.js';

/** A header of the data sheet that no column of the kind reads. */
export interface UnusedColumn {
  /** Sheet name. */
  sheet: string;
  /** The header cell, e.g. `K2`. */
  cell: string;
  /** Its 1-based column index. */
  col: number;
  /** The header text as in the sheet (ID numbers masked). */
  header: string;
  /** It looks like a rule input (RULE_INPUT_WORDS): every row of the sheet is 警告 naming it. */
  warned: boolean;
}

/**
 * Words that mark a header as an input some rule might need: a column with one of them that is not read may
 * change amounts (自费 dropped → 统筹基金支付 too high), so its rows are warned, never 成功.
 * Plain breakdown columns (药品费, 检查费, 床位费, 科室, 备注) carry none of them and resemble no input
 * column: listed only.
 */
export const RULE_INPUT_WORDS: readonly string[] = ['自付', '自费', '自负', '统筹', '起付', '比例', '基数', '等级', '类别', '险种', '状态'];

/** Per kind: the normalized names (headers and aliases) of the input columns some rule reads. */
const ruleInputNames = new Map<string, string[]>();

function ruleInputNamesOf(kind: KindDef): string[] {
  let names = ruleInputNames.get(kind.id);
  if (!names) {
    names = kind.inputs.filter((c) => !c.echoOnly).flatMap((c) => [c.zh, ...(c.aliases ?? [])].map(normalizeHeader));
    ruleInputNames.set(kind.id, names);
  }
  return names;
}

/**
 * Whether an unused header is to be warned about, as a rule input we may have dropped: it carries a
 * rule-input word, or it resembles an input column a rule reads (contains its name, or is part of it:
 * 病种名称, 出院日期时间, 总费). Not when it is one of the kind's own result headers (a HIS export's 起付线 or
 * 个人负担 is the hospital's result, not an input).
 */
export function warnsAsRuleInput(kind: KindDef, header: string): boolean {
  const n = normalizeHeader(header);
  if (n.length === 0 || resultColumns(kind).some((c) => normalizeHeader(c.zh) === n)) return false;
  if (RULE_INPUT_WORDS.some((w) => n.includes(w))) return true;
  return ruleInputNamesOf(kind).some((name) => n.includes(name) || (n.length >= 2 && name.includes(n)));
}

/** The warning every row of a sheet with such columns carries. */
export function unusedColumnsWarning(headers: readonly string[]): string {
  const zh = headers.map((h) => `「${h}」`).join('、');
  return `列${zh}未被识别，未参与计算，结果可能不全；如是计算所需的列，请改用模板中的列名 / column ${headers.join(', ')} is not recognised and was not used: results may be incomplete; rename it to a template header if the rules need it`;
}

/** What a data sheet gives each of its rows in the engine: its own header names, and the warning for unread rule-like columns. */
export function sheetContext(ds: Pick<DataSheet, 'labels' | 'unused'>): SheetContext {
  const warned = [...new Set(ds.unused.filter((u) => u.warned).map((u) => u.header))];
  return { labels: ds.labels, ...(warned.length > 0 ? { issues: [{ severity: 'warning', message: unusedColumnsWarning(warned) }] } : {}) };
}

/** Suffix of a result header that would repeat a header of the sheet (统筹基金支付 → 统筹基金支付（医保计算）). */
export const OWN_RESULT_SUFFIX = '（医保计算）';

/**
 * The result headers as written into one sheet: a result header equal (after normalising) to any header of
 * the sheet's own gets OWN_RESULT_SUFFIX, so no output has two columns of the same name.
 */
export function resultHeadersFor(kind: KindDef, sheetHeaders: readonly string[]): string[] {
  const taken = new Set(sheetHeaders.map(normalizeHeader));
  return resultColumns(kind).map((c) => (taken.has(normalizeHeader(c.zh)) ? `${c.zh}${OWN_RESULT_SUFFIX}` : c.zh));
}

/** Whether a header cell is a result header as an earlier run wrote it (plain or with the suffix). */
export function isWrittenResultHeader(col: ColumnDef, text: string): boolean {
  return text === col.zh || text === `${col.zh}${OWN_RESULT_SUFFIX}`;
}

/**
 * Whether a cell's text may be quoted in a file-level error message. Such errors (no header row, missing
 * headers) quote what was found so the user can fix the sheet, but must never echo a person's data (issue 16):
 * the first rows of a sheet without a header row are often data. Quoted when
 *  - the row holds at least one header known to some kind (it is a header row: its cells are labels), or
 *  - the text has the shape of a label: short, no digit (no ID, date or amount), and not 2–4 CJK characters
 *    (or a ·-joined name) that could be a person's name.
 * Everything else is counted and located by cell reference only. Quoted text is ID-masked in any case.
 */
export function quotableCellText(text: string, rowHasKnownHeader: boolean): boolean {
  const t = text.trim();
  if (t === '' || t.length > 24) return false;
  if (rowHasKnownHeader) return true;
  if (/\d/.test(t) || t.includes('·')) return false;
  return !/^[\u3400-\u9fff]{2,4}$/.test(t);
}

/** A quotable text as quoted: ID numbers masked. */
export function quoteCellText(text: string): string {
  return maskIdsInText(text.trim());
}
