/**
 * The JSON and CSV rows of a workbook: over its data sheets in workbook order (one batch, issue 14.2), each
 * sheet's rows in sheet order —
 *  - a computed row: its record (input and result fields, status, messages, basis);
 *  - a totals or footer row (footer-rows.ts): a record of its input cells as they are, status `skipped` and
 *    why, so that every input row comes back exactly once (issue 14.1);
 * each followed by `sheet` and the sheet's other columns under their own header text (issue 15.6), so a
 * Power Query table stands alone without joining back on `row`.
 *
 * The other columns' values are not carried through the engine: each sheet is read once more here, in step
 * with the records (nothing per row is held between the passes). A sheet with neither other columns nor
 * skipped rows is not read again.
 */
import type { KindDef } from '../kinds/types.js';
import type { CellValue, RawRow } from '../kinds/validate.js';
import type { HeaderLanguage } from '../pipeline/types.js';
import { type SkippedRows, skipMessage } from '../workbook/footer-rows.js';
import { cellValue, type DataSheet, type WorkbookFile } from '../workbook/reader.js';
import { CsvRecordWriter } from './csv.js';
import { JsonRecordWriter } from './json.js';
import { extraFieldNames, type FieldValue, fieldName, fromRaw, recordFields, SHEET_FIELD, skippedValues } from './records.js';

export interface RecordSheet {
  ds: DataSheet;
  skipped?: SkippedRows;
  /** Batch index of the sheet's first computed row, and how many it has. */
  first: number;
  count: number;
}

export interface WriteRecordsOptions {
  wb: WorkbookFile;
  kind: KindDef;
  sheets: readonly RecordSheet[];
  format: 'json' | 'csv';
  headers: HeaderLanguage;
  /** Sheet row number of computed row i. */
  rowNumber: (i: number) => number;
  /** Field values (recordFields order) of computed row i, asked for 0, 1, 2… in order. */
  values: (i: number) => readonly FieldValue[] | Promise<readonly FieldValue[]>;
  write: (text: string) => Promise<void>;
  /** Computed row i is written. */
  wrote?: (i: number) => void;
}

/**
 * The other columns of every sheet as record fields: one field per distinct header (the same header in two
 * monthly sheets is one field; a header repeated within a sheet is a field per repeat), named by
 * extraFieldNames. Per sheet: column index → field position.
 */
function otherColumns(sheets: readonly RecordSheet[], taken: readonly string[]): { names: string[]; perSheet: Map<number, number>[] } {
  const ids: string[] = [];
  const headers: string[] = [];
  const perSheet = sheets.map(({ ds }) => {
    const seen = new Map<string, number>();
    const at = new Map<number, number>();
    for (const u of ds.unused) {
      const k = (seen.get(u.header) ?? 0) + 1; // int
      seen.set(u.header, k);
      const id = `${k}\u0000${u.header}`;
      let i = ids.indexOf(id);
      if (i < 0) {
        i = ids.push(id) - 1; // int
        headers.push(u.header);
      }
      at.set(u.col, i);
    }
    return at;
  });
  return { names: extraFieldNames(taken, headers), perSheet };
}

export async function writeRecords(o: WriteRecordsOptions): Promise<void> {
  const { kind, headers } = o;
  const taken = [...recordFields(kind), SHEET_FIELD].map((f) => fieldName(f, headers));
  const { names, perSheet } = otherColumns(o.sheets, taken);
  const w = o.format === 'json' ? new JsonRecordWriter(kind, headers, { extras: names }) : new CsvRecordWriter(kind, headers, { extras: names });
  let text = w.begin();
  const flush = async (force: boolean) => {
    if (!force && text.length <= 1 << 20) return;
    await o.write(text);
    text = '';
  };
  const sst = await o.wb.sharedStrings();
  for (const [k, s] of o.sheets.entries()) {
    const sheetName: FieldValue = { string: s.ds.sheet.name };
    const none: FieldValue[] = [sheetName, ...names.map(() => null)];
    const cols = perSheet[k]!;
    const end = s.first + s.count; // int
    if (cols.size === 0 && (s.skipped?.size ?? 0) === 0) {
      for (let i = s.first; i < end; i++) { // int
        text += w.fromValues(await o.values(i), none);
        o.wrote?.(i);
        await flush(false);
      }
      continue;
    }
    let i = s.first;
    let skipAt = 0;
    const skipped = s.skipped;
    for await (const batch of o.wb.rowBatches(s.ds.sheet)) {
      for (const row of batch) {
        const computed = i < end && o.rowNumber(i) === row.r;
        const skip = !computed && skipped !== undefined && skipAt < skipped.size && skipped.rowAt(skipAt) === row.r;
        if (!computed && !skip) continue;
        const extras: FieldValue[] = [...none];
        const raw: RawRow = {};
        for (const c of row.cells) {
          const at = cols.get(c.col);
          const def = skip ? s.ds.columns.get(c.col) : undefined;
          if (at === undefined && def === undefined) continue;
          const v: CellValue = cellValue(c, sst);
          if (at !== undefined) extras[at + 1] = fromRaw(v); // int: after `sheet`
          if (def !== undefined) raw[def.key] = v;
        }
        if (computed) {
          text += w.fromValues(await o.values(i), extras);
          o.wrote?.(i);
          i += 1; // int
        } else {
          text += w.fromValues(skippedValues(kind, row.r, raw, skipMessage(skipped!.reasonAt(skipAt)), headers), extras);
          skipAt += 1; // int
        }
        await flush(false);
      }
    }
    if (i < end || (skipped !== undefined && skipAt < skipped.size)) throw new Error(`sheet rows out of step with the records (${i}/${end})`);
  }
  text += w.end();
  await flush(true);
}
