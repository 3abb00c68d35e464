/**
 * Where a workbook's output goes on its way to an HTTP client. It is held in memory up to `threshold`
 * bytes: an answer that fits is sent whole, with every header, and a file refused before then is still
 * the 4xx JSON error. Past the threshold it is streamed: the pipeline's writes wait (back-pressure) until
 * the client has taken what is held, so a response of any size costs about twice the threshold in memory
 * rather than its own size (a 900 MB JSON body once took 2 GB of RSS).
 */
import { Writable } from 'node:stream';

export class ResponseBody extends Writable {
  private held: Buffer[] = [];
  private heldBytes = 0;
  /** The callback of the write that filled the buffer: released when the reader takes what is held. */
  private blocked: ((error?: Error | null) => void) | undefined;
  /** The reader waiting for more. */
  private wake: (() => void) | undefined;
  private ended = false;
  private failure: Error | undefined;
  private onFull!: () => void;
  /** Resolves once more than `threshold` bytes are waiting: from then on the answer streams. */
  readonly full = new Promise<void>((resolve) => (this.onFull = resolve));

  constructor(readonly threshold: number) {
    super();
    // A failure reaches the client through chunks() (the stream is cut short), not as an 'error' event.
    this.on('error', () => undefined);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.held.push(chunk);
    this.heldBytes += chunk.length; // int: byte count
    this.wakeReader();
    if (this.heldBytes > this.threshold) {
      this.blocked = callback;
      this.onFull();
    } else callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.ended = true;
    this.wakeReader();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // Destroyed after its end (autoDestroy) is the normal close; before it, the answer is cut short.
    if (error || !this.ended) this.failure = error ?? new Error('response aborted');
    this.wakeReader();
    this.blocked?.(this.failure ?? null);
    this.blocked = undefined;
    callback(error);
  }

  private wakeReader(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Everything written, once it has ended within the threshold. */
  whole(): Buffer {
    return Buffer.concat(this.held);
  }

  /** The output as it comes (ends with the pipeline; throws if the pipeline failed part way). */
  async *chunks(): AsyncGenerator<Uint8Array> {
    for (;;) {
      if (this.held.length > 0) {
        const out = this.held;
        this.held = [];
        this.heldBytes = 0;
        const release = this.blocked;
        this.blocked = undefined;
        release?.();
        for (const c of out) yield c;
        continue;
      }
      if (this.failure) throw this.failure;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
