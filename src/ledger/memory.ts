/** A ledger in memory: the contract's reference implementation (tests; a process that keeps its year). */
import { unpackCommit } from './pack.js';
import { type CommitOutcome, type CommitRequest, type Ledger, type PersonYearRef, refKey, type StoredYear } from './types.js';

/** A person-year as kept here: the head and each commit's text. */
interface Kept {
  version: number;
  state: StoredYear['state'];
  lastDate: string;
  bodies: string[];
}

export class MemoryLedger implements Ledger {
  readonly description = 'memory';
  private readonly years = new Map<string, string>();
  roundTrips = 0;

  async load(refs: readonly PersonYearRef[]): Promise<(StoredYear | undefined)[]> {
    this.roundTrips += 1; // int
    // Kept as JSON, handed out as fresh copies: nothing a caller does changes what is stored.
    return refs.map((ref) => {
      const s = this.years.get(refKey(ref));
      if (s === undefined) return undefined;
      const k = JSON.parse(s) as Kept;
      return { ref, version: k.version, state: k.state, lastDate: k.lastDate, commits: k.bodies.map(unpackCommit) };
    });
  }

  async commit(requests: readonly CommitRequest[]): Promise<CommitOutcome[]> {
    this.roundTrips += 1; // int
    return requests.map((q) => {
      const k = refKey(q.ref);
      const s = this.years.get(k);
      const now = s === undefined ? undefined : (JSON.parse(s) as Kept);
      if ((now?.version ?? 0) !== q.baseVersion) return 'conflict';
      const next: Kept = { version: q.commit.version, state: q.state, lastDate: q.lastDate, bodies: [...(now?.bodies ?? []), q.commit.body.toString('utf8')] };
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
