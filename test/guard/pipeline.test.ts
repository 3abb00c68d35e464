/**
 * The guard as every door sees it: processWorkbook (behind HTTP, blob and CLI) refuses hostile files with
 * the right InputError quickly and without large allocations, accepts CSV, and writes output that cannot
 * turn into formulas.
 */
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { setLogSink } from '../../src/log.js';
import { processWorkbook } from '../../src/pipeline/process.js';
import { InputError, type ProcessRequest } from '../../src/pipeline/types.js';
import { bufferSource, ZipReader } from '../../src/xlsx/zip.js';
import { idFor } from '../helpers/rows.js';
import { deflated, rawZip, workbookShell, zipBomb } from './fixtures.js';

const quietly = async <T>(f: () => Promise<T>): Promise<T> => {
  const prev = setLogSink(() => {});
  try {
    return await f();
  } finally {
    setLogSink(prev);
  }
};

async function refused(req: ProcessRequest): Promise<{ e: InputError; rss: number }> {
  const before = process.memoryUsage().rss;
  try {
    await quietly(() => processWorkbook(req));
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return { e: e as InputError, rss: process.memoryUsage().rss - before };
  }
  throw new Error('expected a refusal');
}

const SAMPLE = readFileSync(new URL('../../samples/xining-2024/settlements.xlsx', import.meta.url));
const GiB = 1024 * 1024 * 1024;
const MB = 1024 * 1024;

describe('zip bombs through the pipeline (acceptance: ≥ 1 GB refused with < 100 MB extra memory; times are measured by npm run shapes, not asserted)', () => {
  it('honest 1 GiB declaration: 413 from the directory', async () => {
    const { e, rss } = await refused({ source: { bytes: zipBomb(GiB) }, policy: 'xining-2024', kind: 'settlements' });
    expect([e.status, e.code]).toEqual([413, 'too-large-uncompressed']);
    expect(rss).toBeLessThan(100 * MB);
  });

  it('1 GiB declared as 50 KB: inflating stops at 50 KB', async () => {
    const { e, rss } = await refused({ source: { bytes: zipBomb(GiB, 50_000) }, policy: 'xining-2024', kind: 'settlements' });
    expect(e.status).toBeGreaterThanOrEqual(400);
    expect(e.status).toBeLessThan(500);
    expect(rss).toBeLessThan(100 * MB);
  });

  it('1 GiB declared as 90 MB (ratio under 100×, passes the directory): the scanner stops it early', async () => {
    const bomb = zipBomb(GiB, 90 * MB);
    const { e, rss } = await refused({ source: { bytes: bomb }, policy: 'xining-2024', kind: 'settlements', limits: { maxCompressionRatio: 100_000 } });
    expect(e.status).toBe(413);
    expect(rss).toBeLessThan(100 * MB);
  });

  it('a row that never closes is refused at the part limit', async () => {
    const body = Buffer.concat([Buffer.from('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'), Buffer.alloc(40 * MB, 0x61)]);
    const wb = rawZip(workbookShell(deflated('s', body)));
    const { e } = await refused({ source: { bytes: wb }, policy: 'xining-2024', kind: 'settlements', limits: { maxCompressionRatio: 100_000 } });
    expect([e.status, e.code]).toEqual([413, 'too-large-part']);
  });

  it('a file over the size limit is refused before it is opened (HTTP/CLI/blob alike)', async () => {
    const { e } = await refused({ source: { bytes: SAMPLE }, limits: { maxInputBytes: SAMPLE.length - 1 } });
    expect([e.status, e.code]).toEqual([413, 'too-large']);
  });
});

describe('limits while reading', () => {
  it('rows: at the limit computes, one more is 413', async () => {
    const r = await quietly(() => processWorkbook({ source: { bytes: SAMPLE }, policy: 'xining-2024', format: 'json' }));
    const n = r.summary.rows;
    // The sample's data rows are consecutive below one header row in row 1..k; find the last row number.
    const rows = JSON.parse(r.body!.toString('utf8')) as { row: number }[];
    const last = Math.max(...rows.map((x) => x.row));
    await expect(quietly(() => processWorkbook({ source: { bytes: SAMPLE }, policy: 'xining-2024', format: 'json', limits: { maxRows: last - 1 } }))).resolves.toBeTruthy();
    const { e } = await refused({ source: { bytes: SAMPLE }, policy: 'xining-2024', format: 'json', limits: { maxRows: last - 2 } });
    expect([e.status, e.code]).toEqual([413, 'too-many-rows']);
    expect(n).toBeGreaterThan(2);
  });

  it('columns and cell text', async () => {
    const sheet = (cells: string) => rawZip(workbookShell(deflated('s', `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>结算号</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号</t></is></c>${cells}</row></sheetData></worksheet>`)));
    const far = await refused({ source: { bytes: sheet('<c r="XFE1"><v>1</v></c>') }, kind: 'settlements', policy: 'xining-2024' });
    expect([far.e.status, far.e.code]).toEqual([413, 'too-many-columns']);
    const long = await refused({ source: { bytes: sheet(`<c r="C1" t="inlineStr"><is><t>${'x'.repeat(101)}</t></is></c>`) }, kind: 'settlements', policy: 'xining-2024', limits: { maxCellChars: 100 } });
    expect([long.e.status, long.e.code]).toEqual([413, 'cell-too-long']);
  });
});

describe('shared string table bound', () => {
  it('more items than allowed is 413 (millions of <si/> compress well but each costs memory)', async () => {
    const { zipAll, unzipAll } = await import('../../src/guard/mutate.js');
    const entries = (await unzipAll(SAMPLE))!;
    const sst = entries.find((e) => /sharedStrings\.xml$/i.test(e.name))!;
    const count = (sst.body.toString('utf8').match(/<si[\s>/]/g) ?? []).length;
    expect(count).toBeGreaterThan(10);
    const wb = zipAll(entries);
    await expect(quietly(() => processWorkbook({ source: { bytes: wb }, policy: 'xining-2024', format: 'json', limits: { maxSharedStrings: count } }))).resolves.toBeTruthy();
    const { e } = await refused({ source: { bytes: wb }, policy: 'xining-2024', format: 'json', limits: { maxSharedStrings: count - 1 } });
    expect([e.status, e.code]).toEqual([413, 'too-large-part']);
  });

  it('more characters than allowed is 413 too (the table is held in memory while the sheet is read)', async () => {
    const { readSharedStrings } = await import('../../src/xlsx/shared-strings.js');
    const { ZipReader, bufferSource } = await import('../../src/xlsx/zip.js');
    const zip = await ZipReader.open(bufferSource(SAMPLE));
    const path = zip.entries.find((x) => /sharedStrings\.xml$/i.test(x.name))!.name;
    const chars = (await readSharedStrings(zip, path)).reduce((n, t) => n + t.length, 0);
    await expect(quietly(() => processWorkbook({ source: { bytes: SAMPLE }, policy: 'xining-2024', format: 'json', limits: { maxSharedStringChars: chars } }))).resolves.toBeTruthy();
    const { e } = await refused({ source: { bytes: SAMPLE }, policy: 'xining-2024', format: 'json', limits: { maxSharedStringChars: chars - 1 } });
    expect([e.status, e.code]).toEqual([413, 'too-large-part']);
  });
});

describe('numbers in cells are decimal only (issue 16)', () => {
  it('<v>0x10</v> in an amount column is not 16: the row is 错误 naming the column', async () => {
    const headers = ['结算号', '身份证号', '险种', '人员状态', '就诊类型', '医院等级', '入院日期', '出院日期', '医疗总费用'];
    const values = ['S1', '630102198001011230', '职工', '在职', '住院', '二级', '2024-02-03', '2024-02-15'];
    const cells = (row: string[], r: number) => row.map((t, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${t}</t></is></c>`).join('');
    const sheet = `<worksheet><sheetData><row r="1">${cells(headers, 1)}</row><row r="2">${cells(values, 2)}<c r="I2"><v>0x10</v></c></row><row r="3">${cells(['S2', ...values.slice(1)], 3)}<c r="I3"><v>16</v></c></row></sheetData></worksheet>`;
    const r = await quietly(() => processWorkbook({ source: { bytes: rawZip(workbookShell(deflated('s', sheet))) }, policy: 'xining-2024', format: 'json' }));
    const rows = JSON.parse(r.body!.toString('utf8')) as { status: string; messages: string | null; totalCost: unknown }[];
    expect(rows[0]).toMatchObject({ status: 'error', messages: expect.stringContaining('列「医疗总费用」的值「0x10」不是有效数字') });
    expect(rows[1]).toMatchObject({ totalCost: 16 });
  });
});

describe('wrong formats through the pipeline', () => {
  it('empty workbook, sheet without the required headers (what is missing, what was found), duplicate headers', async () => {
    const empty = await refused({ source: { bytes: rawZip(workbookShell(deflated('s', '<worksheet><sheetData/></worksheet>'))) }, policy: 'xining-2024' });
    expect([empty.e.status, empty.e.code]).toEqual([400, 'empty-workbook']);
    expect(empty.e.message).toMatch(/没有任何数据.*no data/);
    // Only a 参数 sheet, or sheets with blank cells, is empty too.
    const blank = await refused({ source: { bytes: rawZip(workbookShell(deflated('s', '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t> </t></is></c></row></sheetData></worksheet>'))) }, policy: 'xining-2024' });
    expect(blank.e.code).toBe('empty-workbook');
    const headers = (h: string[]) => `<worksheet><sheetData><row r="1">${h.map((t, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>${t}</t></is></c>`).join('')}</row></sheetData></worksheet>`;
    const missing = await refused({ source: { bytes: rawZip(workbookShell(deflated('s', headers(['结算号', '身份证号', '险种', '备注'])))) }, kind: 'settlements', policy: 'xining-2024' });
    expect([missing.e.status, missing.e.code]).toEqual([400, 'missing-headers']);
    expect(missing.e.message).toMatch(/缺少 .*就诊类型.*医院等级/);
    expect(missing.e.message).toMatch(/找到的列：结算号、身份证号、险种、备注/);
    const dup = await refused({ source: { bytes: rawZip(workbookShell(deflated('s', headers(['结算号', '身份证号', '险种', '就诊类型', '医院等级', '就诊日期', '入院日期', '医疗总费用'])))) }, kind: 'settlements', policy: 'xining-2024' });
    expect([dup.e.status, dup.e.code]).toEqual([400, 'duplicate-header']);
    expect(dup.e.message).toMatch(/就诊日期.*入院日期/);
  });

  it('password-protected and legacy .xls through the pipeline', async () => {
    const { cfbWith } = await import('./fixtures.js');
    expect((await refused({ source: { bytes: cfbWith(['EncryptionInfo', 'EncryptedPackage']) } })).e.code).toBe('password-protected');
    expect((await refused({ source: { bytes: cfbWith(['Workbook']) } })).e.code).toBe('legacy-xls');
  });

  it('truncated and bit-flipped workbooks are 4xx, never a crash', async () => {
    for (const cut of [100, 1000, SAMPLE.length >> 1, SAMPLE.length - 30]) {
      const { e } = await refused({ source: { bytes: SAMPLE.subarray(0, cut) }, policy: 'xining-2024' });
      expect([e.status, e.code]).toEqual([415, 'truncated-zip']);
    }
  });
});

describe('CSV input', () => {
  const id1 = idFor('19800101', 123);
  const id2 = idFor('19700505', 211);
  const csv = `结算号,身份证号,姓名,险种,人员状态,就诊类型,医院等级,入院日期,出院日期,医疗总费用（元）,全自费金额,乙类自付金额\r\nS1,${id1},张某,职工,在职,住院,二级,2024-02-03,2024-02-15,"7,959.12",258,170.75\r\nS2,${id2},李某,职工,在职,住院,二级医阮,2024-03-01,2024-03-05,3000,0,0\r\n`;

  it('UTF-8 with BOM → JSON rows computed like the xlsx path', async () => {
    const r = await quietly(() => processWorkbook({ source: { bytes: Buffer.from(`\uFEFF${csv}`), name: '批次.csv' }, policy: 'xining-2024', format: 'json' }));
    expect(r.kind).toBe('settlements');
    expect(r.filename).toBe('批次.result.json');
    const rows = JSON.parse(r.body!.toString('utf8'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ row: 2, status: 'ok', fundPaid: 5584.3 });
    expect(rows[1]).toMatchObject({ row: 3, status: 'error' });
    expect(rows[1].messages.join?.(' ') ?? String(rows[1].messages)).toMatch(/二级医阮.*二级/);
  });

  it('GB18030 CSV (Excel on a Chinese Windows) reads the same', async () => {
    const gb = Buffer.from(new TextEncoderGb().encode(csv));
    const r = await quietly(() => processWorkbook({ source: { bytes: gb }, policy: 'xining-2024', format: 'json' }));
    expect(JSON.parse(r.body!.toString('utf8'))[0]).toMatchObject({ status: 'ok', fundPaid: 5584.3 });
  });

  it('xlsx output of a CSV is a new workbook with the result columns', async () => {
    const r = await quietly(() => processWorkbook({ source: { bytes: Buffer.from(csv) }, policy: 'xining-2024', format: 'xlsx' }));
    const zip = await ZipReader.open(bufferSource(r.body!));
    expect(zip.find('xl/workbook.xml')).toBeTruthy();
    const sheet = (await zip.readText('xl/worksheets/sheet1.xml'))!;
    expect(sheet).toContain('统筹基金支付');
    expect(sheet).toContain('5584.3');
  });
});

/** GB18030 encoding of the few characters the CSV test uses, via iconv-free round trip through Node's decoder. */
class TextEncoderGb {
  encode(s: string): Uint8Array {
    // Build a char → bytes table by decoding every 2-byte GBK code (the BMP CJK subset suffices here).
    const table = gbTable();
    const out: number[] = [];
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      if (cp < 0x80) out.push(cp);
      else {
        const b = table.get(ch);
        if (!b) throw new Error(`no GB18030 code for ${ch}`);
        out.push(...b);
      }
    }
    return Uint8Array.from(out);
  }
}

let GB: Map<string, number[]> | undefined;
function gbTable(): Map<string, number[]> {
  if (GB) return GB;
  GB = new Map();
  const dec = new TextDecoder('gb18030');
  for (let a = 0x81; a <= 0xfe; a++) {
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      const ch = dec.decode(Uint8Array.from([a, b]));
      if (ch.length === 1 && !GB.has(ch)) GB.set(ch, [a, b]);
    }
  }
  return GB;
}

describe('output safety', () => {
  const id = idFor('19800101', 123);
  const hostile = ['=HYPERLINK("http://evil","x")', '+SUM(1)', '-1+2', '@cmd', '\t=1', '\r=1'];
  const csv = `结算号,身份证号,姓名,险种,人员状态,就诊类型,医院等级,就诊日期,出院日期,医疗总费用,病种,不予支付情形\n${hostile.map((h, i) => `"${h.replace(/"/g, '""')}",${id},"${h.replace(/"/g, '""')}",职工,在职,普通门诊,${i % 2 ? '二级' : '二级医阮'},2024-02-0${i + 1},,100,,"${h.replace(/"/g, '""')}"`).join('\n')}\n`;

  it('CSV output neutralises a leading = + - @ tab CR LF in every text field', async () => {
    const r = await quietly(() => processWorkbook({ source: { bytes: Buffer.from(csv) }, policy: 'xining-2024', format: 'csv', headers: 'zh' }));
    const text = r.body!.toString('utf8').replace(/^\uFEFF/, '');
    const { parseCsv } = await import('../../src/guard/csv.js');
    const rows = parseCsv(text, { maxRows: 1000, maxColumns: 1000, maxCellChars: 100_000 });
    const numeric = /^-?\d+(\.\d+)?$/;
    let checked = 0;
    for (const row of rows) {
      for (const f of row) {
        if (f === '' || numeric.test(f)) continue;
        expect(f).not.toMatch(/^[=+\-@\t\r\n]/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(hostile.length * 3);
    expect(text).toContain("'=HYPERLINK");
    expect(text).toContain("'@cmd");
  });

  it('xlsx output: no formula in any cell yibao writes; formula-like text is a quote-prefixed string', async () => {
    const r = await quietly(() => processWorkbook({ source: { bytes: Buffer.from(csv) }, policy: 'xining-2024', format: 'xlsx' }));
    const zip = await ZipReader.open(bufferSource(r.body!));
    const styles = (await zip.readText('xl/styles.xml'))!;
    const xfs = [...styles.slice(styles.indexOf('<cellXfs')).matchAll(/<xf\b[^>]*?(\/>|>)/g)].map((m) => m[0]);
    for (const e of zip.entries.filter((x) => /^xl\/worksheets\/.*\.xml$/.test(x.name))) {
      const xml = (await zip.read(e)).toString('utf8');
      expect(xml).not.toMatch(/<(\w+:)?f[\s>]/);
      for (const m of xml.matchAll(/<c\b([^>]*)t="inlineStr"[^>]*><is><t[^>]*>([^<]*)<\/t>/g)) {
        const text = m[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&#9;|&#x9;/g, '\t');
        if (!/^[=+\-@\t\r]/.test(text)) continue;
        const s = /\bs="(\d+)"/.exec(m[1]!)?.[1];
        expect(s, `cell text ${JSON.stringify(text)} has no style`).toBeDefined();
        expect(xfs[Number(s)]).toMatch(/quotePrefix="1"/);
      }
    }
  });
});

describe('inflate limit hook in ZipReader', () => {
  it('stops at the declared size even without a caller limit', async () => {
    const body = Buffer.alloc(10_000, 0x41);
    const wb = rawZip([{ name: 'a.xml', data: zlib.deflateRawSync(body), crc: zlib.crc32(body), declaredSize: 100 }]);
    const zip = await ZipReader.open(bufferSource(wb));
    let n = 0;
    await expect(
      (async () => {
        for await (const b of zip.chunks(zip.entry('a.xml')!)) n += b.length;
      })(),
    ).rejects.toThrow(/more than 100 bytes/);
    expect(n).toBeLessThanOrEqual(100);
  });
});
