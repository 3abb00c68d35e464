/** A ledger from what the user gives (`--ledger`, YIBAO_LEDGER): a SQLite file path or a storage connection string. */
import { SqliteLedger } from './sqlite.js';
import { TableLedger, tableClient } from './tables.js';
import type { Ledger } from './types.js';

export const LEDGER_ENV = 'YIBAO_LEDGER';

/** A storage account connection string rather than a file path (`UseDevelopmentStorage=true`, `…;TableEndpoint=…`). */
export function isConnectionString(spec: string): boolean {
  return /^UseDevelopmentStorage=true/i.test(spec.trim()) || /(^|;)\s*(DefaultEndpointsProtocol|AccountName|TableEndpoint|SharedAccessSignature)=/i.test(spec);
}

export function openLedger(spec: string): Ledger {
  return isConnectionString(spec) ? new TableLedger(tableClient(spec)) : new SqliteLedger(spec);
}
