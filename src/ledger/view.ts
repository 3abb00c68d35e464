/**
 * A person-year as people read it (`yibao ledger show`, GET /api/ledger/{policy}/{year}/{idNumber}): per
 * book (settlements, contributions) its totals (the year-to-date state) and its committed rows with their
 * main result cells.
 */
import { kindDef } from '../kinds/index.js';
import { maskId } from '../kinds/idcard.js';
import { D, fmt2, isDecimal } from '../money.js';
import { isPolicyId, ruleSet } from '../rules/index.js';
import { decodeCells } from './codec.js';
import type { LedgerKey } from './key.js';
import type { Ledger, LedgerKind, StoredYear } from './types.js';

export interface BookView {
  kind: LedgerKind;
  /** Commits so far (0: nothing committed). */
  version: number;
  /** Latest settlement date committed. */
  lastDate: string;
  /** The year-to-date state by accumulator name, as stored. */
  totals: Record<string, string>;
  /** The same as a clerk reads it: per accumulator a Chinese label citing the articles it serves, and its value. */
  ytd: { name: string; label: string; value: string }[];
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

/**
 * Each accumulator of `state` labelled by the rules that keep it (LedgerHooks.accumulator): `职工本年住院次数
 * （定起付标准的次序）（二(二)4(1)、八7）`, the articles those of its parameters' sources. A name the rules do not
 * know (another release's) is shown as it is.
 */
function labelled(policy: string, kind: LedgerKind, state: Record<string, string>): BookView['ytd'] {
  const rules = isPolicyId(policy) ? ruleSet(policy) : undefined;
  const hooks = rules?.kinds[kind]?.ledger;
  return Object.entries(state).map(([name, text]) => {
    const l = hooks?.accumulator?.(name);
    if (!l) return { name, label: name, value: text };
    const refs = [...new Set(l.params.map((id) => rules!.params.find((p) => p.id === id)?.source.ref).filter((r) => r !== undefined))];
    const v = D(text);
    const value = l.unit === 'yuan' ? fmt2(v) : l.unit === 'count' ? v.toFixed(0) : v.isZero() ? '否' : '是';
    return { name, label: refs.length > 0 ? `${l.zh}（${refs.join('、')}）` : l.zh, value };
  });
}

export function bookOf(policy: string, kind: LedgerKind, stored: StoredYear | undefined): BookView {
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
  const totals = { ...(stored?.state ?? {}) };
  return { kind, version: stored?.version ?? 0, lastDate: stored?.lastDate ?? '', totals, ytd: labelled(policy, kind, totals), rows };
}

export async function showPersonYear(ledger: Ledger, key: LedgerKey, policy: string, year: number, idNumber: string): Promise<PersonYearView> {
  const person = key.person(idNumber);
  const stored = await ledger.load(BOOKS.map((kind) => ({ policy, year, kind, person })));
  return { policy, year, person: maskId(idNumber), books: BOOKS.map((kind, i) => bookOf(policy, kind, stored[i])) };
}
