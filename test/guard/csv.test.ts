import { describe, expect, it } from 'vitest';
import { CsvParser, decodeText, looksLikeText, parseCsv } from '../../src/guard/csv.js';
import { resolveLimits } from '../../src/guard/limits.js';
import { InputError } from '../../src/pipeline/types.js';

const L = resolveLimits({}, {});

describe('CSV decoding', () => {
  it('UTF-8 with and without BOM, UTF-16LE with BOM, GB18030', () => {
    expect(decodeText(Buffer.from('\uFEFF结算号,姓名'))).toEqual({ text: '结算号,姓名', encoding: 'utf-8' });
    expect(decodeText(Buffer.from('结算号,姓名'))).toEqual({ text: '结算号,姓名', encoding: 'utf-8' });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('结算号\t姓名', 'utf16le')]))).toEqual({ text: '结算号\t姓名', encoding: 'utf-16le' });
    // 结算号,张三 in GB18030 (what Excel saves as "CSV" on a Chinese Windows).
    const gb = Buffer.from([0xbd, 0xe1, 0xcb, 0xe3, 0xba, 0xc5, 0x2c, 0xd5, 0xc5, 0xc8, 0xfd]);
    expect(decodeText(gb)).toEqual({ text: '结算号,张三', encoding: 'gb18030' });
  });

  it('text vs binary', () => {
    expect(looksLikeText(Buffer.from('a,b\r\n1,2'))).toBe(true);
    expect(looksLikeText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 1]))).toBe(false);
    expect(looksLikeText(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]))).toBe(false);
  });
});

describe('RFC 4180 parsing', () => {
  it('quotes, doubled quotes, delimiters and line breaks inside quotes, CRLF/LF/CR', () => {
    const text = '结算号,提示,金额\r\nA1,"有,逗号",1\nA2,"说""引号""",2\rA3,"两\r\n行",3\r\n';
    expect(parseCsv(text, L)).toEqual([
      ['结算号', '提示', '金额'],
      ['A1', '有,逗号', '1'],
      ['A2', '说"引号"', '2'],
      ['A3', '两\r\n行', '3'],
    ]);
  });

  it('empty fields are kept, blank lines skipped, last line without newline', () => {
    expect(parseCsv('a,b,c\n\n1,,3\n,,\n4,5', L)).toEqual([['a', 'b', 'c'], ['1', '', '3'], ['', '', ''], ['4', '5']]);
  });

  it('tab and semicolon delimiters are detected from the header line', () => {
    expect(parseCsv('a\tb\n1,5\t2', L)).toEqual([['a', 'b'], ['1,5', '2']]);
    expect(parseCsv('a;b\n1;2', L)).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('an unterminated quote is a 400 naming the line', () => {
    try {
      parseCsv('a,b\n1,"open\n2,3\n', L);
      throw new Error('no error');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).status).toBe(400);
      expect((e as InputError).message).toMatch(/第 2 行.*line 2/);
    }
  });

  it('limits: rows (header + maxRows), columns, cell length — at and just above', () => {
    const lim = { maxRows: 2, maxColumns: 3, maxCellChars: 5 };
    expect(parseCsv('h\n1\n2', lim)).toHaveLength(3);
    expect(() => parseCsv('h\n1\n2\n3', lim)).toThrow(/too many rows/);
    expect(parseCsv('a,b,c', lim)[0]).toHaveLength(3);
    expect(() => parseCsv('a,b,c,d', lim)).toThrow(/too many columns/);
    expect(parseCsv('12345', lim)).toEqual([['12345']]);
    expect(() => parseCsv('123456', lim)).toThrow(/more than 5 characters/);
    expect(() => parseCsv('"123456"', lim)).toThrow(/more than 5 characters/);
  });

  it('text in pieces parses as the whole does, however it is cut (inside quotes, "" and CRLF too)', () => {
    const text = '结算号,提示,金额\r\nA1,"有,逗号",1\nA2,"说""引号""",2\rA3,"两\r\n行",3\r\n"",x\r\n"a""",b\r';
    const whole = parseCsv(text, L);
    for (let size = 1; size <= 7; size++) {
      const rows: string[][] = [];
      const p = new CsvParser(L, (r) => rows.push(r));
      for (let at = 0; at < text.length; at += size) p.push(text.slice(at, at + size));
      p.end();
      expect(rows).toEqual(whole);
    }
    expect(whole).toEqual([['结算号', '提示', '金额'], ['A1', '有,逗号', '1'], ['A2', '说"引号"', '2'], ['A3', '两\r\n行', '3'], ['', 'x'], ['a"', 'b']]);
  });

  it('a large CSV parses whole (100k rows; its speed is measured by benches, not asserted)', () => {
    const text = `a,b,c\n${'1,"x,y",3\n'.repeat(100_000)}`;
    expect(parseCsv(text, L)).toHaveLength(100_001);
  });
});

describe('CSV input streams (issue 16: a 50 MB CSV once became an 870 MB grid)', () => {
  it('a CSV file becomes a workbook in a temp file, read piece by piece, removed on close', async () => {
    const { mkdtempSync, writeFileSync, existsSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { sourceAsWorkbook } = await import('../../src/guard/csv-input.js');
    const { guardWorkbook } = await import('../../src/guard/guard.js');
    const { WorkbookFile, locateDataSheet, readAllRows } = await import('../../src/workbook/reader.js');
    const dir = mkdtempSync(join(tmpdir(), 'yibao-csv-test-'));
    try {
      const file = join(dir, 'in.csv');
      // More than one 64 KB piece, with a quoted line break and a GB18030 fallback nowhere (valid UTF-8).
      const rows = Array.from({ length: 3000 }, (_, i) => `S${i},630102198001011230,"张\n某",职工,在职,住院,二级,2024-02-03,2024-02-15,100,0,0`);
      writeFileSync(file, `\uFEFF结算号,身份证号,姓名,险种,人员状态,就诊类型,医院等级,入院日期,出院日期,医疗总费用,全自费金额,乙类自付金额\r\n${rows.join('\r\n')}\r\n`);
      const g = await guardWorkbook({ path: file });
      expect(g.format).toBe('csv');
      const opened = await sourceAsWorkbook({ path: file, name: 'in.csv' }, g);
      expect('path' in opened.source).toBe(true);
      const made = (opened.source as { path: string }).path;
      const wb = await WorkbookFile.open(opened.source);
      const ds = await locateDataSheet(wb, 'settlements');
      const read = await readAllRows(wb, ds);
      await wb.close();
      expect(read.rows).toHaveLength(3000);
      expect(read.rows[2999]!.raw).toMatchObject({ settlementId: 'S2999', name: '张\n某' });
      await opened.close();
      expect(existsSync(made)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GB18030 text (invalid as UTF-8) is read again as GB18030', async () => {
    const { sourceAsWorkbook } = await import('../../src/guard/csv-input.js');
    const { guardWorkbook } = await import('../../src/guard/guard.js');
    const { WorkbookFile, locateDataSheet } = await import('../../src/workbook/reader.js');
    // 结算号,身份证号\nS1,630102198001011230 with the headers in GB18030.
    const bytes = Buffer.concat([Buffer.from([0xbd, 0xe1, 0xcb, 0xe3, 0xba, 0xc5, 0x2c, 0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5]), Buffer.from('\nS1,630102198001011230\n')]);
    const opened = await sourceAsWorkbook({ bytes }, await guardWorkbook({ bytes }));
    const wb = await WorkbookFile.open(opened.source);
    const ds = await locateDataSheet(wb, 'settlements').catch((e: unknown) => e);
    await wb.close();
    // The headers were recognised (the refusal names what is missing, not "no header row").
    expect((ds as InputError).code).toBe('missing-headers');
    expect((ds as InputError).message).toContain('结算号');
  });
});
