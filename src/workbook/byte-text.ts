/**
 * A growable scratch buffer that result cells are rendered into as UTF-8: fixed pieces are copied as
 * bytes, row numbers and amounts are written digit by digit, only free text goes through the encoder.
 * One buffer is reused for every row: no strings are built and thrown away per cell.
 */
import type { Decimal } from '../money.js';

const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

export class ByteText {
  buf = Buffer.allocUnsafe(16 * 1024);
  at = 0;

  /** Room for n more bytes. */
  ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n)); // int
    this.buf.copy(grown, 0, 0, this.at);
    this.buf = grown;
  }

  /** Bytes (fixed pieces): short ones copied by hand, cheaper than a call into the runtime. */
  bytes(b: Uint8Array): void {
    const n = b.length;
    if (n > 24) {
      this.buf.set(b, this.at);
      this.at += n; // int
      return;
    }
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < n; i++) buf[at++] = b[i]!; // int
    this.at = at;
  }

  /** A non-negative integer below 2^31 (row numbers, decimal.js words): int32 arithmetic throughout. */
  uint(n: number): void {
    let digits = 1;
    while (digits < 10 && n >= POW10[digits]!) digits++; // int
    this.digits(n, digits);
  }

  /** The last `count` decimal digits of n (zero-padded), n < 2^31. */
  private digits(n: number, count: number): void {
    const buf = this.buf;
    let at = this.at + count; // int
    this.at = at;
    let x = n | 0; // int
    for (let k = 0; k < count; k++) { // int
      const q = (x / 10) | 0; // int
      buf[--at] = 48 + x - q * 10; // int
      x = q;
    }
  }

  /** Text as UTF-8 (ensure() is the caller's: up to 3 bytes per UTF-16 unit). */
  text(s: string): void {
    this.at += this.buf.write(s, this.at, 'utf8'); // int
  }

  /**
   * Decimal#toString as bytes, with decimalText's fast path (1 ≤ |v| < 10^7, at most 7 decimals, or 0)
   * done digit by digit; anything else is decimal.js's own text.
   */
  decimal(v: Decimal): void {
    const d = v.d;
    const e = v.e;
    if (d && (d.length === 1 || d.length === 2) && e >= 0 && e < 7) {
      const w = d[0]!;
      if (w === 0 && d.length === 1) {
        this.buf[this.at++] = 48; // int
        return;
      }
      const f = d.length === 2 ? d[1]! : 0;
      if (w >= POW10[e]! && w < POW10[e + 1]! && (d.length === 1 || (f > 0 && f < 10_000_000))) { // int
        if (v.s < 0) this.buf[this.at++] = 45; // int: '-'
        this.uint(w);
        if (d.length === 2) this.fraction(f);
        return;
      }
    }
    this.text(v.toString());
  }

  /** '.' and the 7-digit word f without its trailing zeros. */
  private fraction(f: number): void {
    let digits = 7;
    let x = f | 0; // int
    while (x % 10 === 0) {
      x = (x / 10) | 0; // int
      digits -= 1; // int
    }
    this.buf[this.at++] = 46; // int: '.'
    this.digits(x, digits);
  }
}
