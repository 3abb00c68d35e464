/** A commit's text (pack.ts): what is packed is what is unpacked, whatever the texts hold. */
import { describe, expect, it } from 'vitest';
import { CommitArena, CommitBuilder, packCommit, unpackCommit } from '../../src/ledger/pack.js';
import { LedgerFormatError, type LedgerCommit, type LedgerRecord } from '../../src/ledger/types.js';

const COLUMNS = ['settlementId', 'scheme', 'totalCost'];

function rec(seq: number, over: Partial<LedgerRecord> = {}): LedgerRecord {
  return { key: `JS${seq}`, seq, fp: `a${seq},,b`, date: '2024-03-01', visit: 'O', result: [1, ['提示一', '提示二'], '计算依据', 'd-0.5', 0, null, 'n3', 's文本'], params: 0, delta: { 'x.fundPaid': `+${seq}.5`, 'x.admissions': '=1' }, ...over };
}

function commit(records: LedgerRecord[]): LedgerCommit {
  return { version: 3, sha: 'f'.repeat(64), at: '2024-04-01T08:00:00.000Z', before: { 'x.admissions': '2', 'x.fundPaid': '100.25' }, beforeLastDate: '2024-02-28', params: ['0a1b2c3d:4.0,7.1', '0a1b2c3d:5.o'], fpColumns: COLUMNS, records };
}

describe('commit text', () => {
  it('gives back what was packed: head, dictionaries, every kind of record', () => {
    const records = [
      rec(1),
      rec(2, { params: 1, visit: 'S', from: '2024-02-20', to: '2024-03-01', delta: {} }),
      rec(3, { reverses: 'JS1', visit: '', result: [0, [], '', 0, 0], delta: { 'x.fundPaid': '-1.5', 'x.gone': '~' } }),
      // Texts holding the separators (a 提示 quoting a cell, a 结算号), an empty 提示: written as JSON.
      rec(4, { key: 'JS\u00014', result: [2, ['列「备注」的值「a\u0002b\u0003c\u0000」'], '依据\n两行', 's\u0001'] }),
      rec(5, { result: [2, [''], '', 0] }),
      rec(6, { key: '[6', reverses: 'JS\u00032' }),
    ];
    const c = commit(records);
    const packed = packCommit(c);
    expect(packed).toMatchObject({ version: 3, sha: c.sha, at: c.at });
    expect(unpackCommit(packed.body)).toEqual(c);
  });

  it('writes each repeated name once, in the head', () => {
    const body = packCommit(commit(Array.from({ length: 50 }, (_, i) => rec(i + 1)))).body.toString('utf8');
    expect(body.split('x.fundPaid')).toHaveLength(2);
    expect(body.split('0a1b2c3d:4.0,7.1')).toHaveLength(2);
  });

  it('reads back a line it built before the commit (a reversal of a row of the same batch)', () => {
    const b = new CommitBuilder(COLUMNS);
    b.add(rec(1), 'sig');
    const line = b.add(rec(2), 'other');
    expect(b.record(line)).toEqual({ ...rec(2), params: 1 });
  });

  it('reads back every line, plain or JSON, as it grows well past its first bytes (kept outside the JS heap)', () => {
    const b = new CommitBuilder(COLUMNS);
    const long = '计算依据'.repeat(300);
    const records = Array.from({ length: 40 }, (_, i) =>
      i % 3 === 2 ? rec(i + 1, { key: `JS\u0001${i}`, params: 2 }) : rec(i + 1, { result: [1, [], `${long}${i}`, 'd1'], params: i % 3 }),
    );
    const lines = records.map(({ params, ...r }) => b.add(r, ['a', 'b', 'c'][params]!));
    records.forEach((r, i) => expect(b.record(lines[i]!)).toEqual(r));
    const c = { ...commit([]), params: ['a', 'b', 'c'] };
    expect(unpackCommit(b.pack(c).body)).toEqual({ ...c, records });
  });

  it('builders sharing one arena, their lines interleaved (a person-year computed again after a conflict), each pack their own rows; a commit handed out earlier stays intact as the arena grows', () => {
    const arena = new CommitArena();
    const [a, b] = [new CommitBuilder(COLUMNS, arena), new CommitBuilder(COLUMNS, arena)];
    const long = '依据'.repeat(5000); // well past the arena's first bytes
    const ra = [1, 2, 3].map((i) => rec(i, { params: 0 }));
    const rb = [4, 5].map((i) => rec(i, { params: 0, result: [1, [], `${long}${i}`, 'd1'] }));
    a.add(ra[0]!, 's');
    b.add(rb[0]!, 's');
    a.add(ra[1]!, 's');
    const c = { ...commit([]), params: ['s'] };
    const first = a.pack(c).body;
    const firstBytes = Buffer.from(first);
    b.add(rb[1]!, 's');
    a.add(ra[2]!, 's');
    expect(unpackCommit(b.pack(c).body)).toEqual({ ...c, records: rb });
    expect(Buffer.compare(first, firstBytes)).toBe(0);
    expect(unpackCommit(first)).toEqual({ ...c, records: ra.slice(0, 2) });
    expect(unpackCommit(a.pack(c).body)).toEqual({ ...c, records: ra });
  });

  it('reads a commit given as text (files written before commits were kept as bytes)', () => {
    const c = commit([rec(1), rec(2, { params: 1 })]);
    expect(unpackCommit(packCommit(c).body.toString('utf8'))).toEqual(c);
  });

  it('refuses text of another format', () => {
    expect(() => unpackCommit('{"version":1}')).toThrow(LedgerFormatError);
  });
});
