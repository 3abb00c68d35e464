/**
 * At most `concurrent` requests at a time, at most `outstanding` held (running or waiting in turn), as the
 * Functions host's maxConcurrentRequests / maxOutstandingRequests do: memory per request times
 * `concurrent` bounds the server, and a flood is told to come back (429) instead of queueing without end.
 */
export class Gate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrent: number,
    readonly outstanding: number,
  ) {}

  /** Waits for a turn; resolves to `leave` (call it once, when done), or undefined when too many are held. */
  async enter(): Promise<(() => void) | undefined> {
    if (this.running + this.waiting.length >= Math.max(this.outstanding, this.concurrent)) return undefined;
    if (this.running >= this.concurrent) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1; // int
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const next = this.waiting.shift();
      if (next) next(); // the turn passes on: running stays the same
      else this.running -= 1; // int
    };
  }
}
