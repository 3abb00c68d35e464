/**
 * Reading a workbook (WORKBOOKS.md "Reading a workbook"): find the data sheet and its header row, map
 * columns through the kind's column table, and stream the data rows as raw cell values. Nothing here
 * loads a whole worksheet: rows are scanned one by one, so the same code serves the large-file path.
 */
import { KINDS, resultColumns } from '../kinds/index.js';
import type { ColumnDef, KindDef, KindId } from '../kinds/types.js';
import { KIND_IDS } from '../kinds/types.js';
import type { CellValue, RawRow } from '../kinds/validate.js';
import { InputError, type WorkbookSource } from '../pipeline/types.js';
import { PackageError, readPackage, type SheetRef, type WorkbookPackage } from '../xlsx/package.js';
import { readSharedStrings } from '../xlsx/shared-strings.js';
import { type ScannedCell, type ScannedRow, SheetFormatError, scanSheet, scanSheetRows } from '../xlsx/sheet-scanner.js';
import { bufferSource, fileSource, ZipFormatError, ZipLimitError, ZipReader } from '../xlsx/zip.js';
import { guardErrors } from '../guard/errors.js';
import { isKnownHeader, matchHeader, normalizeHeader } from './headers.js';
import { mergedCellsData, type MergedCellsData } from './merged.js';
import { isWrittenResultHeader, quotableCellText, quoteCellText, resultHeadersFor, type UnusedColumn, warnsAsRuleInput } from './sheet-columns.js';
import { attrSpan, colLetters, findElement, isLocalName } from '../xlsx/xml.js';
import { footerKind, SkippedRows, SkipReason, type SumFormula, sumFormula } from './footer-rows.js';

export interface ReadLimits {
  /** Largest inflated size of any one part (bytes). */
  maxPartBytes?: number;
  /** Guard limits enforced while scanning (src/guard/limits.ts): sheets, rows, columns, cell text. */
  maxSheets?: number;
  maxRows?: number;
  maxColumns?: number;
  maxCellChars?: number;
  maxSharedStrings?: number;
  maxSharedStringChars?: number;
  /** Largest inflated size of a part read whole (default 64 MB, never more than maxPartBytes). */
  maxWholePartBytes?: number;
}

const DEFAULT_MAX_PART = 2 * 1024 * 1024 * 1024;
const DEFAULT_MAX_WHOLE_PART = 64 * 1024 * 1024;

const NOT_A_WORKBOOK = '无法读取文件：不是有效的 Excel 工作簿（.xlsx），或文件已损坏/不完整 / the file is not a readable Excel workbook (.xlsx), or it is damaged or truncated';

/** Translate low-level format errors into the pipeline's InputError (415). */
export function asInputError(e: unknown): unknown {
  if (e instanceof InputError) return e;
  if (e instanceof ZipLimitError) return new InputError(413, 'too-large', `工作簿解压后过大 / the workbook is too large when uncompressed`, [e.message]);
  if (e instanceof SheetFormatError && /larger than/.test(e.message)) return new InputError(413, 'too-large-part', `工作簿中的行或文本过大（或未结束） / a row or text of the workbook is too large (or never ends)`, [e.message]);
  if (e instanceof ZipFormatError || e instanceof PackageError || e instanceof SheetFormatError) return new InputError(415, 'not-a-workbook', NOT_A_WORKBOOK, [e.message]);
  return e;
}

/** An open xlsx file: the zip, its package parts and (lazily) the shared strings. */
export class WorkbookFile {
  private sst: string[] | undefined;

  private constructor(
    readonly zip: ZipReader,
    readonly pkg: WorkbookPackage,
    readonly limits: ReadLimits,
  ) {}

  static async open(source: WorkbookSource, limits: ReadLimits = {}): Promise<WorkbookFile> {
    let zip: ZipReader | undefined;
    try {
      const src = 'bytes' in source ? bufferSource(source.bytes) : await fileSource(source.path);
      zip = await ZipReader.open(src);
      const pkg = await readPackage(zip, Math.min(limits.maxPartBytes ?? DEFAULT_MAX_PART, limits.maxWholePartBytes ?? DEFAULT_MAX_WHOLE_PART));
      if (limits.maxSheets !== undefined && pkg.sheets.length > limits.maxSheets) throw guardErrors.tooManySheets(pkg.sheets.length, { maxSheets: limits.maxSheets });
      return new WorkbookFile(zip, pkg, limits);
    } catch (e) {
      await zip?.close();
      throw asInputError(e);
    }
  }

  private is1904: boolean | undefined;

  /** The workbook counts dates from 1904 (old Mac Excel): serials are 1462 days smaller. */
  get date1904(): boolean {
    return (this.is1904 ??= workbookDate1904(this.pkg.workbookXml));
  }

  get maxPartBytes(): number {
    return this.limits.maxPartBytes ?? DEFAULT_MAX_PART;
  }

  /** Largest inflated size of a part read whole (the rest stream): bounds the memory such parts take. */
  get wholePartBytes(): number {
    return Math.min(this.maxPartBytes, this.limits.maxWholePartBytes ?? DEFAULT_MAX_WHOLE_PART);
  }

  async sharedStrings(): Promise<string[]> {
    if (!this.sst) {
      try {
        const { maxSharedStrings, maxSharedStringChars } = this.limits;
        this.sst = await readSharedStrings(this.zip, this.pkg.sharedStringsPath, { maxBytes: this.maxPartBytes, ...(maxSharedStrings !== undefined ? { maxItems: maxSharedStrings } : {}), ...(maxSharedStringChars !== undefined ? { maxChars: maxSharedStringChars } : {}) });
      } catch (e) {
        throw asInputError(e);
      }
      const max = this.limits.maxCellChars;
      if (max !== undefined) this.sst.forEach((t, i) => {
        if (t.length > max) throw guardErrors.cellTooLong(`sharedStrings #${i}`, { maxCellChars: max });
      });
    }
    return this.sst;
  }

  worksheets(): SheetRef[] {
    return this.pkg.sheets.filter((s) => s.type === 'worksheet');
  }

  /** Scan one sheet's rows (stop early by breaking out of the loop). */
  async *rows(sheet: SheetRef): AsyncGenerator<ScannedRow> {
    const check = this.rowCheck(sheet);
    for await (const batch of this.rowBatches(sheet)) {
      for (const row of batch) {
        check(row);
        yield row;
      }
    }
  }

  /**
   * The sheet's rows a chunk at a time, as scanned: pass each row to `rowCheck(sheet)` before using it
   * (rows() does), so the guard limits hold row by row just as they do there.
   */
  async *rowBatches(sheet: SheetRef, onTail?: (xml: string) => void): AsyncGenerator<ScannedRow[]> {
    const entry = this.zip.find(sheet.path);
    if (!entry) throw new InputError(415, 'not-a-workbook', NOT_A_WORKBOOK, [`missing part ${sheet.path}`]);
    try {
      // The part after the rows is held whole by the writer: bounded here, before anything is written.
      yield* scanSheetRows(this.zip.chunks(entry, { maxBytes: this.maxPartBytes }), { maxTailChars: this.wholePartBytes, ...(onTail ? { onTail } : {}) });
    } catch (e) {
      throw asInputError(e);
    }
  }

  /** The guard limits on one scanned row (rows, columns, cell text); throws the guard's InputError. */
  rowCheck(sheet: SheetRef): (row: ScannedRow) => void {
    const { maxRows, maxColumns, maxCellChars } = this.limits;
    return (row) => {
      // Excel's own grid is the outer bound; the header row is one more than maxRows.
      if (maxRows !== undefined && row.r > maxRows + 1) throw guardErrors.tooManyRows({ maxRows }); // int
      if (maxColumns === undefined && maxCellChars === undefined) return;
      for (const c of row.cells) {
        if (maxColumns !== undefined && c.col > maxColumns) throw guardErrors.tooManyColumns({ maxColumns });
        if (maxCellChars !== undefined && ((c.v?.length ?? 0) > maxCellChars || (c.is?.length ?? 0) > maxCellChars)) throw guardErrors.cellTooLong(`${sheet.name}!${c.ref ?? `R${row.r}C${c.col}`}`, { maxCellChars });
      }
    };
  }

  async close(): Promise<void> {
    await this.zip.close();
  }
}

/** `<workbookPr date1904="1"/>` (or "true") in workbook.xml: one pass over the part, whatever it holds. */
export function workbookDate1904(workbookXml: string): boolean {
  const at = findElement(workbookXml, 'workbookPr');
  if (at < 0) return false;
  const a = attrSpan(workbookXml, at, (name) => isLocalName(name, 'date1904'));
  const v = a && workbookXml.slice(a.start, a.end);
  return v === '1' || v === 'true';
}

/** A cell's value as the validators expect it: numbers, text, booleans; formula cells give their cached result. */
export function cellValue(c: ScannedCell, sst: readonly string[]): CellValue {
  switch (c.t) {
    case 's': {
      const i = c.v === undefined ? Number.NaN : plainNumber(c.v);
      return Number.isInteger(i) ? (sst[i] ?? '') : '';
    }
    case 'inlineStr':
      return c.is ?? c.v ?? '';
    case 'str':
    case 'd':
      return c.v ?? '';
    case 'e':
      // #N/A, #VALUE!…: handed on as text so validation names the cell and its value.
      return c.v ?? '#N/A';
    case 'b':
      return c.v === undefined || c.v === '' ? null : c.v === '1' || c.v === 'true';
    default: {
      if (c.v === undefined || c.v === '') return null;
      const n = plainNumber(c.v);
      return Number.isFinite(n) ? n : c.v;
    }
  }
}

/**
 * A cell's number as decimal text (an xsd:double as spreadsheets write it: `-1.5`, `2.5E-3`), else NaN:
 * Number() alone would also read `0x10` as 16, `0b11`, `Infinity`, and blanks around or in place of it.
 */
function decimalNumber(text: string): number {
  return DECIMAL.test(text) ? Number(text) : Number.NaN;
}

// `\d+(\.\d*)?`, not `\d+\.?\d*`: two runs of digits side by side backtrack quadratically on a long cell.
const DECIMAL = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * The number of decimal text, read directly when the text is plain decimal digits (`-?\d+(\.\d+)?`, at
 * most 15 digits): the digits are then an exact integer and 10^k exact, so their quotient is the correctly
 * rounded value Number() gives (the classic fast path of decimal-to-double conversion). Other decimal text
 * goes to Number(); anything else (hex, `Infinity`, blanks) is NaN.
 */
export function plainNumber(text: string): number {
  const n = text.length;
  const i = text.charCodeAt(0) === 45 ? 1 : 0; // int: '-'
  if (n - i > 16 || n === i) return decimalNumber(text); // int
  let m = 0;
  let dot = -1;
  for (let k = i; k < n; k++) { // int
    const c = text.charCodeAt(k);
    if (c >= 48 && c <= 57) m = m * 10 + (c - 48); // int: at most 15 digits, exact
    else if (c === 46 && dot < 0 && k > i && k < n - 1) dot = k;
    else return decimalNumber(text);
  }
  if (n - i - (dot < 0 ? 0 : 1) > 15) return decimalNumber(text); // int: more digits than a double holds exactly
  const v = dot < 0 ? m : m / POW10[n - 1 - dot]!; // int
  return i === 1 ? -v : v;
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  return v instanceof Date ? v.toISOString() : String(v);
}

export function isBlankValue(v: CellValue): boolean {
  if (typeof v === 'string') return v.length === 0 || (!startsWithNonSpace(v) && v.trim() === '');
  return v === null || v === undefined;
}

/** The first character is printable ASCII or CJK, so trim() cannot empty the text (a cheap answer for most cells). */
function startsWithNonSpace(s: string): boolean {
  const c = s.charCodeAt(0);
  return (c > 32 && c < 127) || (c >= 0x4e00 && c <= 0x9fff);
}

export interface DataSheet {
  sheet: SheetRef;
  kind: KindDef;
  /** 1-based row number of the header row. */
  headerRow: number;
  /** Column index → input column. */
  columns: Map<number, ColumnDef>;
  /**
   * Headers that matched no column (kept in the sheet, ignored; an earlier run's result block left out), with
   * their cells and whether they make the sheet's rows 警告 (sheet-columns.ts).
   */
  unused: UnusedColumn[];
  /** Per input column of the kind (in its order): the sheet's own header text, for messages; undefined when absent. */
  labels: (string | undefined)[];
  /** The result headers as written into this sheet (a header the sheet already has gets a distinct name). */
  resultHeaders: string[];
  /** Last column holding a header. */
  lastHeaderCol: number;
  /**
   * First column of the result block of an earlier run (the workbook is a result being processed again):
   * its headers are exactly our result headers, right of every input column. The writer replaces it.
   */
  previousResultCol?: number;
}

/** A sheet that carries the kind's headers but lacks a required one: not computed, and said so (issue 14.2). */
export interface SheetNotComputed {
  sheet: string;
  headerRow: number;
  /** The required headers it lacks (Chinese). */
  missing: string[];
}

/** Every sheet of the kind, in workbook order: computed as one batch. */
export interface DataSheets {
  kind: KindDef;
  sheets: DataSheet[];
  notComputed: SheetNotComputed[];
}

export interface DataRow {
  /** 1-based sheet row number. */
  rowNumber: number;
  raw: RawRow;
}

interface HeaderCandidate {
  row: number;
  cells: { col: number; text: string }[];
}

const HEADER_SCAN_ROWS = 10;

/** Days between the 1900 and 1904 date systems' serial 0. */
export const DATE1904_OFFSET = 1462;

/** The sheets a result adds (the writer's names): an earlier run's are never data. */
export const SUMMARY_SHEET = '汇总';
export const BASIS_SHEET = '计算依据';

/** The sheet's first rows as header candidates (text of each cell). */
async function headerCandidates(wb: WorkbookFile, sheet: SheetRef): Promise<HeaderCandidate[]> {
  const sst = await wb.sharedStrings();
  const out: HeaderCandidate[] = [];
  for await (const row of wb.rows(sheet)) {
    if (row.r > HEADER_SCAN_ROWS) break;
    out.push({ row: row.r, cells: row.cells.map((c) => ({ col: c.col, text: cellText(cellValue(c, sst)).trim() })).filter((c) => c.text !== '') });
  }
  return out;
}

/** 汇总 or 计算依据 as an earlier run wrote it (our title in A1). */
function isOwnSheet(cands: readonly HeaderCandidate[]): boolean {
  const first = cands[0]?.cells[0];
  return first !== undefined && first.col === 1 && (first.text.startsWith(`${SUMMARY_SHEET} · `) || first.text.startsWith(`${BASIS_SHEET} · `));
}

/** Where an earlier run's result headers sit in a header row, if they do (contiguous, in our order). */
function previousResultBlock(kind: KindDef, cand: HeaderCandidate): number | undefined {
  const cols = resultColumns(kind);
  const text = new Map(cand.cells.map((c) => [c.col, c.text]));
  for (const c of cand.cells) {
    if (!isWrittenResultHeader(cols[0]!, c.text)) continue;
    if (cols.every((col, i) => isWrittenResultHeader(col, text.get(c.col + i) ?? ''))) return c.col; // int
  }
  return undefined;
}

/** A header row's cells without an earlier run's result block (those are ours, never inputs). */
function inputCells(kind: KindDef, cand: HeaderCandidate): { cells: HeaderCandidate['cells']; block: number | undefined } {
  const block = previousResultBlock(kind, cand);
  if (block === undefined) return { cells: cand.cells, block };
  const end = block + resultColumns(kind).length; // int
  return { cells: cand.cells.filter((c) => c.col < block || c.col >= end), block };
}

/** The header row for a kind: first of the first 10 rows with ≥ 2 of its headers. */
function headerRowFor(kind: KindDef, cands: readonly HeaderCandidate[]): HeaderCandidate | undefined {
  return cands.find((c) => inputCells(kind, c).cells.filter((x) => matchHeader(kind, x.text)).length >= 2);
}

interface KindMatch {
  kind: KindDef;
  cand: HeaderCandidate;
  matched: ColumnDef[];
  missing: ColumnDef[];
}

function matchKind(kind: KindDef, cands: readonly HeaderCandidate[]): KindMatch | undefined {
  const cand = headerRowFor(kind, cands);
  if (!cand) return undefined;
  const matched = inputCells(kind, cand).cells.map((c) => matchHeader(kind, c.text)).filter((c): c is ColumnDef => c !== undefined);
  const missing = kind.inputs.filter((c) => c.required && !matched.includes(c));
  return { kind, cand, matched, missing };
}

function buildDataSheet(sheet: SheetRef, m: KindMatch): DataSheet {
  const columns = new Map<number, ColumnDef>();
  const unused: UnusedColumn[] = [];
  const labels: (string | undefined)[] = m.kind.inputs.map(() => undefined);
  const seen = new Map<string, string>();
  const { cells, block } = inputCells(m.kind, m.cand);
  for (const c of cells) {
    const def = matchHeader(m.kind, c.text);
    if (!def) {
      unused.push({ sheet: sheet.name, cell: `${colLetters(c.col)}${m.cand.row}`, col: c.col, header: quoteCellText(c.text), warned: warnsAsRuleInput(m.kind, c.text) });
      continue;
    }
    const prev = seen.get(def.key);
    if (prev !== undefined) {
      throw new InputError(400, 'duplicate-header', `工作表「${sheet.name}」中「${prev}」与「${c.text}」是同一列「${def.zh}」，请只保留一列 / sheet ${sheet.name}: columns '${prev}' and '${c.text}' both mean ${def.zh}; keep one`, [{ sheet: sheet.name, column: def.zh, headers: [prev, c.text] }]);
    }
    seen.set(def.key, c.text);
    columns.set(c.col, def);
    labels[m.kind.inputs.indexOf(def)] = c.text;
  }
  const lastHeaderCol = Math.max(0, ...m.cand.cells.map((c) => c.col));
  return {
    sheet,
    kind: m.kind,
    headerRow: m.cand.row,
    columns,
    unused,
    labels,
    resultHeaders: resultHeadersFor(m.kind, cells.map((c) => c.text)),
    lastHeaderCol,
    // An earlier block with input columns right of it is not ours to replace.
    previousResultCol: block !== undefined && ![...columns.keys()].some((col) => col >= block) ? block : undefined,
  };
}

/** The required columns of a kind as a message lists them: 结算号 (settlementId)、… */
function requiredList(kind: KindDef, sep: string): string {
  return kind.inputs.filter((c) => c.required).map((c) => `${c.zh} (${c.key})`).join(sep);
}

/**
 * What a row shows in an error, by quotableCellText: the texts that may be quoted, and the cells of the rest
 * (counted and located, never quoted).
 */
function foundCells(cand: HeaderCandidate): { quoted: string[]; others: string[] } {
  const known = cand.cells.some((c) => isKnownHeader(c.text));
  const quoted: string[] = [];
  const others: string[] = [];
  for (const c of cand.cells) {
    if (quotableCellText(c.text, known)) quoted.push(quoteCellText(c.text));
    else others.push(`${colLetters(c.col)}${cand.row}`);
  }
  return { quoted, others };
}

/** foundCells as message text, Chinese and English (`marks`: each quoted text in 「」 / ''). */
function foundText(f: { quoted: string[]; others: string[] }, marks = false): { zh: string; en: string } {
  const cells = f.others.length > 8 ? [...f.others.slice(0, 8), '…'] : f.others;
  const more = f.others.length > 0;
  return {
    zh: [...f.quoted.map((t) => (marks ? `「${t}」` : t)), ...(more ? [`另有${f.others.length}个单元格未引用（${cells.join('、')}）`] : [])].join('、') || '（空）',
    en: [...f.quoted.map((t) => (marks ? `'${t}'` : t)), ...(more ? [`${f.others.length} other cells not quoted (${cells.join(', ')})`] : [])].join(', ') || '(empty)',
  };
}

/**
 * Find the data sheets: every worksheet whose header row holds the kind's required headers, in workbook
 * order (computed as one batch). Without a kind, the first such sheet decides it: among kinds whose
 * required headers are all present, the one matching most headers (ties: more required headers, then the
 * order of KIND_IDS). A sheet with the kind's headers that lacks a required one is reported, not computed.
 */
export async function locateDataSheets(wb: WorkbookFile, kindId?: KindId): Promise<DataSheets> {
  const kinds = kindId ? [KINDS[kindId]] : KIND_IDS.map((k) => KINDS[k]);
  const scanned: { sheet: SheetRef; cands: HeaderCandidate[] }[] = [];
  const parts = new Set<string>();
  for (const sheet of wb.worksheets()) {
    if (normalizeHeader(sheet.name) === '参数') continue;
    // A part listed twice in workbook.xml is one sheet: read and written once.
    if (parts.has(sheet.path.toLowerCase())) continue;
    parts.add(sheet.path.toLowerCase());
    const cands = await headerCandidates(wb, sheet);
    if (!isOwnSheet(cands)) scanned.push({ sheet, cands });
  }
  let kind: KindDef | undefined;
  for (const { cands } of scanned) {
    kind = bestKind(kinds, cands)?.kind;
    if (kind) break;
  }
  if (!kind) throw noDataSheet(kindId, scanned);
  const sheets: DataSheet[] = [];
  const notComputed: SheetNotComputed[] = [];
  for (const { sheet, cands } of scanned) {
    const m = matchKind(kind, cands);
    if (!m) continue;
    if (m.missing.length === 0) sheets.push(buildDataSheet(sheet, m));
    // The kind's headers beyond who the row is about, and no other kind's sheet: reported, never skipped silently.
    else if (m.matched.some((c) => c.key !== 'idNumber' && c.key !== 'name') && !bestKind(KIND_IDS.map((k) => KINDS[k]), cands)) {
      notComputed.push({ sheet: sheet.name, headerRow: m.cand.row, missing: m.missing.map((c) => c.zh) });
    }
  }
  return { kind, sheets, notComputed };
}

/** The first data sheet (locateDataSheets). */
export async function locateDataSheet(wb: WorkbookFile, kindId?: KindId): Promise<DataSheet> {
  return (await locateDataSheets(wb, kindId)).sheets[0]!;
}

/** Among kinds whose required headers are all in the sheet's header row, the one matching most headers. */
function bestKind(kinds: readonly KindDef[], cands: readonly HeaderCandidate[]): KindMatch | undefined {
  let best: KindMatch | undefined;
  const reqCount = (k: KindDef) => k.inputs.filter((c) => c.required).length;
  for (const kind of kinds) {
    const m = matchKind(kind, cands);
    if (!m || m.missing.length > 0) continue;
    if (!best || m.matched.length > best.matched.length || (m.matched.length === best.matched.length && reqCount(m.kind) > reqCount(best.kind))) best = m;
  }
  return best;
}

/**
 * The refusal when no sheet qualifies (issue 14.5): which headers the kind needs (Chinese and English), and
 * what was found — the closest header row, or each sheet's first row, quoted only as quotableCellText allows.
 */
function noDataSheet(kindId: KindId | undefined, scanned: readonly { sheet: SheetRef; cands: HeaderCandidate[] }[]): InputError {
  const kinds = kindId ? [KINDS[kindId]] : KIND_IDS.map((k) => KINDS[k]);
  let closest: { sheet: SheetRef; m: KindMatch } | undefined;
  for (const { sheet, cands } of scanned) {
    for (const kind of kinds) {
      const m = matchKind(kind, cands);
      if (m && (!closest || m.missing.length < closest.m.missing.length || (m.missing.length === closest.m.missing.length && m.matched.length > closest.m.matched.length))) closest = { sheet, m };
    }
  }
  const kindName = kindId ? `「${KINDS[kindId].zh}」` : '任一业务类型';
  if (closest) {
    const { sheet, m } = closest;
    const missing = m.missing.map((c) => c.zh);
    const cells = foundCells(m.cand);
    const found = foundText(cells);
    return new InputError(
      400,
      'missing-headers',
      `未找到包含${kindName}必填列的工作表：工作表「${sheet.name}」第${m.cand.row}行缺少 ${missing.join('、')}；找到的列：${found.zh}；「${m.kind.zh}」的必填列：${requiredList(m.kind, '、')} / ` +
        `no sheet has the required headers of ${kindId ?? m.kind.id}: sheet ${sheet.name} row ${m.cand.row} lacks ${missing.join(', ')}; found ${found.en}; ${m.kind.id} requires ${requiredList(m.kind, ', ')}`,
      [{ sheet: sheet.name, kind: m.kind.id, headerRow: m.cand.row, missing, required: requiredKeys(m.kind), found: cells.quoted, notQuoted: cells.others }],
    );
  }
  const firstRows = scanned.flatMap(({ sheet, cands }) => {
    const first = cands.find((c) => c.cells.length > 0);
    if (!first) return [];
    const cells = foundCells(first);
    const t = foundText(cells, true);
    return [{ zh: `工作表「${sheet.name}」第${first.row}行：${t.zh}`, en: `sheet ${sheet.name} row ${first.row}: ${t.en}`, detail: { sheet: sheet.name, row: first.row, found: cells.quoted, notQuoted: cells.others } }];
  });
  // Not one cell in the first rows of any sheet: say so rather than list what was not found.
  if (firstRows.length === 0) return guardErrors.emptyWorkbook();
  const needZh = kinds.map((k) => (kindId ? requiredList(k, '、') : `${k.zh}（${k.id}）：${requiredList(k, '、')}`)).join('；');
  const needEn = kinds.map((k) => (kindId ? requiredList(k, ', ') : `${k.id}: ${requiredList(k, ', ')}`)).join('; ');
  return new InputError(
    400,
    'missing-headers',
    `未找到包含${kindName}表头的工作表（前10行中没有至少两个可识别的列名）。需要的列：${needZh}。找到的内容：${firstRows.map((f) => f.zh).join('；')} / ` +
      `no sheet has a header row of ${kindId ?? 'any kind'} (two known headers within the first 10 rows). Required: ${needEn}. Found: ${firstRows.map((f) => f.en).join('; ')}`,
    [{ kind: kindId, required: kinds.map((k) => ({ kind: k.id, columns: requiredKeys(k) })), found: firstRows.map((f) => f.detail) }],
  );
}

/** The required columns as structured error details. */
function requiredKeys(kind: KindDef): { zh: string; key: string }[] {
  return kind.inputs.filter((c) => c.required).map((c) => ({ zh: c.zh, key: c.key }));
}

/** The part of a sheet before its rows (up to the <sheetData> start tag) and its namespace prefix. */
export async function sheetHead(wb: WorkbookFile, sheet: SheetRef): Promise<{ xml: string; prefix: string } | undefined> {
  const entry = wb.zip.find(sheet.path);
  if (!entry) return undefined;
  for await (const tok of scanSheet(wb.zip.chunks(entry, { maxBytes: wb.maxPartBytes }))) {
    return tok.type === 'head' ? { xml: tok.xml, prefix: tok.prefix } : undefined;
  }
  return undefined;
}

/** Progress of a data-row scan, filled in as rows stream by. */
export interface RowScanStats {
  /** Largest column index seen in any row of the sheet, an earlier run's result block left out. */
  maxCol: number;
  dataRows: number;
  /** Once the sheet is read to its end: merged ranges that make data rows read blank in an input column. */
  merged?: MergedCellsData;
  /** Totals and footer rows (footer-rows.ts): not data, left as they are, reported. */
  skipped?: SkippedRows;
}

/** Where the result block goes: over an earlier run's block when nothing lies right of it, else after every used column. */
export function resultColumnFor(ds: DataSheet, stats: RowScanStats): number {
  // stats.maxCol leaves the earlier block out, so it is either left of the block or right of its end.
  return ds.previousResultCol !== undefined && stats.maxCol < ds.previousResultCol ? ds.previousResultCol : stats.maxCol + 1; // int
}

/**
 * The data rows below the header row as raw values keyed by column key. Fully blank rows (every input
 * column blank) are skipped and not counted; totals and footer rows go to `stats.skipped`.
 * `stats.maxCol` covers every row of the sheet.
 */
export async function* readDataRows(wb: WorkbookFile, ds: DataSheet, stats: RowScanStats = { maxCol: 0, dataRows: 0 }): AsyncGenerator<DataRow> {
  const sst = await wb.sharedStrings();
  const take = dataRowReader(wb, ds, sst, stats);
  const check = wb.rowCheck(ds.sheet);
  for await (const batch of wb.rowBatches(ds.sheet)) {
    for (const row of batch) {
      check(row);
      const d = take(row);
      if (d) yield d;
    }
  }
}

/**
 * readDataRows a chunk of the sheet at a time (never an empty batch): the same rows, stats and errors
 * (rows before a guard error still come first), without a promise per row for a caller that loops anyway.
 */
export async function* readDataRowBatches(wb: WorkbookFile, ds: DataSheet, stats: RowScanStats = { maxCol: 0, dataRows: 0 }): AsyncGenerator<DataRow[]> {
  const sst = await wb.sharedStrings();
  const take = dataRowReader(wb, ds, sst, stats);
  const check = wb.rowCheck(ds.sheet);
  const onTail = (xml: string) => {
    // No more ranges than data rows in each input column can matter (valid merges do not overlap).
    stats.merged = mergedCellsData(xml, ds.headerRow, ds.columns, Math.max(1, stats.dataRows) * ds.columns.size); // int
  };
  for await (const batch of wb.rowBatches(ds.sheet, onTail)) {
    const out: DataRow[] = [];
    try {
      for (const row of batch) {
        check(row);
        const d = take(row);
        if (d) out.push(d);
      }
    } catch (e) {
      if (out.length > 0) yield out;
      throw e;
    }
    if (out.length > 0) yield out;
  }
}

/** Marks a first non-empty cell that is not text (a number, a boolean): never a footer word. */
const NOT_TEXT = Symbol('not text');

/**
 * The row's first non-empty cell: its text, NOT_TEXT, or undefined when every cell is blank. Cells in
 * columns [skipFrom, skipTo] (an earlier run's result block) do not count.
 */
function firstValue(cells: readonly ScannedCell[], sst: readonly string[], skipFrom: number, skipTo: number): string | typeof NOT_TEXT | undefined {
  for (let i = 0; i < cells.length; i++) { // int
    const c = cells[i]!;
    if (c.col >= skipFrom && c.col <= skipTo) continue;
    const v = cellValue(c, sst);
    if (!isBlankValue(v)) return typeof v === 'string' ? v : NOT_TEXT;
  }
  return undefined;
}

/** Whether at most one cell of the row holds a value (a date line), columns [skipFrom, skipTo] left out. */
function singleValue(cells: readonly ScannedCell[], sst: readonly string[], skipFrom: number, skipTo: number): boolean {
  let n = 0;
  for (const c of cells) if ((c.col < skipFrom || c.col > skipTo) && !isBlankValue(cellValue(c, sst))) n += 1; // int
  return n <= 1;
}

/**
 * Scanned row → data row (undefined for the header and the rows above it, for blank rows and for totals
 * and footer rows, which go to `stats.skipped`), with the sheet's plan made once: column definitions by
 * index, which columns take the 1904 date shift.
 */
function dataRowReader(wb: WorkbookFile, ds: DataSheet, sst: readonly string[], stats: RowScanStats): (row: ScannedRow) => DataRow | undefined {
  // Validation reads numbers in date columns as 1900-system serials.
  const dateShift = wb.date1904 ? DATE1904_OFFSET : 0;
  const prev = ds.previousResultCol;
  const blockEnd = prev === undefined ? 0 : prev + resultColumns(ds.kind).length - 1; // int
  // An earlier run's result block: its cells never decide whether a row is a footer.
  const blockFrom = prev ?? 1;
  stats.maxCol = Math.max(stats.maxCol, ...ds.columns.keys());
  const skipped = (stats.skipped ??= new SkippedRows());
  let width = 0;
  for (const col of ds.columns.keys()) if (col > width) width = col;
  const defs: (ColumnDef | undefined)[] = new Array<ColumnDef | undefined>(width + 1).fill(undefined); // int
  const shifted: boolean[] = new Array<boolean>(width + 1).fill(false); // int
  for (const [col, def] of ds.columns) {
    defs[col] = def;
    shifted[col] = dateShift !== 0 && (def.type === 'date' || def.type === 'month');
  }
  const required = ds.kind.inputs.filter((c) => c.required).map((c) => c.key);
  const headerRow = ds.headerRow;
  const literals = new RawLiterals([...ds.columns].sort((x, y) => x[0] - y[0]), width);
  // Past the data: after a blank row (or a missing one) that follows data rows, or after a skipped row.
  let seenData = false;
  let tail = false;
  let lastRow = headerRow;
  const skip = (row: ScannedRow, reason: SkipReason): undefined => {
    let sum: SumFormula | undefined;
    if (reason === SkipReason.Totals) for (const c of row.cells) if (c.f && (sum = sumFormula(c.f))) break;
    skipped.add(row.r, reason, sum);
    tail = true;
    return undefined;
  };
  return (row) => {
    const cells = row.cells;
    for (let i = 0; i < cells.length; i++) { // int
      const col = cells[i]!.col;
      if (col > stats.maxCol && (prev === undefined || col < prev || col > blockEnd)) stats.maxCol = col;
    }
    if (row.r <= headerRow) return undefined;
    if (row.r > lastRow + 1 && seenData) tail = true; // int: rows left out of the XML are blank
    lastRow = row.r;
    const first = firstValue(cells, sst, blockFrom, blockEnd);
    // A couple of character comparisons for a data row (footer-rows.ts).
    const footer = typeof first === 'string' ? footerKind(first, () => singleValue(cells, sst, blockFrom, blockEnd)) : undefined;
    if (footer !== undefined) return skip(row, footer);
    const raw = literals.build(cells, sst, shifted, dateShift) ?? dynamicRaw(cells, sst, defs, width, shifted, dateShift);
    if (raw === null) {
      if (first === undefined) tail ||= seenData;
      else if (tail) return skip(row, SkipReason.Trailing); // text outside the input columns, past the data
      return undefined;
    }
    if (tail && !required.some((k) => raw[k] !== undefined)) return skip(row, SkipReason.Trailing);
    seenData = true;
    tail = false;
    stats.dataRows += 1;
    return { rowNumber: row.r, raw };
  };
}

/** The raw row key by key, in cell order (null: every input column blank). */
function dynamicRaw(cells: readonly ScannedCell[], sst: readonly string[], defs: readonly (ColumnDef | undefined)[], width: number, shifted: readonly boolean[], dateShift: number): RawRow | null {
  const raw: RawRow = {};
  let blank = true;
  for (let i = 0; i < cells.length; i++) { // int
    const c = cells[i]!;
    const def = c.col <= width ? defs[c.col] : undefined;
    if (def === undefined) continue;
    const v = cellValue(c, sst);
    if (isBlankValue(v)) continue;
    raw[def.key] = shifted[c.col] && typeof v === 'number' ? v + dateShift : v;
    blank = false;
  }
  return blank ? null : raw;
}

/**
 * The raw row as one object literal per pattern of filled input columns (a sheet has a handful): the same
 * keys in the same order as dynamicRaw puts them, without adding a dozen properties one by one to an empty
 * object (each a generic keyed store, and a growing out-of-object property store). Rows whose cells are not
 * in column order, and sheets with more patterns or columns than the bounds, take dynamicRaw.
 */
class RawLiterals {
  private readonly ordinal: Int32Array;
  private readonly keys: string[];
  private readonly values: CellValue[];
  private readonly makers = new Map<number, (v: CellValue[]) => RawRow>();
  private readonly usable: boolean;

  constructor(columns: readonly (readonly [number, ColumnDef])[], width: number) {
    this.ordinal = new Int32Array(width + 1).fill(-1); // int
    columns.forEach(([col], j) => (this.ordinal[col] = j));
    this.keys = columns.map(([, def]) => def.key);
    this.values = new Array<CellValue>(columns.length).fill(undefined);
    this.usable = columns.length <= 30 && this.keys.every((k) => k !== '__proto__');
  }

  /** The raw row, null when every input column is blank, undefined when dynamicRaw must build it. */
  build(cells: readonly ScannedCell[], sst: readonly string[], shifted: readonly boolean[], dateShift: number): RawRow | null | undefined {
    if (!this.usable) return undefined;
    const { ordinal, values } = this;
    let mask = 0;
    let last = -1;
    for (let i = 0; i < cells.length; i++) { // int
      const col = cells[i]!.col;
      const j = col < ordinal.length ? ordinal[col]! : -1;
      if (j < 0) continue;
      const v = cellValue(cells[i]!, sst);
      if (isBlankValue(v)) continue;
      if (j <= last) {
        values.fill(undefined);
        return undefined; // out of column order (or twice): key order follows the cells
      }
      last = j;
      mask |= 1 << j; // int: bit per input column
      values[j] = shifted[col] && typeof v === 'number' ? v + dateShift : v;
    }
    if (mask === 0) return null;
    const make = this.makers.get(mask) ?? this.maker(mask);
    const raw = make?.(values);
    values.fill(undefined);
    return raw;
  }

  private maker(mask: number): ((v: CellValue[]) => RawRow) | undefined {
    if (this.makers.size >= 256) return undefined;
    const fields = this.keys.flatMap((k, j) => ((mask & (1 << j)) !== 0 ? [`${JSON.stringify(k)}: v[${j}]`] : [])); // int
    const make = new Function('v', `return { ${fields.join(', ')} };`) as (v: CellValue[]) => RawRow;
    this.makers.set(mask, make);
    return make;
  }
}

/** The whole data sheet in memory (small-file path). */
export async function readAllRows(wb: WorkbookFile, ds: DataSheet): Promise<{ rows: DataRow[]; stats: RowScanStats }> {
  const stats: RowScanStats = { maxCol: 0, dataRows: 0 };
  const rows: DataRow[] = [];
  for await (const r of readDataRows(wb, ds, stats)) rows.push(r);
  return { rows, stats };
}
