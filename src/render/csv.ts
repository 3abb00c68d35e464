/**
 * CSV output: UTF-8 with BOM (Excel opens it as UTF-8), RFC 4180 quoting and CRLF line ends. Text that a
 * spreadsheet could take for a formula (leading = + - @ tab CR LF) gets a leading apostrophe.
 */
import type { RowOutcome } from '../engine/run.js';
import type { KindDef } from '../kinds/types.js';
import type { HeaderLanguage } from '../pipeline/types.js';
import { type FieldValue, fieldName, recordFields, recordValues } from './records.js';

export const CSV_BOM = '\uFEFF';

export function neutralise(s: string): string {
  return /^[=+\-@\t\r\n]/.test(s) ? `'${s}` : s;
}

export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function text(v: FieldValue): string {
  if (v === null) return '';
  if ('number' in v) return v.number;
  if ('bool' in v) return v.bool ? 'TRUE' : 'FALSE';
  return neutralise(v.string);
}

export class CsvRecordWriter {
  constructor(
    private readonly kind: KindDef,
    private readonly headers: HeaderLanguage = 'en',
  ) {}

  begin(): string {
    return `${CSV_BOM}${recordFields(this.kind).map((f) => csvField(neutralise(fieldName(f, this.headers)))).join(',')}\r\n`;
  }

  record(rowNumber: number, o: RowOutcome): string {
    return `${recordValues(this.kind, rowNumber, o, this.headers).map((v) => csvField(text(v))).join(',')}\r\n`;
  }

  end(): string {
    return '';
  }
}

export function renderCsv(kind: KindDef, rows: readonly { rowNumber: number; outcome: RowOutcome }[], headers: HeaderLanguage = 'en'): string {
  const w = new CsvRecordWriter(kind, headers);
  return w.begin() + rows.map((r) => w.record(r.rowNumber, r.outcome)).join('') + w.end();
}
