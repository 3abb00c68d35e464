/**
 * A commit as the stores keep it: its JSON, deflated. A commit repeats the same words row after row (the
 * 计算依据 texts, parameter ids, accumulator names), so it shrinks to a fifth or less: less to write,
 * fsync and send per person-year. `yibao ledger show` and the tests read it back with unpackCommit.
 */
import { deflateRawSync, inflateRawSync, constants } from 'node:zlib';
import type { LedgerCommit } from './types.js';

export function packCommit(c: LedgerCommit): Buffer {
  return deflateRawSync(Buffer.from(JSON.stringify(c), 'utf8'), { level: constants.Z_BEST_SPEED });
}

export function unpackCommit(bytes: Uint8Array): LedgerCommit {
  return JSON.parse(inflateRawSync(bytes).toString('utf8')) as LedgerCommit;
}
