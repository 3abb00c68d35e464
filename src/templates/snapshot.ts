/**
 * A workbook's content as plain data (sheets, cells with values/formats/styles/comments, validations,
 * frozen panes, widths), for comparing a regenerated template with the committed file: the xlsx zip is
 * not byte-stable (entry timestamps), its content is.
 */
import ExcelJS from 'exceljs';
import { validations as rangeValidations } from './sheet.js';

export interface SheetSnapshot {
  name: string;
  views: unknown;
  columns: { width: number | undefined; numFmt: string | undefined }[];
  cells: Record<string, { value: unknown; numFmt?: string; font?: unknown; fill?: unknown; note?: string }>;
  /** validation (JSON) → addresses it covers, condensed per column as `C2:C5001`. */
  validations: Record<string, string[]>;
}

export interface WorkbookSnapshot {
  creator: string;
  created: string | undefined;
  modified: string | undefined;
  sheets: SheetSnapshot[];
}

function noteText(note: ExcelJS.Cell['note']): string | undefined {
  if (note === undefined || note === null) return undefined;
  if (typeof note === 'string') return note;
  return (note.texts ?? []).map((t) => t.text).join('');
}

function plainValue(v: ExcelJS.CellValue): unknown {
  if (v instanceof Date) return { date: Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString() };
  return v;
}

/** Group per-cell validations into column runs (exceljs expands ranges when reading). */
function condense(addresses: string[]): string[] {
  const byCol = new Map<string, number[]>();
  for (const a of addresses) {
    const m = /^([A-Z]+)(\d+)$/.exec(a);
    if (!m) {
      byCol.set(a, []);
      continue;
    }
    const list = byCol.get(m[1]!) ?? [];
    list.push(Number(m[2]));
    byCol.set(m[1]!, list);
  }
  const out: string[] = [];
  for (const [col, rows] of [...byCol].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (rows.length === 0) {
      out.push(col);
      continue;
    }
    rows.sort((a, b) => a - b); // int: row numbers
    let start = rows[0]!;
    let prev = start;
    for (const r of [...rows.slice(1), Number.NaN]) {
      if (r === prev + 1) {
        prev = r;
        continue;
      }
      out.push(start === prev ? `${col}${start}` : `${col}${start}:${col}${prev}`);
      start = r;
      prev = r;
    }
  }
  return out;
}

function sheetSnapshot(ws: ExcelJS.Worksheet): SheetSnapshot {
  const cells: SheetSnapshot['cells'] = {};
  ws.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      const entry: SheetSnapshot['cells'][string] = { value: plainValue(cell.value) };
      if (cell.numFmt) entry.numFmt = cell.numFmt;
      if (cell.font && Object.keys(cell.font).length) entry.font = cell.font;
      if (cell.fill) entry.fill = cell.fill;
      const note = noteText(cell.note);
      if (note !== undefined) entry.note = note;
      cells[cell.address] = entry;
    });
  });
  const model = rangeValidations(ws).model;
  const groups = new Map<string, string[]>();
  for (const [address, dv] of Object.entries(model)) {
    if (!dv) continue;
    const key = JSON.stringify(dv);
    const list = groups.get(key) ?? [];
    list.push(...address.split(/\s+/));
    groups.set(key, list);
  }
  const validations: Record<string, string[]> = {};
  for (const [key, list] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) validations[key] = condense(list);
  const columns: SheetSnapshot['columns'] = [];
  for (let i = 1; i <= ws.columnCount; i++) {
    const c = ws.getColumn(i);
    columns.push({ width: c.width, numFmt: c.numFmt });
  }
  return { name: ws.name, views: ws.views, columns, cells, validations };
}

/** Snapshot of a workbook in memory (round-tripped through xlsx so both sides are read the same way). */
export async function workbookSnapshot(input: ExcelJS.Workbook | Buffer | Uint8Array): Promise<WorkbookSnapshot> {
  const bytes = input instanceof ExcelJS.Workbook ? Buffer.from(await input.xlsx.writeBuffer()) : Buffer.from(input);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return {
    creator: wb.creator,
    created: wb.created?.toISOString(),
    modified: wb.modified?.toISOString(),
    sheets: wb.worksheets.map(sheetSnapshot),
  };
}
