/**
 * Money and exact decimals. Every amount in yibao is a decimal.js value; JS numbers are used only for
 * integer counts (rows, days, months). Rounding is half-up to the fen, and only where RULES.md names it.
 */
import { Decimal } from 'decimal.js';

// One process-wide configuration: 40 significant digits (amounts up to 10^30 yuan are exact), half-up.
Decimal.set({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 30 });
export { Decimal };
export type DecimalInput = Decimal | string | number;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);
export const HUNDRED = new Decimal(100);

/** Build a decimal. Numbers are accepted only as literals in parameters/tests (converted via their shortest string). */
export function D(v: DecimalInput): Decimal {
  if (typeof v === 'number') {
    // Whole numbers 0 ≤ v < 10^7 (counts, days, whole-yuan cells): decimal.js builds the very same value
    // from the number directly, without the string round trip. -0 keeps the string path ("0" is +0).
    if (v >= 0 && v < 1e7 && Number.isInteger(v) && !Object.is(v, -0)) return new Decimal(v);
    return new Decimal(String(v));
  }
  return v instanceof Decimal ? v : new Decimal(v);
}

export function isDecimal(v: unknown): v is Decimal {
  return v instanceof Decimal;
}

/** Round half-up to the fen (0.01 yuan). */
export function round2(v: Decimal): Decimal {
  return v.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** Round half-up to n decimals (RULES.md §General 3 uses 4 for the maternity daily rate). */
export function roundTo(v: Decimal, places: number): Decimal {
  return v.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}

export function dmin(...vs: Decimal[]): Decimal {
  return Decimal.min(...vs);
}

export function dmax(...vs: Decimal[]): Decimal {
  return Decimal.max(...vs);
}

/** max(0, v): negative intermediate amounts floor at 0 (rules-catalog G7). */
export function floor0(v: Decimal): Decimal {
  return v.isNegative() ? ZERO : v;
}

export function sum(vs: Iterable<Decimal>): Decimal {
  let s = ZERO;
  for (const v of vs) s = s.plus(v);
  return s;
}

/** Two decimals, for results: 5584.30. */
export function fmt2(v: Decimal): string {
  return v.toFixed(2);
}

/** As written by a person: 258, 170.75, 7959.12 (no trailing zeros). */
export function fmtPlain(v: Decimal): string {
  return v.toString();
}

/** A rate as a percentage: 0.8 → 80%, 0.042 → 4.2%, 0.0005 → 0.05%. */
export function fmtPct(rate: Decimal): string {
  return `${rate.times(HUNDRED).toString()}%`;
}

const MONEY_TEXT = /^[-+]?\d+(\.\d+)?$/;

/**
 * Parse a money text as users type it: `1,234.50`, `¥1234.5`, `１２３４．５`, `1234.5元`, ` 12 `.
 * Returns undefined when the text is not a number.
 */
export function parseMoneyText(text: string): Decimal | undefined {
  let t = toHalfWidth(text).trim();
  t = t.replace(/^[¥￥$]|^RMB|^CNY/i, '').replace(/(元|圆|RMB|CNY)$/i, '').replace(/[,\s_']/g, '');
  if (t === '' || !MONEY_TEXT.test(t)) return undefined;
  return new Decimal(t);
}

/** Fold full-width ASCII forms (！..～) and the ideographic space to half-width. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}
