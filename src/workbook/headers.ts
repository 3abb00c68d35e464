/**
 * Header matching (WORKBOOKS.md "Reading a workbook"): trim, drop spaces, fold full-width to half-width,
 * drop a unit suffix such as (元)/（元）, then match the column table's Chinese header or an alias.
 * The column tables in src/kinds are the single source of truth for names and aliases.
 */
import { KINDS } from '../kinds/index.js';
import type { ColumnDef, KindDef, KindId } from '../kinds/types.js';
import { toHalfWidth } from '../money.js';

export function normalizeHeader(text: string): string {
  let t = withoutTrailingStars(toHalfWidth(text).replace(/\s+/g, ''));
  // A trailing required-marker and a trailing unit/explanation in brackets: 医疗总费用(元), 缴费工资（月）*.
  // Hand-scanned from the end (a header is user text: /\*+$/ on 60,000 stars took a minute).
  for (let cut = trailingBracket(t); cut > 0; cut = trailingBracket(t)) t = t.slice(0, cut);
  return withoutTrailingStars(t).toLowerCase();
}

function withoutTrailingStars(t: string): string {
  let e = t.length;
  while (e > 0 && t.charCodeAt(e - 1) === 42) e--; // int: '*'
  return e === t.length ? t : t.slice(0, e);
}

const OPENERS = '([【';
const CLOSERS = ')]】';

/**
 * Where a trailing bracket group starts, as /[([【][^()[\]【】]*[)\]】]$/ finds it: the text ends with a
 * closing bracket and the nearest bracket before it opens. -1 when there is none.
 */
function trailingBracket(t: string): number {
  const last = t.length - 1; // int
  if (last < 1 || !CLOSERS.includes(t[last]!)) return -1;
  for (let i = last - 1; i >= 0; i--) { // int
    const c = t[i]!;
    if (OPENERS.includes(c)) return i;
    if (CLOSERS.includes(c)) return -1;
  }
  return -1;
}

const indexCache = new Map<KindId, Map<string, ColumnDef>>();

/** normalized header → column, for one kind. */
export function headerIndex(kind: KindDef): Map<string, ColumnDef> {
  let idx = indexCache.get(kind.id);
  if (!idx) {
    idx = new Map();
    for (const col of kind.inputs) {
      for (const name of [col.zh, ...(col.aliases ?? [])]) {
        const n = normalizeHeader(name);
        if (!idx.has(n)) idx.set(n, col);
      }
      idx.set(normalizeHeader(col.key), idx.get(normalizeHeader(col.key)) ?? col);
    }
    indexCache.set(kind.id, idx);
  }
  return idx;
}

export function matchHeader(kind: KindDef, text: string): ColumnDef | undefined {
  if (text.trim() === '') return undefined;
  return headerIndex(kind).get(normalizeHeader(text));
}

/** Whether a header is known to any kind (for finding the header row before the kind is known). */
export function isKnownHeader(text: string, kinds: readonly KindDef[] = Object.values(KINDS)): boolean {
  return kinds.some((k) => matchHeader(k, text) !== undefined);
}
