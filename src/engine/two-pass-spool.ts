/**
 * A spool of text records addressed by sequence number, read back in any order: the streaming path's
 * holding place for prepared rows between pass 1 (sheet order) and the compute pass (settlement order).
 * Outcomes, read back once in sheet order, go to an OrderedSpool instead (ordered-spool.ts).
 *
 * Records are packed into chunks of bytes. The first chunks stay in memory up to a budget; past it each
 * filled chunk goes to an anonymous temp file and records are read back with positional reads (the OS
 * page cache, not our heap, holds them). Memory is therefore bounded whatever the number of rows:
 * 12 bytes of index per record plus the in-memory budget.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHUNK = 1 << 20;

export interface SpoolOptions {
  /** Bytes kept in memory before chunks spill to a temp file (default 16 MB, or YIBAO_SPOOL_MB). */
  memoryBudget?: number;
  /** Directory for the temp file (default: the OS temp dir). */
  dir?: string;
}

/** Bytes a spool keeps in memory unless told otherwise: 16 MB, or YIBAO_SPOOL_MB. */
export function defaultSpoolBudget(): number {
  return Number(process.env['YIBAO_SPOOL_MB'] ?? 16) * 1024 * 1024; // int
}

/**
 * The spools' budgets for a batch with a year-to-date ledger: 12 MB for the prepared rows (read back one by
 * one in compute order: each record spilled is a read from the temp file) and 4 MB for the outcomes (read
 * back a bucket at a time in sheet order), or YIBAO_SPOOL_MB each when set. The ledger's own memory (SQLite,
 * a window's person-years and its commit bytes) comes out of the spools', so that the batch keeps within
 * the peak of a run without a ledger; the rest of each spool waits in its temp file (the OS page cache).
 */
export function ledgerSpoolOptions(): { rows: SpoolOptions; outcomes: SpoolOptions } {
  if (process.env['YIBAO_SPOOL_MB'] !== undefined) return { rows: { memoryBudget: defaultSpoolBudget() }, outcomes: { memoryBudget: defaultSpoolBudget() } };
  return { rows: { memoryBudget: 12 * 1024 * 1024 }, outcomes: { memoryBudget: 4 * 1024 * 1024 } }; // int
}

export class Spool {
  private chunk = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  /** Chunks done: in memory (Buffer) or on file (offset into the temp file). */
  private readonly chunks: (Buffer | number)[] = [];
  private inMemory = 0;
  private fd: number | undefined;
  private tmpDir: string | undefined;
  private fileSize = 0;
  private readBuf = Buffer.allocUnsafe(64 * 1024); // int
  // Per record: chunk number, offset in chunk, byte length.
  private recChunk = new Uint32Array(1024);
  private recOff = new Uint32Array(1024);
  private recLen = new Uint32Array(1024);
  private n = 0;
  private readonly budget: number;

  constructor(private readonly options: SpoolOptions = {}) {
    this.budget = options.memoryBudget ?? defaultSpoolBudget();
  }

  get size(): number {
    return this.n;
  }

  /** Bytes written to the temp file so far (0 while everything fits the memory budget). */
  get spilledBytes(): number {
    return this.fileSize;
  }

  /** Store a record under `id` (any order; ids are dense from 0). */
  put(id: number, text: string): void {
    // Room for the worst case (3 bytes per UTF-16 unit): write at once, no separate length pass.
    const fits = this.used + text.length * 3 <= this.chunk.length; // int
    if (!fits) {
      const len = Buffer.byteLength(text, 'utf8');
      if (this.used + len > this.chunk.length) this.seal(len); // int
    }
    const len = this.chunk.write(text, this.used, 'utf8');
    this.note(id, this.used, len);
  }

  private note(id: number, off: number, len: number): void {
    if (id >= this.recChunk.length) this.grow(id + 1); // int
    this.recChunk[id] = this.chunks.length;
    this.recOff[id] = off;
    this.recLen[id] = len;
    this.used = off + len; // int
    if (id >= this.n) this.n = id + 1; // int
  }

  /** Store a record under the next id. */
  push(text: string): number {
    const id = this.n;
    this.put(id, text);
    return id;
  }

  get(id: number): string {
    const c = this.recChunk[id]!;
    const off = this.recOff[id]!;
    const len = this.recLen[id]!;
    if (c === this.chunks.length) return this.chunk.toString('utf8', off, off + len); // int
    const where = this.chunks[c]!;
    if (typeof where !== 'number') return where.toString('utf8', off, off + len); // int
    if (len > this.readBuf.length) this.readBuf = Buffer.allocUnsafe(len * 2); // int
    let done = 0;
    while (done < len) done += readSync(this.fd!, this.readBuf, done, len - done, where + off + done); // int
    return this.readBuf.toString('utf8', 0, len);
  }

  /** Remove the temp file. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.tmpDir) rmSync(this.tmpDir, { recursive: true, force: true });
    this.tmpDir = undefined;
    this.chunks.length = 0;
  }

  private seal(next: number): void {
    const filled = this.chunk.subarray(0, this.used);
    if (this.inMemory + filled.length <= this.budget) { // int
      this.chunks.push(Buffer.from(filled));
      this.inMemory += filled.length; // int
    } else {
      if (this.fd === undefined) {
        this.tmpDir = mkdtempSync(join(this.options.dir ?? tmpdir(), 'yibao-spool-'));
        this.fd = openSync(join(this.tmpDir, 'spool'), 'w+');
      }
      let done = 0;
      while (done < filled.length) done += writeSync(this.fd, filled, done, filled.length - done, this.fileSize + done); // int
      this.chunks.push(this.fileSize);
      this.fileSize += filled.length; // int
    }
    if (next > this.chunk.length) this.chunk = Buffer.allocUnsafe(next);
    else if (this.chunk.length > CHUNK) this.chunk = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
  }

  private grow(min: number): void {
    const cap = Math.max(min, this.recChunk.length * 2); // int
    const g = (a: Uint32Array) => {
      const b = new Uint32Array(cap);
      b.set(a);
      return b;
    };
    this.recChunk = g(this.recChunk);
    this.recOff = g(this.recOff);
    this.recLen = g(this.recLen);
  }
}
