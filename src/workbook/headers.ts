/**
 * Header matching (WORKBOOKS.md "Reading a workbook"): trim, drop spaces, fold full-width to half-width,
 * drop a unit suffix such as (元)/（元）, then match the column table's Chinese header or an alias.
 * The column tables in src/kinds are the single source of truth for names and aliases.
 */
import { KINDS } from '../kinds/index.js';
import type { ColumnDef, KindDef, KindId } from '../kinds/types.js';
import { toHalfWidth } from '../money.js';

export function normalizeHeader(text: string): string {
  let t = toHalfWidth(text).replace(/\s+/g, '');
  // A trailing required-marker and a trailing unit/explanation in brackets: 医疗总费用(元), 缴费工资（月）*.
  t = t.replace(/\*+$/, '');
  for (;;) {
    const next = t.replace(/[([【][^()[\]【】]*[)\]】]$/, '');
    if (next === t || next === '') break;
    t = next;
  }
  return t.replace(/\*+$/, '').toLowerCase();
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
