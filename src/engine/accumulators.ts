/**
 * Year-to-date accumulators per person and calendar year (RULES.md §General 5–6). A rule reads and
 * adds named amounts (`xining.employee.inpatient.fundPaid`, …); the engine forks the state before a row
 * and commits it only when the row computed, so an error row never moves an accumulator.
 *
 * The Ledger is the one interface between the engine and wherever the state lives: in memory for a
 * batch today, a persistent store (e.g. Azure Tables) later, without touching the rules.
 */
import { type Decimal, D, ZERO } from '../money.js';

export type AccumulatorSnapshot = Record<string, string>;

const ABSENT: unique symbol = Symbol('absent');

export class Accumulators {
  private readonly values: Map<string, Decimal>;

  constructor(init?: AccumulatorSnapshot | Map<string, Decimal>) {
    this.values = init instanceof Map ? new Map(init) : new Map(Object.entries(init ?? {}).map(([k, v]) => [k, D(v)]));
  }

  get(name: string): Decimal {
    return this.values.get(name) ?? ZERO;
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  set(name: string, value: Decimal): void {
    if (this.journal) this.record(name);
    this.values.set(name, value);
  }

  add(name: string, amount: Decimal): Decimal {
    const v = this.get(name).plus(amount);
    if (this.journal) this.record(name);
    this.values.set(name, v);
    return v;
  }

  /*
   * In-place changes that can be undone: the engine works on the committed state of a person-year rather
   * than a copy per row (a copied Map per row outlives young-generation GC and was most of what the
   * compute pass promoted), and undoes the row's changes when it fails.
   * The journal holds (name, value before) pairs; ABSENT marks a name that had no value.
   */
  private journal: (string | Decimal | typeof ABSENT)[] | undefined;

  private record(name: string): void {
    this.journal!.push(name, this.values.has(name) ? this.values.get(name)! : ABSENT);
  }

  /** Start recording changes (see rollback / settle). */
  begin(): this {
    if (this.journal) this.journal.length = 0;
    else this.journal = [];
    return this;
  }

  /** Keep the changes since begin. */
  settle(): void {
    if (this.journal) this.journal.length = 0;
  }

  /** Undo the changes since begin (the row failed). */
  rollback(): void {
    const j = this.journal;
    if (!j) return;
    for (let i = j.length - 2; i >= 0; i -= 2) { // int
      const name = j[i] as string;
      const prev = j[i + 1]!; // int
      if (prev === ABSENT) this.values.delete(name);
      else this.values.set(name, prev as Decimal);
    }
    j.length = 0;
  }

  fork(): Accumulators {
    return new Accumulators(this.values);
  }

  /** Take over the state of a fork (after its row computed). */
  commit(fork: Accumulators): void {
    this.values.clear();
    for (const [k, v] of fork.values) this.values.set(k, v);
  }

  snapshot(): AccumulatorSnapshot {
    return Object.fromEntries([...this.values].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, v.toString()]));
  }
}

export interface PersonYear {
  person: string;
  year: number;
}

export function personYearKey(k: PersonYear): string {
  return `${k.person}|${k.year}`;
}

/** Where year-to-date state lives between batches. */
export interface Ledger {
  load(keys: readonly PersonYear[]): Promise<Map<string, AccumulatorSnapshot>>;
  save(entries: ReadonlyMap<string, AccumulatorSnapshot>): Promise<void>;
}

/** A ledger in memory (tests, a long-running local process). */
export class MemoryLedger implements Ledger {
  readonly store = new Map<string, AccumulatorSnapshot>();

  async load(keys: readonly PersonYear[]): Promise<Map<string, AccumulatorSnapshot>> {
    const out = new Map<string, AccumulatorSnapshot>();
    for (const k of keys) {
      const s = this.store.get(personYearKey(k));
      if (s) out.set(personYearKey(k), s);
    }
    return out;
  }

  async save(entries: ReadonlyMap<string, AccumulatorSnapshot>): Promise<void> {
    for (const [k, v] of entries) this.store.set(k, v);
  }
}

/** The accumulators of one batch run, keyed by person and year. */
export class YtdBook {
  private readonly states = new Map<string, Accumulators>();

  constructor(private readonly loaded: ReadonlyMap<string, AccumulatorSnapshot> = new Map()) {}

  /**
   * A person-year's state to work on (the committed state itself, journaled: commit keeps the changes,
   * abandon undoes them). `fresh` is true when nothing is known yet (no ledger state,
   * no committed row): the rules may seed it from the row's 既往… columns.
   */
  begin(key: PersonYear): { acc: Accumulators; fresh: boolean } {
    const k = personYearKey(key);
    const committed = this.states.get(k);
    this.lastScope = key;
    this.lastState = committed;
    if (committed) return { acc: committed.begin(), fresh: false };
    const snap = this.loaded.get(k);
    return { acc: new Accumulators(snap), fresh: snap === undefined };
  }

  /** Keep the working copy once its row computed. */
  commit(key: PersonYear, acc: Accumulators): void {
    acc.settle();
    // The state begin handed out is already stored under its key: no second key string and lookup.
    if (key === this.lastScope && acc === this.lastState) return;
    this.states.set(personYearKey(key), acc);
  }

  /** The scope and stored state of the last begin (commit's shortcut). */
  private lastScope: PersonYear | undefined;
  private lastState: Accumulators | undefined;

  /** Drop the working copy of a row that failed (its changes to a committed state are undone). */
  abandon(acc: Accumulators): void {
    acc.rollback();
  }

  snapshots(): Map<string, AccumulatorSnapshot> {
    return new Map([...this.states].map(([k, a]) => [k, a.snapshot()]));
  }

  get size(): number {
    return this.states.size;
  }
}
