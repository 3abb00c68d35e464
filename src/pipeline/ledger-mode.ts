/**
 * The year-to-date ledger modes (LEDGER.md), one schema for every door: `commit` makes the rows final,
 * `peek` computes against the ledger and commits nothing, `off` leaves it out. The pipeline itself only
 * knows the first two (no ledger is `off`).
 */
import { z } from 'zod';

export const ledgerModeSchema = z
  .enum(['commit', 'peek', 'off'])
  .describe('年度累计台账：commit（应用已启用台账时的缺省：按台账计算并提交）、peek（按台账计算，不提交）、off（不用台账） / year-to-date ledger: commit (the default when the app has one), peek (compute against it, commit nothing), off');

export type LedgerMode = z.infer<typeof ledgerModeSchema>;

/** A mode that uses the ledger: the pipeline's, and the CLI's --ledger-mode. */
export const ledgerUseSchema = ledgerModeSchema.exclude(['off']);

export type LedgerUseMode = z.infer<typeof ledgerUseSchema>;
