/**
 * A commit as the stores keep it: text, a head then one record per row, built row by row as the batch
 * computes (CommitBuilder) so that only each row's line is held until the commit (as UTF-8 bytes, outside
 * the JS heap), and written as it is.
 *
 * Fields are separated by U+0001, list items by U+0002, records by U+0003; a record with any of these (or
 * U+0000) in a text of its own (a 提示 quoting a cell, a 结算号) is written as JSON instead, which escapes
 * them (it starts with '[', a plain record with its sequence number). What repeats from row to row is
 * written once in the head: the accumulator names (a record's changes name them by number), the
 * parameter signatures and the fingerprint's columns.
 *
 * Why not JSON and deflate (as before): turning each person-year's commit into JSON and deflating it was
 * most of the ledger's CPU, and SQLite does not need it; Azure Tables deflates the text itself (tables.ts)
 * on the thread pool, where it saves entity bytes and round trips.
 */
import type { AccumulatorSnapshot } from '../engine/accumulators.js';
import type { StoredCells } from './codec.js';
import { type LedgerCommit, LedgerFormatError, type LedgerRecord } from './types.js';

const FS = '\u0001';
const LS = '\u0002';
const RS = '\u0003';
const RS_BYTE = 3;
const CONTROL = /[\u0000-\u0003]/;
/** The format's mark, first in the head: a store refuses text it cannot read rather than misreading it. */
export const COMMIT_FORMAT = 'L2';

/** A commit as a store receives it: the text (body, as UTF-8 bytes) and what a store may keep beside it. */
export interface PackedCommit {
  version: number;
  sha: string;
  at: string;
  body: Buffer;
}

/** The head of a commit: all but its records and dictionaries. */
export type CommitHead = Pick<LedgerCommit, 'version' | 'sha' | 'at' | 'before' | 'beforeLastDate'>;

/** A record as added: the parameters it used by their signature (the builder numbers them). */
export type RecordInput = Omit<LedgerRecord, 'params'>;

/**
 * Bytes that commits are written into, reused window after window (engine/two-pass.ts resets it once a
 * window is committed): the rows' lines as they compute, then each commit's text. One growing buffer per
 * batch instead of a buffer (or two) per person-year: those, allocated and dropped 20,000 times per
 * 100,000 rows, drove the garbage collector's full collections (V8 counts their memory as external).
 * A buffer that grows is copied, and what was handed out before keeps the old one: views stay valid.
 */
export class CommitArena {
  private buf = Buffer.allocUnsafeSlow(1 << 16); // int
  private used = 0;

  /** Everything written so far may be overwritten (what it held is committed and no longer read). */
  reset(): void {
    this.used = 0;
  }

  /** Append `text` as UTF-8; returns where it starts (it ends at `end`). */
  write(text: string): number {
    const most = 3 * text.length; // int: UTF-8 takes at most 3 bytes per UTF-16 unit
    this.room(most);
    const at = this.used;
    this.used += this.buf.write(text, at, 'utf8'); // int
    return at;
  }

  /** Append bytes of this arena (`from`..`to`), and a separator byte before them when `sep` is not -1. */
  copyWithin(from: number, to: number, sep: number): void {
    this.room(to - from + 1); // int
    if (sep >= 0) this.buf[this.used++] = sep; // int
    this.used += this.buf.copy(this.buf, this.used, from, to); // int
  }

  get end(): number {
    return this.used;
  }

  text(from: number, to: number): string {
    return this.buf.toString('utf8', from, to);
  }

  /** A view of `from`..`to`: valid until reset (a later growth leaves it on the old buffer). */
  view(from: number, to: number): Buffer {
    return this.buf.subarray(from, to);
  }

  private room(n: number): void {
    if (this.used + n <= this.buf.length) return;
    const next = Buffer.allocUnsafeSlow(Math.max(2 * this.buf.length, this.used + n)); // int
    this.buf.copy(next, 0, 0, this.used);
    this.buf = next;
  }
}

export class CommitBuilder {
  private readonly names = new Map<string, number>();
  private readonly nameList: string[] = [];
  private readonly params = new Map<string, number>();
  private readonly paramList: string[] = [];
  /*
   * The lines as UTF-8 bytes in the window's arena, with where each starts and ends: outside the JS heap.
   * Held as strings until the commit, a window's lines (a few megabytes) were copied by every young-generation
   * collection meanwhile and then promoted: most of the garbage collector's cost on the ledger path. (Lines of
   * two builders may interleave there: a person-year computed again after a conflict.)
   */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(
    readonly fpColumns: readonly string[],
    private readonly arena: CommitArena = new CommitArena(),
  ) {}

  get size(): number {
    return this.ends.length;
  }

  /** Add a record; returns its line's number (for `record`). */
  add(r: RecordInput, usage: string): number {
    let p = this.params.get(usage);
    if (p === undefined) {
      p = this.paramList.length;
      this.params.set(usage, p);
      this.paramList.push(usage);
    }
    let delta = '';
    for (const name in r.delta) delta += `${delta === '' ? '' : LS}${this.name(name)}${r.delta[name]!}`;
    const cells = r.result;
    const messages = cells[1] as string[];
    let plain = !CONTROL.test(r.key) && !(r.reverses !== undefined && CONTROL.test(r.reverses)) && !CONTROL.test(cells[2] as string) && !(messages.length === 1 && messages[0] === '');
    for (let i = 0; plain && i < messages.length; i++) if (CONTROL.test(messages[i]!)) plain = false; // int
    const fields: (string | number | string[])[] = [r.seq, r.key, r.fp, r.date, r.visit, r.from ?? '', r.to ?? '', p, delta, r.reverses ?? '', cells[0] as number, messages, cells[2] as string];
    for (let i = 3; i < cells.length; i++) { // int
      const v = cells[i];
      const text = v === 0 || v === undefined ? '' : v === null ? 'x' : (v as string);
      if (plain && text.length > 0 && text.charCodeAt(0) === 115 && CONTROL.test(text)) plain = false; // int: 's' text
      fields.push(text);
    }
    // Joined, the line is one flat string: a template or += would leave a tree of dozens of pieces per row.
    if (plain) fields[11] = messages.join(LS);
    this.starts.push(this.arena.write(plain ? fields.join(FS) : JSON.stringify(fields)));
    this.ends.push(this.arena.end);
    return this.ends.length - 1; // int
  }

  /** Line `n` this builder made, as a record (its names and parameters as this builder numbered them). */
  record(n: number): LedgerRecord {
    return parseRecord(this.arena.text(this.starts[n]!, this.ends[n]!), this.nameList);
  }

  /** The commit's text, as UTF-8 bytes: a view of the arena, valid until the arena is reset. */
  pack(head: CommitHead): PackedCommit {
    let before = '';
    for (const name of Object.keys(head.before).sort()) before += `${before === '' ? '' : LS}${this.name(name)}=${head.before[name]!}`;
    const top = [COMMIT_FORMAT, String(head.version), head.sha, head.at, head.beforeLastDate, before, this.fpColumns.join(','), this.nameList.join(LS), this.paramList.join(LS)].join(FS);
    const from = this.arena.write(top);
    for (let i = 0; i < this.ends.length; i++) this.arena.copyWithin(this.starts[i]!, this.ends[i]!, RS_BYTE); // int
    return { version: head.version, sha: head.sha, at: head.at, body: this.arena.view(from, this.arena.end) };
  }

  private name(n: string): number {
    let i = this.names.get(n);
    if (i === undefined) {
      i = this.nameList.length;
      this.names.set(n, i);
      this.nameList.push(n);
    }
    return i;
  }
}

/** A commit given whole (tests, tools): the same text the engine builds row by row. */
export function packCommit(c: LedgerCommit): PackedCommit {
  const b = new CommitBuilder(c.fpColumns);
  for (const r of c.records) {
    const { params, ...rest } = r;
    b.add(rest, c.params[params] ?? '');
  }
  return b.pack(c);
}

/** Per column list as text, one array: records of commits with the same columns compare fingerprints as text. */
const COLUMN_LISTS = new Map<string, readonly string[]>();

/** A commit's text (or its UTF-8 bytes) back to the commit. */
export function unpackCommit(text: string | Uint8Array): LedgerCommit {
  const body = typeof text === 'string' ? text : Buffer.from(text.buffer, text.byteOffset, text.byteLength).toString('utf8');
  const end = body.indexOf(RS);
  const top = (end < 0 ? body : body.slice(0, end)).split(FS);
  if (top[0] !== COMMIT_FORMAT || top.length !== 9) throw new LedgerFormatError(`台账中的提交记录格式无法识别 / a ledger commit in a format this release cannot read (${JSON.stringify(top[0]?.slice(0, 8))})`);
  const names = top[7] === '' ? [] : top[7]!.split(LS);
  const before: AccumulatorSnapshot = {};
  if (top[5] !== '') {
    for (const item of top[5]!.split(LS)) {
      const eq = item.indexOf('=');
      before[names[Number(item.slice(0, eq))]!] = item.slice(eq + 1); // int
    }
  }
  let fpColumns = COLUMN_LISTS.get(top[6]!);
  if (!fpColumns) COLUMN_LISTS.set(top[6]!, (fpColumns = top[6] === '' ? [] : top[6]!.split(',')));
  const records = end < 0 ? [] : body.slice(end + 1).split(RS).map((line) => parseRecord(line, names)); // int
  return { version: Number(top[1]), sha: top[2]!, at: top[3]!, beforeLastDate: top[4]!, before, fpColumns, params: top[8] === '' ? [] : top[8]!.split(LS), records };
}

function parseRecord(line: string, names: readonly string[]): LedgerRecord {
  const json = line.charCodeAt(0) === 91; // '['
  const f = (json ? JSON.parse(line) : line.split(FS)) as (string | number | string[])[];
  const delta: Record<string, string> = {};
  const d = f[8] as string;
  if (d !== '') {
    for (const item of d.split(LS)) {
      let k = 0;
      while (k < item.length && item.charCodeAt(k) >= 48 && item.charCodeAt(k) <= 57) k += 1; // int: the name's number
      delta[names[Number(item.slice(0, k))]!] = item.slice(k);
    }
  }
  const messages = json ? (f[11] as string[]) : f[11] === '' ? [] : (f[11] as string).split(LS);
  const result: StoredCells = [Number(f[10]), messages, f[12] as string];
  for (let i = 13; i < f.length; i++) { // int
    const v = f[i] as string;
    result.push(v === '' ? 0 : v === 'x' ? null : v);
  }
  const visit = f[4] as LedgerRecord['visit'];
  const rec: LedgerRecord = { key: f[1] as string, seq: Number(f[0]), fp: f[2] as string, date: f[3] as string, visit, result, params: Number(f[7]), delta };
  if (f[5] !== '') rec.from = f[5] as string;
  if (f[6] !== '') rec.to = f[6] as string;
  if (f[9] !== '') rec.reverses = f[9] as string;
  return rec;
}
