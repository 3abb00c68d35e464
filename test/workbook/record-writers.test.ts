/**
 * The JSON and CSV record writers on the hot path: a row's fields come from two arrays (the record's values,
 * then the sheet's name and other columns), read in place — no combined copy per row — and a sheet's
 * other-column values never leak from one row into the next.
 */
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../src/kinds/index.js';
import { CsvRecordWriter } from '../../src/render/csv.js';
import { JsonRecordWriter } from '../../src/render/json.js';
import { type FieldValue, recordFields } from '../../src/render/records.js';
import { idFor } from '../helpers/rows.js';
import { type Cell, d, exportBook, processed, records } from './exports.js';

/** Values that count how often they are iterated (a spread or map copies them through the iterator). */
function counted(values: FieldValue[]): { values: FieldValue[]; iterations: () => number } {
  let n = 0;
  const proxy = new Proxy(values, {
    get(target, key, receiver) {
      if (key === Symbol.iterator) n += 1; // int
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { values: proxy, iterations: () => n };
}

describe('record writers', () => {
  const kind = KINDS['account-refund'];
  const vals = (): FieldValue[] => recordFields(kind).map((_, i) => (i === 0 ? { number: '2' } : i === 1 ? { string: '=SUM(A1)' } : null));

  it('JSON and CSV read both arrays by index: no copy of the row', () => {
    for (const w of [new JsonRecordWriter(kind, 'en', { extras: ['科室'] }), new CsvRecordWriter(kind, 'en', { extras: ['科室'] })]) {
      const a = counted(vals());
      const b = counted([{ string: '一月' }, { string: '内科' }]);
      w.begin();
      expect(w.fromValues(a.values, b.values)).toContain('内科');
      expect(a.iterations() + b.iterations()).toBe(0);
    }
  });

  it('the text of every field, in order', () => {
    const blanks = recordFields(kind).length - 2; // int: after row and the first input
    const json = new JsonRecordWriter(kind, 'en', { extras: ['科室'] });
    json.begin();
    const keys = recordFields(kind).slice(2).map((f) => `"${f.key}":null`).join(',');
    expect(json.fromValues(vals(), [{ string: '一月' }, null])).toBe(`\n{"row":2,"${recordFields(kind)[1]!.key}":"=SUM(A1)",${keys},"sheet":"一月","科室":null}`);
    const csv = new CsvRecordWriter(kind, 'en', { extras: ['科室'] });
    expect(csv.fromValues(vals(), [{ string: '一月' }, null])).toBe(`2,'=SUM(A1)${','.repeat(blanks)},一月,\r\n`);
  });

  it('a blank other-column cell after a filled one is empty, not the row before\'s value', async () => {
    const P = idFor('19790618', 123);
    const rows: Cell[][] = [
      ['结算号', '身份证号', '险种', '人员状态', '就诊类型', '医院等级', '就诊日期', '出院日期', '医疗总费用', '科室'],
      ['S1', P, '职工', '在职', '普通门诊', '三级', d('2024-03-11'), null, 300, '内科'],
      ['S2', P, '职工', '在职', '普通门诊', '三级', d('2024-03-12'), null, 300, null],
    ];
    const recs = records((await processed(await exportBook([{ name: '三月', rows }], 'xining-2024'), { format: 'json' })).res);
    expect(recs.map((r) => [r['settlementId'], r['sheet'], r['科室']])).toEqual([['S1', '三月', '内科'], ['S2', '三月', null]]);
  });
});
