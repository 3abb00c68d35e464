/**
 * The streaming transform behind processWorkbook, for workbooks of any size (up to Excel's 1,048,575 data
 * rows) in memory that does not grow with the rows (per-person accumulators and inpatient stays aside):
 *
 *  1. scan the data sheet once: every row prepared by the engine (TwoPassBatch.add), raw values spooled;
 *  2. compute in settlement order (TwoPassBatch.compute); each outcome is encoded compactly — what the
 *     writer needs: status, 提示, 计算依据 and result values (xlsx), or the record's field values
 *     (json/csv) — into a second spool under its sheet index;
 *  3. write: the data sheet is scanned again and transformed row by row (writeResultWorkbook), each row
 *     taking its outcome from the spool; 汇总 and 计算依据 come from the totals gathered in step 2.
 */
import type { RowOutcome } from '../engine/run.js';
import { TwoPassBatch } from '../engine/two-pass.js';
import type { SpoolOptions } from '../engine/two-pass-spool.js';
import { Spool } from '../engine/two-pass-spool.js';
import type { Summary } from '../engine/summary.js';
import { type RowStatus } from '../kinds/types.js';
import { D, isDecimal } from '../money.js';
import { CsvRecordWriter } from '../render/csv.js';
import { JsonRecordWriter } from '../render/json.js';
import { type FieldValue, recordValues } from '../render/records.js';
import type { ResultValues } from '../rules/types.js';
import { type DataSheet, readDataRows, resultColumnFor, type RowScanStats, type WorkbookFile } from '../workbook/reader.js';
import { type ResultRow, writeResultWorkbook } from '../workbook/writer.js';
import type { ResolvedSettings } from '../workbook/params-sheet.js';
import type { ByteSink } from '../xlsx/zip.js';
import type { HeaderLanguage, OutputFormat } from './types.js';

const STATUS: readonly RowStatus[] = ['ok', 'warning', 'error'];

/*
 * What the xlsx writer reads from an outcome, as one line of text: status, 提示 lines, 计算依据, then
 * result key/value pairs, separated by control characters that cell text never holds in practice; if
 * one does, the record falls back to JSON (first character '[' instead of a status digit).
 * Decimals travel as their exact text.
 */
const SEP = '\u0001';
const SUB = '\u0002';
const NOT_PLAIN = /[\u0001\u0002]/;

export function encodeOutcome(o: RowOutcome): string {
  let out = `${STATUS.indexOf(o.status)}${SEP}${o.messages.join(SUB)}${SEP}${o.basis}`;
  let plain = !NOT_PLAIN.test(out) && !o.messages.some((m) => m === '');
  for (const k in o.results) {
    const v = o.results[k];
    if (v === undefined || v === null) continue;
    if (isDecimal(v)) out += `${SEP}${k}${SEP}d${v.isZero() && v.isNegative() ? '-0' : v.toString()}`;
    else if (typeof v === 'number') out += `${SEP}${k}${SEP}n${String(v)}`;
    else {
      out += `${SEP}${k}${SEP}s${v}`;
      if (NOT_PLAIN.test(v)) plain = false;
    }
  }
  if (plain) return out;
  const json: unknown[] = [STATUS.indexOf(o.status), o.messages, o.basis];
  for (const k in o.results) {
    const v = o.results[k];
    if (v === undefined || v === null) continue;
    json.push(k, isDecimal(v) ? { d: v.toString() } : typeof v === 'number' ? { n: String(v) } : v);
  }
  return JSON.stringify(json);
}

export function decodeOutcome(index: number, text: string): RowOutcome {
  const results: ResultValues = {};
  if (text.charCodeAt(0) === 91) {
    const a = JSON.parse(text) as unknown[];
    for (let i = 3; i < a.length; i += 2) { // int
      const v = a[i + 1];
      results[a[i] as string] = typeof v === 'object' && v !== null ? ('d' in v ? D((v as { d: string }).d) : Number((v as { n: string }).n)) : (v as string);
    }
    return { index, input: {}, row: {}, results, status: STATUS[a[0] as number]!, messages: a[1] as string[], basis: a[2] as string };
  }
  const parts = text.split(SEP);
  for (let i = 3; i < parts.length; i += 2) { // int
    const v = parts[i + 1]!;
    const tag = v.charCodeAt(0);
    results[parts[i]!] = tag === 100 ? D(v.slice(1)) : tag === 110 ? Number(v.slice(1)) : v.slice(1);
  }
  const messages = parts[1] === '' ? [] : parts[1]!.split(SUB);
  return { index, input: {}, row: {}, results, status: STATUS[Number(parts[0])]!, messages, basis: parts[2]! };
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

let tcpu = process.cpuUsage();
let twall = performance.now();
function T(what: string): void {
  if (!process.env['YIBAO_TIMING']) return;
  const c = process.cpuUsage(tcpu);
  console.error(`${what}: cpu ${((c.user + c.system) / 1000).toFixed(0)} ms, wall ${(performance.now() - twall).toFixed(0)} ms`);
  tcpu = process.cpuUsage();
  twall = performance.now();
}

export async function streamWorkbook(req: StreamRequest): Promise<{ summary: Summary; rows: number }> {
  T('open');
  const { wb, ds, settings, format } = req;
  const batch = new TwoPassBatch({ kind: ds.kind.id, ruleSet: settings.ruleSet, overrides: settings.overrides, defaultYear: settings.year, spool: req.spool });
  const outs = new Spool(req.spool);
  try {
    // 1. One scan: prepare every row, spool its raw values, note its sheet row number.
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
    T('pass1');
    req.onProgress?.(0, n);

    // 2. Compute in settlement order; spool what the output needs under the sheet index.
    const kind = ds.kind;
    const encode = format === 'xlsx' ? encodeOutcome : (o: RowOutcome) => JSON.stringify(recordValues(kind, rowNumbers[o.index]!, o, req.headers));
    const totals = await batch.compute((o) => outs.put(o.index, encode(o)), req.onProgress);

    T('compute');
    // 3. Write in sheet order.
    if (format === 'xlsx') {
      function* rows(): Generator<ResultRow> {
        for (let i = 0; i < n; i++) yield { rowNumber: rowNumbers[i]!, outcome: decodeOutcome(i, outs.get(i)) };
      }
      await writeResultWorkbook({
        wb,
        ds,
        firstResultCol: resultColumnFor(ds, stats),
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
    T('write');
    return { summary: totals.summary, rows: n };
  } finally {
    batch.close();
    outs.close();
  }
}
