/**
 * Row validation at the boundary: raw cell values (numbers, text, dates, formula results) become typed
 * values through a zod schema built from the kind's column table. Every problem names the column and the
 * value; a row with problems is still returned (状态 错误), never dropped.
 */
import { z } from 'zod';
import { D, Decimal, parseMoneyText, toHalfWidth } from '../money.js';
import { isoFromExcelSerial, isoFromUtcDate, parseDateText, parseMonthText } from './dates.js';
import { maskId, parseIdNumber } from './idcard.js';
import type { ColumnDef, EnumOption, KindDef } from './types.js';

export type CellValue = string | number | boolean | Date | null | undefined;
export type RawRow = Record<string, CellValue>;
export type TypedValue = string | number | Decimal | string[] | undefined;
export type TypedRow = Record<string, TypedValue>;

export interface RowIssue {
  /** Column key, or undefined for a row-level problem. */
  column?: string;
  message: string;
  severity: 'error' | 'warning';
}

function show(v: unknown): string {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '无效日期' : isoFromUtcDate(v);
  const s = String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/**
 * A message about a cell of the column. `label` is the header the user's sheet has for it (入院日期 rather
 * than 就诊日期): the clerk finds the column by its own name.
 */
function colMsg(col: ColumnDef, value: unknown, what: string, en: string, label = col.zh): string {
  const shown = col.type === 'id' ? maskId(value) : show(value);
  return `列「${label}」的值「${shown}」${what} / column ${label}: '${shown}' ${en}`;
}

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1)); // int: edit distance
      prev = tmp;
    }
  }
  return dp[b.length]!;
}

function normEnumText(s: string): string {
  return toHalfWidth(s).replace(/\s/g, '').toLowerCase();
}

/** An option list's lookup tables: normalised text → canonical value, and raw text → match (memo). */
interface EnumTable {
  index: Map<string, string>;
  /** The same few spellings recur on every row: raw text → match, without normalising again. */
  hits: Map<string, string | undefined>;
  /** The same few misspellings recur too: capped text → closest option (closestEnum). */
  near: Map<string, string>;
}

/** Built once per option list: matching runs for every cell. */
const enumTables = new WeakMap<readonly EnumOption[], EnumTable>();

function enumTable(options: readonly EnumOption[]): EnumTable {
  let table = enumTables.get(options);
  if (!table) {
    const index = new Map<string, string>();
    // First option wins on a clash, as the linear scan this replaces did.
    for (const o of options) {
      for (const t of [o.value, ...(o.code !== undefined ? [o.code] : []), ...(o.aliases ?? [])]) {
        const k = normEnumText(t);
        if (!index.has(k)) index.set(k, o.value);
      }
    }
    table = { index, hits: new Map(), near: new Map() };
    enumTables.set(options, table);
  }
  return table;
}

export function matchEnum(options: readonly EnumOption[], raw: string): string | undefined {
  return matchIn(enumTable(options), raw);
}

function matchIn(table: EnumTable, raw: string): string | undefined {
  const known = table.hits.get(raw);
  if (known !== undefined || table.hits.has(raw)) return known;
  const hit = table.index.get(normEnumText(raw));
  if (table.hits.size < 1000) table.hits.set(raw, hit); // a column holds a handful of distinct spellings
  return hit;
}

/**
 * The most characters of a cell that "did you mean" compares: options are a few characters long, and an
 * edit distance costs the product of the two lengths (a 32,767-character cell on every row took minutes).
 */
export const SUGGEST_MAX_CHARS = 32;

/** The allowed value closest to what was typed, for "did you mean …" (its first SUGGEST_MAX_CHARS characters). */
export function closestEnum(options: readonly EnumOption[], raw: string): string {
  const table = enumTable(options);
  // Normalising can only shorten the text (spaces dropped), so a few times the cap is enough to read.
  const t = normEnumText(raw.length > 4 * SUGGEST_MAX_CHARS ? raw.slice(0, 4 * SUGGEST_MAX_CHARS) : raw).slice(0, SUGGEST_MAX_CHARS);
  const known = table.near.get(t);
  if (known !== undefined) return known;
  let best = options[0]!.value;
  let bestD = Number.POSITIVE_INFINITY;
  for (const o of options) {
    for (const cand of [o.value, ...(o.aliases ?? []), ...(o.code ? [o.code] : [])]) {
      const c = normEnumText(cand);
      const d = c.includes(t) || t.includes(c) ? 0.5 : levenshtein(t, c);
      if (d < bestD) {
        bestD = d;
        best = o.value;
      }
    }
  }
  if (table.near.size < 1000) table.near.set(t, best);
  return best;
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

const LIST_SEPARATORS = /[、,，;；\n]+/;

/**
 * Amounts from 10^13 yuan up are refused: no row is that large, Excel keeps 15 significant digits (so not
 * its fen), and a 32,767-digit amount would carry its digits into every total and output cell.
 */
const MAX_AMOUNT_EXPONENT = 13;

/** A cell that does not parse (a class, so a typed value can never be mistaken for it). */
class CellError {
  constructor(readonly error: string) {}
}

/**
 * D(v) for a cell's number. An amount with at most two decimals (r/100 === v exactly) has r's digits as its
 * shortest form (two-decimal values below 10^12 are all distinct doubles), so String(v), which D parses, is
 * r with a decimal point: decimal.js's fields are built from r directly instead of through that string,
 * the costliest step of reading an amount. test/kinds/cell-decimal.test.ts checks the fields against D.
 */
export function cellDecimal(v: number): Decimal {
  const a = v < 0 ? -v : v;
  if (a < 1e12 && !Number.isInteger(a)) {
    const r = Math.round(a * 100); // int: cents
    if (r / 100 === a) return fromCents(v < 0 ? -1 : 1, r); // int
  }
  return D(v);
}

/** decimal.js's fields of ±r/100 (1 ≤ r % 100): the integer part in base-10^7 words, then the cents' word. */
function fromCents(sign: number, r: number): Decimal {
  const int = Math.floor(r / 100); // int
  const cents = r - int * 100; // int
  const x = new Decimal(0) as unknown as { s: number; e: number; d: number[] };
  x.s = sign;
  if (int === 0) {
    x.e = cents >= 10 ? -1 : -2;
    x.d = [cents * 100000]; // int
  } else {
    let e = 0;
    for (let t = int; t >= 10; t = Math.floor(t / 10)) e++; // int: digits - 1
    x.e = e;
    if (int < 1e7) x.d = [int, cents * 100000]; // int
    else {
      const hi = Math.floor(int / 1e7); // int
      x.d = [hi, int - hi * 1e7, cents * 100000]; // int
    }
  }
  return x as unknown as Decimal;
}

const STORED_AS_NUMBER = '是以数字保存的：Excel 的数字只保留15位有效数字，身份证号的末几位已丢失。请把该列设为「文本」格式，重新输入完整的身份证号';
const STORED_AS_NUMBER_EN = 'was stored as a number, which keeps only 15 significant digits: the last digits of the ID are lost; format the column as Text and enter the ID again';

/**
 * An ID number typed into a number cell: 18 digits do not fit a double (nor Excel's 15 significant
 * digits), so what arrives is a number of 16+ digits, or its scientific text (6.30102E+17) from an export.
 */
function storedAsNumber(v: CellValue): boolean {
  if (typeof v === 'number') return Number.isFinite(v) && Math.abs(v) >= 1e15;
  return typeof v === 'string' && /^\s*\d(\.\d+)?e\+?\d+\s*$/i.test(v);
}

/** Parse one cell by its column type; returns the typed value or an error message (naming the column by `label`). */
export function parseCell(col: ColumnDef, v: CellValue, label?: string): { value: TypedValue } | { error: string } {
  const r = parseValue(col, v, undefined, label);
  return r instanceof CellError ? { error: r.error } : { value: r };
}

/** parseCell without a result object per cell (validateRow runs for every cell of every row). */
function parseValue(col: ColumnDef, v: CellValue, table?: EnumTable, label?: string): TypedValue | CellError {
  if (isBlank(v)) return undefined;
  switch (col.type) {
    case 'text':
      return (v instanceof Date ? isoFromUtcDate(v) : String(v)).trim();
    case 'id': {
      if (storedAsNumber(v)) return new CellError(colMsg(col, typeof v === 'number' ? String(v) : v, STORED_AS_NUMBER, STORED_AS_NUMBER_EN, label));
      const r = parseIdNumber(String(v));
      if (!r.ok) return new CellError(colMsg(col, v, `不是有效的身份证号：${r.reason}`, 'is not a valid ID number', label));
      return r.info.id;
    }
    case 'money':
    case 'decimal': {
      let d: Decimal | undefined;
      if (typeof v === 'number') d = Number.isFinite(v) ? cellDecimal(v) : undefined;
      else if (typeof v === 'string') d = parseMoneyText(v);
      if (d === undefined) return new CellError(colMsg(col, v, '不是有效数字', 'is not a number', label));
      if (col.type === 'money' && d.isNegative()) return new CellError(colMsg(col, v, '不能为负数', 'must not be negative', label));
      // decimal.js's exponent: |d| ≥ 10^13 exactly when it is 13 or more (no allocation on every amount).
      if (d.e >= MAX_AMOUNT_EXPONENT) return new CellError(colMsg(col, v, '过大（应小于 10 万亿）', 'is too large (the limit is 10^13)', label));
      return d;
    }
    case 'int': {
      const d = typeof v === 'number' ? (Number.isFinite(v) ? cellDecimal(v) : undefined) : typeof v === 'string' ? parseMoneyText(v) : undefined;
      if (d === undefined || !d.isInteger()) return new CellError(colMsg(col, v, '不是整数', 'is not a whole number', label));
      if (d.isNegative()) return new CellError(colMsg(col, v, '不能为负数', 'must not be negative', label));
      if (d.greaterThan(1e9)) return new CellError(colMsg(col, v, '过大', 'is too large', label));
      return d.toNumber();
    }
    case 'date': {
      let iso: string | undefined;
      if (v instanceof Date) iso = Number.isNaN(v.getTime()) ? undefined : isoFromUtcDate(v);
      else if (typeof v === 'number') iso = isoFromExcelSerial(v);
      else if (typeof v === 'string') iso = /^\d{5}(\.\d+)?$/.test(v.trim()) ? isoFromExcelSerial(Number(v)) : parseDateText(v);
      if (!iso || iso < '1900-01-01' || iso > '2100-12-31') return new CellError(colMsg(col, v, '不是有效日期（如 2024-02-15）', 'is not a valid date (e.g. 2024-02-15)', label));
      return iso;
    }
    case 'month': {
      let m: string | undefined;
      if (v instanceof Date) m = Number.isNaN(v.getTime()) ? undefined : isoFromUtcDate(v).slice(0, 7);
      else if (typeof v === 'number') m = parseMonthText(String(v)) ?? isoFromExcelSerial(v)?.slice(0, 7);
      else m = parseMonthText(String(v));
      if (!m) return new CellError(colMsg(col, v, '不是有效年月（如 2024-02）', 'is not a valid month (e.g. 2024-02)', label));
      return m;
    }
    case 'enum': {
      const text = typeof v === 'number' ? String(v) : String(v);
      const hit = table ? matchIn(table, text) : matchEnum(col.options ?? [], text);
      if (hit === undefined) {
        const near = closestEnum(col.options ?? [], text);
        return new CellError(colMsg(col, v, `不是允许的值，是否应为「${near}」？允许：${(col.options ?? []).map((o) => o.value).join('/')}`, `is not allowed; did you mean '${near}'?`, label));
      }
      return hit;
    }
    case 'list': {
      const parts = String(v).split(LIST_SEPARATORS).map((s) => s.trim()).filter((s) => s !== '');
      if (!col.options) return parts;
      const out: string[] = [];
      for (const p of parts) {
        const hit = matchEnum(col.options, p);
        if (hit === undefined) return new CellError(colMsg(col, p, `不是允许的值，是否应为「${closestEnum(col.options, p)}」？`, 'is not allowed', label));
        out.push(hit);
      }
      return out;
    }
  }
}

function requiredMessage(col: ColumnDef, label = col.zh): string {
  return `缺少必填列「${label}」的值 / column ${label} is required`;
}

/** zod schema of a kind's input row: every column parsed, every problem an issue on that column. */
export function rowSchema(kind: KindDef) {
  const shape: Record<string, z.ZodType<TypedValue>> = {};
  for (const col of kind.inputs) {
    shape[col.key] = z.custom<CellValue>(() => true).transform((v, ctx): TypedValue => {
      const r = parseCell(col, v);
      if ('error' in r) {
        ctx.addIssue({ code: 'custom', message: r.error });
        return z.NEVER;
      }
      if (r.value === undefined && col.required) {
        ctx.addIssue({ code: 'custom', message: requiredMessage(col) });
        return z.NEVER;
      }
      return r.value;
    });
  }
  return z.object(shape);
}

const schemaCache = new WeakMap<KindDef, ReturnType<typeof rowSchema>>();

/**
 * A kind's columns compiled once for validateRow: a reader copying the row's raw values into an array and
 * a maker building the typed row as one object literal, keys in column order. Each column is then a named
 * property access of its own (one shape, fast) instead of `raw[col.key]` / `row[col.key] = …`, which go
 * through V8's generic keyed paths for every cell of every row. The generated code is nothing but those
 * property accesses; keys are column keys of the kind tables, quoted with JSON.stringify.
 */
interface RowPlan {
  cols: readonly ColumnDef[];
  read: (raw: RawRow, into: CellValue[]) => void;
  make: (values: readonly TypedValue[]) => TypedRow;
  /** Each enum column's lookup tables, fetched once. */
  tables: (EnumTable | undefined)[];
  /** Scratch: the row's values, reused (validateRow finishes before it is called again). */
  values: (CellValue | TypedValue)[];
}

const plans = new WeakMap<KindDef, RowPlan>();
let lastKind: KindDef | undefined;
let lastPlan: RowPlan | undefined;

function rowPlan(kind: KindDef): RowPlan {
  if (kind === lastKind) return lastPlan!;
  let plan = plans.get(kind);
  if (!plan) {
    const cols = kind.inputs;
    const keys = cols.map((c) => JSON.stringify(c.key));
    // '__proto__' in a literal would set the prototype, not a key: such a table keeps the generic path.
    const literal = cols.every((c) => c.key !== '__proto__');
    plan = {
      cols,
      read: literal
        ? (new Function('raw', 'into', keys.map((k, i) => `into[${i}] = raw[${k}];`).join('\n')) as RowPlan['read'])
        : (raw, into) => cols.forEach((c, i) => (into[i] = raw[c.key])),
      make: literal
        ? (new Function('v', `return { ${keys.map((k, i) => `${k}: v[${i}]`).join(', ')} };`) as RowPlan['make'])
        : (v) => Object.fromEntries(cols.map((c, i) => [c.key, v[i]])) as TypedRow,
      tables: cols.map((c) => (c.type === 'enum' && c.options ? enumTable(c.options) : undefined)),
      values: new Array<CellValue | TypedValue>(cols.length).fill(undefined),
    };
    plans.set(kind, plan);
  }
  lastKind = kind;
  lastPlan = plan;
  return plan;
}

/**
 * Validate one raw row (keys = column keys). Returns the typed row (bad cells left undefined) and issues.
 * `labels` (per input column, in the kind's order; the same array for a whole sheet) names columns as the
 * sheet's headers do.
 * Same result as `rowSchema(kind).safeParse` (every column, issues in column order) without zod's
 * per-row object machinery: this runs for every row of a million-row file, twice on the streaming path.
 */
export function validateRow(kind: KindDef, raw: RawRow, labels?: readonly (string | undefined)[]): { row: TypedRow; issues: RowIssue[] } {
  const { cols, read, make, tables, values } = rowPlan(kind);
  read(raw, values as CellValue[]);
  const issues: RowIssue[] = [];
  for (let i = 0; i < cols.length; i++) { // int
    const col = cols[i]!;
    const r = parseValue(col, values[i] as CellValue, tables[i], labels?.[i]);
    if (r instanceof CellError) {
      issues.push({ column: col.key, message: r.error, severity: 'error' });
      values[i] = undefined;
    } else if (r === undefined && col.required) {
      issues.push({ column: col.key, message: requiredMessage(col, labels?.[i]), severity: 'error' });
      values[i] = undefined;
    } else values[i] = r;
  }
  const row = make(values as TypedValue[]);
  values.fill(undefined); // hold no cell of this row past the call
  return { row, issues };
}
