/**
 * A spool for records put in any order and read back once in id order: the outcomes of a batch, computed
 * person by person and written in sheet order.
 *
 * The random-access Spool reads a spilled record with one positional read each (a system call per row,
 * in no order). Here records are grouped as they are put into buckets of 4,096 consecutive ids; a bucket
 * fills small segments, which stay in memory within the budget and go to a temp file beyond it. Reading
 * in id order loads one bucket at a time with a few large sequential reads. Memory: the segments being
 * filled (bounded by the budget), one bucket while it is read, 8 bytes of header per record on file.
 * A record put again under the same id (before its bucket is read) replaces the earlier one.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSpoolBudget, type SpoolOptions } from './two-pass-spool.js';

const BUCKET_SHIFT = 12;
const HEADER = 8;

type Segment = Buffer | { at: number; len: number };

export class OrderedSpool {
  private readonly open: (Buffer | undefined)[];
  private readonly used: Uint32Array;
  private readonly sealed: Segment[][];
  private readonly segmentSize: number;
  private readonly budget: number;
  private inMemory = 0;
  private fd: number | undefined;
  private tmpDir: string | undefined;
  private fileSize = 0;
  // The bucket being read: its records' buffers and offsets by id - base.
  private readingBucket = -1;
  private recBuf: Buffer[] = [];
  private recStart = new Uint32Array(1 << BUCKET_SHIFT);
  private recEnd = new Uint32Array(1 << BUCKET_SHIFT);

  /** `size`: ids run from 0 to size - 1. */
  constructor(
    readonly size: number,
    private readonly options: SpoolOptions = {},
  ) {
    const buckets = Math.max(1, Math.ceil(size / (1 << BUCKET_SHIFT))); // int
    this.open = new Array<Buffer | undefined>(buckets);
    this.used = new Uint32Array(buckets);
    this.sealed = Array.from({ length: buckets }, () => []);
    this.budget = options.memoryBudget ?? defaultSpoolBudget();
    // Segments being filled take at most half the budget together (whatever the number of buckets).
    this.segmentSize = Math.min(1 << 20, Math.max(8 << 10, Math.floor(this.budget / 2 / buckets))); // int
  }

  /**
   * The last id of `id`'s bucket: reading `id` loads its whole bucket, so every record of the bucket must
   * be put by then.
   */
  bucketEnd(id: number): number {
    return Math.min(this.size - 1, id | ((1 << BUCKET_SHIFT) - 1)); // int
  }

  /** Bytes written to the temp file so far. */
  get spilledBytes(): number {
    return this.fileSize;
  }

  put(id: number, text: string): void {
    const b = id >>> BUCKET_SHIFT; // int
    const max = text.length * 3; // int: UTF-8 worst case
    const seg = this.room(b, HEADER + max); // int
    const at = this.used[b]!;
    const len = seg.write(text, at + HEADER, 'utf8'); // int
    seg.writeUInt32LE(id, at);
    seg.writeUInt32LE(len, at + 4); // int
    this.used[b] = at + HEADER + len; // int
  }

  /** Store a record made of a text head and bytes (copied as they are: no string is built for them). */
  putParts(id: number, head: string, body: Uint8Array): void {
    const b = id >>> BUCKET_SHIFT; // int
    const seg = this.room(b, HEADER + head.length * 3 + body.length); // int: UTF-8 worst case for the head
    const at = this.used[b]!;
    const headLen = seg.write(head, at + HEADER, 'utf8'); // int
    seg.set(body, at + HEADER + headLen); // int
    seg.writeUInt32LE(id, at);
    seg.writeUInt32LE(headLen + body.length, at + 4); // int
    this.used[b] = at + HEADER + headLen + body.length; // int
  }

  /** The record of `id` as text; ids must be asked for in increasing order. */
  get(id: number): string {
    this.load(id);
    const k = id & ((1 << BUCKET_SHIFT) - 1); // int
    const buf = this.recBuf[k];
    if (!buf) throw new Error(`no record ${id}`);
    return buf.toString('utf8', this.recStart[k]!, this.recEnd[k]!);
  }

  /** The record of `id` as bytes (a view, valid while its bucket is read); ids in increasing order. */
  getBytes(id: number): Buffer {
    this.load(id);
    const k = id & ((1 << BUCKET_SHIFT) - 1); // int
    const buf = this.recBuf[k];
    if (!buf) throw new Error(`no record ${id}`);
    return buf.subarray(this.recStart[k]!, this.recEnd[k]!);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.tmpDir) rmSync(this.tmpDir, { recursive: true, force: true });
    this.tmpDir = undefined;
    this.open.fill(undefined);
    this.sealed.forEach((s) => (s.length = 0));
    this.recBuf = [];
  }

  /** The bucket's open segment, with `need` bytes free (sealing the full one). */
  private room(b: number, need: number): Buffer {
    let seg = this.open[b];
    const used = this.used[b]!;
    if (seg && used + need <= seg.length) return seg; // int
    if (seg && used > 0) this.seal(b, seg.subarray(0, used));
    seg = Buffer.allocUnsafe(Math.max(this.segmentSize, need));
    this.open[b] = seg;
    this.used[b] = 0;
    return seg;
  }

  private seal(b: number, filled: Buffer): void {
    if (this.inMemory + filled.length <= this.budget / 2) { // int: the other half is for open segments
      this.sealed[b]!.push(filled);
      this.inMemory += filled.length; // int
      return;
    }
    if (this.fd === undefined) {
      this.tmpDir = mkdtempSync(join(this.options.dir ?? tmpdir(), 'yibao-spool-'));
      this.fd = openSync(join(this.tmpDir, 'ordered'), 'w+');
    }
    let done = 0;
    while (done < filled.length) done += writeSync(this.fd, filled, done, filled.length - done, this.fileSize + done); // int
    this.sealed[b]!.push({ at: this.fileSize, len: filled.length });
    this.fileSize += filled.length; // int
  }

  /** Make `id`'s bucket the one being read: every segment of it, records indexed by id. */
  private load(id: number): void {
    const b = id >>> BUCKET_SHIFT; // int
    if (b === this.readingBucket) return;
    if (b < this.readingBucket) throw new Error(`records must be read in id order (${id} after bucket ${this.readingBucket})`);
    // Free what the previous bucket held in memory.
    if (this.readingBucket >= 0) {
      for (const s of this.sealed[this.readingBucket]!) if (Buffer.isBuffer(s)) this.inMemory -= s.length; // int
      this.sealed[this.readingBucket] = [];
      this.open[this.readingBucket] = undefined;
    }
    this.readingBucket = b;
    this.recBuf = new Array<Buffer>(1 << BUCKET_SHIFT);
    const segments: Buffer[] = [];
    for (const s of this.sealed[b]!) {
      if (Buffer.isBuffer(s)) segments.push(s);
      else {
        const buf = Buffer.allocUnsafe(s.len);
        let done = 0;
        while (done < s.len) done += readSync(this.fd!, buf, done, s.len - done, s.at + done); // int
        segments.push(buf);
      }
    }
    const last = this.open[b];
    if (last) segments.push(last.subarray(0, this.used[b]!));
    const base = b << BUCKET_SHIFT; // int
    for (const seg of segments) {
      for (let at = 0; at < seg.length; ) { // int
        const k = seg.readUInt32LE(at) - base; // int
        const len = seg.readUInt32LE(at + 4); // int
        this.recBuf[k] = seg;
        this.recStart[k] = at + HEADER; // int
        this.recEnd[k] = at + HEADER + len; // int
        at += HEADER + len; // int
      }
    }
  }
}
