/**
 * The app's ledger (Functions app and `npm start`): on when YIBAO_LEDGER_KEY is set. Its store is
 * YIBAO_LEDGER (a connection string or a SQLite file) or else the app's storage account (AzureWebJobsStorage
 * in Azure; Azurite locally), in the table YIBAO_LEDGER_TABLE (default yibaoledger). A bad key or no store
 * is refused: the app runs without a ledger, logs why, and /api/health says so.
 */
import { log } from '../log.js';
import { LEDGER_KEY_ENV, LedgerKey, LedgerKeyError } from './key.js';
import { LEDGER_ENV, openLedger } from './open.js';
import { type Ledger, LedgerFormatError } from './types.js';
import { configuredStorage } from '../storage/clients.js';
import { DEFAULT_TABLE, TableLedger, tableClient } from './tables.js';

export type AppLedger =
  | { status: 'on'; ledger: Ledger; key: LedgerKey }
  | { status: 'off'; message: string }
  | { status: 'refused'; message: string };

let current: AppLedger | undefined;

/** The ledger from the environment; `storage`: the app's storage connection string when YIBAO_LEDGER is not set. */
export function ledgerFromEnv(env: NodeJS.ProcessEnv = process.env, storage: string | undefined = env['AzureWebJobsStorage']): AppLedger {
  const keyText = env[LEDGER_KEY_ENV];
  const spec = env[LEDGER_ENV] || storage;
  if (keyText === undefined || keyText === '') {
    if (env[LEDGER_ENV]) return { status: 'refused', message: `已设置 ${LEDGER_ENV} 但未设置密钥 ${LEDGER_KEY_ENV}，台账未启用 / ${LEDGER_ENV} is set but ${LEDGER_KEY_ENV} is not: the ledger is off` };
    return { status: 'off', message: `未设置 ${LEDGER_KEY_ENV}，不使用年度累计台账 / ${LEDGER_KEY_ENV} is not set: no year-to-date ledger` };
  }
  let key: LedgerKey;
  try {
    key = LedgerKey.parse(keyText);
  } catch (e) {
    if (e instanceof LedgerKeyError) return { status: 'refused', message: `${e.message}；台账未启用 / the ledger is off` };
    throw e;
  }
  try {
    if (spec) return { status: 'on', ledger: openLedger(spec), key };
  } catch (e) {
    if (e instanceof LedgerFormatError) return { status: 'refused', message: `${e.message}；台账未启用 / the ledger is off` };
    throw e;
  }
  // The app's storage account through an identity-based connection (no connection string to hand over).
  if (configuredStorage(env)) return { status: 'on', ledger: new TableLedger(tableClient(undefined, env['YIBAO_LEDGER_TABLE'] ?? DEFAULT_TABLE, env)), key };
  return { status: 'refused', message: `未找到台账的存储（${LEDGER_ENV} 或 AzureWebJobsStorage），台账未启用 / no store for the ledger (${LEDGER_ENV} or AzureWebJobsStorage): the ledger is off` };
}

/** Set the app's ledger (the local server, with Azurite's connection string) and say what it is. */
export function useAppLedger(l: AppLedger): AppLedger {
  current = l;
  if (l.status === 'on') log('info', 'ledger.on', { store: l.ledger.description });
  else log(l.status === 'refused' ? 'error' : 'info', `ledger.${l.status}`, { message: l.message });
  return l;
}

/** The app's ledger (read from the environment the first time). */
export function appLedger(): AppLedger {
  return current ?? useAppLedger(ledgerFromEnv());
}

/** What /api/health shows. */
export function ledgerHealth(): { status: AppLedger['status']; store?: string; message?: string } {
  const l = appLedger();
  return l.status === 'on' ? { status: 'on', store: l.ledger.description } : { status: l.status, message: l.message };
}
