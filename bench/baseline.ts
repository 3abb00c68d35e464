/**
 * Baseline: a bare exceljs streaming read + write round trip of the same workbook (no computation),
 * the floor a naive implementation would start from. Prints JSON {rows, ms, maxRssKb}.
 * Usage: node dist/bench/baseline.js <in.xlsx> <out.xlsx>
 */
import ExcelJS from 'exceljs';

const [input, output] = process.argv.slice(2);
const t0 = performance.now();
const reader = new ExcelJS.stream.xlsx.WorkbookReader(input!, { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit', hyperlinks: 'ignore' });
const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: output!, useSharedStrings: true, useStyles: true });
let rows = 0;
for await (const ws of reader) {
  const out = writer.addWorksheet('sheet');
  for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
    out.addRow(row.values as ExcelJS.CellValue[]).commit();
    rows += 1;
  }
  out.commit();
}
await writer.commit();
const ms = performance.now() - t0;
console.log(JSON.stringify({ rows, ms, maxRssKb: process.resourceUsage().maxRSS }));
