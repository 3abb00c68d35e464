/** JSON output: an array of flat records. Decimal values are written as number tokens from their text. */
import type { RowOutcome } from '../engine/run.js';
import type { KindDef } from '../kinds/types.js';
import type { HeaderLanguage } from '../pipeline/types.js';
import { type FieldValue, fieldName, recordFields, recordValues } from './records.js';

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
  ) {
    this.names = recordFields(kind).map((f) => JSON.stringify(fieldName(f, headers)));
  }

  begin(): string {
    return '[';
  }

  record(rowNumber: number, o: RowOutcome): string {
    const vals = recordValues(this.kind, rowNumber, o, this.headers);
    const body = vals.map((v, i) => `${this.names[i]}:${token(v)}`).join(',');
    return `${this.count++ === 0 ? '\n' : ',\n'}{${body}}`;
  }

  end(): string {
    return this.count === 0 ? ']\n' : '\n]\n';
  }
}

export function renderJson(kind: KindDef, rows: readonly { rowNumber: number; outcome: RowOutcome }[], headers: HeaderLanguage = 'en'): string {
  const w = new JsonRecordWriter(kind, headers);
  return w.begin() + rows.map((r) => w.record(r.rowNumber, r.outcome)).join('') + w.end();
}
