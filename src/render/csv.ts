/**
 * CSV output: UTF-8 with BOM (Excel opens it as UTF-8), RFC 4180 quoting and CRLF line ends. Text that a
 * spreadsheet could take for a formula (leading = + - @ tab CR LF) gets a leading apostrophe.
 */
import type { RowOutcome } from '../engine/run.js';
import type { KindDef } from '../kinds/types.js';
import type { HeaderLanguage } from '../pipeline/types.js';
import type { SheetFields } from './json.js';
import { type FieldValue, fieldName, recordFields, recordValues, SHEET_FIELD } from './records.js';

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
  private readonly names: string[];

  constructor(
    private readonly kind: KindDef,
    private readonly headers: HeaderLanguage = 'en',
    sheetFields?: SheetFields,
  ) {
    this.names = recordFields(kind).map((f) => fieldName(f, headers));
    if (sheetFields) this.names.push(fieldName(SHEET_FIELD, headers), ...sheetFields.extras);
  }

  begin(): string {
    return `${CSV_BOM}${this.names.map((n) => csvField(neutralise(n))).join(',')}\r\n`;
  }

  record(rowNumber: number, o: RowOutcome): string {
    return this.fromValues(recordValues(this.kind, rowNumber, o, this.headers));
  }

  /** A record from values already taken out of an outcome (the streaming path spools them). */
  fromValues(vals: readonly FieldValue[], sheetValues: readonly FieldValue[] = []): string {
    return `${[...vals, ...sheetValues].map((v) => csvField(text(v))).join(',')}\r\n`;
  }

  end(): string {
    return '';
  }
}
