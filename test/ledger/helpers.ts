/** Workbooks and runs for the ledger tests: rows in, the pipeline with a ledger, records or bytes out. */
import ExcelJS from 'exceljs';
import { processWorkbook } from '../../src/pipeline/process.js';
import type { OutputFormat, ProcessResult } from '../../src/pipeline/types.js';
import type { Ledger } from '../../src/ledger/types.js';
import type { KindId } from '../../src/kinds/types.js';
import type { PolicyId } from '../../src/rules/types.js';
import { testKey } from '../helpers/ledger.js';

export type Cell = string | number | null | undefined;

/** An xlsx of one data sheet (fixed timestamps: the same rows give the same bytes). */
export async function workbook(headers: readonly string[], rows: readonly (readonly Cell[])[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = new Date(Date.UTC(2024, 0, 1));
  wb.modified = wb.created;
  const ws = wb.addWorksheet('明细');
  ws.addRow([...headers]);
  for (const r of rows) ws.addRow(r.map((v) => (v === undefined ? null : v)));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface RunOptions {
  policy: PolicyId;
  kind?: KindId;
  ledger?: Ledger;
  mode?: 'commit' | 'peek';
  format?: OutputFormat;
  overrides?: Record<string, string>;
}

export async function processBytes(bytes: Buffer, o: RunOptions): Promise<ProcessResult & { body: Buffer }> {
  const r = await processWorkbook({
    source: { bytes },
    policy: o.policy,
    ...(o.kind ? { kind: o.kind } : {}),
    format: o.format ?? 'json',
    ...(o.overrides ? { overrides: o.overrides } : {}),
    ...(o.ledger ? { ledger: { ledger: o.ledger, key: testKey(), mode: o.mode ?? 'commit' } } : {}),
  });
  return r as ProcessResult & { body: Buffer };
}

export type Rec = Record<string, unknown> & { status: string; messages: string; basis: string };

/** The JSON records of a run. */
export async function records(bytes: Buffer, o: RunOptions): Promise<Rec[]> {
  const r = await processBytes(bytes, { ...o, format: 'json' });
  return JSON.parse(r.body.toString('utf8')) as Rec[];
}
