/**
 * A person-year as people read it (`yibao ledger show`, GET /api/ledger/{policy}/{year}/{idNumber}): per
 * book (settlements, contributions) its totals (the year-to-date state) and its committed rows with their
 * main result cells.
 */
import { kindDef } from '../kinds/index.js';
import { maskId } from '../kinds/idcard.js';
import { isDecimal } from '../money.js';
import { decodeCells } from './codec.js';
import type { LedgerKey } from './key.js';
import type { Ledger, LedgerKind, StoredYear } from './types.js';

export interface BookView {
  kind: LedgerKind;
  /** Commits so far (0: nothing committed). */
  version: number;
  /** Latest settlement date committed. */
  lastDate: string;
  totals: Record<string, string>;
  rows: {
    key: string;
    date: string;
    status: string;
    committedAt: string;
    inputSha256: string;
    results: Record<string, string | number>;
    reverses?: string;
    reversedBy?: string;
  }[];
}

export interface PersonYearView {
  policy: string;
  year: number;
  /** The ID number as asked, masked. */
  person: string;
  books: BookView[];
}

const BOOKS: readonly LedgerKind[] = ['settlements', 'contributions'];

export function bookOf(kind: LedgerKind, stored: StoredYear | undefined): BookView {
  const def = kindDef(kind);
  const rows: BookView['rows'] = [];
  const reversedBy = new Map<string, string>();
  for (const c of stored?.commits ?? []) for (const r of c.records) if (r.reverses) reversedBy.set(r.reverses, r.key);
  for (const c of stored?.commits ?? []) {
    for (const r of c.records) {
      const cells = decodeCells(def, r.result);
      const results: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(cells.results)) {
        if (isDecimal(v)) results[k] = v.toFixed(2);
        else if (typeof v === 'number' || typeof v === 'string') results[k] = v;
      }
      const by = reversedBy.get(r.key);
      rows.push({ key: r.key, date: r.date, status: cells.status, committedAt: c.at, inputSha256: c.sha, results, ...(r.reverses ? { reverses: r.reverses } : {}), ...(by ? { reversedBy: by } : {}) });
    }
  }
  return { kind, version: stored?.version ?? 0, lastDate: stored?.lastDate ?? '', totals: { ...(stored?.state ?? {}) }, rows };
}

export async function showPersonYear(ledger: Ledger, key: LedgerKey, policy: string, year: number, idNumber: string): Promise<PersonYearView> {
  const person = key.person(idNumber);
  const stored = await ledger.load(BOOKS.map((kind) => ({ policy, year, kind, person })));
  return { policy, year, person: maskId(idNumber), books: BOOKS.map((kind, i) => bookOf(kind, stored[i])) };
}
