import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, guardWorkbook, LARGE_FILE_LIMITS, resolveLimits, translateReadError } from '../../src/guard/index.js';
import { InputError } from '../../src/pipeline/types.js';
import { bufferSource, ZipReader } from '../../src/xlsx/zip.js';
import { cfbWith, deflateBombStream, deflated, rawZip, workbookShell, zipBomb } from './fixtures.js';
import { expectInputError } from '../helpers/errors.js';

const refusal = expectInputError;

async function smallXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('结算');
  ws.addRow(['结算号', '身份证号']);
  ws.addRow(['A1', '630102198001011237']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('limits', () => {
  it('defaults, environment, then options', () => {
    expect(resolveLimits({}, {}).maxInputBytes).toBe(20 * 1024 * 1024);
    expect(resolveLimits({}, {}).maxRows).toBe(250_000);
    expect(resolveLimits({}, { YIBAO_MAX_INPUT_BYTES: '1000' }).maxInputBytes).toBe(1000);
    expect(resolveLimits({ maxInputBytes: 5 }, { YIBAO_MAX_INPUT_BYTES: '1000' }).maxInputBytes).toBe(5);
    // Garbage in the environment keeps the safe default rather than disabling the limit.
    expect(resolveLimits({}, { YIBAO_MAX_INPUT_BYTES: '-1', YIBAO_MAX_ROWS: 'lots' })).toEqual(DEFAULT_LIMITS);
  });
});

describe('large-file limits (blob drop, CLI)', () => {
  it('admit Excel-sized files; the environment and options still win; the bomb checks stay', () => {
    const large = resolveLimits({}, {}, LARGE_FILE_LIMITS);
    expect(large.maxInputBytes).toBe(1024 * 1024 * 1024);
    expect(large.maxEntryBytes).toBeGreaterThan(470 * 1024 * 1024); // the sheet of 1,048,575 bench rows
    expect(resolveLimits({}, { YIBAO_MAX_INPUT_BYTES: '1000' }, LARGE_FILE_LIMITS).maxInputBytes).toBe(1000);
    expect(resolveLimits({ maxInputBytes: 5 }, {}, LARGE_FILE_LIMITS).maxInputBytes).toBe(5);
    for (const k of ['maxZipEntries', 'maxCompressionRatio', 'ratioFloorBytes', 'maxColumns', 'maxCellChars', 'maxSheets'] as const) expect(large[k], k).toBe(DEFAULT_LIMITS[k]);
    // Excel's rows handed over; an upload carries what 20 MB realistically holds (memory per request).
    expect(large.maxRows).toBe(1_048_575);
    expect(DEFAULT_LIMITS.maxRows).toBe(250_000);
    expect(large.maxWholePartBytes).toBeGreaterThan(DEFAULT_LIMITS.maxWholePartBytes);
    // The shared strings of a million-row workbook: more than an upload of at most 20 MB may hold in memory.
    expect(large.maxSharedStrings).toBeGreaterThan(DEFAULT_LIMITS.maxSharedStrings);
    expect(large.maxSharedStringChars).toBeGreaterThan(DEFAULT_LIMITS.maxSharedStringChars);
  });

  it('a 21 MB workbook: refused as an upload (413), accepted as a handed-over file', async () => {
    const padding = { ...deflated('xl/media/image1.bin', ''), data: Buffer.alloc(21 * 1024 * 1024, 7), method: 0, declaredSize: 21 * 1024 * 1024 };
    const bytes = rawZip([...workbookShell(deflated('sheet', '<worksheet><sheetData/></worksheet>')), padding]);
    const e = await refusal(guardWorkbook({ bytes }));
    expect([e.status, e.code]).toEqual([413, 'too-large']);
    await expect(guardWorkbook({ bytes }, {}, LARGE_FILE_LIMITS)).resolves.toMatchObject({ format: 'xlsx' });
  });
});

describe('guardWorkbook: size and format', () => {
  it('accepts a real xlsx and reports its shape', async () => {
    const g = await guardWorkbook({ bytes: await smallXlsx() });
    expect(g.format).toBe('xlsx');
    expect(g.entries).toBeGreaterThan(3);
  });

  it('413 over the size limit, before reading anything (just above / at the limit)', async () => {
    const xlsx = await smallXlsx();
    const e = await refusal(guardWorkbook({ bytes: xlsx }, { maxInputBytes: xlsx.length - 1 }));
    expect([e.status, e.code]).toEqual([413, 'too-large']);
    expect(e.message).toMatch(/文件过大.*too large/);
    await expect(guardWorkbook({ bytes: xlsx }, { maxInputBytes: xlsx.length })).resolves.toMatchObject({ format: 'xlsx' });
  });

  it('400 for a path that is missing or not a file (CLI, blob spool)', async () => {
    for (const path of ['/nonexistent/yibao/x.xlsx', '/tmp']) {
      const e = await refusal(guardWorkbook({ path }));
      expect([e.status, e.code]).toEqual([400, 'file-not-found']);
    }
  });

  it('415 for an empty file', async () => {
    const e = await refusal(guardWorkbook({ bytes: new Uint8Array(0) }));
    expect([e.status, e.code]).toEqual([415, 'empty-file']);
  });

  it('415 for things that are not workbooks, naming what they look like', async () => {
    const pdf = await refusal(guardWorkbook({ bytes: Buffer.from('%PDF-1.7\n...') }));
    expect([pdf.status, pdf.code]).toEqual([415, 'not-a-workbook']);
    expect(pdf.message).toMatch(/PDF/);
    const bin = await refusal(guardWorkbook({ bytes: Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7, 8]) }));
    expect(bin.status).toBe(415);
    const html = await refusal(guardWorkbook({ bytes: Buffer.from('<html><body>x</body></html>') }));
    expect(html.message).toMatch(/HTML/);
    const zipOnly = await refusal(guardWorkbook({ bytes: rawZip([deflated('readme.txt', 'hello')]) }));
    expect([zipOnly.status, zipOnly.code]).toEqual([415, 'not-a-workbook']);
    const docx = await refusal(guardWorkbook({ bytes: rawZip([deflated('word/document.xml', '<w/>')]) }));
    expect(docx.message).toMatch(/Word/);
    const xlsb = await refusal(guardWorkbook({ bytes: rawZip([deflated('xl/workbook.bin', 'x')]) }));
    expect(xlsb.code).toBe('binary-workbook');
  });

  it('415 for a truncated zip (upload cut short) and for a corrupt directory', async () => {
    const xlsx = await smallXlsx();
    for (const cut of [xlsx.length - 1, Math.floor(xlsx.length / 2), 10]) {
      const e = await refusal(guardWorkbook({ bytes: xlsx.subarray(0, cut) }));
      expect([e.status, e.code]).toEqual([415, 'truncated-zip']);
      expect(e.message).toMatch(/不完整.*truncated/);
    }
    const bad = Buffer.from(xlsx);
    const cd = bad.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bad.writeUInt32LE(0xdeadbeef, cd);
    const e = await refusal(guardWorkbook({ bytes: bad }));
    expect(e.status).toBe(415);
  });

  it('415 password-protected: encrypted OOXML is a CFB with EncryptionInfo/EncryptedPackage', async () => {
    const e = await refusal(guardWorkbook({ bytes: cfbWith(['EncryptionInfo', 'EncryptedPackage', '\u0006DataSpaces']) }));
    expect([e.status, e.code]).toEqual([415, 'password-protected']);
    expect(e.message).toMatch(/密码.*password/);
  });

  it('415 legacy .xls: a CFB with a Workbook stream (and the BIFF5 name Book)', async () => {
    for (const s of [['Workbook', '\u0005SummaryInformation'], ['Book']]) {
      const e = await refusal(guardWorkbook({ bytes: cfbWith(s) }));
      expect([e.status, e.code]).toEqual([415, 'legacy-xls']);
      expect(e.message).toMatch(/\.xls.*xlsx/);
    }
    const doc = await refusal(guardWorkbook({ bytes: cfbWith(['WordDocument']) }));
    expect(doc.code).toBe('not-a-workbook');
    // A CFB whose header is cut still gets a clear 415, not a crash.
    const cut = await refusal(guardWorkbook({ bytes: cfbWith(['Workbook']).subarray(0, 100) }));
    expect(cut.status).toBe(415);
  });

  it('415 for zip-level encryption and unsupported compression methods', async () => {
    const enc = workbookShell({ ...deflated('s', '<worksheet/>'), flags: 0x801 });
    expect((await refusal(guardWorkbook({ bytes: rawZip(enc) }))).code).toBe('password-protected');
    const lzma = workbookShell({ ...deflated('s', '<worksheet/>'), method: 14 });
    expect((await refusal(guardWorkbook({ bytes: rawZip(lzma) }))).code).toBe('unsupported-compression');
  });

  it('sniffs CSV text (UTF-8, BOM, GB18030)', async () => {
    expect((await guardWorkbook({ bytes: Buffer.from('结算号,身份证号\nA1,630102198001011237\n') })).format).toBe('csv');
    expect((await guardWorkbook({ bytes: Buffer.from('\uFEFF结算号,身份证号\n') })).format).toBe('csv');
    // A header may sit below a title line (first 10 lines), quoted, tab-separated.
    expect((await guardWorkbook({ bytes: Buffer.from('2024年2月结算批次\n"结算号"\t"身份证号"\n') })).format).toBe('csv');
    // Text without any known header is not taken for a CSV.
    const prose = await refusal(guardWorkbook({ bytes: Buffer.from('hello, this is not a workbook') }));
    expect([prose.status, prose.code]).toEqual([415, 'not-a-workbook']);
    // One known header (the English key `name`) is not a header row; two are (English keys count).
    expect((await refusal(guardWorkbook({ bytes: Buffer.from('name,amount\nx,1\n') }))).status).toBe(415);
    expect((await guardWorkbook({ bytes: Buffer.from('settlementId,idNumber\nS1,x\n') })).format).toBe('csv');
    const gb = Buffer.from([0xbd, 0xe1, 0xcb, 0xe3, 0xba, 0xc5, 0x2c, 0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0xba, 0xc5, 0x0a]); // 结算号,身份证号 (GB18030)
    expect((await guardWorkbook({ bytes: gb })).format).toBe('csv');
  });
});

describe('guardWorkbook: container structure', () => {
  it('415 for duplicate part names (ignoring case), which would be ambiguous to read and write back', async () => {
    const dup = rawZip([...workbookShell(deflated('s', '<worksheet/>')), deflated('XL/WORKBOOK.XML', '<workbook/>')]);
    const e = await refusal(guardWorkbook({ bytes: dup }));
    expect([e.status, e.code]).toEqual([415, 'corrupt-workbook']);
    expect(e.message).toMatch(/duplicate part/);
  });

  it('InputError masks ID numbers in its message and details, whatever quoted them', () => {
    const id = '630102198001011237';
    const e = new InputError(400, 'x', `值 ${id} 无效`, [{ found: [id] }]);
    expect(e.message).toBe('值 6301**********1237 无效');
    expect(JSON.stringify(e.toJSON())).not.toContain(id);
  });
});

describe('guardWorkbook: container limits from the central directory', () => {
  it('413 for more entries than allowed (at / above)', async () => {
    const many = (n: number) => rawZip([...workbookShell(deflated('s', '<worksheet/>')), ...Array.from({ length: n - 5 }, (_, i) => deflated(`xl/media/p${i}.bin`, 'x'))]);
    await expect(guardWorkbook({ bytes: many(20) }, { maxZipEntries: 20 })).resolves.toMatchObject({ entries: 20 });
    const e = await refusal(guardWorkbook({ bytes: many(21) }, { maxZipEntries: 20 }));
    expect([e.status, e.code]).toEqual([413, 'too-many-parts']);
  });

  it('413 for an entry declaring more than the per-entry or total limit', async () => {
    const body = Buffer.alloc(200_000, 0x20);
    const wb = rawZip(workbookShell(deflated('s', body)));
    // Spaces compress ~1000×: relax the ratio to test the size limits alone.
    const e = await refusal(guardWorkbook({ bytes: wb }, { maxEntryBytes: 199_999, maxCompressionRatio: 10_000 }));
    expect([e.status, e.code]).toEqual([413, 'too-large-uncompressed']);
    await expect(guardWorkbook({ bytes: wb }, { maxEntryBytes: 200_000, maxCompressionRatio: 10_000 })).resolves.toBeTruthy();
    const t = await refusal(guardWorkbook({ bytes: wb }, { maxTotalBytes: 200_000, maxCompressionRatio: 10_000 }));
    expect(t.code).toBe('too-large-uncompressed');
  });

  it('compression ratio: refused above 100× once past 100 KB, accepted below either', async () => {
    const mk = (size: number) => rawZip(workbookShell(deflated('s', Buffer.alloc(size, 0x20))));
    // 100 KB of spaces compresses far more than 100× but is under the floor: fine.
    await expect(guardWorkbook({ bytes: mk(100 * 1024) })).resolves.toBeTruthy();
    const e = await refusal(guardWorkbook({ bytes: mk(100 * 1024 + 1) }));
    expect([e.status, e.code]).toEqual([413, 'compression-ratio']);
    expect(e.message).toMatch(/压缩炸弹.*zip bomb/);
  });

  it('413 for more worksheets than allowed', async () => {
    const sheets = Array.from({ length: 4 }, (_, i) => deflated(`xl/worksheets/sheet${i + 2}.xml`, '<worksheet/>'));
    const wb = rawZip([...workbookShell(deflated('s', '<worksheet/>')), ...sheets]);
    expect((await refusal(guardWorkbook({ bytes: wb }, { maxSheets: 4 }))).code).toBe('too-many-sheets');
    await expect(guardWorkbook({ bytes: wb }, { maxSheets: 5 })).resolves.toBeTruthy();
  });
});

describe('zip bomb (acceptance: ≥ 1 GB refused with < 100 MB extra memory; its time is in bench/, not here)', () => {
  const GiB = 1024 * 1024 * 1024;

  it('an honest 1 GiB bomb is refused from the directory alone', async () => {
    const bomb = zipBomb(GiB);
    expect(bomb.length).toBeLessThan(3 * 1024 * 1024);
    const before = process.memoryUsage();
    const e = await refusal(guardWorkbook({ bytes: bomb }));
    const after = process.memoryUsage();
    expect(e.status).toBe(413);
    expect(after.rss - before.rss).toBeLessThan(100 * 1024 * 1024);
  });

  it('a lying 1 GiB bomb (declares 50 KB) passes the directory check, then inflating stops at the declared size', async () => {
    const bomb = zipBomb(GiB, 50_000);
    const g = await guardWorkbook({ bytes: bomb });
    expect(g.format).toBe('xlsx');
    const zip = await ZipReader.open(bufferSource(bomb));
    const sheet = zip.entry('xl/worksheets/sheet1.xml')!;
    const before = process.memoryUsage();
    let seen = 0;
    let err: unknown;
    try {
      for await (const b of zip.chunks(sheet, { maxBytes: Math.min(sheet.uncompressedSize, g.limits.maxEntryBytes) })) seen += b.length;
    } catch (x) {
      err = translateReadError(x);
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).status).toBe(413);
    expect(seen).toBeLessThanOrEqual(50_000);
    expect(process.memoryUsage().rss - before.rss).toBeLessThan(100 * 1024 * 1024);
  });

  it('the bomb stream really inflates to its size (the fixture is not a dud)', async () => {
    const inflate = zlib.createInflateRaw();
    let n = 0;
    inflate.on('data', (b: Buffer) => (n += b.length));
    await new Promise<void>((resolve, reject) => {
      inflate.on('end', resolve);
      inflate.on('error', reject);
      inflate.end(deflateBombStream(64 * 1024 * 1024));
    });
    expect(n).toBe(64 * 1024 * 1024);
  });
});
