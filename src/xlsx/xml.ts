/** Small XML helpers for the hand-written SpreadsheetML scanners: entities, attributes, cell references. */

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decode the five named entities and numeric character references. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);/g, (m, body: string) => {
    if (body[0] === '#') {
      const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED[body] ?? m;
  });
}

/** OOXML ST_Xstring escapes control characters as `_xHHHH_`. */
export function decodeXstring(s: string): string {
  const t = decodeEntities(s);
  if (!t.includes('_x')) return t;
  return t.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Escape text for element content or attribute values; drop characters XML 1.0 forbids. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF&<>"]/;

export function escapeXml(s: string): string {
  // Most text (every 计算依据 cell) needs nothing: one scan instead of five replaces.
  if (!NEEDS_ESCAPE.test(s)) return s;
  // eslint-disable-next-line no-control-regex
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** Attributes of one start tag (`<c r="A1" t="s">`): name → decoded value. Prefixes are kept (`r:id`). */
export function parseAttrs(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/g;
  // Skip the element name.
  const start = tag.search(/[\s/>]/);
  const body = start < 0 ? '' : tag.slice(start);
  for (let m = re.exec(body); m; m = re.exec(body)) out.set(m[1]!, decodeEntities(m[3] ?? m[4] ?? ''));
  return out;
}

/**
 * Attributes of a start tag without regular expressions or a Map (the hot path: every cell).
 * Calls `on(name, rawValue)` for each; values are entity-decoded only if they contain '&'.
 */
export function eachAttr(tag: string, on: (name: string, value: string) => void): void {
  const n = tag.length;
  let i = 1;
  while (i < n && !isSpace(tag.charCodeAt(i)) && tag.charCodeAt(i) !== 62 && tag.charCodeAt(i) !== 47) i++; // int: skip the name
  for (;;) {
    while (i < n && isSpace(tag.charCodeAt(i))) i++; // int
    if (i >= n) return;
    const c = tag.charCodeAt(i);
    if (c === 62 || c === 47) return;
    const nameStart = i;
    while (i < n && tag.charCodeAt(i) !== 61 && !isSpace(tag.charCodeAt(i)) && tag.charCodeAt(i) !== 62) i++; // int
    const name = tag.slice(nameStart, i);
    while (i < n && isSpace(tag.charCodeAt(i))) i++; // int
    if (tag.charCodeAt(i) !== 61) continue; // attribute without value: skip
    i++; // int
    while (i < n && isSpace(tag.charCodeAt(i))) i++; // int
    const q = tag.charCodeAt(i);
    if (q !== 34 && q !== 39) return;
    const end = tag.indexOf(q === 34 ? '"' : "'", i + 1);
    if (end < 0) return;
    const raw = tag.slice(i + 1, end);
    on(name, raw.includes('&') ? decodeEntities(raw) : raw);
    i = end + 1;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The value of one attribute in a start tag, or undefined. */
export function attr(tag: string, name: string): string | undefined {
  return parseAttrs(tag).get(name);
}

/** Column letters → 1-based index (A → 1, Z → 26, AA → 27). */
export function colIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64); // int
  return n;
}

/** 1-based column index → letters. */
export function colLetters(index: number): string {
  let s = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s; // int
  return s;
}

/** Split a cell reference `AB12` (or `$AB$12`) into column index and row number. */
export function splitRef(ref: string): { col: number; row: number } | undefined {
  // Hand-scanned (every cell of every row goes through here): same as /^\$?([A-Za-z]{1,3})\$?(\d+)$/.
  const n = ref.length;
  let i = ref.charCodeAt(0) === 36 ? 1 : 0; // int
  let col = 0;
  const start = i;
  for (; i < n; i++) { // int
    const c = ref.charCodeAt(i) | 32; // int: ASCII lower case
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96); // int
  }
  if (i === start || i - start > 3) return undefined; // int
  if (ref.charCodeAt(i) === 36) i++; // int
  const digits = i;
  for (; i < n; i++) { // int
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  if (i === digits) return undefined;
  return { col, row: Number(ref.slice(digits)) };
}

/**
 * Find the start of element `name` (with optional namespace prefix `p`) at or after `from`: the
 * position of `<p:name` followed by whitespace, `>` or `/`. Returns -1 when absent.
 */
export function findTag(xml: string, qname: string, from = 0): number {
  return findOpen(xml, `<${qname}`, from);
}

/** findTag with the `<qname` text given (hot loops build it once). */
export function findOpen(xml: string, open: string, from = 0): number {
  for (let i = xml.indexOf(open, from); i >= 0; i = xml.indexOf(open, i + 1)) {
    const c = xml.charCodeAt(i + open.length);
    // whitespace, '>' or '/'
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 62 || c === 47) return i;
  }
  return -1;
}

/** Whether `xml` has the start tag `open` (`<x:v`, followed by whitespace, '>' or '/') at `at`, inside `end`. */
export function openAt(xml: string, at: number, open: string, end: number): boolean {
  if (at + open.length >= end) return false; // int
  for (let j = 0; j < open.length; j++) if (xml.charCodeAt(at + j) !== open.charCodeAt(j)) return false; // int
  return isTagDelimiter(xml.charCodeAt(at + open.length)); // int
}

function isTagDelimiter(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 62 || c === 47;
}

/** tagEnd within `xml[.., end)`: -1 when the start tag does not end before `end`. */
export function tagEndIn(xml: string, at: number, end: number): number {
  let q = 0;
  for (let i = at; i < end; i++) { // int
    const c = xml.charCodeAt(i);
    if (q !== 0) {
      if (c === q) q = 0;
    } else if (c === 34 || c === 39) q = c;
    else if (c === 62) return i + 1; // int
  }
  return -1;
}

/** End (exclusive) of the start tag beginning at `at` (quotes respected). */
export function tagEnd(xml: string, at: number): number {
  let q = 0;
  for (let i = at; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (q !== 0) {
      if (c === q) q = 0;
    } else if (c === 34 || c === 39) q = c;
    else if (c === 62) return i + 1;
  }
  return -1;
}

/** Text of every `<t>` in a string item / inline string, skipping phonetic runs (`<rPh>`). */
export function stringItemText(xml: string, prefix: string): string {
  let body = xml;
  if (body.includes('rPh')) body = body.replace(new RegExp(`<${prefix}rPh[\\s>][\\s\\S]*?</${prefix}rPh>`, 'g'), '');
  let out = '';
  const tq = `${prefix}t`;
  for (let i = findTag(body, tq); i >= 0; i = findTag(body, tq, i + 1)) {
    const e = tagEnd(body, i);
    if (e < 0) break;
    if (body.charCodeAt(e - 2) === 47) continue; // <t/>
    const close = body.indexOf(`</${tq}>`, e);
    if (close < 0) break;
    out += body.slice(e, close);
    i = close;
  }
  return ownString(decodeXstring(out));
}

/**
 * A copy of `s` that does not share memory with the text it was cut from. V8 represents a slice of 13+
 * characters as a view on its parent, so keeping one shared string (or one ID) alive would keep a whole
 * chunk of XML alive with it; for a million-row sheet that is the whole shared-strings part, twice over.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

/** The namespace prefix (with colon, or '') used for element `local` in `xml`, e.g. `x:` for `<x:sheetData>`. */
export function prefixOf(xml: string, local: string): string {
  const m = new RegExp(`<([A-Za-z_][\\w.-]*:)?${local}[\\s>/]`).exec(xml);
  return m?.[1] ?? '';
}
