/**
 * The streaming transform behind processWorkbook, for workbooks of any size (up to Excel's 1,048,575 data
 * rows) in memory that does not grow with the rows (per-person accumulators and inpatient stays aside):
 *
 *  1. scan the data sheet once: every row prepared by the engine (TwoPassBatch.add: validation, checks,
 *     duplicate 结算号, inpatient stays), the prepared row spooled (memory up to a budget, then a temp file);
 *  2. compute in settlement order (TwoPassBatch.compute); each outcome goes, compactly, into a second
 *     spool under its sheet index: its result cells rendered as the writer would (plus status and 提示
 *     for cell comments) for xlsx, or the record's field values for json/csv;
 *  3. write: the data sheet is scanned again and transformed row by row (writeResultWorkbook), each row
 *     taking its outcome from the spool; 汇总 and 计算依据 come from the totals gathered in step 2.
 *
 * Memory per row: 4 bytes of sheet row number here, 4 of date id in TwoPassBatch, 12 of spool index per
 * spool; everything else per row is transient. onProgress(done, total) fires once pass 1 knows the total
 * and then as rows are computed. YIBAO_TIMING=1 prints CPU, wall time and memory per phase to stderr.
 */
import type { RowOutcome } from '../engine/run.js';
import { TwoPassBatch } from '../engine/two-pass.js';
import type { SpoolOptions } from '../engine/two-pass-spool.js';
import { Spool } from '../engine/two-pass-spool.js';
import type { Summary } from '../engine/summary.js';
import { type RowStatus } from '../kinds/types.js';
import { CsvRecordWriter } from '../render/csv.js';
import { JsonRecordWriter } from '../render/json.js';
import { type FieldValue, recordValues } from '../render/records.js';
import { type DataSheet, readDataRows, resultColumnFor, type RowScanStats, type WorkbookFile } from '../workbook/reader.js';
import { type ResultRow, resultCellRenderer, writeResultWorkbook } from '../workbook/writer.js';
import type { ResolvedSettings } from '../workbook/params-sheet.js';
import type { ByteSink } from '../xlsx/zip.js';
import type { HeaderLanguage, OutputFormat } from './types.js';

const STATUS: readonly RowStatus[] = ['ok', 'warning', 'error'];

/*
 * What the xlsx write pass needs of a computed row, as one line of text: status, 提示 lines (for cell
 * comments; only when the row is not 成功) and the rendered result cells, separated by control
 * characters that cell text never holds in practice. If a message holds one, the record is JSON instead
 * (first character '[' rather than a status digit).
 */
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
    const b = record.indexOf(SEP, a + 1); // int
    status = Number(record.slice(0, a));
    messages = b === a + 1 ? [] : record.slice(a + 1, b).split(SUB); // int
    cellsXml = record.slice(b + 1); // int
  }
  return { rowNumber, cellsXml, outcome: { index, input: {}, row: {}, results: {}, status: STATUS[status]!, messages, basis: '' } };
}

export interface StreamRequest {
  wb: WorkbookFile;
  ds: DataSheet;
  settings: Pick<ResolvedSettings, 'ruleSet' | 'overrides' | 'year'>;
  format: OutputFormat;
  headers: HeaderLanguage;
  sink: ByteSink;
  onProgress?: (done: number, total: number | undefined) => void;
  spool?: SpoolOptions;
}

let phaseCpu = process.cpuUsage();
let phaseWall = performance.now();
/** YIBAO_TIMING=1: one stderr line per phase (for profiling the bench; a full GC first when exposed). */
function phase(what: string): void {
  if (!process.env['YIBAO_TIMING']) return;
  const c = process.cpuUsage(phaseCpu);
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  console.error(`${what}: cpu ${((c.user + c.system) / 1000).toFixed(0)} ms, wall ${(performance.now() - phaseWall).toFixed(0)} ms, rss ${m.rss >> 20} MB, heap ${m.heapUsed >> 20}/${m.heapTotal >> 20} MB, external ${m.external >> 20} MB`);
  phaseCpu = process.cpuUsage();
  phaseWall = performance.now();
}

export async function streamWorkbook(req: StreamRequest): Promise<{ summary: Summary; rows: number }> {
  phase('open');
  const { wb, ds, settings, format } = req;
  const batch = new TwoPassBatch({ kind: ds.kind.id, ruleSet: settings.ruleSet, overrides: settings.overrides, defaultYear: settings.year, spool: req.spool });
  const outs = new Spool(req.spool);
  try {
    // 1. One scan: prepare every row, spool it, note its sheet row number.
    const stats: RowScanStats = { maxCol: 0, dataRows: 0 };
    let rowNumbers = new Uint32Array(1024);
    for await (const r of readDataRows(wb, ds, stats)) {
      const i = batch.add(r.raw);
      if (i >= rowNumbers.length) {
        const g = new Uint32Array(rowNumbers.length * 2);
        g.set(rowNumbers);
        rowNumbers = g;
      }
      rowNumbers[i] = r.rowNumber;
    }
    const n = batch.size;
    phase('pass1');
    req.onProgress?.(0, n);

    // 2. Compute in settlement order; spool what the output needs under the sheet index.
    const kind = ds.kind;
    const firstResultCol = resultColumnFor(ds, stats);
    let encode: (o: RowOutcome) => string;
    if (format === 'xlsx') {
      const render = await resultCellRenderer(wb, ds, firstResultCol);
      encode = (o) => encodeRendered(o, render(rowNumbers[o.index]!, o));
    } else encode = (o) => JSON.stringify(recordValues(kind, rowNumbers[o.index]!, o, req.headers));
    const totals = await batch.compute((o) => outs.put(o.index, encode(o)), req.onProgress);

    phase('compute');
    // 3. Write in sheet order.
    if (format === 'xlsx') {
      function* rows(): Generator<ResultRow> {
        for (let i = 0; i < n; i++) yield decodeRendered(i, rowNumbers[i]!, outs.get(i));
      }
      await writeResultWorkbook({
        wb,
        ds,
        firstResultCol,
        ruleSet: settings.ruleSet,
        rows: rows(),
        totals: () => ({ summary: totals.summary, params: totals.params }),
        sink: req.sink,
      });
    } else {
      const w = format === 'json' ? new JsonRecordWriter(kind, req.headers) : new CsvRecordWriter(kind, req.headers);
      let text = w.begin();
      for (let i = 0; i < n; i++) {
        text += w.fromValues(JSON.parse(outs.get(i)) as FieldValue[]);
        if (text.length > 1 << 20) {
          await req.sink.write(Buffer.from(text, 'utf8'));
          text = '';
        }
      }
      text += w.end();
      await req.sink.write(Buffer.from(text, 'utf8'));
    }
    phase('write');
    return { summary: totals.summary, rows: n };
  } finally {
    batch.close();
    outs.close();
  }
}
