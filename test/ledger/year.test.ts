/**
 * Acceptance (issue 12): a generated year per city, processed as 4 quarterly batches with a ledger, gives
 * every row the same result cells as the whole year in one workbook (split equals whole); every batch
 * processed twice gives byte-identical output and leaves the ledger unchanged (idempotent); and neither
 * store holds any ID number or name of the inputs (privacy). Both stores: SQLite and Azure Tables (Azurite).
 */
import { describe, expect, it } from 'vitest';
import { found, type StoreKind, storeBytes, storeContents, useLedgerStores } from '../helpers/ledger.js';
import { processBytes, type Rec, records, workbook } from './helpers.js';
import { generateYear, YEAR_HEADERS } from './year-data.js';

const stores = useLedgerStores();

const CITIES = [
  { city: 'xining' as const, policy: 'xining-2024' as const, overrides: undefined },
  // The text gives no resident outpatient ratio (RULES.md): set, so those rows compute.
  { city: 'dongying' as const, policy: 'dongying-2018' as const, overrides: { 'dongying.resident.outpatient.ratio': '0.5' } },
];

/** A record without where its year-to-date figures came from (the only thing a batch changes): `年度累计起点：…；`. */
function cells(r: Rec): Rec {
  const { row: _row, ...rest } = r;
  return { ...rest, basis: String(r.basis ?? '').replace(/^年度累计起点：[^；]*；/, '') } as Rec;
}

describe.each(CITIES)('$city: a year in 4 quarterly batches', ({ city, policy, overrides }) => {
  const data = generateYear(city, 40, city === 'xining' ? 11 : 12);
  const run = { policy, ...(overrides ? { overrides } : {}) };

  it.each<StoreKind>(['sqlite', 'tables'])('%s: split equals whole, each batch twice is byte-identical with the ledger unchanged, no ID or name stored', async (kind) => {
    const whole = await records(await workbook(YEAR_HEADERS, data.rows), run);
    const ok = whole.filter((r) => r.status !== 'error');
    expect(ok.length).toBeGreaterThan(whole.length * 0.9);
    // The data exercises what accumulates: caps, critical illness, civil servants, assistance (Xining), chronic quarters.
    expect(whole.some((r) => /封顶|最高支付限额/.test(String(r.basis)))).toBe(true);
    expect(whole.some((r) => Number(r['criticalIllnessPaid']) > 0)).toBe(true);
    expect(whole.some((r) => Number(r['civilServantPaid']) > 0)).toBe(true);
    if (city === 'xining') expect(whole.some((r) => Number(r['assistancePaid']) > 0)).toBe(true);

    const ledger = stores.fresh(kind);
    const byRow = new Map<string, Rec>();
    for (let q = 1; q <= 4; q++) {
      const rows = data.rows.filter((_, i) => data.quarter[i] === q);
      const batch = await workbook(YEAR_HEADERS, rows);
      const first = await processBytes(batch, { ...run, ledger, format: 'xlsx' });
      const committed = await storeContents(ledger);
      const second = await processBytes(batch, { ...run, ledger, format: 'xlsx' });
      expect(second.body.equals(first.body), `quarter ${q}: the retry's bytes`).toBe(true);
      expect(await storeContents(ledger), `quarter ${q}: the ledger after the retry`).toBe(committed);
      for (const r of await records(batch, { ...run, ledger })) byRow.set(String(r['settlementId']), r);
    }
    for (const w of whole) {
      const q = byRow.get(String(w['settlementId']))!;
      expect(cells(q), `row ${String(w['settlementId'])}`).toEqual(cells(w));
    }
    const bytes = await storeBytes(ledger);
    expect(bytes.length).toBeGreaterThan(1000);
    expect(found(bytes, data.ids)).toEqual([]);
    expect(found(bytes, data.names)).toEqual([]);
  }, 240_000);
});
