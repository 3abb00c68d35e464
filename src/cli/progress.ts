/** A one-line progress bar on stderr, only when stderr is a terminal and the input is large. */
import type { WriteStream } from 'node:tty';
import type { ProgressStage } from '../pipeline/types.js';

/** Files above this size (bytes) get a progress bar. */
export const LARGE_INPUT_BYTES = 1_000_000;

export interface Progress {
  update(done: number, total: number | undefined, stage?: ProgressStage): void;
  done(): void;
}

const STAGE_ZH: Record<ProgressStage, string> = { read: '读取', compute: '计算', write: '写出' };

const NONE: Progress = { update: () => undefined, done: () => undefined };

export function progressBar(stream: NodeJS.WriteStream, inputBytes: number, now: () => number = Date.now): Progress {
  if (!stream.isTTY || inputBytes < LARGE_INPUT_BYTES) return NONE;
  const tty = stream as WriteStream;
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  return {
    update(done, total, stage) {
      const t = now();
      if (t - last < 100 && done !== total) return; // int: ms throttle
      last = t;
      shown = true;
      const width = Math.max(10, Math.min(40, (tty.columns ?? 80) - 40)); // int: characters
      let line: string;
      if (total && total > 0) {
        const filled = Math.round((width * Math.min(done, total)) / total); // int: characters
        const pct = Math.floor((100 * Math.min(done, total)) / total); // int: percent
        line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct}% ${done}/${total} 行`;
      } else {
        line = `已处理 ${done} 行 / rows done`;
      }
      if (stage) line = `${STAGE_ZH[stage]} ${line}`;
      tty.write(`\r${line}\x1b[K`);
    },
    done() {
      if (shown) tty.write('\r\x1b[K');
    },
  };
}
