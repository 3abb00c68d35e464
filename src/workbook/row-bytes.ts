/**
 * Byte-level helpers for the write pass over the data sheet. Most rows are copied through as they are,
 * with result cells spliced in before `</row>`: working on the inflated bytes (looked at through a latin1
 * view, whose character positions are byte positions) spares decoding ~45 MB of sheet XML per 100,000
 * rows into strings and encoding it back, and the garbage both leave.
 */

/** Output bytes gathered into fixed-size blocks (one deflate round trip per block, not per row). */
export class BlockWriter {
  private block: Buffer;
  private used = 0;
  /** Filled blocks not yet taken. */
  private full: Buffer[] = [];

  constructor(private readonly size = 256 * 1024) {
    this.block = Buffer.allocUnsafe(size);
  }

  /** Append src[start, end). */
  bytes(src: Buffer, start: number, end: number): void {
    while (start < end) {
      if (this.used === this.size) this.rotate();
      const n = Math.min(end - start, this.size - this.used); // int
      src.copy(this.block, this.used, start, start + n); // int
      this.used += n; // int
      start += n; // int
    }
  }

  /** Append text as UTF-8. */
  text(s: string): void {
    // At most 3 bytes per UTF-16 unit: a piece that might not fit starts a new block.
    if (this.used + s.length * 3 > this.size) {
      this.rotate();
      if (s.length * 3 > this.size) {
        this.full.push(Buffer.from(s, 'utf8'));
        return;
      }
    }
    this.used += this.block.write(s, this.used, 'utf8'); // int
  }

  /** Filled blocks so far (each handed out once; the writer never touches them again). */
  take(): Buffer[] {
    const out = this.full;
    this.full = [];
    return out;
  }

  /** Everything written so far, the partly filled block included. */
  flush(): Buffer[] {
    this.rotate();
    return this.take();
  }

  private rotate(): void {
    if (this.used === 0) return;
    this.full.push(this.block.subarray(0, this.used));
    this.block = Buffer.allocUnsafe(this.size);
    this.used = 0;
  }
}

/** What simpleRowTag read from a row's start tag. */
export interface RowTagInfo {
  /** The `r` attribute. */
  r: number;
  /** Position of the high column of the first `spans="lo:hi"` (-1 when there is none) and its value. */
  hiStart: number;
  hiEnd: number;
  hi: number;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** [\w.:-] */
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 58 || c === 45;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Whether the start tag s[at, end) (`end` just past its `>`, not self-closing) has the plain form every
 * writer we know produces: `r="N"` (N > 0) first, then `name="value"` attributes (printable ASCII values
 * without `&` or `<`, no second `r`) separated by whitespace. For such a tag the generic route
 * (parseRow's attribute parsing, appendToRow's spans rewrite) gives r = N and rewrites the first
 * `spans="digits:digits"`, which is what `info` describes; any other tag takes the generic route.
 * `nameEnd` is the position just past the element name.
 */
export function simpleRowTag(s: string, nameEnd: number, end: number, info: RowTagInfo): boolean {
  const last = end - 1; // int: the '>'
  let i = nameEnd;
  let first = true;
  info.r = -1;
  info.hiStart = -1;
  for (;;) {
    const ws = i;
    while (i < last && isSpace(s.charCodeAt(i))) i++; // int
    if (i >= last) return i === last && info.r > 0;
    if (i === ws || !isNameStart(s.charCodeAt(i))) return false;
    const name = i;
    i++; // int
    while (i < last && isNameChar(s.charCodeAt(i))) i++; // int
    if (s.charCodeAt(i) !== 61 || s.charCodeAt(i + 1) !== 34) return false; // int: `="`
    const nameLen = i - name; // int
    const vs = i + 2; // int
    const ve = s.indexOf('"', vs);
    if (ve < 0 || ve >= last) return false;
    for (let k = vs; k < ve; k++) { // int
      const c = s.charCodeAt(k);
      if (c < 32 || c > 126 || c === 38 || c === 60) return false;
    }
    if (nameLen === 1 && s.charCodeAt(name) === 114) {
      // r: first, once, 1 to 9 digits, not 0.
      if (!first || ve - vs < 1 || ve - vs > 9) return false; // int
      let n = 0;
      for (let k = vs; k < ve; k++) { // int
        const c = s.charCodeAt(k);
        if (!isDigit(c)) return false;
        n = n * 10 + (c - 48); // int
      }
      if (n === 0) return false;
      info.r = n;
    } else if (first) return false;
    else if (info.hiStart < 0 && nameLen === 5 && s.startsWith('spans', name)) spansHigh(s, vs, ve, info);
    first = false;
    i = ve + 1; // int
  }
}

/** `lo:hi` with digits only (hi of at most 15 digits: exact as a number) → info.hi*. */
function spansHigh(s: string, vs: number, ve: number, info: RowTagInfo): void {
  let k = vs;
  while (k < ve && isDigit(s.charCodeAt(k))) k++; // int
  if (k === vs || k >= ve || s.charCodeAt(k) !== 58) return;
  const hs = k + 1; // int
  if (hs === ve || ve - hs > 15) return; // int
  let hi = 0;
  for (let j = hs; j < ve; j++) { // int
    const c = s.charCodeAt(j);
    if (!isDigit(c)) return;
    hi = hi * 10 + (c - 48); // int
  }
  info.hiStart = hs;
  info.hiEnd = ve;
  info.hi = hi;
}
