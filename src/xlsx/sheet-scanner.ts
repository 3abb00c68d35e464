/**
 * A streaming scanner for worksheet XML. It yields the part before the rows (`head`, up to and including
 * the `<sheetData>` start tag), each `<row>` as its exact source text plus the parsed cells, any text
 * between rows, and the rest (`tail`). Concatenating every token's xml gives back the input exactly, so a
 * writer can copy everything it does not change byte for byte.
 *
 * Hand-written (indexOf and character walks) rather than a DOM: memory stays flat however many rows there
 * are. Copes with namespace prefixes, rows and cells without `r`, self-closing rows and cells, entities,
 * inline rich text and formulas with cached values. Cells are read in place in the row's text, and rows come
 * out a chunk at a time (scanSheetRows, or scanSheet's tokens): test/workbook/scanner-equivalence.test.ts
 * holds this to the earlier slicing scanner, token by token and cell by cell.
 */
import { decodeEntities, eachAttr, findTag, openAt, parseAttrs, splitRef, stringItemText, tagEnd, tagEndIn } from './xml.js';

export interface ScannedCell {
  /** 1-based column index (from `r`, or the previous cell's + 1). */
  col: number;
  ref?: string;
  /** Cell type attribute: s, str, inlineStr, b, e, n, d (undefined = n). */
  t?: string;
  /** Style index attribute. */
  s?: string;
  /** Decoded `<v>` text. */
  v?: string;
  /** Decoded formula text, when the cell has one. */
  f?: string;
  /** Inline string text (t="inlineStr"). */
  is?: string;
}

export interface ScannedRow {
  /** 1-based row number (from `r`, or the previous row's + 1). */
  r: number;
  hasR: boolean;
  readonly cells: ScannedCell[];
  /** Exact source text of the row element. */
  xml: string;
  /** End (exclusive) of the start tag within xml. */
  openEnd: number;
  selfClosing: boolean;
}

export type SheetToken =
  | { type: 'head'; xml: string; prefix: string; emptySheetData: boolean }
  | { type: 'row'; row: ScannedRow; prefix: string }
  | { type: 'text'; xml: string }
  | { type: 'tail'; xml: string };

/** Element names under one namespace prefix, built once per sheet rather than per row or cell. */
interface Names {
  p: string;
  rowOpen: string;
  rowClose: string;
  dataClose: string;
  copen: string;
  cclose: string;
  vopen: string;
  vclose: string;
  fopen: string;
  fclose: string;
  isopen: string;
  isclose: string;
}

let lastNames: Names | undefined;

function namesFor(p: string): Names {
  if (lastNames?.p === p) return lastNames;
  lastNames = {
    p,
    rowOpen: `<${p}row`,
    rowClose: `</${p}row>`,
    dataClose: `</${p}sheetData>`,
    copen: `<${p}c`,
    cclose: `</${p}c>`,
    vopen: `<${p}v`,
    vclose: `</${p}v>`,
    fopen: `<${p}f`,
    fclose: `</${p}f>`,
    isopen: `<${p}is`,
    isclose: `</${p}is>`,
  };
  return lastNames;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * The cells of `xml[start, end)` (a row's content). Reads the row's text in place: no slice per cell body
 * or start tag and no callback per attribute (this runs for every cell of every row). Attributes are read
 * as eachAttr reads them, bodies as `<v>`/`<f>`/`<is>` searches within the cell's own body.
 */
function parseCells(xml: string, start: number, end: number, n: Names): ScannedCell[] {
  const cells: ScannedCell[] = [];
  const { copen, cclose, vopen, vclose, fopen, fclose, isopen } = n;
  let prevCol = 0;
  for (let i = nextOpen(xml, copen, start, end); i >= 0; ) {
    // The start tag, read once when it is plain name="value" pairs (as every producer writes it): its end
    // is then where tagEnd would find it and its attributes are what eachAttr would read.
    let refAt = -1;
    let refEnd = -1;
    let refAmp = false;
    let t: string | undefined;
    let s: string | undefined;
    let e = -1;
    let k = i + copen.length; // int
    for (;;) {
      while (k < end && isSpace(xml.charCodeAt(k))) k++; // int
      if (k >= end) break;
      const c = xml.charCodeAt(k);
      if (c === 62) {
        e = k + 1; // int
        break;
      }
      if (c === 47) {
        if (k + 1 < end && xml.charCodeAt(k + 1) === 62) e = k + 2; // int
        break;
      }
      if (!isNameStart(c)) break;
      const nameAt = k;
      for (k++; k < end && isNameChar(xml.charCodeAt(k)); k++); // int
      const nameEnd = k;
      while (k < end && isSpace(xml.charCodeAt(k))) k++; // int
      if (k >= end || xml.charCodeAt(k) !== 61) break;
      k++; // int
      while (k < end && isSpace(xml.charCodeAt(k))) k++; // int
      const q = k < end ? xml.charCodeAt(k) : 0;
      if (q !== 34 && q !== 39) break;
      let close = k + 1; // int
      let amp = false;
      for (; close < end; close++) { // int
        const c = xml.charCodeAt(close);
        if (c === q) break;
        if (c === 38) amp = true;
      }
      if (close >= end) break;
      if (nameEnd - nameAt === 1) { // int
        const a = xml.charCodeAt(nameAt);
        if (a === 114) {
          refAt = k + 1; // int
          refEnd = close;
          refAmp = amp;
        } else if (a === 116) t = amp ? decodeEntities(xml.slice(k + 1, close)) : xml.slice(k + 1, close); // int
        else if (a === 115) s = amp ? decodeEntities(xml.slice(k + 1, close)) : xml.slice(k + 1, close); // int
      }
      k = close + 1; // int
    }
    if (e < 0) {
      // Anything unusual: tagEnd's end, eachAttr's reading.
      e = tagEndIn(xml, i, end);
      if (e < 0) break;
      refAt = -1;
      t = undefined;
      s = undefined;
      k = i + 1; // int
      while (k < e && !isSpace(xml.charCodeAt(k)) && xml.charCodeAt(k) !== 62 && xml.charCodeAt(k) !== 47) k++; // int: the name
      for (;;) {
        while (k < e && isSpace(xml.charCodeAt(k))) k++; // int
        if (k >= e) break;
        const c0 = xml.charCodeAt(k);
        if (c0 === 62 || c0 === 47) break;
        const nameAt = k;
        while (k < e && xml.charCodeAt(k) !== 61 && !isSpace(xml.charCodeAt(k)) && xml.charCodeAt(k) !== 62) k++; // int
        const nameEnd = k;
        while (k < e && isSpace(xml.charCodeAt(k))) k++; // int
        if (k >= e || xml.charCodeAt(k) !== 61) continue; // attribute without value: skip
        k++; // int
        while (k < e && isSpace(xml.charCodeAt(k))) k++; // int
        const q = k < e ? xml.charCodeAt(k) : 0;
        if (q !== 34 && q !== 39) break;
        let close = k + 1; // int
        while (close < e && xml.charCodeAt(close) !== q) close++; // int
        if (close >= e) break;
        if (nameEnd - nameAt === 1) { // int
          const a = xml.charCodeAt(nameAt);
          if (a === 114) {
            refAt = k + 1; // int
            refEnd = close;
            refAmp = true; // not looked at here: textValue looks
          } else if (a === 116) t = attrValue(xml, k + 1, close); // int
          else if (a === 115) s = attrValue(xml, k + 1, close); // int
        }
        k = close + 1; // int
      }
    }
    let ref: string | undefined;
    let col = 0;
    if (refAt >= 0) {
      ref = refAmp ? attrValue(xml, refAt, refEnd) : xml.slice(refAt, refEnd);
      if (ref !== '') col = ref.length === refEnd - refAt ? refColumn(xml, refAt, refEnd) : (splitRef(ref)?.col ?? 0); // int
    }
    if (col === 0) col = prevCol + 1; // int
    prevCol = col;
    let v: string | undefined;
    let f: string | undefined;
    let is: string | undefined;
    let next = e;
    if (xml.charCodeAt(e - 2) !== 47) { // int
      // One walk over the body's '<'s finds where it ends (the first </c>) and its first <v, <f and <is.
      // No start tag can run into the </c> (or the </row>) that ends the body, so `end` bounds them as well.
      let bodyEnd = end;
      next = end;
      let vi = -1;
      let fi = -1;
      let ii = -1;
      // The usual value, <v>text</v>, is read during the walk: from, to, and whether it has entities.
      let vFrom = -1;
      let vTo = -1;
      let vAmp = false;
      for (let a = e; a < end; a++) { // int
        if (xml.charCodeAt(a) !== 60) continue;
        if (xml.charCodeAt(a + 1) === 47) { // int: an end tag; only </c> matters here
          if (a + cclose.length <= end && hasAt(xml, a, cclose, 2)) { // int: '</' known
            bodyEnd = a;
            next = a + cclose.length; // int
            break;
          }
        } else if (vi < 0 && openAt(xml, a, vopen, end)) {
          vi = a;
          if (xml.charCodeAt(a + vopen.length) === 62) { // int
            let b = a + vopen.length + 1; // int
            let amp = false;
            for (; b < end; b++) { // int
              const c = xml.charCodeAt(b);
              if (c === 60) break;
              if (c === 38) amp = true;
            }
            if (b + vclose.length <= end && hasAt(xml, b, vclose, 1)) { // int: '<' known
              vFrom = a + vopen.length + 1; // int
              vTo = b;
              vAmp = amp;
              a = b + vclose.length - 1; // int
            }
          }
        } else if (fi < 0 && openAt(xml, a, fopen, end)) fi = a;
        else if (ii < 0 && openAt(xml, a, isopen, end)) ii = a;
      }
      if (vFrom >= 0) v = vAmp ? decodeEntities(xml.slice(vFrom, vTo)) : xml.slice(vFrom, vTo);
      else if (vi >= 0) {
        const ve = tagEndIn(xml, vi, bodyEnd);
        if (ve >= 0 && xml.charCodeAt(ve - 2) !== 47) { // int
          const vc = closeAt(xml, vclose, ve, bodyEnd);
          if (vc >= 0) v = textValue(xml, ve, vc);
        } else if (ve >= 0) v = '';
      }
      if (fi >= 0) {
        const fe = tagEndIn(xml, fi, bodyEnd);
        if (fe >= 0 && xml.charCodeAt(fe - 2) !== 47) { // int
          const fc = closeAt(xml, fclose, fe, bodyEnd);
          f = fc >= 0 ? textValue(xml, fe, fc) : '';
        } else f = '';
      }
      if (ii >= 0) is = inlineText(xml.slice(e, bodyEnd), ii - e, n); // int
    }
    // Built whole, v included: a property added to a finished literal would cost an extra allocation.
    const cell: ScannedCell = v !== undefined ? { col, ref, t, s, v } : { col, ref, t, s };
    if (f !== undefined) cell.f = f;
    if (is !== undefined) cell.is = is;
    cells.push(cell);
    i = nextOpen(xml, copen, next, end);
  }
  return cells;
}

/** Whether xml holds `s` at `at` (the caller knows it fits). */
function hasAt(xml: string, at: number, s: string, known = 0): boolean {
  for (let j = known; j < s.length; j++) if (xml.charCodeAt(at + j) !== s.charCodeAt(j)) return false; // int
  return true;
}

/**
 * The first start tag `open` (followed by whitespace, '>' or '/') in xml[from, end), or -1: a character
 * walk, as between cells there is next to nothing and no indexOf call is worth it.
 */
function nextOpen(xml: string, open: string, from: number, end: number): number {
  for (let a = from; a < end; a++) if (xml.charCodeAt(a) === 60 && openAt(xml, a, open, end)) return a; // int
  return -1;
}

/** The first end tag `close` in xml[from, end), or -1 (a character walk: a value is a few characters). */
function closeAt(xml: string, close: string, from: number, end: number): number {
  for (let a = from; a + close.length <= end; a++) if (xml.charCodeAt(a) === 60 && hasAt(xml, a, close, 1)) return a; // int
  return -1;
}

/** decodeEntities(xml.slice(at, end)), looking for '&' before cutting. */
function textValue(xml: string, at: number, end: number): string {
  for (let i = at; i < end; i++) if (xml.charCodeAt(i) === 38) return decodeEntities(xml.slice(at, end)); // int
  return xml.slice(at, end);
}

/** An attribute value of xml[at, end), entities decoded only when it has any. */
function attrValue(xml: string, at: number, end: number): string {
  return textValue(xml, at, end);
}

/** splitRef(xml.slice(at, end))?.col, or 0 when that is not a cell reference; without the slice. */
function refColumn(xml: string, at: number, end: number): number {
  let i = xml.charCodeAt(at) === 36 ? at + 1 : at; // int: '$'
  const start = i;
  let col = 0;
  for (; i < end; i++) { // int
    const c = xml.charCodeAt(i) | 32; // int: ASCII lower case
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96); // int
  }
  if (i === start || i - start > 3) return 0; // int
  if (i < end && xml.charCodeAt(i) === 36) i++; // int
  const digits = i;
  for (; i < end; i++) { // int
    const c = xml.charCodeAt(i);
    if (c < 48 || c > 57) return 0;
  }
  return i === digits ? 0 : col;
}

/** Text of an inline string: `<is>` at `at` of a cell body (rare: read on the body's own text). */
function inlineText(body: string, at: number, n: Names): string {
  const ie = tagEnd(body, at);
  const ic = body.indexOf(n.isclose, ie);
  return ic >= 0 ? stringItemText(body.slice(ie, ic), n.p) : '';
}

/** Set by rowTag: the `r` attribute of the start tag it read, as a number (NaN when absent). */
let rowTagR = Number.NaN;

/**
 * End (exclusive) of the row start tag at `at` when it is plain `name="value"` pairs ending before `limit`,
 * which is every row a spreadsheet program writes; its `r` is left in rowTagR, as
 * Number(parseAttrs(startTag).get('r')) reads it. -1 for anything else (then tagEnd and parseAttrs decide):
 * the usual row is read once, without parseAttrs' regular expression and Map.
 */
function rowTag(xml: string, at: number, limit: number): number {
  if (xml.charCodeAt(at) !== 60) return -1;
  let k = at + 1; // int
  for (; k < limit; k++) { // int: the element name
    const c = xml.charCodeAt(k);
    if (isSpace(c) || c === 62 || c === 47) break;
    if (!isNameChar(c)) return -1;
  }
  let from = -1;
  let to = -1;
  let e: number;
  for (;;) {
    while (k < limit && isSpace(xml.charCodeAt(k))) k++; // int
    if (k >= limit) return -1;
    const c = xml.charCodeAt(k);
    if (c === 62) {
      e = k + 1; // int
      break;
    }
    if (c === 47) {
      if (k + 1 >= limit || xml.charCodeAt(k + 1) !== 62) return -1; // int
      e = k + 2; // int: '/>'
      break;
    }
    if (!isNameStart(c)) return -1;
    const nameAt = k;
    for (k++; k < limit && isNameChar(xml.charCodeAt(k)); k++); // int
    const nameEnd = k;
    while (k < limit && isSpace(xml.charCodeAt(k))) k++; // int
    if (k >= limit || xml.charCodeAt(k) !== 61) return -1;
    k++; // int
    while (k < limit && isSpace(xml.charCodeAt(k))) k++; // int
    const q = k < limit ? xml.charCodeAt(k) : 0;
    if (q !== 34 && q !== 39) return -1;
    let close = k + 1; // int
    while (close < limit && xml.charCodeAt(close) !== q) close++; // int
    if (close >= limit) return -1;
    if (nameEnd - nameAt === 1 && xml.charCodeAt(nameAt) === 114) { // int
      from = k + 1; // int
      to = close;
    }
    k = close + 1; // int
  }
  rowTagR = from < 0 ? Number.NaN : numberValue(xml, from, to);
  return e;
}

/** Number(decoded xml[from, to)), plain digits read without the string. */
function numberValue(xml: string, from: number, to: number): number {
  if (to - from > 0 && to - from <= 15) { // int: plain digits, the usual form
    let v = 0;
    let i = from;
    for (; i < to; i++) { // int
      const c = xml.charCodeAt(i);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48); // int
    }
    if (i === to) return v;
  }
  return Number(attrValue(xml, from, to));
}

function rowNumberSlow(xml: string, end: number): number {
  const r = parseAttrs(xml.slice(0, end)).get('r');
  return r !== undefined ? Number(r) : NaN;
}

/** [A-Za-z_] */
function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** [\w.:-] */
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 58) || c === 46 || c === 45;
}

/** A scanned row; its cells are parsed on first use (a writer copying rows through never pays for them). */
class Row implements ScannedRow {
  private parsed: ScannedCell[] | undefined = undefined;

  constructor(
    public r: number,
    public hasR: boolean,
    public xml: string,
    public openEnd: number,
    public selfClosing: boolean,
    private readonly names: Names,
    /** Where the end tag starts, when the scanner knows it (-1: look for it). */
    private readonly closeAt: number,
  ) {}

  get cells(): ScannedCell[] {
    let cells = this.parsed;
    if (!cells) {
      const { xml, openEnd } = this;
      if (this.selfClosing || openEnd < 0) cells = [];
      else {
        const closeAt = this.closeAt >= 0 ? this.closeAt : xml.lastIndexOf(this.names.rowClose);
        cells = parseCells(xml, openEnd, closeAt < 0 ? xml.length : closeAt, this.names);
      }
      this.parsed = cells;
    }
    return cells;
  }
}

function makeRow(xml: string, openEnd: number, num: number, n: Names, prevR: number, closeAt = -1): ScannedRow {
  const hasR = Number.isInteger(num) && num > 0;
  return new Row(hasR ? num : prevR + 1, hasR, xml, openEnd, xml.charCodeAt(openEnd - 2) === 47, n, closeAt); // int
}

export function parseRow(xml: string, p: string, prevR: number): ScannedRow {
  const e = rowTag(xml, 0, xml.length);
  if (e >= 0) return makeRow(xml, e, rowTagR, namesFor(p), prevR);
  const openEnd = tagEnd(xml, 0);
  return makeRow(xml, openEnd, rowNumberSlow(xml, openEnd), namesFor(p), prevR);
}

/** Where each cell element of a row lies in the row's source text (for removing cells). */
export function cellExtents(row: ScannedRow, p: string): { col: number; start: number; end: number }[] {
  if (row.selfClosing) return [];
  const xml = row.xml;
  const cq = `${p}c`;
  const cclose = `</${cq}>`;
  const out: { col: number; start: number; end: number }[] = [];
  let prevCol = 0;
  for (let i = findTag(xml, cq, row.openEnd); i >= 0; ) {
    const e = tagEnd(xml, i);
    if (e < 0) break;
    let ref: string | undefined;
    eachAttr(xml.slice(i, e), (name, value) => {
      if (name === 'r') ref = value;
    });
    const col = (ref ? splitRef(ref)?.col : undefined) ?? prevCol + 1; // int
    prevCol = col;
    let end = e;
    if (xml.charCodeAt(e - 2) !== 47) {
      const c = xml.indexOf(cclose, e);
      end = c < 0 ? xml.length : c + cclose.length;
    }
    out.push({ col, start: i, end });
    i = findTag(xml, cq, end);
  }
  return out;
}

export class SheetFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SheetFormatError';
  }
}

/**
 * The most characters the scanner holds while waiting for the end of one construct (the part before
 * sheetData, or one row). Legitimate rows are far smaller; without a bound a row that never closes would
 * make memory grow with the part and every new chunk rescan the whole buffer (quadratic time).
 */
export const MAX_PENDING_CHARS = 4 * 1024 * 1024;

/**
 * The longest start tag (of sheetData, a row, a shared-string item) waited for across chunks: a spreadsheet
 * writes a few hundred characters at most. Bounding it keeps waiting for the tag's end linear in the part.
 */
export const MAX_TAG_CHARS = 64 * 1024;

export function tagTooLong(): SheetFormatError {
  return new SheetFormatError(`a start tag is larger than ${MAX_TAG_CHARS} characters (or never ends)`);
}

/**
 * The scanner proper, synchronous: text goes in chunk by chunk, tokens come out in `tokens` (or only the
 * rows, in `rows`, for a reader that wants nothing else). The async generators below hand out a whole
 * chunk's tokens at a time, so scanning costs no promise per row. An error is kept in `error` after the
 * tokens found before it, which are still handed out first (as a generator yielding one by one would).
 */
class SheetScanner {
  private readonly dec = new TextDecoder('utf-8', { ignoreBOM: true });
  private buf = '';
  private state: 'head' | 'rows' | 'tail' = 'head';
  private n: Names = namesFor('');
  private prevR = 0;
  private headScanned = 0;
  /** Where the search for the end tag of the row waiting at the buffer's start may resume (0: from its start tag). */
  private rowSearched = 0;
  tokens: SheetToken[] = [];
  rows: ScannedRow[] = [];
  error: unknown = undefined;

  /** Characters of the part after sheetData seen so far (rowsOnly: counted, kept only when keepTail). */
  private tailChars = 0;

  constructor(
    private readonly rowsOnly: boolean,
    private readonly maxTailChars = Number.POSITIVE_INFINITY,
    /** rowsOnly: keep the XML after the rows for `tail` (merged cells), within maxTailChars. */
    private readonly keepTail = false,
  ) {}

  /** After end(): the XML after the rows (what the tail token carries). */
  get tail(): string {
    return this.state === 'tail' ? this.buf : '';
  }

  push(chunk: Buffer): void {
    const text = this.dec.decode(chunk, { stream: true });
    if (this.state === 'tail' && this.rowsOnly) {
      // Rows only: what follows them is counted against the bound, and kept only if asked for.
      this.tailChars += text.length; // int
      if (this.tailChars > this.maxTailChars && this.error === undefined) this.error = new SheetFormatError(`the part of the worksheet after its rows is larger than ${this.maxTailChars} characters`);
      if (this.keepTail && this.error === undefined) this.buf += text;
      return;
    }
    this.buf += text;
    this.run(false);
  }

  end(): void {
    const text = this.dec.decode();
    if (!(this.state === 'tail' && this.rowsOnly && !this.keepTail)) this.buf += text;
    this.run(true);
    if (this.error !== undefined) return;
    if (this.state !== 'tail') this.error = new SheetFormatError('worksheet XML is incomplete');
    else if (!this.rowsOnly) this.tokens.push({ type: 'tail', xml: this.buf });
  }

  private run(final: boolean): void {
    try {
      this.drain(final);
    } catch (e) {
      this.error = e;
    }
  }

  private text(xml: string): void {
    if (!this.rowsOnly) this.tokens.push({ type: 'text', xml });
  }

  private drain(final: boolean): void {
    if (this.state === 'head') {
      const buf = this.buf;
      // Search only the new text (plus an overlap for a tag split across chunks): linear, not quadratic.
      const re = /<([\w.-]+:)?sheetData[\s>/]/g;
      re.lastIndex = this.headScanned;
      const m = re.exec(buf);
      if (!m) {
        if (final) throw new SheetFormatError('worksheet has no sheetData');
        if (buf.length > MAX_PENDING_CHARS) throw new SheetFormatError(`worksheet part before sheetData is larger than ${MAX_PENDING_CHARS} characters`);
        this.headScanned = Math.max(0, buf.length - 64);
        return;
      }
      const e = tagEndIn(buf, m.index, Math.min(buf.length, m.index + MAX_TAG_CHARS)); // int
      if (e < 0) {
        if (buf.length - m.index >= MAX_TAG_CHARS) throw tagTooLong(); // int
        return;
      }
      const p = m[1] ?? '';
      this.n = namesFor(p);
      const empty = buf.charCodeAt(e - 2) === 47; // int
      if (!this.rowsOnly) this.tokens.push({ type: 'head', xml: buf.slice(0, e), prefix: p, emptySheetData: empty });
      this.buf = buf.slice(e);
      this.state = empty ? 'tail' : 'rows';
    }
    if (this.state === 'rows') {
      const buf = this.buf;
      const n = this.n;
      const { rowOpen, rowClose, dataClose } = n;
      let pos = 0;
      let searched = 0;
      for (;;) {
        const lt = buf.indexOf('<', pos);
        if (lt < 0) {
          if (pos < buf.length) {
            this.text(buf.slice(pos));
            pos = buf.length;
          }
          break;
        }
        if (lt > pos) {
          this.text(buf.slice(pos, lt));
          pos = lt;
        }
        if (buf.charCodeAt(lt + 1) === 47 && buf.startsWith(dataClose, lt)) { // int
          this.state = 'tail';
          break;
        }
        if (buf.length - lt < dataClose.length + 1 && !final) break; // int: need more to decide
        // A row start tag right here (with the tail of dataClose's length in hand, its delimiter is too).
        if (hasAt(buf, lt, rowOpen, 1) && isRowDelimiter(buf.charCodeAt(lt + rowOpen.length))) { // int: '<' known
          // The start tag is read no further than MAX_TAG_CHARS, so waiting for its end costs each chunk once.
          const limit = buf.length - lt > MAX_TAG_CHARS ? lt + MAX_TAG_CHARS : buf.length; // int
          let e = rowTag(buf, lt, limit);
          const plain = e >= 0;
          const num = rowTagR;
          if (!plain) {
            e = tagEndIn(buf, lt, limit);
            if (e < 0) {
              if (limit < buf.length) throw tagTooLong();
              break;
            }
          }
          let end: number;
          if (buf.charCodeAt(e - 2) === 47) end = e; // int
          else {
            // A row waiting at the start of the buffer was searched up to rowSearched already.
            const c = buf.indexOf(rowClose, lt === 0 && this.rowSearched > e ? this.rowSearched : e);
            if (c < 0) {
              searched = Math.max(e, buf.length - rowClose.length + 1) - lt; // int: the next chunk's search resumes here
              break;
            }
            end = c + rowClose.length; // int
          }
          const xml = buf.slice(lt, end);
          // A row with content ends with its end tag: the cells end where that starts.
          const closeAt = end === e ? -1 : end - lt - rowClose.length; // int
          const row = makeRow(xml, e - lt, plain ? num : rowNumberSlow(xml, e - lt), n, this.prevR, closeAt); // int
          this.prevR = row.r;
          if (this.rowsOnly) this.rows.push(row);
          else this.tokens.push({ type: 'row', row, prefix: n.p });
          pos = end;
          continue;
        }
        // Anything else between rows (comments, processing instructions): pass through to the next '<'.
        const next = buf.indexOf('<', lt + 1); // int
        if (next < 0) {
          if (!final) break;
          this.text(buf.slice(lt));
          pos = buf.length;
          break;
        }
        this.text(buf.slice(lt, next));
        pos = next;
      }
      this.rowSearched = searched;
      this.buf = buf.slice(pos);
      if (final && this.state === 'rows') throw new SheetFormatError('worksheet XML ends inside sheetData (truncated?)');
      if (this.buf.length > MAX_PENDING_CHARS) throw new SheetFormatError(`a row of the worksheet is larger than ${MAX_PENDING_CHARS} characters (or never ends)`);
    }
  }
}

function isRowDelimiter(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 62 || c === 47;
}

/** Scan worksheet XML given as byte chunks. */
export async function* scanSheet(chunks: AsyncIterable<Buffer>): AsyncGenerator<SheetToken> {
  const sc = new SheetScanner(false);
  for await (const chunk of chunks) {
    sc.push(chunk);
    yield* takeTokens(sc);
  }
  sc.end();
  yield* takeTokens(sc);
}

function* takeTokens(sc: SheetScanner): Generator<SheetToken> {
  const toks = sc.tokens;
  if (toks.length > 0) sc.tokens = [];
  yield* toks;
  if (sc.error !== undefined) throw sc.error;
}

/**
 * Only the rows of worksheet XML, a batch per chunk (never an empty batch): what a reader iterates
 * synchronously instead of awaiting each row. The rows are the ones scanSheet's row tokens carry.
 * `onTail` gets the XML after the rows (mergeCells and the like) once the part is read to its end.
 */
export async function* scanSheetRows(chunks: AsyncIterable<Buffer>, opts: { maxTailChars?: number; onTail?: (xml: string) => void } = {}): AsyncGenerator<ScannedRow[]> {
  const { onTail } = opts;
  const sc = new SheetScanner(true, opts.maxTailChars, onTail !== undefined);
  for await (const chunk of chunks) {
    sc.push(chunk);
    const batch = takeRows(sc);
    if (batch) yield batch;
    if (sc.error !== undefined) throw sc.error;
  }
  sc.end();
  const batch = takeRows(sc);
  if (batch) yield batch;
  if (sc.error !== undefined) throw sc.error;
  onTail?.(sc.tail);
}

function takeRows(sc: SheetScanner): ScannedRow[] | undefined {
  const rows = sc.rows;
  if (rows.length === 0) return undefined;
  sc.rows = [];
  return rows;
}
