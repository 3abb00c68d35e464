/**
 * CSV input (a welcome extra beside .xlsx): bytes → text → records, which become a one-sheet workbook the
 * reader then treats like any other (same header matching, same validation). Text is UTF-8 with or without BOM, UTF-16
 * with BOM (Excel's "Unicode text"), or GB18030 (what Excel on a Chinese Windows saves as "CSV"). Fields
 * follow RFC 4180 (quotes, doubled quotes, line breaks inside quotes, CRLF/LF/CR); the delimiter is the
 * first of comma, tab, semicolon found on the header line. Text is parsed as it is read, a record at a
 * time, with the limits (rows, columns, cell length) enforced as it goes.
 */
import { guardErrors } from './errors.js';
import type { Limits } from './limits.js';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** The encoding a byte-order mark announces, if the bytes start with one. */
export function bomEncoding(b: Uint8Array): CsvEncoding | undefined {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** Bytes → text (the guard's sniff of the first 64 KB); the whole input is decoded as it streams (csv-input.ts). */
export function decodeText(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const bom = bomEncoding(bytes);
  // The decoder drops the byte-order mark itself.
  if (bom) return { text: new TextDecoder(bom).decode(bytes), encoding: bom };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/**
 * Does this look like delimited text rather than a binary format? No NUL bytes, and the first line decodes
 * to printable text (control characters other than tab/CR/LF are rare in CSV and common in binaries).
 */
export function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  const utf16 = head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff));
  if (!utf16 && head.includes(0)) return false;
  const { text } = decodeText(head);
  let control = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++; // int
  }
  return control <= text.length / 100; // int: a stray byte is tolerated, a binary is not
}

/** The first of comma, tab and semicolon on the header line; a comma when there is none. */
function detectDelimiter(firstLine: string): string {
  for (const d of [',', '\t', ';']) if (firstLine.includes(d)) return d;
  return ',';
}

/** How much text waits for the end of the header line before the delimiter is chosen anyway. */
const HEADER_LINE_CHARS = 64 * 1024;

type CsvLimits = Pick<Limits, 'maxRows' | 'maxColumns' | 'maxCellChars'>;

/**
 * RFC 4180 parsing of text given in pieces (any split, even inside a quoted field or a CRLF), with limits:
 * each record goes to `onRow` as soon as it ends, so memory holds one record, not the file (a 50 MB CSV read
 * into a grid once took 870 MB). `maxRows` counts data rows (the header row is one more).
 */
export class CsvParser {
  private row: string[] = [];
  private field = '';
  /** Inside a quoted field. */
  private quoted = false;
  /** The last piece ended on a quote inside a quoted field: a doubled quote or the field's end. */
  private quoteAtEnd = false;
  /** The last piece ended on CR: an LF right after belongs to it. */
  private crAtEnd = false;
  private line = 1;
  private quoteLine = 0;
  private rows = 0;
  private head = '';

  constructor(
    private readonly limits: CsvLimits,
    private readonly onRow: (cells: string[]) => void,
    private delimiter?: string,
  ) {}

  push(text: string): void {
    if (this.delimiter === undefined) {
      // The delimiter comes from the header line: wait for its end.
      this.head += text;
      const end = this.head.search(/[\r\n]/);
      if (end < 0 && this.head.length < HEADER_LINE_CHARS) return;
      this.delimiter = detectDelimiter(end < 0 ? this.head : this.head.slice(0, end));
      text = this.head;
      this.head = '';
    }
    this.run(text);
  }

  end(): void {
    if (this.delimiter === undefined) {
      this.delimiter = detectDelimiter(this.head);
      this.run(this.head);
      this.head = '';
    }
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      this.quoted = false;
    }
    if (this.quoted) throw guardErrors.csvUnterminatedQuote(this.quoteLine);
    if (this.field !== '' || this.row.length > 0) this.pushRow();
  }

  private cellName(): string {
    return `R${this.rows + 1}C${this.row.length + 1}`;
  }

  private grow(piece: string): void {
    this.field += piece;
    if (this.field.length > this.limits.maxCellChars) throw guardErrors.cellTooLong(this.cellName(), this.limits);
  }

  private pushField(): void {
    if (this.field.length > this.limits.maxCellChars) throw guardErrors.cellTooLong(this.cellName(), this.limits);
    this.row.push(this.field);
    this.field = '';
    if (this.row.length > this.limits.maxColumns) throw guardErrors.tooManyColumns(this.limits);
  }

  private pushRow(): void {
    this.pushField();
    const row = this.row;
    this.row = [];
    // A line holding nothing at all is skipped (trailing newline, blank separator lines).
    if (row.length === 1 && row[0] === '') return;
    this.rows += 1; // int
    if (this.rows > this.limits.maxRows + 1) throw guardErrors.tooManyRows(this.limits);
    this.onRow(row);
  }

  private run(text: string): void {
    const delimiter = this.delimiter!;
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.quoted) {
        if (this.quoteAtEnd) {
          this.quoteAtEnd = false;
          if (text[i] === '"') {
            this.grow('"');
            i++;
          } else this.quoted = false;
          continue;
        }
        // Quoted field: runs to the closing quote; "" is a literal quote.
        const q = text.indexOf('"', i);
        const piece = text.slice(i, q < 0 ? n : q);
        for (let k = 0; k < piece.length; k++) if (piece.charCodeAt(k) === 10) this.line++; // int
        this.grow(piece);
        if (q < 0) return;
        if (q + 1 >= n) {
          this.quoteAtEnd = true;
          return;
        }
        if (text[q + 1] === '"') {
          this.grow('"');
          i = q + 2; // int
        } else {
          // Characters between the closing quote and the delimiter are kept (lenient, as Excel does).
          this.quoted = false;
          i = q + 1; // int
        }
        continue;
      }
      const c = text[i]!;
      if (this.crAtEnd) {
        this.crAtEnd = false;
        if (c === '\n') {
          i++;
          continue;
        }
      }
      if (c === '"' && this.field === '') {
        this.quoted = true;
        this.quoteLine = this.line;
        i++;
        continue;
      }
      if (c === delimiter) {
        this.pushField();
        i++;
        continue;
      }
      if (c === '\r' || c === '\n') {
        this.pushRow();
        this.line++;
        if (c === '\r' && i + 1 >= n) this.crAtEnd = true;
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        continue;
      }
      // Plain run up to the next special character.
      let j = i;
      while (j < n) {
        const d = text[j];
        if (d === delimiter || d === '\r' || d === '\n') break;
        j++;
      }
      this.grow(text.slice(i, j));
      i = j;
    }
  }
}

/** The whole text parsed at once (header row first). */
export function parseCsv(text: string, limits: CsvLimits, delimiter?: string): string[][] {
  const rows: string[][] = [];
  const p = new CsvParser(limits, (r) => rows.push(r), delimiter);
  p.push(text);
  p.end();
  return rows;
}
