/**
 * The streaming engine makes a row's ledger fingerprint from its spooled text as it reads the row back
 * (two-pass.ts decodePrepared, codec.ts digestOf): it must be rowFingerprint of the row, whatever the values
 * (text with 、, numbers, decimals written with exponents, negative zero, lists, absent cells), so a
 * committed row is recognised again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchEngine, type PreparedRow } from '../../src/engine/run.js';
import { decodePrepared, encodePrepared } from '../../src/engine/two-pass.js';
import { kindDef } from '../../src/kinds/index.js';
import type { TypedRow, TypedValue } from '../../src/kinds/validate.js';
import { fingerprintColumns, rowFingerprint } from '../../src/ledger/codec.js';
import { Decimal } from '../../src/money.js';
import { ruleSet } from '../../src/rules/index.js';

const kind = kindDef('settlements');
const keys = kind.inputs.map((c) => c.key);
const columns = fingerprintColumns(kind);
const mask = Uint8Array.from(keys, (k) => (columns.includes(k) ? 1 : 0));
const engine = new BatchEngine({ kind: 'settlements', ruleSet: ruleSet('xining-2024'), overrides: new Map() });

const decimal = fc.oneof(
  fc.tuple(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: -40, max: 40 })).map(([m, e]) => new Decimal(`${m}e${e}`)),
  fc.constantFrom(new Decimal('-0'), new Decimal('0'), new Decimal('0.10'), new Decimal('1e21'), new Decimal('123456789.123456789')),
);
const text = fc.oneof(fc.string(), fc.constantFrom('高血压、糖尿病', '', '-0', 'J1', '\u0001x', '\u0002'));
const value: fc.Arbitrary<TypedValue> = fc.oneof(
  fc.constant(undefined),
  text,
  fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(-0)),
  decimal,
  fc.array(fc.oneof(fc.constantFrom('高血压', '糖尿病', '恶性肿瘤'), fc.string({ minLength: 1 })), { maxLength: 3 }),
);

describe('the fingerprint made from a spooled row', () => {
  it('is rowFingerprint of the row, for any values', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: keys.length, maxLength: keys.length }), fc.boolean(), fc.nat({ max: keys.length }), (given, withIssue, present) => {
        // Rows like real ones too: only the first `present` columns given, the rest absent.
        const values = present % 2 === 0 ? given.map((v, i) => (i < present ? v : undefined)) : given;
        const row: TypedRow = {};
        keys.forEach((k, i) => (row[k] = values[i]));
        // What the engine reads when it restores a row (the date, the person) is typed as validation makes it.
        for (const k of ['visitDate', 'dischargeDate']) row[k] = typeof row[k] === 'string' ? '2024-01-03' : undefined;
        if (row['idNumber'] !== undefined) row['idNumber'] = '630102198001011230';
        const p: PreparedRow = { index: 0, input: {}, row, issues: withIssue ? [{ severity: 'warning', message: 'w' }] : [], fp: undefined };
        const back = decodePrepared(engine, keys, 0, encodePrepared(keys, p), mask);
        const expected = rowFingerprint(columns, row);
        // Rows whose text holds the spool's separators come back through JSON: their fingerprint is made from the values.
        expect(back.fp ?? rowFingerprint(columns, back.row)).toBe(expected);
        expect(rowFingerprint(columns, back.row)).toBe(expected);
        // Absent columns (left out of the text after the last present one) come back absent, and only those.
        expect(keys.filter((k) => back.row[k] === undefined)).toEqual(keys.filter((k) => row[k] === undefined));
        expect(back.issues).toEqual(p.issues);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('nothing personal in a fingerprint (ColumnDef.personal)', () => {
  it('leaves out 身份证号, 姓名, 性别 and 出生日期 of every kind the ledger records, and keeps the amounts', () => {
    for (const k of ['settlements', 'contributions'] as const) {
      const cols = fingerprintColumns(kindDef(k));
      for (const c of ['idNumber', 'name', 'sex', 'birthDate']) expect(cols, `${k} ${c}`).not.toContain(c);
    }
    expect(fingerprintColumns(kindDef('contributions'))).toContain('wage');
    // The 既往… columns seed the year, they are not the row (ColumnDef.prior).
    for (const c of ['priorAdmissions', 'priorFundPaid', 'priorCriticalBase']) expect(fingerprintColumns(kindDef('settlements'))).not.toContain(c);
  });

  it('two contributions that differ only in 性别 and 出生日期 have one fingerprint (a birth date digest could be reversed by trying every date)', () => {
    const cols = fingerprintColumns(kindDef('contributions'));
    const base: TypedRow = { period: '2024-03', category: '在职', wage: new Decimal('6000') };
    const a = rowFingerprint(cols, { ...base, sex: '男', birthDate: '1980-01-01' });
    const b = rowFingerprint(cols, { ...base, sex: '女', birthDate: '1975-06-30' });
    expect(a).toBe(b);
    expect(rowFingerprint(cols, { ...base, wage: new Decimal('6000.01') })).not.toBe(a);
  });
});
