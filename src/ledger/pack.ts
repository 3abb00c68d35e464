/**
 * A commit as the stores keep it: its JSON, deflated. A commit repeats the same words row after row (the
 * 计算依据 texts, parameter signatures, accumulator names), so it shrinks to about a third: less to write,
 * fsync and send per person-year. `yibao ledger show` and the tests read it back with unpackCommit.
 */
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import type { LedgerCommit } from './types.js';

/**
 * Fast and small: a commit is a few kilobytes, so a 4 KB window loses little, and deflate's state per call
 * is ~24 KB instead of ~260 KB (native memory, allocated once per person-year committed).
 */
const OPTIONS = { level: constants.Z_BEST_SPEED, windowBits: 12, memLevel: 4 };

export function packCommit(c: LedgerCommit): Buffer {
  return deflateRawSync(Buffer.from(JSON.stringify(c), 'utf8'), OPTIONS);
}

export function unpackCommit(bytes: Uint8Array): LedgerCommit {
  return JSON.parse(inflateRawSync(bytes).toString('utf8')) as LedgerCommit;
}
