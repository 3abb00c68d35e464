/** Read a kind's data sheet back into raw rows keyed by column key (plus `note` from 备注), for tests. */
import ExcelJS from 'exceljs';
import type { KindDef } from '../../src/kinds/types.js';
import type { CellValue, RawRow } from '../../src/kinds/validate.js';

export interface ReadBack {
  headers: string[];
  rows: (RawRow & { note?: string })[];
  params: Map<string, unknown>;
}

export async function readSheetRows(bytes: Buffer, kind: KindDef): Promise<ReadBack> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const headers: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (c, col) => {
    headers[col - 1] = String(c.value ?? '');
  });
  const keyOf = (h: string): string | undefined => (h === '备注' ? 'note' : kind.inputs.find((c) => c.zh === h)?.key);
  const rows: ReadBack['rows'] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const raw: RawRow = {};
    headers.forEach((h, i) => {
      const key = keyOf(h);
      if (!key) return;
      const v = row.getCell(i + 1).value as CellValue;
      if (v !== null && v !== undefined) raw[key] = v;
    });
    if (Object.keys(raw).length) rows.push(raw as ReadBack['rows'][number]);
  }
  const params = new Map<string, unknown>();
  const ps = wb.getWorksheet('参数');
  ps?.eachRow((row, r) => {
    if (r > 1) params.set(String(row.getCell(1).value), row.getCell(2).value);
  });
  return { headers, rows, params };
}
