/** Shared fixtures for the Dongying 2018 tests. */
import type { RawRow } from '../../src/kinds/validate.js';
import type { RowOutcome } from '../../src/engine/run.js';
import { idFor, r2, run } from './rows.js';

let seq = 0;
const nextId = (): string => `S${++seq}`;

export const ID = idFor('19800101', 123);
export const ID2 = idFor('19700101', 125);

/** An employee inpatient row in 2020 (二级, 在职); override as needed. */
export function emp(over: RawRow): RawRow {
  return { settlementId: nextId(), idNumber: ID, scheme: '职工', employmentStatus: '在职', visitType: '住院', level: '二级', visitDate: '2020-03-01', dischargeDate: '2020-03-10', ...over };
}

export function res(over: RawRow): RawRow {
  return { settlementId: nextId(), idNumber: ID2, scheme: '居民', visitType: '住院', level: '二级', visitDate: '2020-03-01', dischargeDate: '2020-03-10', ...over };
}

export async function settle(rows: RawRow[], overrides: Record<string, string> = {}): Promise<RowOutcome[]> {
  return (await run('dongying-2018', 'settlements', rows, overrides)).outcomes;
}

/** The money results of a row as 2-decimal strings. */
export function pick(o: RowOutcome, ...keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, r2(o.results[k])]));
}
