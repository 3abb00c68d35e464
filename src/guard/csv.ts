/**
 * CSV input (a welcome extra beside .xlsx): bytes → text → grid of strings, which the workbook reader then
 * treats like a sheet (same header matching, same validation). Text is UTF-8 with or without BOM, UTF-16
 * with BOM (Excel's "Unicode text"), or GB18030 (what Excel on a Chinese Windows saves as "CSV"). Fields
 * follow RFC 4180 (quotes, doubled quotes, line breaks inside quotes, CRLF/LF/CR); the delimiter is the
 * first of comma, tab, semicolon found on the header line. Limits (rows, columns, cell length) are enforced
 * while parsing, before any grid grows large.
 */
import { guardErrors } from './errors.js';
import type { Limits } from './limits.js';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export function decodeText(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(b.subarray(3)), encoding: 'utf-8' };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(b.subarray(2)), encoding: 'utf-16le' };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(b.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(b), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(b), encoding: 'gb18030' };
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

function detectDelimiter(text: string): string {
  const end = text.search(/[\r\n]/);
  const first = end < 0 ? text : text.slice(0, end);
  for (const d of [',', '\t', ';']) if (first.includes(d)) return d;
  return ',';
}

/** RFC 4180 parse with limits. `maxRows` counts data rows (the header row is one more). */
export function parseCsv(text: string, limits: Pick<Limits, 'maxRows' | 'maxColumns' | 'maxCellChars'>, delimiter = detectDelimiter(text)): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let line = 1;
  const n = text.length;
  const cellName = () => `R${rows.length + 1}C${row.length + 1}`;
  const pushField = () => {
    if (field.length > limits.maxCellChars) throw guardErrors.cellTooLong(cellName(), limits);
    row.push(field);
    field = '';
    if (row.length > limits.maxColumns) throw guardErrors.tooManyColumns(limits);
  };
  const pushRow = () => {
    pushField();
    // A line holding nothing at all is skipped (trailing newline, blank separator lines).
    if (!(row.length === 1 && row[0] === '')) {
      rows.push(row);
      if (rows.length > limits.maxRows + 1) throw guardErrors.tooManyRows(limits);
    }
    row = [];
  };
  while (i < n) {
    const c = text[i]!;
    if (c === '"' && field === '') {
      // Quoted field: runs to the closing quote; "" is a literal quote.
      const startLine = line;
      i++;
      let closed = false;
      let chunkStart = i;
      while (i < n) {
        const q = text.indexOf('"', i);
        if (q < 0) break;
        const piece = text.slice(chunkStart, q);
        for (let k = 0; k < piece.length; k++) if (piece[k] === '\n') line++; // int
        field += piece;
        if (field.length > limits.maxCellChars) throw guardErrors.cellTooLong(cellName(), limits);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
          chunkStart = i;
          continue;
        }
        i = q + 1;
        closed = true;
        break;
      }
      if (!closed) throw guardErrors.csvUnterminatedQuote(startLine);
      // Characters between the closing quote and the delimiter are kept (lenient, as Excel does).
      continue;
    }
    if (c === delimiter) {
      pushField();
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      pushRow();
      line++;
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
    field += text.slice(i, j);
    if (field.length > limits.maxCellChars) throw guardErrors.cellTooLong(cellName(), limits);
    i = j;
  }
  if (field !== '' || row.length > 0) pushRow();
  return rows;
}

/** Bytes of a CSV file → grid (header row first). */
export function readCsv(bytes: Uint8Array, limits: Pick<Limits, 'maxRows' | 'maxColumns' | 'maxCellChars'>): { rows: string[][]; encoding: CsvEncoding } {
  const { text, encoding } = decodeText(bytes);
  return { rows: parseCsv(text, limits), encoding };
}
