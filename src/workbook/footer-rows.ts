/**
 * Totals and footer rows of a real export (issue 14.1): `合计` / `小计` / `总计`, signature lines (`审核人：…`,
 * `制表人`, `负责人`), a date line, notes (`注：…`), or any row after the data, past blank rows, that holds
 * none of the kind's required values. They are left untouched and uncomputed, said so in 提示 and counted
 * apart (跳过); they still come back exactly once. Blank rows inside the data are skipped silently.
 *
 * The reader asks `footerKind` of every row's first non-empty cell: a couple of character comparisons for a
 * data row (the patterns run only when the first character could start one of the words or a date line).
 */

export enum SkipReason {
  Totals = 1,
  Footer = 2,
  /** After the data, past blank rows (or a totals/footer row), with none of the kind's required values. */
  Trailing = 3,
}

const REASON_TEXT: Record<SkipReason, string> = {
  [SkipReason.Totals]: '合计行，未计算 / totals row, not computed',
  [SkipReason.Footer]: '表尾行（签字、日期或说明），未计算 / footer line (signature, date or note), not computed',
  [SkipReason.Trailing]: '数据之后的行，没有本类型的必填值，未计算 / row after the data without the required values, not computed',
};

export function skipMessage(reason: SkipReason): string {
  return REASON_TEXT[reason];
}

/** A totals row's aggregate over the data rows, copied for the appended amount columns: SUM(J3:J102). */
export interface SumFormula {
  /** The function and anything before the range, e.g. `SUM(` or `SUBTOTAL(9,`. */
  head: string;
  from: number;
  to: number;
}

const TOTALS = /^(?:本页|本月|本期|本表|全部|累计|总)?(?:合计|小计|总计)/;
const FOOTER =
  /^(?:(?:审核|复核|审批|制表|制单|填表|填报|经办|负责|单位负责|财务负责|主管)人?\s*(?:[:：]|$)|(?:会计|出纳|主管|制表|审核|复核|盖章)\s*[:：]|(?:制表|填表|填报|打印|报送|统计)?(?:日期|时间)\s*[:：]|单位\s*[(（]?\s*(?:盖章|公章)|(?:注|说明|备注|附注)\s*[:：])/;
const DATE_LINE = /^\d{4}\s*(?:年|[-/.])\s*\d{1,2}\s*(?:月|[-/.])\s*\d{1,2}\s*日?$/;
/** First characters that may begin a totals or footer word. */
const STARTS = new Set([...'本全累总合小审复制填经负单财主会出打报统盖日时注说备附']);

/**
 * Whether a row whose first non-empty cell holds `text` is a totals or footer row, by that text alone
 * (a date line also needs to be the row's only value: `onlyCell`, asked only then).
 */
export function footerKind(text: string, onlyCell: () => boolean): SkipReason | undefined {
  const c = text.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    // A date line (2024年3月31日): short, and nothing else on the row.
    return text.length <= 16 && DATE_LINE.test(text.trim()) && onlyCell() ? SkipReason.Footer : undefined;
  }
  if (c < 0x4e00 || !STARTS.has(text[0]!)) {
    if (c !== 32 && c !== 0x3000 && c !== 9) return undefined;
    const t = text.trim();
    return t === '' || t === text ? undefined : footerKind(t, onlyCell);
  }
  if (TOTALS.test(text.replace(/\s+/g, ''))) return SkipReason.Totals;
  return FOOTER.test(text) ? SkipReason.Footer : undefined;
}

const AGGREGATE = /^(SUM\(|SUBTOTAL\(\s*(?:9|109)\s*,\s*)\$?[A-Z]{1,3}\$?(\d+)\s*:\s*\$?[A-Z]{1,3}\$?(\d+)\s*\)$/i;

/** A cell formula that sums one column's rows (SUM(J3:J102), SUBTOTAL(9,J3:J102)), as its row range. */
export function sumFormula(f: string): SumFormula | undefined {
  const m = AGGREGATE.exec(f.trim());
  if (!m) return undefined;
  const from = Number(m[2]);
  const to = Number(m[3]);
  return from <= to ? { head: m[1]!.toUpperCase().replace(/\s+/g, ''), from, to } : undefined;
}

/**
 * The rows skipped while reading one sheet (sheet row number, reason, a totals row's formula), kept
 * compactly: a hostile file may hold many.
 */
export class SkippedRows {
  private rows = new Uint32Array(16);
  private reasons = new Uint8Array(16);
  private readonly sums = new Map<number, SumFormula>();
  private n = 0;

  get size(): number {
    return this.n;
  }

  add(rowNumber: number, reason: SkipReason, sum?: SumFormula): void {
    if (this.n === this.rows.length) {
      const r = new Uint32Array(this.n * 2); // int
      r.set(this.rows);
      this.rows = r;
      const s = new Uint8Array(this.n * 2); // int
      s.set(this.reasons);
      this.reasons = s;
    }
    this.rows[this.n] = rowNumber;
    this.reasons[this.n] = reason;
    if (sum) this.sums.set(this.n, sum);
    this.n += 1; // int
  }

  rowAt(i: number): number {
    return this.rows[i]!;
  }

  reasonAt(i: number): SkipReason {
    return this.reasons[i] as SkipReason;
  }

  sumAt(i: number): SumFormula | undefined {
    return this.sums.get(i);
  }
}
