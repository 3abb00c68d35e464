/**
 * Vertically merged cells over a data sheet's input columns. People merge the 身份证号 (or 险种…) of one
 * person's rows; Excel keeps the value in the range's first row only, and every other row reads blank.
 * Such a blank must not pass as "no value" without a word: an error on the cell says it is part of a
 * merge and only the first row holds the value, and a blank merged cell that is not required makes the
 * row 警告 (the value was probably meant to apply).
 *
 * `<mergeCells>` comes after `<sheetData>` in the sheet XML, so the streaming reader learns the ranges at
 * the end of its one pass over the rows (the scanner hands over the tail); rows are explained when they
 * compute, after that pass. Only ranges that span rows below the header and touch an input column count.
 */
import type { ColumnDef } from '../kinds/types.js';
import type { RawRow, RowIssue, TypedRow } from '../kinds/validate.js';
import { attrSpan, colLetters, findElement, splitRef } from '../xlsx/xml.js';

export interface MergedRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** What a row check needs, as plain data (it crosses to shard workers). */
export interface MergedCellsData {
  ranges: MergedRange[];
  /** Input columns touched by a range: key, sheet column, Chinese header, whether a rule may read it (not identity-only). */
  columns: [key: string, col: number, zh: string, read: boolean][];
}

/**
 * The `<mergeCell ref="B2:B4"/>` ranges of a sheet's XML after its rows that make data rows read blank in
 * an input column (undefined when none does). One pass over the tail (user bytes); at most `maxRanges`
 * are kept — no more can each hold a data row of a column without overlapping — so a tail of junk ranges
 * costs no more memory than the rows themselves.
 */
export function mergedCellsData(tailXml: string, headerRow: number, columns: ReadonlyMap<number, ColumnDef>, maxRanges: number): MergedCellsData | undefined {
  const touched = new Map<number, ColumnDef>();
  const kept: MergedRange[] = [];
  for (let at = findElement(tailXml, 'mergeCell'); at >= 0 && kept.length < maxRanges; at = findElement(tailXml, 'mergeCell', at + 1)) { // int
    const r = rangeAt(tailXml, at);
    if (!r || r.bottom <= r.top || r.bottom <= headerRow) continue;
    let hit = false;
    for (const [col, def] of columns) {
      if (col >= r.left && col <= r.right) {
        touched.set(col, def);
        hit = true;
      }
    }
    if (hit) kept.push(r);
  }
  if (kept.length === 0) return undefined;
  return { ranges: kept, columns: [...touched].map(([col, def]) => [def.key, col, def.zh, def.identityOnly !== true && def.echoOnly !== true]) };
}

/** The range of the `<mergeCell>` start tag at `at` (its `ref`, `B2:B4`), if it has one. */
function rangeAt(xml: string, at: number): MergedRange | undefined {
  const ref = attrSpan(xml, at, (name) => name === 'ref');
  if (!ref) return undefined;
  const colon = xml.indexOf(':', ref.start);
  if (colon < 0 || colon >= ref.end) return undefined;
  const a = splitRef(xml.slice(ref.start, colon));
  const b = splitRef(xml.slice(colon + 1, ref.end)); // int
  if (!a || !b) return undefined;
  return { top: Math.min(a.row, b.row), left: Math.min(a.col, b.col), bottom: Math.max(a.row, b.row), right: Math.max(a.col, b.col) };
}

const rangeRef = (r: MergedRange) => `${colLetters(r.left)}${r.top}:${colLetters(r.right)}${r.bottom}`;

/**
 * One column's ranges sorted by first row, with the running widest reach: the range holding a row is found
 * by binary search (a sheet can carry tens of thousands of merges, and every row asks).
 */
class ColumnRanges {
  private readonly ranges: MergedRange[];
  /** reach[i]: the index among ranges[0..i] of the one reaching lowest. */
  private readonly reach: number[];

  constructor(ranges: MergedRange[]) {
    this.ranges = [...ranges].sort((a, b) => a.top - b.top);
    this.reach = [];
    let best = 0;
    this.ranges.forEach((r, i) => {
      if (r.bottom > this.ranges[best]!.bottom) best = i;
      this.reach.push(best);
    });
  }

  /** A range that holds `row` below its first row, if any. */
  holding(row: number): MergedRange | undefined {
    let lo = 0;
    let hi = this.ranges.length; // first range with top >= row
    while (lo < hi) {
      const mid = (lo + hi) >>> 1; // int
      if (this.ranges[mid]!.top < row) lo = mid + 1; // int
      else hi = mid;
    }
    if (lo === 0) return undefined;
    const r = this.ranges[this.reach[lo - 1]!]!; // int
    return r.bottom >= row ? r : undefined;
  }
}

export class MergedCells {
  /** Per touched input column: key, Chinese header and the ranges over it. */
  private readonly byColumn: { key: string; zh: string; read: boolean; ranges: ColumnRanges }[];

  constructor(data: MergedCellsData) {
    this.byColumn = data.columns.map(([key, col, zh, read]) => ({ key, zh, read, ranges: new ColumnRanges(data.ranges.filter((r) => col >= r.left && col <= r.right)) }));
  }

  /**
   * The row's issues with every blank merged input cell explained (the issues given when there is none):
   * an issue on that column gets the merge message instead of its own, else the row gets a warning.
   */
  explain(rowNumber: number, row: TypedRow, input: RawRow, issues: RowIssue[]): RowIssue[] {
    let out = issues;
    for (const c of this.byColumn) {
      if (row[c.key] !== undefined || input[c.key] !== undefined) continue;
      const r = c.ranges.holding(rowNumber);
      if (!r) continue;
      const where = `列「${c.zh}」的单元格属于合并单元格 ${rangeRef(r)}，合并区域只有第一行（第${r.top}行）有值`;
      const en = `column ${c.zh}: the cell is part of merged range ${rangeRef(r)}; only its first row (row ${r.top}) holds the value`;
      // The column's own issues (required, required-when…) all come from the blank: one message says why.
      const failed = out.some((x) => x.column === c.key && x.severity === 'error');
      if (!failed && !c.read) continue; // a blank merged 姓名 changes no number
      out = out.filter((x) => x.column !== c.key);
      out.push(
        failed
          ? { column: c.key, severity: 'error', message: `${where}，本行读到的是空值。请取消合并，在每一行填写 / ${en}; unmerge the cells and fill every row` }
          : { column: c.key, severity: 'warning', message: `${where}，本行按空值计算；如该值也适用于本行，请取消合并并在每一行填写 / ${en}; this row was computed with it blank — unmerge and fill every row if it applies` },
      );
    }
    return out;
  }
}
