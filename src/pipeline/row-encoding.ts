/**
 * How a computed row travels from the compute pass (settlement order, possibly on a worker thread) to the
 * write pass (sheet order): one line of text per row, held in a Spool under the row's sheet index.
 *
 * - xlsx: status, 提示 lines (for cell comments; only when the row is not 成功) and the rendered result
 *   cells, separated by control characters that cell text never holds in practice. If a message holds one,
 *   the record is JSON instead (first character '[' rather than a status digit).
 * - json/csv: the record's field values as JSON.
 *
 * `RowEncoding` is plain data so that a worker thread can build the same encoder.
 */
import type { RowOutcome } from '../engine/run.js';
import { kindDef } from '../kinds/index.js';
import type { KindId, RowStatus } from '../kinds/types.js';
import { recordValues } from '../render/records.js';
import { type ResultCellSetup, type ResultRow, resultCellRendererFrom } from '../workbook/writer.js';
import type { HeaderLanguage } from './types.js';

export type RowEncoding = { format: 'xlsx'; cells: ResultCellSetup } | { format: 'json' | 'csv'; kind: KindId; headers: HeaderLanguage };

const STATUS: readonly RowStatus[] = ['ok', 'warning', 'error'];
const SEP = '\u0001';
const SUB = '\u0002';
const NOT_PLAIN = /[\u0001\u0002]/;

export function encodeRendered(o: Pick<RowOutcome, 'status' | 'messages'>, cellsXml: string): string {
  const messages = o.status === 'ok' ? [] : o.messages;
  const text = messages.join(SUB);
  if (NOT_PLAIN.test(text) || messages.some((m) => m === '')) return JSON.stringify([STATUS.indexOf(o.status), messages, cellsXml]);
  return `${STATUS.indexOf(o.status)}${SEP}${text}${SEP}${cellsXml}`;
}

export function decodeRendered(index: number, rowNumber: number, record: string): ResultRow {
  let status: number;
  let messages: string[];
  let cellsXml: string;
  if (record.charCodeAt(0) === 91) [status, messages, cellsXml] = JSON.parse(record) as [number, string[], string];
  else {
    const a = record.indexOf(SEP);
    const b = record.indexOf(SEP, a + 1);
    status = Number(record.slice(0, a));
    messages = b === a + 1 ? [] : record.slice(a + 1, b).split(SUB);
    cellsXml = record.slice(b + 1);
  }
  return { rowNumber, cellsXml, outcome: { index, input: {}, row: {}, results: {}, status: STATUS[status]!, messages, basis: '' } };
}

/** The encoder for an outcome (`rowNumber`: its 1-based sheet row). */
export function rowEncoder(enc: RowEncoding): (o: RowOutcome, rowNumber: number) => string {
  if (enc.format === 'xlsx') {
    const render = resultCellRendererFrom(enc.cells);
    return (o, rowNumber) => encodeRendered(o, render(rowNumber, o));
  }
  const kind = kindDef(enc.kind);
  return (o, rowNumber) => JSON.stringify(recordValues(kind, rowNumber, o, enc.headers));
}
