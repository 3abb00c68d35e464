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
  eachAttr(tag, (name, value) => out.set(name, value));
  return out;
}

/**
 * Attributes of a start tag without regular expressions or a Map (the hot path: every cell).
 * Calls `on(name, rawValue)` for each; values are entity-decoded only if they contain '&'.
 */
export function eachAttr(tag: string, on: (name: string, value: string) => void): void {
  scanAttrs(tag, 0, tag.length, (ns, ne, vs, ve) => {
    const raw = tag.slice(vs, ve);
    on(tag.slice(ns, ne), raw.includes('&') ? decodeEntities(raw) : raw);
  });
}

/**
 * The attributes of the start tag at `xml[at]`, read no further than `end` nor past the next '<' (which XML
 * allows in no attribute value): `on(nameStart, nameEnd, valueStart, valueEnd)` per `name="value"` pair, in
 * one pass (stops early when `on` returns true). A hostile tag (a 150,000-character name, unclosed quotes)
 * costs its length, and tags read one after another never read the same text twice.
 */
export function scanAttrs(xml: string, at: number, end: number, on: (nameStart: number, nameEnd: number, valueStart: number, valueEnd: number) => boolean | void): void {
  const lt = xml.indexOf('<', at + 1); // int
  const n = Math.min(end, xml.length, lt < 0 ? xml.length : lt);
  let i = at + 1; // int
  while (i < n && !isSpace(xml.charCodeAt(i)) && xml.charCodeAt(i) !== 62 && xml.charCodeAt(i) !== 47) i++; // int: skip the name
  for (;;) {
    while (i < n && isSpace(xml.charCodeAt(i))) i++; // int
    if (i >= n) return;
    const c = xml.charCodeAt(i);
    if (c === 62 || c === 47) return;
    const nameStart = i;
    while (i < n && xml.charCodeAt(i) !== 61 && !isSpace(xml.charCodeAt(i)) && xml.charCodeAt(i) !== 62) i++; // int
    const nameEnd = i;
    while (i < n && isSpace(xml.charCodeAt(i))) i++; // int
    if (xml.charCodeAt(i) !== 61) continue; // attribute without value: skip
    i++; // int
    while (i < n && isSpace(xml.charCodeAt(i))) i++; // int
    const q = xml.charCodeAt(i);
    if (q !== 34 && q !== 39) return;
    const close = xml.indexOf(q === 34 ? '"' : "'", i + 1);
    if (close < 0 || close >= n) return;
    if (on(nameStart, nameEnd, i + 1, close) === true) return; // int
    i = close + 1; // int
  }
}

/**
 * The raw value of the first attribute of the start tag at `xml[at]` whose name passes `want` (with its
 * position), or undefined. `want` sees the name's text.
 */
export function attrSpan(xml: string, at: number, want: (name: string) => boolean): { name: string; start: number; end: number } | undefined {
  let hit: { name: string; start: number; end: number } | undefined;
  scanAttrs(xml, at, xml.length, (ns, ne, vs, ve) => {
    const name = xml.slice(ns, ne);
    if (!want(name)) return false;
    hit = { name, start: vs, end: ve };
    return true;
  });
  return hit;
}

/** `name` is `local` or `prefix:local`. */
export function isLocalName(name: string, local: string): boolean {
  return name === local || (name.endsWith(local) && name.charCodeAt(name.length - local.length - 1) === 58); // int: ':'
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
  const body = xml.includes('rPh') ? withoutPhonetic(xml, prefix) : xml;
  let out = '';
  const tq = `${prefix}t`;
  for (let i = findTag(body, tq); i >= 0; i = findTag(body, tq, i + 1)) {
    const e = tagEnd(body, i);
    if (e < 0) break;
    if (body.charCodeAt(e - 2) === 47) { // <t/>: the next element starts after it
      i = e - 1; // int
      continue;
    }
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

/**
 * Phonetic runs (`<rPh …>…</rPh>`) cut out, as `/<rPh[\s>][\s\S]*?<\/rPh>/g` would: each run up to the
 * first end tag after it. One pass: once an opening has no end tag after it, no later one has either.
 */
function withoutPhonetic(xml: string, prefix: string): string {
  const open = `<${prefix}rPh`;
  const close = `</${prefix}rPh>`;
  let out = '';
  let copied = 0;
  for (let i = xml.indexOf(open); i >= 0; i = xml.indexOf(open, i + 1)) {
    const c = xml.charCodeAt(i + open.length); // int
    if (!(isSpace(c) || c === 62)) continue;
    const end = xml.indexOf(close, i + open.length + 1); // int
    if (end < 0) break;
    out += xml.slice(copied, i);
    copied = end + close.length; // int
    i = copied - 1; // int
  }
  return copied === 0 ? xml : out + xml.slice(copied);
}

/** [\w.-]: a character of a namespace prefix or local name (no colon). */
function isNamePart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

/**
 * The first start tag of element `local` under any namespace prefix (`<local` or `<p:local`, then
 * whitespace, '>' or '/') that begins at or after `from`: the position of its '<', or -1. A linear scan:
 * each colon is walked back from once, and the walk stops at the previous colon at the latest.
 */
export function findElement(xml: string, local: string, from = 0): number {
  for (let i = xml.indexOf(local, from + 1); i >= 0; i = xml.indexOf(local, i + 1)) { // int
    if (!isTagDelimiter(xml.charCodeAt(i + local.length))) continue; // int
    const b = i - 1; // int
    const c = xml.charCodeAt(b);
    if (c === 60) {
      if (b >= from) return b;
      continue;
    }
    if (c !== 58 || b - 1 < from) continue; // int: ':'
    let k = b - 1; // int
    while (k >= from && isNamePart(xml.charCodeAt(k))) k--; // int
    const first = xml.charCodeAt(k + 1); // int
    if (k >= from && k < b - 1 && xml.charCodeAt(k) === 60 && ((first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95)) return k; // int
  }
  return -1;
}

/** The namespace prefix (with colon, or '') used for element `local` in `xml`, e.g. `x:` for `<x:sheetData>`. */
export function prefixOf(xml: string, local: string): string {
  const at = findElement(xml, local);
  return at < 0 ? '' : xml.slice(at + 1, xml.indexOf(local, at + 1)); // int
}

/** Whether character code c can continue a word (\w): then `<o:idmap` is followed by more of a name. */
function isWordChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
}

/** The first `open` at or after `from` not followed by a word character (as /open\b/ finds it), or -1. */
export function findWord(xml: string, open: string, from: number): number {
  for (let i = xml.indexOf(open, from); i >= 0; i = xml.indexOf(open, i + 1)) if (!isWordChar(xml.charCodeAt(i + open.length))) return i; // int
  return -1;
}

/** The first `open` at or after `from` followed by whitespace (as /open\s/ finds it), or -1. */
export function findSpaced(xml: string, open: string, from: number): number {
  for (let i = xml.indexOf(open, from); i >= 0; i = xml.indexOf(open, i + 1)) {
    const c = xml.charCodeAt(i + open.length); // int
    if (c === 32 || c === 9 || c === 10 || c === 13) return i;
  }
  return -1;
}

/**
 * indexOf(needle, from) for non-decreasing `from`, in one pass overall: a start at or before the last hit
 * finds that hit again, and none after one start means none after a later one. Lazy regexes such as
 * /<comment\s[^>]*>[\s\S]*?<\/comment>/g search from every start to the end when the end tag is missing
 * (100,000 `<comment ` in 29 KB took a minute); a loop over elements with this finder reads the text once.
 */
export function forward(xml: string, needle: string): (from: number) => number {
  let searchedFrom = Number.POSITIVE_INFINITY;
  let hit = -1;
  return (from) => {
    if (from >= searchedFrom && (hit < 0 || hit >= from)) return hit;
    searchedFrom = from;
    hit = xml.indexOf(needle, from);
    return hit;
  };
}

/**
 * `xml` with every empty element `<open …/>` (`open` then whitespace; its first '>' preceded by '/', as
 * /<open\s[^>]*?\/>/g finds them) replaced by `f(tag)`, in one pass.
 */
export function replaceEmptyElements(xml: string, open: string, f: (tag: string) => string): string {
  const nextGt = forward(xml, '>');
  let out = '';
  let copied = 0;
  for (let i = findSpaced(xml, open, 0); i >= 0; ) {
    const e = nextGt(i + open.length + 1); // int
    if (e < 0) break;
    if (xml.charCodeAt(e - 1) === 47) { // int: '/'
      out += xml.slice(copied, i) + f(xml.slice(i, e + 1)); // int
      copied = e + 1; // int
      i = findSpaced(xml, open, e + 1); // int
    } else i = findSpaced(xml, open, i + 1); // int
  }
  return copied === 0 ? xml : out + xml.slice(copied);
}

/** Start tag `<…/>` written as an opening tag `<…>` (whitespace before the `/>` dropped), without a regex. */
export function openingTag(tag: string): string {
  if (!tag.endsWith('/>')) return tag;
  let e = tag.length - 2; // int
  while (e > 0 && isSpace(tag.charCodeAt(e - 1))) e--; // int
  return `${tag.slice(0, e)}>`;
}
