/** Cell XML for values yibao writes: inline strings (sharedStrings stay untouched), numbers, dates. */
import { excelSerialFromIso } from '../kinds/dates.js';
import { type Decimal, isDecimal } from '../money.js';
import { colLetters, escapeXml } from '../xlsx/xml.js';

/** Excel's limit on the characters of one cell. */
export const MAX_CELL_CHARS = 32_767;

/** Text that a spreadsheet could take for a formula: a leading = + - @, tab or CR (and LF for CSV). */
export function isFormulaLike(s: string): boolean {
  return /^[=+\-@\t\r\n]/.test(s);
}

export function clipText(s: string): string {
  return s.length > MAX_CELL_CHARS ? `${s.slice(0, MAX_CELL_CHARS - 1)}…` : s;
}

/** `p` is the worksheet's namespace prefix for SpreadsheetML elements ('' or e.g. 'x:'). */
export function inlineStringCell(ref: string, text: string, style: number | undefined, p = ''): string {
  const s = style === undefined ? '' : ` s="${style}"`;
  return `<${p}c r="${ref}"${s} t="inlineStr"><${p}is><${p}t xml:space="preserve">${escapeXml(clipText(text))}</${p}t></${p}is></${p}c>`;
}

/** The text of a number cell's `<v>` (a non-finite number is written as 0). */
export function numberText(value: Decimal | number): string {
  return isDecimal(value) ? decimalText(value) : Number.isFinite(value) ? String(value) : '0';
}

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000'];
const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000];

/**
 * Decimal#toString, with a fast path for what result cells nearly always hold: 1 ≤ |v| < 10^7 with at
 * most 7 decimals (or 0). decimal.js keeps digits in base-10^7 words `d` with exponent `e`: then d[0] is
 * the integer part (e + 1 digits) and d[1], if any, the fraction (7 digits, trailing zeros dropped).
 * Anything else goes to decimal.js (a test compares both on many values).
 */
export function decimalText(v: Decimal): string {
  const d = v.d;
  const e = v.e;
  if (d && (d.length === 1 || d.length === 2) && e >= 0 && e < 7) {
    const w = d[0]!;
    if (w === 0 && d.length === 1) return '0';
    if (w < POW10[e]! || w >= POW10[e + 1]!) return v.toString(); // int
    let text = String(w);
    if (d.length === 2) {
      let f = d[1]!;
      if (!(f > 0 && f < 10_000_000)) return v.toString();
      let digits = 7;
      while (f % 10 === 0) {
        f /= 10; // int
        digits -= 1; // int
      }
      const ft = String(f);
      text += '.' + ZEROS[digits - ft.length]! + ft; // int
    }
    return v.s < 0 ? '-' + text : text;
  }
  return v.toString();
}

export function numberCell(ref: string, value: Decimal | number, style: number | undefined, p = ''): string {
  const s = style === undefined ? '' : ` s="${style}"`;
  return `<${p}c r="${ref}"${s}><${p}v>${numberText(value)}</${p}v></${p}c>`;
}

/** Whether a value is written as a date cell (`YYYY-MM-DD`). */
export function isIsoDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s);
}

/** `shift` days are subtracted from the 1900-system serial (1462 in a 1904-dated workbook). */
export function dateCell(ref: string, iso: string, style: number, p = '', shift = 0): string | undefined {
  if (!isIsoDate(iso)) return undefined;
  return numberCell(ref, excelSerialFromIso(iso) - shift, style, p); // int
}

export function ref(col: number, row: number): string {
  return `${colLetters(col)}${row}`;
}

/** One cell of a sheet yibao builds itself (汇总, 计算依据). */
export type BuiltCell = { text: string; style?: number } | { number: Decimal | number; style?: number } | null;

/** A complete worksheet part from rows of cells (new sheets only). */
export function buildSheetXml(rows: readonly (readonly BuiltCell[])[], widths: readonly number[], opts: { quoted: number } = { quoted: 0 }): string {
  const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  const body: string[] = [];
  rows.forEach((cells, ri) => {
    const r = ri + 1;
    const cs: string[] = [];
    cells.forEach((c, ci) => {
      if (!c) return;
      const at = ref(ci + 1, r);
      if ('text' in c) {
        const style = isFormulaLike(c.text) ? opts.quoted : c.style;
        cs.push(inlineStringCell(at, c.text, style));
      } else cs.push(numberCell(at, c.number, c.style));
    });
    body.push(cs.length > 0 ? `<row r="${r}">${cs.join('')}</row>` : `<row r="${r}"/>`);
  });
  const lastCol = Math.max(1, widths.length, ...rows.map((r) => r.length));
  const dim = `A1:${colLetters(lastCol)}${Math.max(1, rows.length)}`;
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<dimension ref="${dim}"/>` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (cols ? `<cols>${cols}</cols>` : '') +
    `<sheetData>${body.join('')}</sheetData>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    '</worksheet>'
  );
}
