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
import type { Summary } from '../engine/summary.js';
import type { RowOutcome } from '../engine/run.js';
import { KINDS, resultColumns } from '../kinds/index.js';
import { type ColumnDef, type KindDef, type KindId, STATUS_ZH } from '../kinds/types.js';
import { type Decimal, isDecimal } from '../money.js';
import { formatParamValue, type UsedParam } from '../rules/params.js';
import type { RuleSet } from '../rules/types.js';
import { InputError } from '../pipeline/types.js';
import { addContentTypes, addRelationships, nextRelId, parseRels, partDir, relativeTarget, relsPathOf, REL } from '../xlsx/package.js';
import { cellExtents, type ScannedRow, scanSheet } from '../xlsx/sheet-scanner.js';
import { colLetters, findTag, parseAttrs, prefixOf, splitRef, tagEnd } from '../xlsx/xml.js';
import { type ByteSink, ZipWriter } from '../xlsx/zip.js';
import { buildSheetXml, type BuiltCell, dateCell, inlineStringCell, isFormulaLike, numberCell, ref } from './cell-xml.js';
import { type CellComment, commentTargets, dropOwnComments, hasOwnComments, idmapBlocks, mergeComments } from './comments.js';
import { asInputError, cellValue, DATE1904_OFFSET, type DataSheet, type WorkbookFile } from './reader.js';
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
}

export interface WorkbookTotals {
  summary: Summary;
  params: ReadonlyMap<string, UsedParam>;
}

export interface WriteWorkbookOptions {
  wb: WorkbookFile;
  ds: DataSheet;
  /** First column of the result block (right of every column any row of the sheet uses). */
  firstResultCol: number;
  ruleSet: RuleSet;
  /** Results in sheet order, one per data row. */
  rows: AsyncIterable<ResultRow> | Iterable<ResultRow>;
  /** Called once the data rows are written: summary and parameters are complete by then. */
  totals: () => WorkbookTotals | Promise<WorkbookTotals>;
  sink: ByteSink;
  /** Most cell comments to add (beyond this, 提示 alone names the problem). */
  maxComments?: number;
}

const CT_WORKSHEET = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
const CT_STYLES = 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml';
const CT_COMMENTS = 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml';
const CT_VML = 'application/vnd.openxmlformats-officedocument.vmlDrawing';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Excel's last column (XFD). */
export const MAX_COLUMNS = 16_384;

export const SUMMARY_SHEET = '汇总';
export const BASIS_SHEET = '计算依据';

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

/** Which result column gets which style and how a value becomes a cell. */
class ResultCells {
  readonly columns: ColumnDef[];

  constructor(
    kind: KindDef,
    private readonly styles: ResultStyles,
    private readonly firstCol: number,
    private readonly p: string,
    /** Subtracted from 1900-system serials in a 1904-dated workbook. */
    private readonly dateShift = 0,
  ) {
    this.columns = resultColumns(kind);
  }

  get lastCol(): number {
    return this.firstCol + this.columns.length - 1; // int
  }

  private text(at: string, text: string, style: number): string {
    if (isFormulaLike(text)) style = style === this.styles.wrap ? this.styles.quotedWrap : this.styles.quoted;
    return inlineStringCell(at, text, style, this.p);
  }

  header(row: number): string {
    return this.columns.map((c, i) => inlineStringCell(ref(this.firstCol + i, row), c.zh, this.styles.header, this.p)).join(''); // int
  }

  /** Per result column, what every row needs of it (computed once, on the first row). */
  private plan: { c: ColumnDef; letters: string; numStyle: number | undefined }[] | undefined;

  row(row: number, o: RowOutcome): string {
    let out = '';
    this.plan ??= this.columns.map((c, i) => {
      const fmt = defaultFormat(c);
      return { c, letters: colLetters(this.firstCol + i), numStyle: fmt ? this.styles.numFmt.get(fmt) : undefined }; // int
    });
    for (const { c, letters, numStyle } of this.plan) {
      const at = `${letters}${row}`;
      let v: Decimal | number | string | null | undefined;
      if (c.key === 'status') v = STATUS_ZH[o.status];
      else if (c.key === 'messages') v = o.messages.join('；');
      else if (c.key === 'basis') v = o.basis;
      else v = o.results[c.key];
      if (v === undefined || v === null || v === '') continue;
      if (c.key === 'status') {
        out += inlineStringCell(at, String(v), this.styles.status[o.status], this.p);
        continue;
      }
      if (isDecimal(v) || typeof v === 'number') {
        out += numberCell(at, v, numStyle, this.p);
        continue;
      }
      if (c.type === 'date') {
        const d = dateCell(at, v, this.styles.date, this.p, this.dateShift);
        if (d) {
          out += d;
          continue;
        }
      }
      out += this.text(at, v, this.styles.text);
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
  if (row.selfClosing) return `${open.replace(/\s*\/>$/, '>')}${cellsXml}</${p}row>`;
  const close = row.xml.lastIndexOf(`</${p}row>`);
  return `${open}${row.xml.slice(row.openEnd, close)}${cellsXml}${row.xml.slice(close)}`;
}

/** Widen `<dimension>` to the result block. */
export function updateDimension(head: string, p: string, lastCol: number, minRow: number): string {
  return head.replace(new RegExp(`(<${p}dimension\\s[^>]*ref=")([^"]*)(")`), (_m, a: string, r: string, z: string) => {
    const [from, to] = r.split(':');
    const f = splitRef(from ?? '') ?? { col: 1, row: 1 };
    const t = splitRef(to ?? from ?? '') ?? f;
    return `${a}${colLetters(f.col)}${Math.min(f.row, minRow)}:${colLetters(Math.max(t.col, lastCol))}${Math.max(t.row, minRow)}${z}`;
  });
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
  const body = head.slice(openEnd, close).replace(new RegExp(`<${p}col\\s[^>]*?/>`, 'g'), (tag) => {
    const a = parseAttrs(tag);
    const min = Number(a.get('min'));
    const max = Number(a.get('max'));
    if (!(max >= firstCol)) return tag;
    if (min >= firstCol) return '';
    return tag.replace(/(\smax=")\d+(")/, `$1${firstCol - 1}$2`);
  });
  return `${head.slice(0, openEnd)}${body}${ours}${head.slice(close)}`;
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
  /** Prefix bound to the relationships namespace on the worksheet root. */
  rPrefix?: string;
  /** The part after sheetData, held back until every comment is known. */
  tail: string;
}

/** The data sheet, transformed as it streams. */
async function* transformDataSheet(o: WriteWorkbookOptions, styles: ResultStyles, pending: Pending): AsyncGenerator<string> {
  const entry = o.wb.zip.find(o.ds.sheet.path)!;
  const iter = (Symbol.asyncIterator in o.rows ? (o.rows as AsyncIterable<ResultRow>)[Symbol.asyncIterator]() : (o.rows as Iterable<ResultRow>)[Symbol.iterator]()) as AsyncIterator<ResultRow> | Iterator<ResultRow>;
  let next = await iter.next();
  let cells: ResultCells | undefined;
  let p = '';
  const targets = commentTargets(o.ds);
  const maxComments = o.maxComments ?? 5000;
  for await (const tok of scanSheet(o.wb.zip.chunks(entry, { maxBytes: o.wb.maxPartBytes }))) {
    switch (tok.type) {
      case 'head': {
        p = tok.prefix;
        cells = new ResultCells(o.ds.kind, styles, o.firstResultCol, p, o.wb.date1904 ? DATE1904_OFFSET : 0);
        let head = updateDimension(tok.xml, p, cells.lastCol, o.ds.headerRow);
        head = updateCols(head, p, o.firstResultCol, cells.columns.map(columnWidth));
        pending.rPrefix = relPrefix(head);
        yield head;
        break;
      }
      case 'row': {
        let row = tok.row;
        // Cells already in the result block (a result workbook processed again) give way to the new results.
        if (row.r >= o.ds.headerRow && o.ds.previousResultCol === o.firstResultCol) row = withoutCells(row, p, o.firstResultCol, cells!.lastCol);
        if (row.r === o.ds.headerRow) {
          yield appendToRow(row, p, cells!.header(row.r), cells!.lastCol);
        } else if (!next.done && next.value.rowNumber === row.r) {
          const out = next.value.outcome;
          yield appendToRow(row, p, next.value.cellsXml ?? cells!.row(row.r, out), cells!.lastCol);
          if (out.status !== 'ok' && pending.comments.length < maxComments) pending.comments.push(...targets(row.r, out));
          next = await iter.next();
        } else yield row.xml;
        break;
      }
      case 'text':
        yield tok.xml;
        break;
      case 'tail':
        pending.tail = tok.xml;
        break;
    }
  }
  if (!next.done) throw new Error(`result row ${next.value.rowNumber} has no matching sheet row`);
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

function summaryRows(kind: KindDef, ruleSet: RuleSet, s: Summary, st: ResultStyles): BuiltCell[][] {
  const money = st.numFmt.get('#,##0.00');
  const moneyCols = kind.results.filter((c) => c.type === 'money');
  const rows: BuiltCell[][] = [];
  rows.push([{ text: `汇总 · ${kind.zh} · ${ruleSet.name}（${ruleSet.id}）`, style: st.bold }]);
  rows.push([{ text: '行数', style: st.bold }, { number: s.rows }]);
  rows.push([{ text: STATUS_ZH.ok, style: st.status.ok }, { number: s.byStatus.ok }]);
  rows.push([{ text: STATUS_ZH.warning, style: st.status.warning }, { number: s.byStatus.warning }]);
  rows.push([{ text: STATUS_ZH.error, style: st.status.error }, { number: s.byStatus.error }]);
  rows.push([]);
  rows.push([{ text: '结果列', style: st.header }, { text: '合计（成功与警告行）', style: st.header }]);
  for (const c of moneyCols) rows.push([{ text: c.zh }, { number: s.totals[c.key]!, style: money }]);
  if (s.byCategory.length > 0 && s.categoryColumn) {
    rows.push([]);
    rows.push([{ text: s.categoryColumn.zh, style: st.header }, { text: '行数', style: st.header }, ...moneyCols.map((c) => ({ text: c.zh, style: st.header }))]);
    for (const cat of s.byCategory) rows.push([{ text: cat.category }, { number: cat.rows }, ...moneyCols.map((c) => ({ number: cat.totals[c.key]!, style: money }))]);
  }
  return rows;
}

function basisRows(kind: KindDef, ruleSet: RuleSet, params: ReadonlyMap<string, UsedParam>, st: ResultStyles): BuiltCell[][] {
  const rows: BuiltCell[][] = [];
  rows.push([{ text: `计算依据 · ${ruleSet.name}（${ruleSet.id}）· 依据文件：${ruleSet.document}`, style: st.bold }]);
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
      { text: [u.def.convention ? '按本系统约定' : '', u.def.note ?? ''].filter(Boolean).join('；') },
    ]);
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
async function earlierOwnSheets(o: WriteWorkbookOptions): Promise<Map<string, SheetRef>> {
  const out = new Map<string, SheetRef>();
  if (o.ds.previousResultCol === undefined || o.ds.previousResultCol !== o.firstResultCol) return out;
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
  const stylesXml = pkg.stylesPath ? ((await wb.zip.readText(pkg.stylesPath, { maxBytes: wb.maxPartBytes })) ?? MINIMAL_STYLES) : MINIMAL_STYLES;
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
  let p = '';
  const entry = wb.zip.find(ds.sheet.path)!;
  for await (const tok of scanSheet(wb.zip.chunks(entry, { maxBytes: wb.maxPartBytes }))) {
    if (tok.type === 'head') p = tok.prefix;
    break;
  }
  return { kind: ds.kind.id, styles, firstCol: firstResultCol, prefix: p, dateShift: wb.date1904 ? DATE1904_OFFSET : 0 };
}

/** A data row's result cells exactly as writeResultWorkbook writes them (the streaming path renders while it computes). */
export function resultCellRendererFrom(setup: ResultCellSetup): (rowNumber: number, o: RowOutcome) => string {
  const cells = new ResultCells(KINDS[setup.kind], setup.styles, setup.firstCol, setup.prefix, setup.dateShift);
  return (rowNumber, o) => cells.row(rowNumber, o);
}

export async function resultCellRenderer(wb: WorkbookFile, ds: DataSheet, firstResultCol: number): Promise<(rowNumber: number, o: RowOutcome) => string> {
  return resultCellRendererFrom(await resultCellSetup(wb, ds, firstResultCol));
}

/** Write the result workbook to the sink. */
export async function writeResultWorkbook(o: WriteWorkbookOptions): Promise<void> {
  try {
    await write(o);
  } catch (e) {
    throw asInputError(e);
  }
}

async function write(o: WriteWorkbookOptions): Promise<void> {
  const { wb, ds } = o;
  const pkg = wb.pkg;
  const kind = ds.kind;
  const lastCol = o.firstResultCol + resultColumns(kind).length - 1; // int
  if (lastCol > MAX_COLUMNS) {
    throw new InputError(400, 'too-many-columns', `工作表「${ds.sheet.name}」右侧已没有足够的列放置结果（Excel 最多 ${MAX_COLUMNS} 列） / sheet ${ds.sheet.name} has no room for the result columns (Excel allows ${MAX_COLUMNS})`);
  }
  const zip = new ZipWriter(o.sink);

  // Styles first: the data sheet's cells refer to them.
  const { stylesPath, xml: newStyles, styles } = await resultStyles(wb, kind);

  const sheetRelsPath = relsPathOf(ds.sheet.path);
  const sheetRelsXml = await wb.zip.readText(sheetRelsPath, { maxBytes: wb.maxPartBytes });
  const sheetRels = sheetRelsXml ? parseRels(sheetRelsXml, ds.sheet.path) : [];
  const existingComments = sheetRels.find((r) => r.type.endsWith('/comments') && r.path);
  // Held back until the sheet's tail shows which VML drawing (if any) is the comments' one.
  const held = new Set([existingComments, ...sheetRels.filter((r) => r.type.endsWith('/vmlDrawing'))].flatMap((r) => (r?.path ? [r.path.toLowerCase()] : [])));

  const changed = new Set([ds.sheet.path, stylesPath, pkg.workbookPath, pkg.workbookRelsPath, '[Content_Types].xml', sheetRelsPath].map((s) => s.toLowerCase()));
  for (const h of held) changed.add(h);
  const earlier = await earlierOwnSheets(o);
  for (const e of earlier.values()) changed.add(e.path.toLowerCase());

  // 1. Every untouched entry, as stored.
  for (const e of wb.zip.entries) {
    if (changed.has(e.name.toLowerCase()) || e.name.endsWith('/')) continue;
    await zip.copy(wb.zip, e);
  }

  // 2. The data sheet, streamed; its tail (after sheetData) waits for the comments.
  const pending: Pending = { comments: [], tail: '' };
  const plan: { vmlRel?: (typeof sheetRels)[number]; newVmlRelId?: string } = {};
  await zip.addStream(
    ds.sheet.path,
    (async function* () {
      // Rows are gathered into blocks of ~256 KB of UTF-8: fewer hops through the async generators. They
      // are encoded straight into a Buffer: joining them into one large string first would leave a large
      // object on the JS heap per block, which only a full GC frees (peak memory of a million rows).
      const BLOCK = 256 * 1024;
      let block = Buffer.allocUnsafe(BLOCK);
      let used = 0;
      for await (const piece of transformDataSheet(o, styles, pending)) {
        if (used + piece.length * 3 > BLOCK) {
          if (used > 0) yield block.subarray(0, used);
          block = Buffer.allocUnsafe(BLOCK);
          used = 0;
          if (piece.length * 3 > BLOCK) {
            yield Buffer.from(piece, 'utf8');
            continue;
          }
        }
        used += block.write(piece, used, 'utf8'); // int
      }
      if (used > 0) yield block.subarray(0, used);
      let tail = pending.tail;
      const legacyId = /<(?:[\w.-]+:)?legacyDrawing\s[^>]*?[\w.-]+:id="([^"]+)"/.exec(tail)?.[1];
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

  const totals = await o.totals();

  // 3. Comments (merged with the sheet's own) and the sheet's rels.
  const claimed = new Set<string>();
  const ctOverrides: { part: string; type: string }[] = [];
  const ctDefaults: { ext: string; type: string }[] = [];
  const written = new Set<string>();
  const oldComments = existingComments?.path ? await wb.zip.readText(existingComments.path, { maxBytes: wb.maxPartBytes }) : undefined;
  const oldVml = plan.vmlRel?.path ? await wb.zip.readText(plan.vmlRel.path, { maxBytes: wb.maxPartBytes }) : undefined;
  // Notes an earlier run left (a result workbook processed again) are dropped: they may be stale.
  const cleaned = oldComments !== undefined && hasOwnComments(oldComments) ? dropOwnComments(oldComments, oldVml) : undefined;
  if (pending.comments.length > 0) {
    const xlDir = partDir(pkg.workbookPath);
    const commentsPath = existingComments?.path ?? unusedPart(wb, xlDir, 'comments', 'xml', claimed);
    const vmlPath = plan.vmlRel?.path ?? unusedPart(wb, `${xlDir}drawings/`, 'vmlDrawing', 'vml', claimed);
    let firstBlock = 1;
    for (const e of wb.zip.entries) {
      if (!e.name.toLowerCase().endsWith('.vml')) continue;
      const blocks = idmapBlocks((await wb.zip.read(e, { maxBytes: wb.maxPartBytes })).toString('utf8'));
      firstBlock = Math.max(firstBlock, ...blocks.map((b) => b + 1));
    }
    const parts = mergeComments(cleaned?.commentsXml ?? oldComments, cleaned?.vmlXml ?? oldVml, pending.comments, firstBlock);
    await zip.add(commentsPath, parts.commentsXml);
    await zip.add(vmlPath, parts.vmlXml);
    written.add(commentsPath.toLowerCase()).add(vmlPath.toLowerCase());
    const add: { id: string; type: string; target: string }[] = [];
    const ids = nextRelId(sheetRels, plan.newVmlRelId ? [plan.newVmlRelId] : []);
    const sheetDir = partDir(ds.sheet.path);
    if (plan.newVmlRelId) add.push({ id: plan.newVmlRelId, type: REL.vmlDrawing, target: relativeTarget(sheetDir, vmlPath) });
    if (!existingComments) add.push({ id: ids(), type: REL.comments, target: relativeTarget(sheetDir, commentsPath) });
    await zip.add(sheetRelsPath, add.length > 0 ? addRelationships(sheetRelsXml, add) : sheetRelsXml!);
    if (!existingComments) ctOverrides.push({ part: commentsPath, type: CT_COMMENTS });
    ctDefaults.push({ ext: 'vml', type: CT_VML });
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

  // 4. Styles and the new sheets.
  await zip.add(stylesPath, newStyles);
  if (!pkg.stylesPath) ctOverrides.push({ part: stylesPath, type: CT_STYLES });
  const taken = new Set(pkg.sheets.map((s) => s.name.toLowerCase()));
  const xlDir = partDir(pkg.workbookPath);
  const built = [
    { wanted: SUMMARY_SHEET, xml: buildSheetXml(summaryRows(kind, o.ruleSet, totals.summary, styles), [28, 22, ...kind.results.filter((c) => c.type === 'money').map(() => 16)], { quoted: styles.quoted }) },
    { wanted: BASIS_SHEET, xml: buildSheetXml(basisRows(kind, o.ruleSet, totals.params, styles), [34, 30, 14, 8, 14, 48, 24, 14, 20], { quoted: styles.quoted }) },
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

  // 5. workbook.xml, its rels, content types.
  const relIds = nextRelId(pkg.workbookRels);
  const withIds = newSheets.map((s) => ({ ...s, rid: relIds() }));
  let maxSheetId = Math.max(0, ...pkg.sheets.map((s) => s.sheetId));
  const wp = prefixOf(pkg.workbookXml, 'sheets');
  const rAttr = /<(?:[\w.-]+:)?sheet\s[^>]*?\s([\w.-]+):id="/.exec(pkg.workbookXml)?.[1];
  const sheetEls = withIds.map((s) => {
    maxSheetId += 1;
    const idAttr = rAttr ? `${rAttr}:id="${s.rid}"` : `xmlns:r="${NS_R}" r:id="${s.rid}"`;
    return `<${wp}sheet name="${s.name}" sheetId="${maxSheetId}" ${idAttr}/>`;
  });
  const closeSheets = pkg.workbookXml.indexOf(`</${wp}sheets>`);
  const workbookXml = closeSheets >= 0 ? pkg.workbookXml.slice(0, closeSheets) + sheetEls.join('') + pkg.workbookXml.slice(closeSheets) : pkg.workbookXml;
  await zip.add(pkg.workbookPath, workbookXml);
  const wbRelAdds: { id: string; type: string; target: string }[] = withIds.map((s) => ({ id: s.rid, type: REL.worksheet, target: relativeTarget(xlDir, s.path) }));
  if (!pkg.stylesPath) wbRelAdds.push({ id: relIds(), type: REL.styles, target: relativeTarget(xlDir, stylesPath) });
  await zip.add(pkg.workbookRelsPath, addRelationships(pkg.workbookRelsXml, wbRelAdds));
  for (const s of newSheets) ctOverrides.push({ part: s.path, type: CT_WORKSHEET });
  await zip.add('[Content_Types].xml', addContentTypes(pkg.contentTypesXml, ctDefaults, ctOverrides));
  await zip.finish();
}

