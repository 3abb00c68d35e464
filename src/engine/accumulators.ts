/**
 * Year-to-date accumulators per person and calendar year (RULES.md §General 5–6). A rule reads and
 * adds named amounts (`xining.employee.inpatient.fundPaid`, …); the engine forks the state before a row
 * and commits it only when the row computed, so an error row never moves an accumulator.
 *
 * Within a batch the state lives in a YtdBook; across batches, in the ledger (src/ledger: a person-year's
 * state is loaded into an Accumulators, each row's changes are kept as a delta, the state committed).
 */
import { type Decimal, D, ZERO } from '../money.js';
import { ownString } from '../xlsx/xml.js';

export type AccumulatorSnapshot = Record<string, string>;

/**
 * The (name, value before) pairs of one row's changes, undone when the row fails. One array reused row
 * after row (a YtdBook's rows share one): emptying an array by `length = 0` frees its storage, so the
 * next row would allocate it again.
 */
export class Journal {
  private readonly entries: (string | Decimal | undefined)[] = [];
  private n = 0;

  /** Record `name` had `before` (undefined: no value). */
  push(name: string, before: Decimal | undefined): void {
    this.entries[this.n++] = name; // int
    this.entries[this.n++] = before; // int
  }

  clear(): void {
    this.n = 0;
  }

  /**
   * Call `f` once per name changed, with its value before the first change (undefined: it had none), in
   * first-change order. A row changes a handful of names: a scan back beats a Map per row.
   */
  eachFirst(f: (name: string, before: Decimal | undefined) => void): void {
    outer: for (let i = 0; i < this.n; i += 2) { // int
      const name = this.entries[i] as string;
      for (let j = 0; j < i; j += 2) if (this.entries[j] === name) continue outer; // int
      f(name, this.entries[i + 1] as Decimal | undefined); // int
    }
  }

  /** Put every recorded name back to its value before, latest change first. */
  undo(values: Map<string, Decimal>): void {
    for (let i = this.n - 2; i >= 0; i -= 2) { // int
      const name = this.entries[i] as string;
      const before = this.entries[i + 1] as Decimal | undefined; // int
      if (before === undefined) values.delete(name);
      else values.set(name, before);
    }
    this.n = 0;
  }
}

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
    const before = this.values.get(name);
    const v = (before ?? ZERO).plus(amount);
    if (this.journal) this.journal.push(name, before);
    this.values.set(name, v);
    return v;
  }

  /*
   * In-place changes that can be undone: the engine works on the committed state of a person-year rather
   * than a copy per row (a copied Map per row outlives young-generation GC and was most of what the
   * compute pass promoted), and undoes the row's changes when it fails. Changes are recorded only
   * between begin and settle/rollback.
   */
  private journal: Journal | undefined;

  private record(name: string): void {
    this.journal!.push(name, this.values.get(name));
  }

  /** Start recording changes (see rollback / settle); a YtdBook passes the one journal its rows share. */
  begin(journal: Journal = new Journal()): this {
    journal.clear();
    this.journal = journal;
    return this;
  }

  /** Keep the changes since begin. */
  settle(): void {
    this.journal?.clear();
    this.journal = undefined;
  }

  /** Undo the changes since begin (the row failed). */
  rollback(): void {
    const j = this.journal;
    if (!j) return;
    j.undo(this.values);
    this.journal = undefined;
  }

  /** Remove a name (a reversal taking back the row that created it). */
  delete(name: string): void {
    if (this.journal) this.record(name);
    this.values.delete(name);
  }

  /**
   * The changes since begin, as the ledger keeps them: per name `+x`/`-x` added, `=x` when the name had no
   * value before (so a replay recreates it, and a reversal can remove it), `~` removed. Unchanged names are
   * left out.
   */
  changes(): Record<string, string> {
    const out: Record<string, string> = {};
    this.journal?.eachFirst((name, before) => {
      const now = this.values.get(name);
      if (before === undefined) {
        if (now !== undefined) out[name] = `=${now.toString()}`;
      } else if (now === undefined) out[name] = '~'; // removed (a reversal taking back what a row created)
      else {
        const d = now.minus(before);
        if (!d.isZero()) out[name] = d.isNegative() ? d.toString() : `+${d.toString()}`;
      }
    });
    return out;
  }

  /** Apply recorded changes again (a retry replaying a row it committed before). */
  applyChanges(delta: Readonly<Record<string, string>>): void {
    for (const [name, v] of Object.entries(delta)) {
      if (v === '~') this.delete(name);
      else if (v.startsWith('=')) this.set(name, D(v.slice(1)));
      else this.set(name, this.get(name).plus(D(v)));
    }
  }

  /**
   * Take back recorded changes (a 冲销): added amounts are subtracted; a name the row created goes when
   * nothing is left of it. Names `keep` says so stay as they are.
   */
  takeBack(delta: Readonly<Record<string, string>>, keep: (name: string) => boolean = () => false): void {
    for (const [name, v] of Object.entries(delta)) {
      if (keep(name) || v === '~') continue;
      const left = this.get(name).minus(D(v.startsWith('=') ? v.slice(1) : v));
      if (v.startsWith('=') && left.isZero()) this.delete(name);
      else this.set(name, left);
    }
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

/** One person-year's state in a YtdBook; a person's years are chained (most people have one). */
interface YearState {
  person: string;
  year: number;
  acc: Accumulators;
  next: YearState | undefined;
}

/** The accumulators of one batch run, keyed by person and year. */
export class YtdBook {
  /*
   * Keyed by the person's ID itself, then the year: a `person|year` key string per row would be built,
   * flattened and hashed for every row of a large batch. `order` keeps the first-commit order of snapshots.
   */
  private readonly byPerson = new Map<string, YearState>();
  private readonly order: YearState[] = [];
  private readonly journal = new Journal();

  private find(key: PersonYear): YearState | undefined {
    let s = this.byPerson.get(key.person);
    while (s !== undefined && s.year !== key.year) s = s.next;
    return s;
  }

  /**
   * A person-year's state to work on (the committed state itself, journaled: commit keeps the changes,
   * abandon undoes them). `fresh` is true when nothing is known yet (no committed row): the rules may
   * seed it from the row's 既往… columns.
   */
  begin(key: PersonYear): { acc: Accumulators; fresh: boolean } {
    const committed = this.find(key)?.acc;
    this.lastScope = key;
    this.lastState = committed;
    if (committed) return { acc: committed.begin(this.journal), fresh: false };
    return { acc: new Accumulators(), fresh: true };
  }

  /** Keep the working copy once its row computed. */
  commit(key: PersonYear, acc: Accumulators): void {
    acc.settle();
    // The state begin handed out is already stored under its key: no second lookup.
    if (key === this.lastScope && acc === this.lastState) return;
    const known = this.find(key);
    if (known) {
      known.acc = acc;
      return;
    }
    // Kept for the whole batch: an own copy of the ID, not a view on the sheet's XML (see ownString).
    const person = ownString(key.person);
    const s: YearState = { person, year: key.year, acc, next: this.byPerson.get(person) };
    this.byPerson.set(person, s);
    this.order.push(s);
  }

  /** The scope and stored state of the last begin (commit's shortcut). */
  private lastScope: PersonYear | undefined;
  private lastState: Accumulators | undefined;

  /** Drop the working copy of a row that failed (its changes to a committed state are undone). */
  abandon(acc: Accumulators): void {
    acc.rollback();
  }

  snapshots(): Map<string, AccumulatorSnapshot> {
    return new Map(this.order.map((s) => [personYearKey(s), s.acc.snapshot()]));
  }

  get size(): number {
    return this.order.length;
  }
}
