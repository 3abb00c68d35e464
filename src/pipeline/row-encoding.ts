/**
 * How a computed row travels from the compute (person by person, possibly on a worker thread) to the
 * write (sheet order): one record per row, held in an OrderedSpool under the row's sheet index.
 *
 * - xlsx: status, 提示 lines (for cell comments; only when the row is not 成功) and the rendered result
 *   cells as UTF-8 bytes (rendered straight to bytes, handed to the writer as they are), separated by
 *   control characters that cell text never holds in practice. If a message holds one, the record is
 *   JSON instead (first character '[' rather than a status digit).
 * - json/csv: the record's field values as JSON.
 *
 * `RowEncoding` is plain data so that a worker thread can build the same encoder.
 */
import type { RowOutcome } from '../engine/run.js';
import { kindDef } from '../kinds/index.js';
import type { KindId, RowStatus } from '../kinds/types.js';
import { recordValues } from '../render/records.js';
import { type ResultCellSetup, type ResultRow, resultCellBytesRendererFrom } from '../workbook/writer.js';
import type { HeaderLanguage } from './types.js';

/**
 * xlsx: the result cells' setup per data sheet, and the batch index each sheet begins at (a row renders with
 * its own sheet's setup: column of the block, namespace prefix).
 */
export type RowEncoding = { format: 'xlsx'; cells: ResultCellSetup[]; sheetStarts: number[] } | { format: 'json' | 'csv'; kind: KindId; headers: HeaderLanguage };

const STATUS: readonly RowStatus[] = ['ok', 'warning', 'error'];
const SEP = '\u0001';
const SUB = '\u0002';
const NOT_PLAIN = /[\u0001\u0002]/;

/** Where encoded outcomes go (OrderedSpool). */
export interface OutcomeStore {
  put(id: number, text: string): void;
  putParts(id: number, head: string, body: Uint8Array): void;
}

/**
 * The head of an xlsx record (status and 提示 lines, then the cells' bytes follow), or undefined when a
 * message holds a separator: the record is then JSON text, cells included.
 */
function renderedHead(o: Pick<RowOutcome, 'status' | 'messages'>): string | undefined {
  const messages = o.status === 'ok' ? [] : o.messages;
  const text = messages.join(SUB);
  if (NOT_PLAIN.test(text) || messages.some((m) => m === '')) return undefined;
  return `${STATUS.indexOf(o.status)}${SEP}${text}${SEP}`;
}

/** An xlsx record as text (tests and callers holding strings). */
export function encodeRendered(o: Pick<RowOutcome, 'status' | 'messages'>, cellsXml: string): string {
  return renderedHead(o) ?? JSON.stringify([STATUS.indexOf(o.status), o.status === 'ok' ? [] : o.messages, cellsXml]);
}

/** An xlsx record (as bytes) → what the writer needs: status, 提示 lines and the cells' bytes (a view). */
export function decodeRendered(index: number, rowNumber: number, record: Buffer): ResultRow {
  const outcome = (status: number, messages: string[]): RowOutcome => ({ index, input: {}, row: {}, results: {}, status: STATUS[status]!, messages, basis: '' });
  if (record[0] === 91) {
    const [status, messages, cellsXml] = JSON.parse(record.toString('utf8')) as [number, string[], string];
    return { rowNumber, cellsXml, outcome: outcome(status, messages) };
  }
  const a = record.indexOf(1);
  const b = record.indexOf(1, a + 1);
  const messages = b === a + 1 ? [] : record.toString('utf8', a + 1, b).split(SUB);
  return { rowNumber, cellsBytes: record.subarray(b + 1), outcome: outcome(record[0]! - 48, messages) };
}

/** The encoder for an outcome (`rowNumber`: its 1-based sheet row), writing into `store` under `id`. */
export function rowEncoder(enc: RowEncoding): (store: OutcomeStore, id: number, o: RowOutcome, rowNumber: number) => void {
  if (enc.format === 'xlsx') {
    const renders = enc.cells.map(resultCellBytesRendererFrom);
    const starts = enc.sheetStarts;
    return (store, id, o, rowNumber) => {
      let k = starts.length - 1; // int
      while (k > 0 && o.index < starts[k]!) k -= 1; // int: a few sheets at most, none to look at for one
      const cells = renders[k]!(rowNumber, o);
      const head = renderedHead(o);
      if (head !== undefined) store.putParts(id, head, cells);
      else store.put(id, encodeRendered(o, cells.toString('utf8')));
    };
  }
  const kind = kindDef(enc.kind);
  return (store, id, o, rowNumber) => store.put(id, JSON.stringify(recordValues(kind, rowNumber, o, enc.headers)));
}
