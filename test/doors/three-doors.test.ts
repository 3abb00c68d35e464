/**
 * One door, one behaviour (issues 15.3, 15.7): HTTP, the blob drop and the CLI take the same formats (.xlsx,
 * .xlsm, .csv), refuse the same ones with the same message (.xls: "另存为 .xlsx"), read policy ids without
 * regard to case, and name and type the result alike — a macro-enabled workbook comes back as
 * `.result.xlsm`, macros and content type kept (Excel refuses an .xlsx that carries macros); a CSV as
 * `name.result.xlsx`.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processUploadedBlob } from '../../src/blob/handler.js';
import { RESULTS, UPLOADS } from '../../src/blob/paths.js';
import { main as cli } from '../../src/cli/main.js';
import { XLSM_CONTENT_TYPE } from '../../src/pipeline/names.js';
import { CONTENT_TYPES } from '../../src/pipeline/types.js';
import { cfbWith } from '../guard/fixtures.js';
import { idFor } from '../helpers/rows.js';
import { useBlobStorage } from '../helpers/storage.js';
import { call } from '../http/call.js';
import { zipEntries } from '../workbook/helpers.js';

const storage = useBlobStorage();
const SAMPLE = readFileSync(new URL('../../samples/xining-2024/settlements.xlsx', import.meta.url));
/** Stands in for a VBA project: the bytes must come back unchanged. */
const VBA = Buffer.from('VBA-PROJECT-\u0001\u0002\u0003-yibao-test-macro', 'latin1');
const MACRO_MAIN = 'application/vnd.ms-excel.sheet.macroEnabled.main+xml';

/** The Xining sample as Excel saves a macro-enabled workbook: vbaProject.bin, its relationship, the macro content type. */
async function macroWorkbook(): Promise<Buffer> {
  const z = await JSZip.loadAsync(SAMPLE);
  const ct = await z.file('[Content_Types].xml')!.async('string');
  z.file('[Content_Types].xml', ct.replace('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', MACRO_MAIN).replace('</Types>', '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'));
  const rels = await z.file('xl/_rels/workbook.xml.rels')!.async('string');
  z.file('xl/_rels/workbook.xml.rels', rels.replace('</Relationships>', '<Relationship Id="rIdVba1" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>'));
  z.file('xl/vbaProject.bin', VBA);
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A hospital's CSV export: the handbook's 7959.12 inpatient example. */
const CSV = `\uFEFF结算号,身份证号,险种,人员状态,就诊类型,医院等级,入院日期,出院日期,医疗总费用,全自费金额,乙类自付金额\r\nJS001,${idFor('19700101', 123)},职工,在职,住院,二级,2024-02-03,2024-02-15,7959.12,258,170.75\r\n`;
const XLS = cfbWith(['Workbook']);

let xlsm: Buffer;
let dir: string;
beforeAll(async () => {
  xlsm = await macroWorkbook();
  dir = mkdtempSync(join(tmpdir(), 'yibao-doors-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function expectMacroResult(bytes: Buffer): Promise<void> {
  const entries = await zipEntries(bytes);
  expect(entries.get('xl/vbaProject.bin')).toEqual(VBA);
  const ct = entries.get('[Content_Types].xml')!.toString('utf8');
  expect(ct).toContain(MACRO_MAIN);
  expect(ct).not.toContain('spreadsheetml.sheet.main+xml');
  // The rows were computed: the result block is there.
  expect(entries.get('xl/worksheets/sheet1.xml')!.toString('utf8')).toContain('统筹基金支付');
}

function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  let buf = '';
  const w = new Writable({ write(c: Buffer | string, _e, cb) { buf += String(c); cb(); } });
  return { stream: w as unknown as NodeJS.WriteStream, text: () => buf };
}

async function runCli(args: string[]): Promise<{ code: number; stderr: string }> {
  const out = capture();
  const err = capture();
  const code = await cli(args, { stdout: out.stream, stderr: err.stream });
  return { code, stderr: err.text() };
}

async function dropBlob(name: string, bytes: Uint8Array): Promise<{ output: string; outcome: string; bytes: Buffer; contentType?: string }> {
  await storage.service().getContainerClient(UPLOADS).getBlockBlobClient(name).uploadData(bytes);
  const r = await processUploadedBlob(storage.service(), `${UPLOADS}/${name}`);
  const blob = storage.service().getContainerClient(RESULTS).getBlobClient(r.output);
  const props = await blob.getProperties();
  return { output: r.output, outcome: r.outcome, bytes: await blob.downloadToBuffer(), contentType: props.contentType };
}

describe('a macro-enabled workbook (.xlsm) comes back as .result.xlsm with its macros, on every door', () => {
  it('HTTP: content type application/vnd.ms-excel.sheet.macroEnabled.12, name 批次.result.xlsm', async () => {
    const r = await call('POST', '/api/settlements?policy=xining-2024&name=%E6%89%B9%E6%AC%A1.xlsm', { body: xlsm });
    expect(r.status, r.text).toBe(200);
    expect(r.headers['content-type']).toBe(XLSM_CONTENT_TYPE);
    expect(decodeURIComponent(r.headers['content-disposition']!)).toContain('批次.result.xlsm');
    await expectMacroResult(r.bytes);
  });

  it('HTTP, streamed (the answer past YIBAO_RESPONSE_BUFFER_MB): the same name, type and macros', async () => {
    process.env['YIBAO_RESPONSE_BUFFER_MB'] = '0.001';
    try {
      const r = await call('POST', '/api/settlements?policy=xining-2024&name=%E6%89%B9%E6%AC%A1.xlsm', { body: xlsm });
      expect(r.status, r.text).toBe(200);
      expect(r.headers['content-type']).toBe(XLSM_CONTENT_TYPE);
      expect(decodeURIComponent(r.headers['content-disposition']!)).toContain('批次.result.xlsm');
      await expectMacroResult(r.bytes);
    } finally {
      delete process.env['YIBAO_RESPONSE_BUFFER_MB'];
    }
  });

  it('HTTP without a name: the content decides (.result.xlsm)', async () => {
    const r = await call('POST', '/api/settlements?policy=xining-2024', { body: xlsm });
    expect(r.headers['content-type']).toBe(XLSM_CONTENT_TYPE);
    expect(r.headers['content-disposition']).toContain('workbook.result.xlsm');
  });

  it('CLI: the default output beside the input is 批次.result.xlsm', async () => {
    const input = join(dir, '批次.xlsm');
    writeFileSync(input, xlsm);
    const r = await runCli(['process', input, '--policy', 'xining-2024', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir)).toContain('批次.result.xlsm');
    await expectMacroResult(readFileSync(join(dir, '批次.result.xlsm')));
  });

  it('blob: results/…/批次.result.xlsm, stored with the macro content type', async () => {
    const r = await dropBlob('xining-2024/settlements/批次.xlsm', xlsm);
    expect(r).toMatchObject({ outcome: 'processed', output: 'xining-2024/settlements/批次.result.xlsm', contentType: XLSM_CONTENT_TYPE });
    await expectMacroResult(r.bytes);
  });

  it('an ordinary workbook stays .result.xlsx with the ordinary content type', async () => {
    const r = await call('POST', '/api/settlements?policy=xining-2024&name=a.xlsx', { body: SAMPLE });
    expect([r.headers['content-type'], r.headers['content-disposition']]).toEqual([CONTENT_TYPES.xlsx, 'attachment; filename="a.result.xlsx"']);
  });
});

describe('a CSV export is taken by every door and comes back as name.result.xlsx', () => {
  it('HTTP', async () => {
    const r = await call('POST', '/api/settlements?policy=xining-2024&name=export.csv', { body: CSV });
    expect(r.status, r.text).toBe(200);
    expect(r.headers['content-disposition']).toBe('attachment; filename="export.result.xlsx"');
  });

  it('CLI (default output name)', async () => {
    const input = join(dir, 'export.csv');
    writeFileSync(input, CSV);
    const r = await runCli(['process', input, '--policy', 'xining-2024', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir)).toContain('export.result.xlsx');
    expect(readdirSync(dir)).not.toContain('export.csv.result.xlsx');
  });

  it('blob (refused before by its name)', async () => {
    const r = await dropBlob('xining-2024/settlements/export.csv', Buffer.from(CSV));
    expect(r).toMatchObject({ outcome: 'processed', output: 'xining-2024/settlements/export.result.xlsx', contentType: CONTENT_TYPES.xlsx });
  });
});

describe('a legacy .xls gets the same message on every door', () => {
  let message: string;
  it('HTTP: 415 legacy-xls, "另存为 .xlsx"', async () => {
    const r = await call('POST', '/api/settlements?policy=xining-2024', { body: XLS });
    expect([r.status, r.json().error]).toEqual([415, 'legacy-xls']);
    message = r.json().message as string;
    expect(message).toContain('另存为 .xlsx');
  });

  it('CLI: exit 3 with that message', async () => {
    const input = join(dir, 'old.xls');
    writeFileSync(input, XLS);
    const r = await runCli(['process', input, '--policy', 'xining-2024']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(message);
  });

  it('blob: the error report carries that message (not a terser one about the name)', async () => {
    await storage.service().getContainerClient(UPLOADS).getBlockBlobClient('xining-2024/settlements/old.xls').uploadData(XLS);
    const r = await processUploadedBlob(storage.service(), `${UPLOADS}/xining-2024/settlements/old.xls`);
    expect(r).toMatchObject({ outcome: 'error-report', output: 'xining-2024/settlements/old.error.json' });
    const report = JSON.parse((await storage.service().getContainerClient(RESULTS).getBlobClient(r.output).downloadToBuffer()).toString('utf8'));
    expect(report).toMatchObject({ error: 'legacy-xls', message });
  });
});

describe('policy ids are case-insensitive on every door', () => {
  it('HTTP query, blob path segment, --policy', async () => {
    const h = await call('POST', '/api/settlements?policy=Xining-2024&format=json', { body: SAMPLE });
    expect(h.status, h.text).toBe(200);
    expect(h.headers['x-yibao-policy']).toBe('xining-2024');
    expect((await call('GET', '/api/calc/settlements?policy=XINING-2024&idNumber=630102197001011231&scheme=职工&employmentStatus=在职&visitType=住院&level=二级&visitDate=2024-02-03&dischargeDate=2024-02-15&totalCost=7959.12&fullySelfPaid=258&classBSelfPay=170.75')).status).toBe(200);
    expect((await call('GET', '/api/policies/Dongying-2018/parameters')).status).toBe(200);
    const b = await dropBlob('XINING-2024/Settlements/case.xlsx', SAMPLE);
    expect(b).toMatchObject({ outcome: 'processed', output: 'XINING-2024/Settlements/case.result.xlsx' });
    const input = join(dir, 'case.xlsx');
    writeFileSync(input, SAMPLE);
    expect((await runCli(['process', input, '--policy', 'Xining-2024', '--kind', 'Settlements', '--quiet'])).code).toBe(0);
  });
});
