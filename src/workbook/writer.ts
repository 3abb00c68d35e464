/**
 * Writing the result (WORKBOOKS.md "Writing the result"): the same workbook comes back. Every zip entry
 * is copied through untouched except
 *  - the data sheet: result cells appended right of the last input column on the header row and the
 *    data rows, `<dimension>` and `<cols>` updated — streamed row by row, so memory stays flat;
 *  - styles.xml: result styles appended (existing indices stay valid);
 *  - workbook.xml, its rels and [Content_Types].xml: the new sheets 汇总 and 计算依据;
 *  - comments on offending input cells (legacy comments + VML), merged with the sheet's own comments.
 * Entries are written in a fixed order with fixed timestamps: the same input gives the same bytes.
 */
import { type SheetLine, type Summary, summedColumns, unsummedColumns } from '../engine/summary.js';
import type { RowOutcome } from '../engine/run.js';
import { KINDS, resultColumns } from '../kinds/index.js';
import { type ColumnDef, type KindDef, type KindId, SKIPPED_ZH, STATUS_ZH } from '../kinds/types.js';
import { Decimal } from '../money.js';
import { formatParamValue, type UsedParam } from '../rules/params.js';
import type { RuleSet } from '../rules/types.js';
import type { Convention } from '../rules/conventions.js';
import { InputError } from '../pipeline/types.js';
import { addContentTypes, addRelationships, nextRelId, parseRels, partDir, relativeTarget, relsPathOf, REL, resultContentTypes } from '../xlsx/package.js';
import { cellExtents, MAX_PENDING_CHARS, parseRow, type ScannedRow, SheetFormatError } from '../xlsx/sheet-scanner.js';
import { isUtf8 } from 'node:buffer';
import { BlockWriter, type RowTagInfo, simpleRowTag } from './row-bytes.js';
import { ByteText } from './byte-text.js';
import { attrSpan, colLetters, escapeXml, findElement, findTag, isLocalName, openingTag, parseAttrs, prefixOf, replaceEmptyElements, splitRef, tagEnd } from '../xlsx/xml.js';
import { type ByteSink, ZipWriter } from '../xlsx/zip.js';
import { buildSheetXml, type BuiltCell, clipText, decimalText, inlineStringCell, isFormulaLike, isIsoDate, numberText, ref } from './cell-xml.js';
import { excelSerialFromIso } from '../kinds/dates.js';
import type { UnusedColumn } from './sheet-columns.js';
import { type CellComment, commentTargets, dropOwnComments, hasOwnComments, idmapBlocks, mergeComments } from './comments.js';
import { asInputError, BASIS_SHEET, cellValue, DATE1904_OFFSET, type DataSheet, type SheetNotComputed, sheetHead, SUMMARY_SHEET, type WorkbookFile } from './reader.js';
import { skipMessage, type SkippedRows, SkipReason, type SumFormula } from './footer-rows.js';
import type { SheetRef } from '../xlsx/package.js';
import { addResultStyles, MINIMAL_STYLES, type ResultStyles } from './styles.js';

export interface ResultRow {
  /** 1-based sheet row number of the input row. */
  rowNumber: number;
  outcome: RowOutcome;
  /**
   * The row's result cells already rendered by `resultCellRenderer` (the streaming path renders while it
   * computes); `outcome` then needs only status and messages (for cell comments).
   */
  cellsXml?: string;
  /**
   * The same as UTF-8 bytes (a caller holding them as bytes spares decoding and encoding them again):
   * copied as they are when cellsXml is absent. Read before the next row is asked for.
   */
  cellsBytes?: Buffer;
}

export interface WorkbookTotals {
  summary: Summary;
  params: ReadonlyMap<string, UsedParam>;
  /** Ids of the conventions (按本系统约定) the rows' derivations cite. */
  conventions: ReadonlySet<string>;
}

/** One data sheet to annotate. */
export interface SheetWrite {
  ds: DataSheet;
  /** First column of the result block (right of every column any row of the sheet uses). */
  firstResultCol: number;
  /**
   * Results in sheet order, one per data row. A sync iterable may hand a promise for a row that is not
   * ready yet (the ledger path): the write waits for that row only, not for every row.
   */
  rows: AsyncIterable<ResultRow> | Iterable<ResultRow | Promise<ResultRow>>;
  /** Totals and footer rows (the reader's): 状态 跳过 and why, a totals row's SUM copied for the amounts. */
  skipped?: SkippedRows;
}

interface WriteCommon {
  wb: WorkbookFile;
  ruleSet: RuleSet;
  /** Called once the data rows are written: summary and parameters are complete by then. */
  totals: () => WorkbookTotals | Promise<WorkbookTotals>;
  sink: ByteSink;
  /** Most cell comments to add per sheet (beyond this, 提示 alone names the problem). */
  maxComments?: number;
  /** Sheets with the kind's headers that were not computed: listed in 汇总. */
  notComputed?: readonly SheetNotComputed[];
}

/** One data sheet (the fields of SheetWrite), or several (`sheets`, in workbook order: one batch). */
export type WriteWorkbookOptions = WriteCommon & (SheetWrite | { sheets: readonly SheetWrite[] });

const CT_WORKSHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const CT_STYLES = 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml';
const CT_COMMENTS = 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml';
const CT_VML = 'application/vnd.openxmlformats-officedocument.vmlDrawing';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Excel's last column (XFD). */
export const MAX_COLUMNS = 16_384;

export { BASIS_SHEET, SUMMARY_SHEET };

const WIDTH: Record<string, number> = { status: 8, messages: 48, basis: 72 };

function columnWidth(c: ColumnDef): number {
  if (WIDTH[c.key]) return WIDTH[c.key]!;
  if (c.type === 'money' || c.type === 'decimal') return Math.max(12, c.zh.length * 2 + 2);
  if (c.type === 'date') return 12;
  return Math.max(10, c.zh.length * 2 + 2);
}

function defaultFormat(c: ColumnDef): string | undefined {
  if (c.numFmt) return c.numFmt;
  if (c.type === 'money') return '#,##0.00';
  if (c.type === 'int') return '0';
  return undefined;
}

/** How a result column takes its value from the outcome. */
const enum Role {
  Status,
  Messages,
  Basis,
  Result,
}

/**
 * Per result column, the fixed parts of its cells, built once: a row is then a few concatenations per
 * cell (the same bytes as inlineStringCell/numberCell/dateCell would give).
 */
interface ColumnPlan {
  c: ColumnDef;
  role: Role;
  /** `<c r="AB` (the row number follows). */
  open: string;
  /** `" s="N"><v>`: a number cell's attributes after the reference, with the column's number style. */
  numMid: string;
  /** open and numMid as UTF-8. */
  openBytes: Buffer;
  numMidBytes: Buffer;
}

/** The fixed pieces of ResultCells as UTF-8 (rowBytes). */
interface PieceBytes {
  numEnd: Buffer;
  dateMid: Buffer;
  textMid: Buffer;
  quotedTextMid: Buffer;
  textEnd: Buffer;
  statusRest: Record<RowOutcome['status'], Buffer>;
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Which result column gets which style and how a value becomes a cell (exported for tests). */
export class ResultCells {
  readonly columns: ColumnDef[];
  private readonly plan: ColumnPlan[];
  private readonly numEnd: string;
  private readonly dateMid: string;
  /** Inline-string attributes after the reference for result text (plain, or quoted when formula-like). */
  private readonly textMid: string;
  private readonly quotedTextMid: string;
  private readonly textEnd: string;
  /** The status cell after its reference, per status. */
  private readonly statusRest: Record<RowOutcome['status'], string>;

  constructor(
    kind: KindDef,
    private readonly styles: ResultStyles,
    private readonly firstCol: number,
    private readonly p: string,
    /** Subtracted from 1900-system serials in a 1904-dated workbook. */
    private readonly dateShift = 0,
    /** The result headers as written into this sheet (DataSheet.resultHeaders); default their Chinese names. */
    headers?: readonly string[],
  ) {
    this.columns = resultColumns(kind);
    this.headers = headers ?? this.columns.map((c) => c.zh);
    const sAttr = (style: number | undefined) => (style === undefined ? '' : ` s="${style}"`);
    const inlineMid = (style: number | undefined) => `"${sAttr(style)} t="inlineStr"><${p}is><${p}t xml:space="preserve">`;
    this.plan = this.columns.map((c, i) => {
      const fmt = defaultFormat(c);
      const role = c.key === 'status' ? Role.Status : c.key === 'messages' ? Role.Messages : c.key === 'basis' ? Role.Basis : Role.Result;
      const open = `<${p}c r="${colLetters(firstCol + i)}`; // int
      const numMid = `"${sAttr(fmt ? styles.numFmt.get(fmt) : undefined)}><${p}v>`;
      return { c, role, open, numMid, openBytes: utf8(open), numMidBytes: utf8(numMid) };
    });
    this.numEnd = `</${p}v></${p}c>`;
    this.dateMid = `"${sAttr(styles.date)}><${p}v>`;
    this.textMid = inlineMid(styles.text);
    this.quotedTextMid = inlineMid(styles.text === styles.wrap ? styles.quotedWrap : styles.quoted);
    this.textEnd = `</${p}t></${p}is></${p}c>`;
    const statusRest = (s: RowOutcome['status']) => `${inlineMid(styles.status[s])}${escapeXml(clipText(STATUS_ZH[s]))}${this.textEnd}`;
    this.statusRest = { ok: statusRest('ok'), warning: statusRest('warning'), error: statusRest('error') };
    const pieces = {
      numEnd: utf8(this.numEnd),
      dateMid: utf8(this.dateMid),
      textMid: utf8(this.textMid),
      quotedTextMid: utf8(this.quotedTextMid),
      textEnd: utf8(this.textEnd),
      statusRest: { ok: utf8(this.statusRest.ok), warning: utf8(this.statusRest.warning), error: utf8(this.statusRest.error) },
    };
    this.pieces = pieces;
    // Room for any one cell's fixed pieces and row number (a long namespace prefix makes them long).
    const widest = (bs: Buffer[]) => Math.max(...bs.map((b) => b.length));
    const mids = [pieces.dateMid, pieces.textMid, pieces.quotedTextMid, ...Object.values(pieces.statusRest), ...this.plan.map((c) => c.numMidBytes)];
    this.cellRoom = widest(this.plan.map((c) => c.openBytes)) + widest(mids) + widest([pieces.numEnd, pieces.textEnd]) + 16; // int
  }

  private readonly headers: readonly string[];
  private readonly pieces: PieceBytes;
  private readonly cellRoom: number;
  private readonly scratch = new ByteText();

  /**
   * row() as UTF-8 bytes, written straight into a reused scratch buffer: the returned Buffer is a view on
   * it, valid until the next call (copy it out first).
   */
  rowBytes(row: number, o: RowOutcome): Buffer {
    const out = this.scratch;
    const pc = this.pieces;
    const plan = this.plan;
    out.at = 0;
    for (let i = 0; i < plan.length; i++) { // int
      const col = plan[i]!;
      if (col.role === Role.Status) {
        out.ensure(this.cellRoom);
        out.bytes(col.openBytes);
        out.uint(row);
        out.bytes(pc.statusRest[o.status]);
        continue;
      }
      const v: Decimal | number | string | null | undefined = col.role === Role.Messages ? o.messages.join('；') : col.role === Role.Basis ? o.basis : o.results[col.c.key];
      if (v === undefined || v === null || v === '') continue;
      if (v instanceof Decimal || typeof v === 'number' || (col.c.type === 'date' && isIsoDate(v))) {
        // A number's text: at most ~80 characters (decimal.js: 40 significant digits, plain down to 1e-30).
        out.ensure(this.cellRoom + 128); // int
        out.bytes(col.openBytes);
        out.uint(row);
        if (v instanceof Decimal) {
          out.bytes(col.numMidBytes);
          out.decimal(v);
        } else if (typeof v === 'number') {
          out.bytes(col.numMidBytes);
          out.text(numberText(v));
        } else {
          out.bytes(pc.dateMid);
          out.text(numberText(excelSerialFromIso(v) - this.dateShift)); // int
        }
        out.bytes(pc.numEnd);
        continue;
      }
      const text = escapeXml(clipText(v));
      out.ensure(this.cellRoom + text.length * 3); // int
      out.bytes(col.openBytes);
      out.uint(row);
      out.bytes(isFormulaLike(v) ? pc.quotedTextMid : pc.textMid);
      out.text(text);
      out.bytes(pc.textEnd);
    }
    return out.buf.subarray(0, out.at);
  }

  get lastCol(): number {
    return this.firstCol + this.columns.length - 1; // int
  }

  header(row: number): string {
    return this.headers.map((h, i) => inlineStringCell(ref(this.firstCol + i, row), h, this.styles.header, this.p)).join(''); // int
  }

  /**
   * The cells of a totals or footer row: 状态 跳过 and 提示 why; a totals row that sums the data (SUM(J3:J102))
   * gets the same formula over each amount column of the block (not a year-to-date one), Excel computing it
   * (fullCalcOnLoad).
   */
  skippedCells(row: number, reason: SkipReason, sum: SumFormula | undefined): string {
    let out = '';
    const r = String(row);
    this.plan.forEach((col, i) => {
      const open = col.open + r;
      if (col.role === Role.Status) out += this.text(open, SKIPPED_ZH);
      else if (col.role === Role.Messages) out += this.text(open, skipMessage(reason));
      else if (sum && col.role === Role.Result && col.c.type === 'money' && !col.c.cumulative) {
        const letters = colLetters(this.firstCol + i); // int
        out += `${open}${col.numMid.replace(`><${this.p}v>`, '>')}<${this.p}f>${sum.head}${letters}${sum.from}:${letters}${sum.to})</${this.p}f></${this.p}c>`;
      }
    });
    return out;
  }

  /** A result text cell (quoted when it could be taken for a formula). */
  private text(open: string, text: string): string {
    return open + (isFormulaLike(text) ? this.quotedTextMid : this.textMid) + escapeXml(clipText(text)) + this.textEnd;
  }

  row(row: number, o: RowOutcome): string {
    let out = '';
    const r = String(row);
    const plan = this.plan;
    for (let i = 0; i < plan.length; i++) { // int
      const col = plan[i]!;
      const open = col.open + r;
      if (col.role === Role.Status) {
        out += open + this.statusRest[o.status];
        continue;
      }
      const v: Decimal | number | string | null | undefined = col.role === Role.Messages ? o.messages.join('；') : col.role === Role.Basis ? o.basis : o.results[col.c.key];
      if (v === undefined || v === null || v === '') continue;
      if (v instanceof Decimal) {
        out += open + col.numMid + decimalText(v) + this.numEnd;
        continue;
      }
      if (typeof v === 'number') {
        out += open + col.numMid + numberText(v) + this.numEnd;
        continue;
      }
      if (col.c.type === 'date' && isIsoDate(v)) {
        out += open + this.dateMid + numberText(excelSerialFromIso(v) - this.dateShift) + this.numEnd; // int
        continue;
      }
      out += this.text(open, v);
    }
    return out;
  }
}

/** The row's source text without its cells in columns [from, to] (an earlier run's results). */
export function withoutCells(row: ScannedRow, p: string, from: number, to: number): ScannedRow {
  const drop = cellExtents(row, p).filter((c) => c.col >= from && c.col <= to);
  if (drop.length === 0) return row;
  let xml = '';
  let at = 0;
  for (const d of drop) {
    xml += row.xml.slice(at, d.start);
    at = d.end;
  }
  xml += row.xml.slice(at);
  return { ...row, xml, cells: row.cells.filter((c) => c.col < from || c.col > to) };
}

/** Put cells at the end of a row element, keeping `spans` right. */
export function appendToRow(row: ScannedRow, p: string, cellsXml: string, lastCol: number): string {
  let open = row.xml.slice(0, row.openEnd);
  open = open.replace(/(\sspans=")(\d+):(\d+)(")/, (_, a: string, lo: string, hi: string, z: string) => `${a}${lo}:${Math.max(Number(hi), lastCol)}${z}`);
  if (!row.hasR) open = open.replace(new RegExp(`^<${p}row`), `<${p}row r="${row.r}"`);
  if (row.selfClosing) return `${openingTag(open)}${cellsXml}</${p}row>`;
  const close = row.xml.lastIndexOf(`</${p}row>`);
  return `${open}${row.xml.slice(row.openEnd, close)}${cellsXml}${row.xml.slice(close)}`;
}

/** Where the `ref` of the sheet's `<dimension>` lies in `head` (value start and end), if it has one. */
export function dimensionRef(head: string): { start: number; end: number } | undefined {
  for (let i = findElement(head, 'dimension'); i >= 0; i = findElement(head, 'dimension', i + 1)) {
    const a = attrSpan(head, i, (name) => name === 'ref');
    if (a) return a;
  }
  return undefined;
}

/** Widen `<dimension>` to the result block. */
export function updateDimension(head: string, lastCol: number, minRow: number): string {
  const a = dimensionRef(head);
  if (!a) return head;
  const [from, to] = head.slice(a.start, a.end).split(':');
  const f = splitRef(from ?? '') ?? { col: 1, row: 1 };
  const t = splitRef(to ?? from ?? '') ?? f;
  return `${head.slice(0, a.start)}${colLetters(f.col)}${Math.min(f.row, minRow)}:${colLetters(Math.max(t.col, lastCol))}${Math.max(t.row, minRow)}${head.slice(a.end)}`;
}

/** Widths for the result columns; existing `<col>` ranges reaching into the result block are clipped. */
export function updateCols(head: string, p: string, firstCol: number, widths: number[]): string {
  const ours = widths.map((w, i) => `<${p}col min="${firstCol + i}" max="${firstCol + i}" width="${w}" customWidth="1"/>`).join(''); // int
  const open = findTag(head, `${p}cols`);
  if (open < 0) {
    const at = findTag(head, `${p}sheetData`);
    return `${head.slice(0, at)}<${p}cols>${ours}</${p}cols>${head.slice(at)}`;
  }
  const openEnd = tagEnd(head, open);
  if (head.charCodeAt(openEnd - 2) === 47) return `${head.slice(0, open)}<${p}cols>${ours}</${p}cols>${head.slice(openEnd)}`;
  const closeTag = `</${p}cols>`;
  const close = head.indexOf(closeTag, openEnd);
  const body = replaceEmptyElements(head.slice(openEnd, close), `<${p}col`, (tag) => {
    const a = parseAttrs(tag);
    const min = Number(a.get('min'));
    const max = Number(a.get('max'));
    if (!(max >= firstCol)) return tag;
    if (min >= firstCol) return '';
    const m = attrSpan(tag, 0, (name) => name === 'max');
    return m ? `${tag.slice(0, m.start)}${firstCol - 1}${tag.slice(m.end)}` : tag;
  });
  return `${head.slice(0, openEnd)}${body}${ours}${head.slice(close)}`;
}

/** The first attribute named `prefix:id` of the first element `local` that has one (the relationship id). */
function relIdAttr(xml: string, local: string): { name: string; start: number; end: number } | undefined {
  for (let i = findElement(xml, local); i >= 0; i = findElement(xml, local, i + 1)) {
    const a = attrSpan(xml, i, (name) => name !== 'id' && isLocalName(name, 'id'));
    if (a) return a;
  }
  return undefined;
}

const AFTER_LEGACY_DRAWING = ['legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst'];

/** Insert `<legacyDrawing r:id>` at its schema position in the part after sheetData. */
function insertLegacyDrawing(tail: string, p: string, rid: string, rPrefix: string | undefined): string {
  const el = rPrefix ? `<${p}legacyDrawing ${rPrefix}:id="${rid}"/>` : `<${p}legacyDrawing xmlns:r="${NS_R}" r:id="${rid}"/>`;
  let at = -1;
  for (const name of AFTER_LEGACY_DRAWING) {
    const i = findTag(tail, `${p}${name}`);
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) at = tail.lastIndexOf(`</${p}worksheet>`);
  return tail.slice(0, at) + el + tail.slice(at);
}

/** The prefix bound to the relationships namespace on the worksheet root, if any. */
function relPrefix(head: string): string | undefined {
  const m = new RegExp(`xmlns:([\\w.-]+)="${NS_R.replace(/[.]/g, '\\.')}"`).exec(head);
  return m?.[1];
}

interface Pending {
  comments: CellComment[];
  /** A formula was written (a totals row's SUM): the workbook is to be recalculated on load. */
  formulas?: boolean;
  /** Prefix bound to the relationships namespace on the worksheet root. */
  rPrefix?: string;
  /** The part after sheetData, held back until every comment is known. */
  tail: string;
}

/** The longest row (or part before sheetData) the write pass holds, in bytes: the scanner's bound in UTF-8. */
const MAX_PENDING_BYTES = 3 * MAX_PENDING_CHARS;

const HEAD = 0;
const ROWS = 1;
const TAIL = 2;

/**
 * The data sheet, transformed as it streams, as blocks of UTF-8. The same rows, text and tail as
 * scanSheet finds (its rules, applied to the bytes): rows whose start tag has the plain form
 * (simpleRowTag) are copied through as bytes, result cells spliced in before `</row>`; any other row
 * (the header, an earlier result block, an unusual start tag) is decoded and goes the generic way
 * (parseRow, withoutCells, appendToRow). Invalid UTF-8 comes out as the scanner's decoding would give
 * it (U+FFFD), never copied raw.
 */
async function* transformDataSheet(wb: WorkbookFile, o: SheetWrite, maxComments: number, styles: ResultStyles, pending: Pending): AsyncGenerator<Buffer> {
  const entry = wb.zip.find(o.ds.sheet.path)!;
  const isAsync = Symbol.asyncIterator in o.rows;
  const iter = (isAsync ? (o.rows as AsyncIterable<ResultRow>)[Symbol.asyncIterator]() : (o.rows as Iterable<ResultRow | Promise<ResultRow>>)[Symbol.iterator]()) as AsyncIterator<ResultRow> | Iterator<ResultRow | Promise<ResultRow>>;
  // A sync iterable (the streaming path) is read without an await per row: only a row handed as a promise is awaited.
  const step = (): IteratorResult<ResultRow> | Promise<IteratorResult<ResultRow>> => {
    if (isAsync) return (iter as AsyncIterator<ResultRow>).next();
    const r = (iter as Iterator<ResultRow | Promise<ResultRow>>).next();
    return r.done || !(r.value instanceof Promise) ? (r as IteratorResult<ResultRow>) : r.value.then((value): IteratorResult<ResultRow> => ({ done: false, value }));
  };
  let stepped = step();
  let next = stepped instanceof Promise ? await stepped : stepped;
  const targets = commentTargets(o.ds);
  const headerRow = o.ds.headerRow;
  const rewriteOld = o.ds.previousResultCol === o.firstResultCol;
  // Totals and footer rows, in sheet order like the results: the next one's row number (0: none left).
  const skipped = o.skipped;
  let skipAt = 0;
  let skipRow = skipped && skipped.size > 0 ? skipped.rowAt(0) : 0;
  const skippedCells = (r: number): string => {
    const cellsXml = cells.skippedCells(r, skipped!.reasonAt(skipAt), skipped!.sumAt(skipAt));
    if (skipped!.sumAt(skipAt)) pending.formulas = true;
    skipAt += 1; // int
    skipRow = skipAt < skipped!.size ? skipped!.rowAt(skipAt) : 0;
    return cellsXml;
  };
  const out = new BlockWriter();
  const dec = new TextDecoder('utf-8', { ignoreBOM: true });
  const tag: RowTagInfo = { r: 0, hiStart: -1, hiEnd: -1, hi: 0 };
  let cells!: ResultCells;
  let p = '';
  let rowOpen = '';
  let rowClose = '';
  let dataClose = '';
  let state = HEAD;
  let headScanned = 0;
  let prevR = 0;
  const tailParts: Buffer[] = [];

  // The bytes not yet consumed, their latin1 view, and how far they have been copied out.
  let data: Buffer = Buffer.alloc(0);
  let s = '';
  let copied = 0;
  /** data[0, checkedEnd) is known to be valid UTF-8 (then copying bytes equals decoding and encoding). */
  let checkedEnd = 0;

  const text = (from: number, to: number): string => dec.decode(data.subarray(from, to));
  /** Copy data[copied, to) out. */
  const copyTo = (to: number): void => {
    if (to > copied) {
      if (to <= checkedEnd) out.bytes(data, copied, to);
      else out.text(text(copied, to));
    }
    copied = to;
  };

  /** A row the generic way: its output text. */
  const genericRow = (source: ScannedRow): string => {
    let row = source;
    // Cells already in the result block (a result workbook processed again) give way to the new results.
    if (row.r >= headerRow && rewriteOld) row = withoutCells(row, p, o.firstResultCol, cells.lastCol);
    if (row.r === headerRow) return appendToRow(row, p, cells.header(row.r), cells.lastCol);
    if (!next.done && next.value.rowNumber === row.r) {
      const res = next.value;
      noteComments(res, row.r);
      return appendToRow(row, p, res.cellsXml ?? res.cellsBytes?.toString('utf8') ?? cells.row(row.r, res.outcome), cells.lastCol);
    }
    if (skipRow === row.r) return appendToRow(row, p, skippedCells(row.r), cells.lastCol);
    return row.xml;
  };
  const noteComments = (res: ResultRow, r: number): void => {
    const outcome = res.outcome;
    if (outcome.status !== 'ok' && pending.comments.length < maxComments) pending.comments.push(...targets(r, outcome));
  };
  const writeCells = (res: ResultRow, r: number): void => {
    noteComments(res, r);
    const bytes = res.cellsXml !== undefined ? undefined : (res.cellsBytes ?? cells.rowBytes(r, res.outcome));
    if (bytes) out.bytes(bytes, 0, bytes.length);
    else out.text(res.cellsXml!);
  };

  /** Rows from `pos` on (scanSheet's rules); returns where it stopped. */
  const rows = async (pos: number, final: boolean): Promise<number> => {
    for (;;) {
      const lt = s.indexOf('<', pos);
      // Text without a '<' yet: held until more comes (it is copied out with what follows).
      if (lt < 0) return final ? s.length : pos;
      pos = lt;
      if (s.startsWith(dataClose, lt)) {
        state = TAIL;
        return pos;
      }
      if (s.length - lt < dataClose.length + 1 && !final) return pos; // need more to decide
      const after = s.charCodeAt(lt + rowOpen.length); // int
      if (s.startsWith(rowOpen, lt) && (after === 32 || after === 9 || after === 10 || after === 13 || after === 62 || after === 47)) {
        const e = tagEnd(s, lt);
        if (e < 0) return pos;
        const selfClosing = s.charCodeAt(e - 2) === 47; // int
        let end = e;
        if (!selfClosing) {
          const c = s.indexOf(rowClose, e);
          if (c < 0) return pos;
          end = c + rowClose.length; // int
        }
        if (!selfClosing && simpleRowTag(s, lt + rowOpen.length, e, tag) && tag.r !== headerRow && !(rewriteOld && tag.r >= headerRow)) { // int
          prevR = tag.r;
          if (!next.done && next.value.rowNumber === tag.r) {
            if (tag.hiStart >= 0) {
              // appendToRow's spans rewrite, only where it changes the text.
              const hi = String(Math.max(tag.hi, cells.lastCol));
              if (hi.length !== tag.hiEnd - tag.hiStart || !s.startsWith(hi, tag.hiStart)) { // int
                copyTo(tag.hiStart);
                out.text(hi);
                copied = tag.hiEnd;
              }
            }
            copyTo(end - rowClose.length); // int
            writeCells(next.value, tag.r);
            stepped = step();
            next = stepped instanceof Promise ? await stepped : stepped;
          } else if (skipRow === tag.r) {
            // A skipped row is rare: the generic way (spans and all).
            copyTo(lt);
            out.text(appendToRow(parseRow(text(lt, end), p, prevR), p, skippedCells(tag.r), cells.lastCol));
            copied = end;
          }
        } else {
          copyTo(lt);
          const row = parseRow(text(lt, end), p, prevR);
          prevR = row.r;
          const consumed = !next.done && next.value.rowNumber === row.r && row.r !== headerRow;
          out.text(genericRow(row));
          copied = end;
          if (consumed) {
            stepped = step();
            next = stepped instanceof Promise ? await stepped : stepped;
          }
        }
        pos = end;
        continue;
      }
      // Anything else between rows (comments, processing instructions): passes through to the next '<'.
      const nextLt = s.indexOf('<', lt + 1); // int
      if (nextLt < 0) return final ? s.length : pos;
      pos = nextLt;
    }
  };

  /** Head: everything up to and including the sheetData start tag. Returns where the rows begin, or -1. */
  const head = (): number => {
    const re = /<([\w.-]+:)?sheetData[\s>/]/g;
    re.lastIndex = headScanned;
    const m = re.exec(s);
    if (!m) {
      headScanned = Math.max(0, s.length - 64);
      return -1;
    }
    const e = tagEnd(s, m.index);
    if (e < 0) return -1;
    p = m[1] ?? '';
    rowOpen = `<${p}row`;
    rowClose = `</${p}row>`;
    dataClose = `</${p}sheetData>`;
    cells = new ResultCells(o.ds.kind, styles, o.firstResultCol, p, wb.date1904 ? DATE1904_OFFSET : 0, o.ds.resultHeaders);
    let xml = updateDimension(text(0, e), cells.lastCol, o.ds.headerRow);
    xml = updateCols(xml, p, o.firstResultCol, cells.columns.map(columnWidth));
    pending.rPrefix = relPrefix(xml);
    out.text(xml);
    copied = e;
    state = s.charCodeAt(e - 2) === 47 ? TAIL : ROWS; // int: <sheetData/>
    return e;
  };

  /** Work through `data`; keep what is not consumed yet. */
  const feed = async (final: boolean): Promise<void> => {
    s = data.toString('latin1');
    copied = 0;
    // Valid UTF-8 up to the last '>' (any complete construct ends there): copied as bytes.
    const lastGt = s.lastIndexOf('>');
    checkedEnd = lastGt >= 0 && isUtf8(data.subarray(0, lastGt + 1)) ? lastGt + 1 : 0; // int
    let pos = 0;
    if (state === HEAD) {
      pos = head();
      if (pos < 0) {
        if (final) throw new SheetFormatError('worksheet has no sheetData');
        if (data.length > MAX_PENDING_BYTES) throw new SheetFormatError(`worksheet part before sheetData is larger than ${MAX_PENDING_CHARS} characters`);
        return;
      }
    }
    if (state === ROWS) pos = await rows(pos, final);
    copyTo(pos);
    if (state === TAIL) {
      tailParts.push(data.subarray(pos));
      data = Buffer.alloc(0);
      return;
    }
    data = data.subarray(pos);
    headScanned = Math.max(0, headScanned - pos);
    if (final) throw new SheetFormatError('worksheet XML ends inside sheetData (truncated?)');
    if (data.length > MAX_PENDING_BYTES) throw new SheetFormatError(`a row of the worksheet is larger than ${MAX_PENDING_CHARS} characters (or never ends)`);
  };

  for await (const chunk of wb.zip.chunks(entry, { maxBytes: wb.maxPartBytes })) {
    if (state === TAIL) {
      tailParts.push(chunk);
      continue;
    }
    data = data.length === 0 ? chunk : Buffer.concat([data, chunk]);
    await feed(false);
    const blocks = out.take();
    for (const b of blocks) yield b;
  }
  if (state !== TAIL) await feed(true);
  pending.tail = dec.decode(Buffer.concat(tailParts));
  for (const b of out.flush()) yield b;
  if (!next.done) throw new Error(`result row ${next.value.rowNumber} has no matching sheet row`);
  if (skipRow !== 0) throw new Error(`skipped row ${skipRow} has no matching sheet row`);
}

/** Unique sheet name (Excel compares case-insensitively; ≤ 31 characters). */
function uniqueSheetName(wanted: string, taken: Set<string>): string {
  let name = wanted;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${wanted} (${n})`; // int
  taken.add(name.toLowerCase());
  return name;
}

function unusedPart(wb: WorkbookFile, dir: string, stem: string, ext: string, claimed: Set<string>): string {
  for (let n = 1; ; n++) { // int
    const path = `${dir}${stem}${n}.${ext}`;
    if (!wb.zip.find(path) && !claimed.has(path.toLowerCase())) {
      claimed.add(path.toLowerCase());
      return path;
    }
  }
}

const UNIT_ZH: Record<string, string> = { yuan: '元', rate: '比例', months: '月', days: '天', count: '次', decimal: '' };

/** What 汇总 reports beyond the totals: columns no rule read, sheets with the kind's headers left uncomputed. */
interface SummaryReport {
  unused: readonly UnusedColumn[];
  notComputed: readonly SheetNotComputed[];
}

function summaryRows(kind: KindDef, ruleSet: RuleSet, s: Summary, st: ResultStyles, report: SummaryReport): BuiltCell[][] {
  const money = st.numFmt.get('#,##0.00');
  const moneyCols = summedColumns(kind);
  const rows: BuiltCell[][] = [];
  rows.push([{ text: `汇总 · ${kind.zh} · ${ruleSet.name}（${ruleSet.id}）`, style: st.bold }]);
  rows.push([{ text: '行数', style: st.bold }, { number: s.rows }]);
  rows.push([{ text: STATUS_ZH.ok, style: st.status.ok }, { number: s.byStatus.ok }]);
  rows.push([{ text: STATUS_ZH.warning, style: st.status.warning }, { number: s.byStatus.warning }]);
  rows.push([{ text: STATUS_ZH.error, style: st.status.error }, { number: s.byStatus.error }]);
  rows.push([{ text: SKIPPED_ZH }, { number: s.skipped }, { text: '合计行、表尾行：未计算，不计入行数 / totals and footer rows: not computed, not in 行数' }]);
  rows.push([]);
  rows.push([{ text: '结果列', style: st.header }, { text: '合计（成功与警告行）', style: st.header }]);
  for (const c of moneyCols) rows.push([{ text: c.zh }, { number: s.totals[c.key]!, style: money }]);
  for (const c of unsummedColumns(kind)) rows.push([{ text: c.zh }, { text: '（年度累计数，逐行相加无意义，不合计 / a year-to-date figure: not summed）' }]);
  if (s.sheets && s.sheets.length > 1) {
    // One line per data sheet (a workbook of monthly sheets is one batch), then the total.
    rows.push([]);
    const head = ['工作表', '行数', STATUS_ZH.ok, STATUS_ZH.warning, STATUS_ZH.error, SKIPPED_ZH, ...moneyCols.map((c) => c.zh)];
    rows.push(head.map((text) => ({ text, style: st.header })));
    const line = (name: string, l: Omit<SheetLine, 'sheet'>, style?: number): BuiltCell[] => [
      { text: name, ...(style === undefined ? {} : { style }) },
      { number: l.rows },
      { number: l.byStatus.ok },
      { number: l.byStatus.warning },
      { number: l.byStatus.error },
      { number: l.skipped },
      ...moneyCols.map((c) => ({ number: l.totals[c.key]!, style: money })),
    ];
    for (const l of s.sheets) rows.push(line(l.sheet, l));
    rows.push(line('合计', { rows: s.rows, byStatus: s.byStatus, skipped: s.skipped, totals: s.totals }, st.bold));
  }
  if (s.byCategory.length > 0 && s.categoryColumn) {
    rows.push([]);
    rows.push([{ text: s.categoryColumn.zh, style: st.header }, { text: '行数', style: st.header }, ...moneyCols.map((c) => ({ text: c.zh, style: st.header }))]);
    for (const cat of s.byCategory) rows.push([{ text: cat.category }, { number: cat.rows }, ...moneyCols.map((c) => ({ number: cat.totals[c.key]!, style: money }))]);
  }
  if (report.unused.length > 0) {
    rows.push([]);
    rows.push(['未使用的列', '工作表', '单元格', '说明'].map((text) => ({ text, style: st.header })));
    for (const u of report.unused) {
      rows.push([{ text: u.header }, { text: u.sheet }, { text: u.cell }, { text: u.warned ? '像是计算所需的列却未被识别：该表每行为「警告」 / looks like a rule input but is not read: every row of the sheet is warned' : '未参与计算（仅保留） / not used (kept as it is)' }]);
    }
  }
  if (report.notComputed.length > 0) {
    rows.push([]);
    rows.push(['未计算的工作表', '表头行', '缺少的必填列'].map((text) => ({ text, style: st.header })));
    for (const n of report.notComputed) rows.push([{ text: n.sheet }, { number: n.headerRow }, { text: n.missing.join('、') }]);
  }
  return rows;
}

/**
 * The conventions a batch rests on: those its rows' derivations cite and those behind the parameters it
 * used, in the rule set's order (G…, DY…, XN…).
 */
function conventionsUsed(ruleSet: RuleSet, params: ReadonlyMap<string, UsedParam>, cited: ReadonlySet<string>): Convention[] {
  const ids = new Set(cited);
  for (const u of params.values()) if (u.def.convention) ids.add(u.def.convention.id);
  return ruleSet.conventions.filter((c) => ids.has(c.id));
}

function basisRows(kind: KindDef, ruleSet: RuleSet, params: ReadonlyMap<string, UsedParam>, cited: ReadonlySet<string>, st: ResultStyles): BuiltCell[][] {
  const rows: BuiltCell[][] = [];
  rows.push([{ text: `计算依据 · ${ruleSet.name}（${ruleSet.id}）· 依据：${ruleSet.title}`, style: st.bold }]);
  rows.push(['参数', '名称', '取值', '单位', '条款', '原文', '有效期', '覆盖', '说明'].map((t) => ({ text: t, style: st.header })));
  for (const id of [...params.keys()].sort()) {
    const u = params.get(id)!;
    rows.push([
      { text: id },
      { text: u.def.label },
      { text: formatParamValue(u.def, u.value) },
      { text: UNIT_ZH[u.def.unit] ?? u.def.unit },
      { text: u.def.source.ref },
      { text: u.def.source.quote, style: st.wrap },
      { text: u.period },
      { text: u.overridden ? '是（请求或参数表）' : '否' },
      { text: [u.def.convention ? `按本系统约定 ${u.def.convention.id}` : '', u.def.note ?? ''].filter(Boolean).join('；') },
    ]);
  }
  const conventions = conventionsUsed(ruleSet, params, cited);
  if (conventions.length > 0) {
    rows.push([]);
    rows.push([{ text: '本批次采用的系统约定（按本系统约定：政策文本未明确之处）', style: st.bold }]);
    rows.push(['约定', '名称', '文本未明确之处', '采用的解读', '另一种解读', '影响的行'].map((t) => ({ text: t, style: st.header })));
    for (const c of conventions) rows.push([{ text: c.id }, { text: c.title, style: st.wrap }, { text: c.open, style: st.wrap }, { text: c.chosen, style: st.wrap }, { text: c.other, style: st.wrap }, { text: c.rows, style: st.wrap }]);
  }
  const rules = ruleSet.rules.filter((r) => r.kinds.includes(kind.id));
  if (rules.length > 0) {
    rows.push([]);
    rows.push(['规则', '名称', '条款', '原文', '参数'].map((t) => ({ text: t, style: st.header })));
    for (const r of rules) rows.push([{ text: r.id }, { text: r.title }, { text: r.source.ref }, { text: r.source.quote, style: st.wrap }, { text: r.params.join('、') }]);
  }
  return rows;
}

/**
 * 汇总 and 计算依据 sheets written by an earlier run (the workbook is a result processed again): same
 * name, our title in A1, and the data sheet carries an earlier result block. They are rewritten in place.
 */
async function earlierOwnSheets(o: WriteCommon, sheets: readonly SheetWrite[]): Promise<Map<string, SheetRef>> {
  const out = new Map<string, SheetRef>();
  if (!sheets.some((sw) => sw.ds.previousResultCol !== undefined && sw.ds.previousResultCol === sw.firstResultCol)) return out;
  const sst = await o.wb.sharedStrings();
  for (const name of [SUMMARY_SHEET, BASIS_SHEET]) {
    const sheet = o.wb.worksheets().find((s) => s.name === name);
    if (!sheet) continue;
    for await (const row of o.wb.rows(sheet)) {
      const first = row.cells[0];
      if (first && String(cellValue(first, sst) ?? '').startsWith(`${name} · `)) out.set(name, sheet);
      break;
    }
  }
  return out;
}

/** styles.xml with the result styles appended (the same every time for the same workbook). */
async function resultStyles(wb: WorkbookFile, kind: KindDef): Promise<{ stylesPath: string; xml: string; styles: ResultStyles }> {
  const pkg = wb.pkg;
  const formats = [...new Set(resultColumns(kind).map(defaultFormat).filter((f): f is string => f !== undefined))];
  if (!formats.includes('#,##0.00')) formats.push('#,##0.00');
  const stylesPath = pkg.stylesPath ?? `${partDir(pkg.workbookPath)}styles.xml`;
  const stylesXml = pkg.stylesPath ? ((await wb.zip.readText(pkg.stylesPath, { maxBytes: wb.wholePartBytes })) ?? MINIMAL_STYLES) : MINIMAL_STYLES;
  return { stylesPath, ...addResultStyles(stylesXml, formats) };
}

/**
 * What rendering a data row's result cells needs, as plain data (it crosses to worker threads): the
 * kind, the result styles added to styles.xml, where the block starts, the sheet's namespace prefix and
 * its date system.
 */
export interface ResultCellSetup {
  kind: KindId;
  styles: ResultStyles;
  firstCol: number;
  prefix: string;
  dateShift: number;
}

export async function resultCellSetup(wb: WorkbookFile, ds: DataSheet, firstResultCol: number): Promise<ResultCellSetup> {
  const { styles } = await resultStyles(wb, ds.kind);
  const prefix = (await sheetHead(wb, ds.sheet))?.prefix ?? '';
  return { kind: ds.kind.id, styles, firstCol: firstResultCol, prefix, dateShift: wb.date1904 ? DATE1904_OFFSET : 0 };
}

function resultCellsFrom(setup: ResultCellSetup): ResultCells {
  return new ResultCells(KINDS[setup.kind], setup.styles, setup.firstCol, setup.prefix, setup.dateShift);
}

/** A data row's result cells exactly as writeResultWorkbook writes them (the streaming path renders while it computes). */
export function resultCellRendererFrom(setup: ResultCellSetup): (rowNumber: number, o: RowOutcome) => string {
  const cells = resultCellsFrom(setup);
  return (rowNumber, o) => cells.row(rowNumber, o);
}

export async function resultCellRenderer(wb: WorkbookFile, ds: DataSheet, firstResultCol: number): Promise<(rowNumber: number, o: RowOutcome) => string> {
  return resultCellRendererFrom(await resultCellSetup(wb, ds, firstResultCol));
}

/**
 * The same as UTF-8 bytes (for ResultRow.cellsBytes), rendered without building strings. The Buffer is
 * a view on a scratch buffer reused by the next call: copy it out (e.g. into a spool) before that.
 */
export function resultCellBytesRendererFrom(setup: ResultCellSetup): (rowNumber: number, o: RowOutcome) => Buffer {
  const cells = resultCellsFrom(setup);
  return (rowNumber, o) => cells.rowBytes(rowNumber, o);
}

/** Write the result workbook to the sink. */
export async function writeResultWorkbook(o: WriteWorkbookOptions): Promise<void> {
  try {
    await write(o);
  } catch (e) {
    throw asInputError(e);
  }
}

/** The data sheets to annotate, in workbook order. */
function sheetsOf(o: WriteWorkbookOptions): readonly SheetWrite[] {
  return 'sheets' in o ? o.sheets : [o];
}

/** Where the comment parts of the sheets go, and what the workbook's other parts must learn of them. */
interface PartPlan {
  claimed: Set<string>;
  ctOverrides: { part: string; type: string }[];
  ctDefaults: { ext: string; type: string }[];
  /** The next free VML shape-id block (new comment shapes never collide with any in the workbook). */
  firstBlock: number;
  /** A formula was written into some sheet. */
  formulas: boolean;
}

async function write(o: WriteWorkbookOptions): Promise<void> {
  const { wb } = o;
  const pkg = wb.pkg;
  const sheets = sheetsOf(o);
  const kind = sheets[0]!.ds.kind;
  for (const sw of sheets) {
    const lastCol = sw.firstResultCol + resultColumns(kind).length - 1; // int
    if (lastCol > MAX_COLUMNS) {
      throw new InputError(400, 'too-many-columns', `工作表「${sw.ds.sheet.name}」右侧已没有足够的列放置结果（Excel 最多 ${MAX_COLUMNS} 列） / sheet ${sw.ds.sheet.name} has no room for the result columns (Excel allows ${MAX_COLUMNS})`);
    }
  }
  const zip = new ZipWriter(o.sink);

  // Styles first: the data sheets' cells refer to them.
  const { stylesPath, xml: newStyles, styles } = await resultStyles(wb, kind);

  // Per data sheet: its rels and the comment parts held back until its tail shows which VML drawing is the comments' one.
  const perSheet = await Promise.all(
    sheets.map(async (sw) => {
      const relsPath = relsPathOf(sw.ds.sheet.path);
      const relsXml = await wb.zip.readText(relsPath, { maxBytes: wb.wholePartBytes });
      const rels = relsXml ? parseRels(relsXml, sw.ds.sheet.path) : [];
      const comments = rels.find((r) => r.type.endsWith('/comments') && r.path);
      const held = new Set([comments, ...rels.filter((r) => r.type.endsWith('/vmlDrawing'))].flatMap((r) => (r?.path ? [r.path.toLowerCase()] : [])));
      return { sw, relsPath, relsXml, rels, comments, held };
    }),
  );
  const changed = new Set([stylesPath, pkg.workbookPath, pkg.workbookRelsPath, '[Content_Types].xml'].map((s) => s.toLowerCase()));
  for (const ps of perSheet) {
    for (const path of [ps.sw.ds.sheet.path, ps.relsPath, ...ps.held]) changed.add(path.toLowerCase());
  }
  const earlier = await earlierOwnSheets(o, sheets);
  for (const e of earlier.values()) changed.add(e.path.toLowerCase());

  // 1. Every untouched entry, as stored.
  for (const e of wb.zip.entries) {
    if (changed.has(e.name.toLowerCase()) || e.name.endsWith('/')) continue;
    await zip.copy(wb.zip, e);
  }

  // 2. Each data sheet, streamed, then its comments and rels.
  let firstBlock = 1;
  for (const e of wb.zip.entries) {
    if (!e.name.toLowerCase().endsWith('.vml')) continue;
    // A loop, not Math.max(...blocks): a drawing may name more ids than a call has room for arguments.
    for (const b of idmapBlocks((await wb.zip.read(e, { maxBytes: wb.wholePartBytes })).toString('utf8'))) if (b + 1 > firstBlock) firstBlock = b + 1; // int
  }
  const parts: PartPlan = { claimed: new Set(), ctOverrides: [], ctDefaults: [], firstBlock, formulas: false };
  for (const ps of perSheet) await writeDataSheet(o, ps, styles, zip, parts);

  const totals = await o.totals();

  // 3. Styles and the new sheets.
  await zip.add(stylesPath, newStyles);
  const { ctOverrides, ctDefaults, claimed } = parts;
  if (!pkg.stylesPath) ctOverrides.push({ part: stylesPath, type: CT_STYLES });
  const taken = new Set(pkg.sheets.map((s) => s.name.toLowerCase()));
  const xlDir = partDir(pkg.workbookPath);
  const money = summedColumns(kind);
  const built = [
    { wanted: SUMMARY_SHEET, xml: buildSheetXml(summaryRows(kind, o.ruleSet, totals.summary, styles, { unused: sheets.flatMap((sw) => sw.ds.unused), notComputed: o.notComputed ?? [] }), [28, 22, ...money.map(() => 16), 16, 16, 16, 16], { quoted: styles.quoted }) },
    { wanted: BASIS_SHEET, xml: buildSheetXml(basisRows(kind, o.ruleSet, totals.params, totals.conventions, styles), [34, 30, 14, 8, 14, 48, 24, 14, 20], { quoted: styles.quoted }) },
  ];
  // An earlier run's 汇总/计算依据 are rewritten in place; otherwise new sheets are added.
  for (const b of built) {
    const old = earlier.get(b.wanted);
    if (old) await zip.add(old.path, b.xml);
  }
  const newSheets = built
    .filter((b) => !earlier.has(b.wanted))
    .map((b) => ({ name: uniqueSheetName(b.wanted, taken), xml: b.xml, path: unusedPart(wb, `${xlDir}worksheets/`, 'sheet', 'xml', claimed) }));
  for (const s of newSheets) await zip.add(s.path, s.xml);

  // 4. workbook.xml, its rels, content types.
  const relIds = nextRelId(pkg.workbookRels);
  const withIds = newSheets.map((s) => ({ ...s, rid: relIds() }));
  let maxSheetId = Math.max(0, ...pkg.sheets.map((s) => s.sheetId));
  const wp = prefixOf(pkg.workbookXml, 'sheets');
  const rAttr = relIdAttr(pkg.workbookXml, 'sheet')?.name.slice(0, -3);
  const sheetEls = withIds.map((s) => {
    maxSheetId += 1;
    const idAttr = rAttr ? `${rAttr}:id="${s.rid}"` : `xmlns:r="${NS_R}" r:id="${s.rid}"`;
    return `<${wp}sheet name="${s.name}" sheetId="${maxSheetId}" ${idAttr}/>`;
  });
  const closeSheets = pkg.workbookXml.indexOf(`</${wp}sheets>`);
  let workbookXml = closeSheets >= 0 ? pkg.workbookXml.slice(0, closeSheets) + sheetEls.join('') + pkg.workbookXml.slice(closeSheets) : pkg.workbookXml;
  if (parts.formulas) workbookXml = recalcOnLoad(workbookXml);
  await zip.add(pkg.workbookPath, workbookXml);
  const wbRelAdds: { id: string; type: string; target: string }[] = withIds.map((s) => ({ id: s.rid, type: REL.worksheet, target: relativeTarget(xlDir, s.path) }));
  if (!pkg.stylesPath) wbRelAdds.push({ id: relIds(), type: REL.styles, target: relativeTarget(xlDir, stylesPath) });
  await zip.add(pkg.workbookRelsPath, addRelationships(pkg.workbookRelsXml, wbRelAdds));
  for (const s of newSheets) ctOverrides.push({ part: s.path, type: CT_WORKSHEET });
  await zip.add('[Content_Types].xml', addContentTypes(resultContentTypes(pkg.contentTypesXml), ctDefaults, ctOverrides));
  await zip.finish();
}

/** One data sheet, streamed, then its comments (merged with the sheet's own) and its rels. */
async function writeDataSheet(
  o: WriteCommon,
  ps: { sw: SheetWrite; relsPath: string; relsXml: string | undefined; rels: ReturnType<typeof parseRels>; comments: ReturnType<typeof parseRels>[number] | undefined; held: Set<string> },
  styles: ResultStyles,
  zip: ZipWriter,
  parts: PartPlan,
): Promise<void> {
  const { wb } = o;
  const { sw, relsPath: sheetRelsPath, relsXml: sheetRelsXml, rels: sheetRels, comments: existingComments, held } = ps;
  const ds = sw.ds;
  const pending: Pending = { comments: [], tail: '' };
  const plan: { vmlRel?: (typeof sheetRels)[number]; newVmlRelId?: string } = {};
  await zip.addStream(
    ds.sheet.path,
    (async function* () {
      yield* transformDataSheet(wb, sw, o.maxComments ?? 5000, styles, pending);
      let tail = pending.tail;
      const legacy = relIdAttr(tail, 'legacyDrawing');
      const legacyId = legacy && legacy.end > legacy.start ? tail.slice(legacy.start, legacy.end) : undefined;
      if (legacyId !== undefined) {
        plan.vmlRel = sheetRels.find((r) => r.id === legacyId && r.path);
        // A legacyDrawing whose relationship is missing: leave the sheet as it is, 提示 still names every problem.
        if (!plan.vmlRel) pending.comments = [];
      } else if (pending.comments.length > 0) {
        plan.newVmlRelId = nextRelId(sheetRels)();
        tail = insertLegacyDrawing(tail, prefixOf(tail, 'worksheet'), plan.newVmlRelId, pending.rPrefix);
      }
      yield tail;
    })(),
  );
  if (pending.formulas) parts.formulas = true;

  const { claimed, ctOverrides, ctDefaults } = parts;
  const written = new Set<string>();
  const oldComments = existingComments?.path ? await wb.zip.readText(existingComments.path, { maxBytes: wb.wholePartBytes }) : undefined;
  const oldVml = plan.vmlRel?.path ? await wb.zip.readText(plan.vmlRel.path, { maxBytes: wb.wholePartBytes }) : undefined;
  // Notes an earlier run left (a result workbook processed again) are dropped: they may be stale.
  const cleaned = oldComments !== undefined && hasOwnComments(oldComments) ? dropOwnComments(oldComments, oldVml) : undefined;
  if (pending.comments.length > 0) {
    const xlDir = partDir(wb.pkg.workbookPath);
    const commentsPath = existingComments?.path ?? unusedPart(wb, xlDir, 'comments', 'xml', claimed);
    const vmlPath = plan.vmlRel?.path ?? unusedPart(wb, `${xlDir}drawings/`, 'vmlDrawing', 'vml', claimed);
    const merged = mergeComments(cleaned?.commentsXml ?? oldComments, cleaned?.vmlXml ?? oldVml, pending.comments, parts.firstBlock);
    for (const b of idmapBlocks(merged.vmlXml)) if (b + 1 > parts.firstBlock) parts.firstBlock = b + 1; // int
    await zip.add(commentsPath, merged.commentsXml);
    await zip.add(vmlPath, merged.vmlXml);
    written.add(commentsPath.toLowerCase()).add(vmlPath.toLowerCase());
    const add: { id: string; type: string; target: string }[] = [];
    const ids = nextRelId(sheetRels, plan.newVmlRelId ? [plan.newVmlRelId] : []);
    const sheetDir = partDir(ds.sheet.path);
    if (plan.newVmlRelId) add.push({ id: plan.newVmlRelId, type: REL.vmlDrawing, target: relativeTarget(sheetDir, vmlPath) });
    if (!existingComments) add.push({ id: ids(), type: REL.comments, target: relativeTarget(sheetDir, commentsPath) });
    await zip.add(sheetRelsPath, add.length > 0 ? addRelationships(sheetRelsXml, add) : sheetRelsXml!);
    if (!existingComments) ctOverrides.push({ part: commentsPath, type: CT_COMMENTS });
    if (!ctDefaults.some((d) => d.ext === 'vml')) ctDefaults.push({ ext: 'vml', type: CT_VML });
  } else {
    if (cleaned && existingComments?.path) {
      await zip.add(existingComments.path, cleaned.commentsXml);
      written.add(existingComments.path.toLowerCase());
      if (plan.vmlRel?.path && cleaned.vmlXml !== undefined) {
        await zip.add(plan.vmlRel.path, cleaned.vmlXml);
        written.add(plan.vmlRel.path.toLowerCase());
      }
    }
    if (sheetRelsXml !== undefined) await zip.add(sheetRelsPath, sheetRelsXml);
  }
  for (const e of wb.zip.entries) if (held.has(e.name.toLowerCase()) && !written.has(e.name.toLowerCase())) await zip.copy(wb.zip, e);
}

/** workbook.xml asking Excel to compute every formula when it opens (the totals-row formulas have no cached value). */
export function recalcOnLoad(xml: string): string {
  const p = prefixOf(xml, 'workbook');
  const at = findTag(xml, `${p}calcPr`);
  if (at >= 0) {
    const end = tagEnd(xml, at);
    const tag = xml.slice(at, end);
    if (/\sfullCalcOnLoad="/.test(tag)) return xml.slice(0, at) + tag.replace(/(\sfullCalcOnLoad=")[^"]*"/, '$11"') + xml.slice(end);
    return `${xml.slice(0, at)}<${p}calcPr fullCalcOnLoad="1"${tag.slice(p.length + 7)}${xml.slice(end)}`;
  }
  // Its place in CT_Workbook: after definedNames, before oleSize and what follows.
  let before = -1;
  for (const name of ['oleSize', 'customWorkbookViews', 'pivotCaches', 'smartTagPr', 'smartTagTypes', 'webPublishing', 'fileRecoveryPr', 'webPublishObjects', 'extLst']) {
    const i = findTag(xml, `${p}${name}`);
    if (i >= 0 && (before < 0 || i < before)) before = i;
  }
  if (before < 0) before = xml.lastIndexOf(`</${p}workbook>`);
  return `${xml.slice(0, before)}<${p}calcPr fullCalcOnLoad="1"/>${xml.slice(before)}`;
}
