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
    if (v >= 0 && v < 1e7 && Number.isInteger(v) && !Object.is(v, -0)) return v < SMALL_INTS.length ? (SMALL_INTS[v] ??= new Decimal(v)) : new Decimal(v);
    return decimalFromText(String(v));
  }
  return v instanceof Decimal ? v : new Decimal(v);
}

/** Decimals of small counts (days, months, admissions), built once: Decimal is immutable. */
const SMALL_INTS: (Decimal | undefined)[] = new Array<Decimal | undefined>(1024);

export function isDecimal(v: unknown): v is Decimal {
  return v instanceof Decimal;
}

/**
 * `v.toNumber()` for a count held as a Decimal (admissions so far): a whole number below 10^7 is one
 * base-10^7 word with exponent 0..6, read directly rather than through toNumber's string round trip.
 */
export function toCount(v: Decimal): number {
  const d = v.d;
  if (d && d.length === 1 && v.e >= 0 && v.e < 7) return v.s * d[0]!;
  return v.toNumber();
}

/** Round half-up to the fen (0.01 yuan). */
export function round2(v: Decimal): Decimal {
  // Most amounts reaching here are already in fen (a paid amount, a rounded due): rounding would only copy them.
  return v.decimalPlaces() <= 2 ? v : v.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** Round half-up to n decimals (RULES.md §General 3 uses 4 for the maternity daily rate). */
export function roundTo(v: Decimal, places: number): Decimal {
  return v.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
}

/**
 * `x.comparedTo(y)` (1, 0, −1; NaN when either is NaN) without the copy of `y` decimal.js makes first:
 * comparisons run many times per row. Finite values are compared on decimal.js's own representation
 * (sign s, exponent e, base-10^7 words d) exactly as its comparedTo does; anything else goes to it.
 */
export function cmp(x: Decimal, y: Decimal): number {
  const xd = x.d;
  const yd = y.d;
  if (!xd || !yd) return x.comparedTo(y);
  const xs = x.s;
  const ys = y.s;
  if (!xd[0] || !yd[0]) return xd[0] ? xs : yd[0] ? -ys : 0;
  if (xs !== ys) return xs;
  const neg = xs < 0;
  if (x.e !== y.e) return x.e > y.e !== neg ? 1 : -1;
  const xl = xd.length;
  const yl = yd.length;
  const n = xl < yl ? xl : yl;
  for (let i = 0; i < n; i++) { // int
    if (xd[i] !== yd[i]) return xd[i]! > yd[i]! !== neg ? 1 : -1;
  }
  return xl === yl ? 0 : xl > yl !== neg ? 1 : -1;
}

/** x < y, x ≤ y, x > y, x ≥ y as decimal.js's lt/lte/gt/gte (false when either is NaN), without its copy. */
export function lt(x: Decimal, y: Decimal): boolean {
  return cmp(x, y) < 0;
}

export function lte(x: Decimal, y: Decimal): boolean {
  const k = cmp(x, y);
  return k < 0 || k === 0;
}

export function gt(x: Decimal, y: Decimal): boolean {
  return cmp(x, y) > 0;
}

export function gte(x: Decimal, y: Decimal): boolean {
  const k = cmp(x, y);
  return k > 0 || k === 0;
}

/*
 * dmin/dmax pick as Decimal.min/max do (on equal values, min prefers the later unless the earlier is
 * negative, so min(0, -0) is -0), without copying every argument first: they run several times per row.
 */
export function dmin(...vs: Decimal[]): Decimal {
  let x = vs[0]!;
  for (let i = 1; i < vs.length; i++) { // int
    const y = vs[i]!;
    if (y.isNaN()) return y;
    const k = cmp(x, y);
    if (k === 1 || (k === 0 && !x.isNegative())) x = y;
  }
  return x;
}

export function dmax(...vs: Decimal[]): Decimal {
  let x = vs[0]!;
  for (let i = 1; i < vs.length; i++) { // int
    const y = vs[i]!;
    if (y.isNaN()) return y;
    const k = cmp(x, y);
    if (k === -1 || (k === 0 && x.isNegative())) x = y;
  }
  return x;
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
  // In fen already (most results): toString plus the missing zeros is toFixed(2) without its rounding copy.
  // toString writes exponents from 10^30 (money.ts's toExpPos), hence the bound.
  if (v.e < 29) { // int
    const dp = v.decimalPlaces();
    if (dp === 2) return fmtPlain(v);
    if (dp === 1) return `${fmtPlain(v)}0`;
    if (dp === 0) return `${fmtPlain(v)}.00`;
  }
  return v.toFixed(2);
}

/** As written by a person: 258, 170.75, 7959.12 (no trailing zeros). */
export function fmtPlain(v: Decimal): string {
  const d = v.d;
  const e = v.e;
  // Amounts from 1 to 10^7 with up to 14 decimals (nearly every amount in a trace) are written here from
  // decimal.js's words, as its toString would: it builds the digit string and then cuts it at the point.
  if (!d || e < 0 || e > 6 || d.length > 3 || d[d.length - 1] === 0) return v.toString();
  // Exponent 0..6: the first word is the whole integer part, every further word 7 decimals.
  let text = String(d[0]);
  if (d.length > 1) {
    text += '.';
    const last = d.length - 1; // int
    for (let i = 1; i < last; i++) text += wordText(d[i]!); // int
    // The last word without its trailing zeros, padded as its full 7 digits would be.
    let w = d[last]!;
    const pad = 7 - String(w).length; // int
    while (w % 10 === 0) w /= 10; // int: a nonzero word of up to 7 digits
    text += pad > 0 ? ZEROS[pad] + String(w) : String(w);
  }
  return v.s < 0 && d[0] !== 0 ? `-${text}` : text;
}

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000'];

/** One base-10^7 word as its 7 digits. */
function wordText(w: number): string {
  const s = String(w);
  return s.length < 7 ? ZEROS[7 - s.length] + s : s;
}

/** A rate as a percentage: 0.8 → 80%, 0.042 → 4.2%, 0.0005 → 0.05%. */
export function fmtPct(rate: Decimal): string {
  let text = PCT_TEXT.get(rate);
  if (text === undefined) {
    text = `${rate.times(HUNDRED).toString()}%`;
    PCT_TEXT.set(rate, text);
  }
  return text;
}

/** Rates are mostly parameter values, the same few Decimal objects on every row: each is written once. */
const PCT_TEXT = new WeakMap<Decimal, string>();

const MONEY_TEXT = /^[-+]?\d+(\.\d+)?$/;

/**
 * Parse a money text as users type it: `1,234.50`, `¥1234.5`, `１２３４．５`, `1234.5元`, ` 12 `.
 * Returns undefined when the text is not a number.
 */
export function parseMoneyText(text: string): Decimal | undefined {
  let t = toHalfWidth(text).trim();
  t = t.replace(/^[¥￥$]|^RMB|^CNY/i, '').replace(/(元|圆|RMB|CNY)$/i, '').replace(/[,\s_']/g, '');
  if (t === '' || !MONEY_TEXT.test(t)) return undefined;
  return decimalFromText(t);
}

/** Fold full-width ASCII forms (！..～) and the ideographic space to half-width. */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** 10^k for the zero padding of decimal.js's last base-10^7 word. */
const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/**
 * `new Decimal(text.slice(start, end))` for plain decimal text (`-?\d+(\.\d+)?`, as Decimal#toString
 * writes amounts), built without slicing: the streaming path reads back every amount of every row.
 * Fills decimal.js's own representation (sign s, exponent e, base-10^7 words d) exactly as its parser does
 * (test/kinds/decimal-from-text.test.ts checks that); any other text goes to the constructor.
 */
export function decimalFromText(text: string, start = 0, end = text.length): Decimal {
  let i = start;
  let s = 1;
  if (text.charCodeAt(i) === 45) {
    s = -1;
    i++; // int
  }
  let dot = -1;
  for (let k = i; k < end; k++) { // int
    const c = text.charCodeAt(k);
    if (c === 46 && dot < 0) dot = k;
    else if (c < 48 || c > 57) return new Decimal(text.slice(start, end));
  }
  if (end === i || dot === i || dot === end - 1) return new Decimal(text.slice(start, end)); // int
  const x = new Decimal(0) as unknown as { s: number; e: number; d: number[] };
  x.s = s;
  // First and last significant digit (the dot is skipped).
  let p = i;
  while (p < end && (text.charCodeAt(p) === 48 || p === dot)) p++; // int
  if (p === end) {
    x.e = 0;
    x.d = [0];
    return x as unknown as Decimal;
  }
  let q = end - 1; // int
  while (text.charCodeAt(q) === 48 || q === dot) q--; // int
  const sig = q - p + 1 - (dot > p && dot < q ? 1 : 0); // int
  const lz = p - i - (dot >= 0 && dot < p ? 1 : 0); // int: leading zeros
  const intLen = dot >= 0 ? dot - i : end - i; // int
  const e = intLen - lz - 1; // int
  x.e = e;
  let w = (e + 1) % 7; // int: digits in the first word
  if (e < 0) w += 7; // int
  const d: number[] = [];
  let target = w < sig ? (w > 0 ? w : 7) : sig;
  let n = 0;
  let cnt = 0;
  let used = 0;
  for (let k = p; k <= q; k++) { // int
    if (k === dot) continue;
    n = n * 10 + (text.charCodeAt(k) - 48); // int: one base-10^7 word
    cnt++; // int
    used++; // int
    if (cnt === target && used < sig) {
      d.push(n);
      n = 0;
      cnt = 0;
      target = 7;
    }
  }
  d.push(n * POW10[w < sig ? 7 - cnt : w - sig]!); // int
  x.d = d;
  return x as unknown as Decimal;
}
