/** Shared row builders for the Xining settlement tests (not a test file itself). */
import type { RawRow } from '../../src/kinds/validate.js';
import { idFor } from '../helpers/rows.js';

let seq = 0;

/** A 职工 在职 inpatient row at a 二级 hospital in February 2024; override anything. */
export function emp(over: RawRow = {}): RawRow {
  seq += 1; // int
  return {
    settlementId: `E${seq}`,
    idNumber: idFor('19800101', 123),
    scheme: '职工',
    employmentStatus: '在职',
    visitType: '住院',
    level: '二级',
    visitDate: '2024-02-03',
    dischargeDate: '2024-02-15',
    ...over,
  };
}

/** A 居民 inpatient row at a 二级 hospital in March 2024; override anything. */
export function res(over: RawRow = {}): RawRow {
  seq += 1; // int
  return {
    settlementId: `R${seq}`,
    idNumber: idFor('19700101', 246),
    scheme: '居民',
    visitType: '住院',
    level: '二级',
    visitDate: '2024-03-01',
    dischargeDate: '2024-03-10',
    ...over,
  };
}
