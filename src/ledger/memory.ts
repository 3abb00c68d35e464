/** A ledger in memory: the contract's reference implementation (tests; a process that keeps its year). */
import { type CommitOutcome, type CommitRequest, type Ledger, type PersonYearRef, refKey, type StoredYear } from './types.js';

export class MemoryLedger implements Ledger {
  readonly description = 'memory';
  private readonly years = new Map<string, string>();
  roundTrips = 0;

  async load(refs: readonly PersonYearRef[]): Promise<(StoredYear | undefined)[]> {
    this.roundTrips += 1; // int
    // Stored as JSON, handed out as fresh copies: nothing a caller does changes what is stored.
    return refs.map((r) => {
      const s = this.years.get(refKey(r));
      return s === undefined ? undefined : (JSON.parse(s) as StoredYear);
    });
  }

  async commit(requests: readonly CommitRequest[]): Promise<CommitOutcome[]> {
    this.roundTrips += 1; // int
    return requests.map((q) => {
      const k = refKey(q.ref);
      const s = this.years.get(k);
      const now = s === undefined ? undefined : (JSON.parse(s) as StoredYear);
      if ((now?.version ?? 0) !== q.baseVersion) return 'conflict';
      const next: StoredYear = { ref: q.ref, version: q.commit.version, state: q.state, lastDate: q.lastDate, commits: [...(now?.commits ?? []), q.commit] };
      this.years.set(k, JSON.stringify(next));
      return 'ok';
    });
  }

  /** Every stored person-year as text (tests scan it for ID numbers and names). */
  dump(): string[] {
    return [...this.years.values()];
  }

  async close(): Promise<void> {}
}
