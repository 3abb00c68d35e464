/** JSON output: an array of flat records. Decimal values are written as number tokens from their text. */
import type { RowOutcome } from '../engine/run.js';
import type { KindDef } from '../kinds/types.js';
import type { HeaderLanguage } from '../pipeline/types.js';
import { type FieldValue, fieldName, recordFields, recordValues, SHEET_FIELD } from './records.js';

/** Fields after the fixed ones, for records from a workbook: `sheet`, then the sheet's other columns. */
export interface SheetFields {
  /** Names of the other columns (extraFieldNames). */
  extras: readonly string[];
}

function token(v: FieldValue): string {
  if (v === null) return 'null';
  if ('number' in v) return v.number;
  if ('bool' in v) return v.bool ? 'true' : 'false';
  return JSON.stringify(v.string);
}

/** Streams records: begin → record… → end, each call returning the text to write. */
export class JsonRecordWriter {
  private count = 0;
  private readonly names: string[];

  constructor(
    private readonly kind: KindDef,
    private readonly headers: HeaderLanguage = 'en',
    sheetFields?: SheetFields,
  ) {
    const names = recordFields(kind).map((f) => fieldName(f, headers));
    if (sheetFields) names.push(fieldName(SHEET_FIELD, headers), ...sheetFields.extras);
    this.names = names.map((n) => JSON.stringify(n));
  }

  begin(): string {
    return '[';
  }

  record(rowNumber: number, o: RowOutcome): string {
    return this.fromValues(recordValues(this.kind, rowNumber, o, this.headers));
  }

  /** A record from values already taken out of an outcome (the streaming path spools them), then `sheetValues` (sheet, other columns). */
  fromValues(vals: readonly FieldValue[], sheetValues: readonly FieldValue[] = []): string {
    const body = [...vals, ...sheetValues].map((v, i) => `${this.names[i]}:${token(v)}`).join(',');
    return `${this.count++ === 0 ? '\n' : ',\n'}{${body}}`;
  }

  end(): string {
    return this.count === 0 ? ']\n' : '\n]\n';
  }
}
