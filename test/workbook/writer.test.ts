/** Writer details: formula-injection neutralising, notes, name clashes, prefixed/minimal packages, streaming rows. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { RowOutcome } from '../../src/engine/run.js';
import { summarize } from '../../src/engine/summary.js';
import { settlements } from '../../src/kinds/settlements.js';
import { resultColumns } from '../../src/kinds/index.js';
import { D } from '../../src/money.js';
import { processWorkbook } from '../../src/pipeline/process.js';
import { ruleSet } from '../../src/rules/index.js';
import { cellValue, locateDataSheet, readAllRows, WorkbookFile } from '../../src/workbook/reader.js';
import { mergeComments } from '../../src/workbook/comments.js';
import { updateCols, writeResultWorkbook } from '../../src/workbook/writer.js';
import { memorySink, ZipWriter } from '../../src/xlsx/zip.js';
import { buildFixture, DEFAULT_ROWS, GOOD_ID } from './fixture.js';
import { idFor } from '../helpers/rows.js';
import { loadExcel, parseCsv, zipEntries } from './helpers.js';

const RESULT_COLS = resultColumns(settlements);
const col = (key: string) => 14 + RESULT_COLS.findIndex((c) => c.key === key);

function xfAttrs(stylesXml: string): string[] {
  const body = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml)![1]!;
  return [...body.matchAll(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)].map((m) => m[0]);
}

describe('formula injection', () => {
  it('writes text that looks like a formula as text with quotePrefix, never as a formula', async () => {
    const input = await buildFixture();
    const wb = await WorkbookFile.open({ bytes: input });
    const ds = await locateDataSheet(wb);
    const { rows } = await readAllRows(wb, ds);
    const outcome = (i: number, messages: string[], basis: string): RowOutcome => ({ index: i, input: rows[i]!.raw, row: {}, results: { fundPaid: D('1.10') }, status: 'warning', messages, basis });
    const results = [
      outcome(0, ['=HYPERLINK("http://evil","x")'], '+SUM(A1:A9)'),
      outcome(1, ['@cmd'], '-1+2'),
      outcome(2, ['\tTAB'], '\rCR'),
      outcome(3, ['plain'], 'plain'),
    ];
    const sink = memorySink();
    await writeResultWorkbook({ wb, ds, firstResultCol: 14, ruleSet: ruleSet('xining-2024'), rows: results.map((o, i) => ({ rowNumber: rows[i]!.rowNumber, outcome: o })), totals: () => ({ summary: summarize(settlements, results), params: new Map(), conventions: new Set() }), sink });
    await wb.close();
    const parts = await zipEntries(sink.buffer());
    const sheet = parts.get('xl/worksheets/sheet2.xml')!.toString('utf8');
    expect(sheet).not.toMatch(/<f>[^<]*HYPERLINK/);
    const xfs = xfAttrs(parts.get('xl/styles.xml')!.toString('utf8'));
    const styleOf = (ref: string) => Number(new RegExp(`<c r="${ref}" s="(\\d+)"`).exec(sheet)![1]);
    const msgCol = String.fromCharCode(64 + col('messages') - 26); // AC
    const basisCol = String.fromCharCode(64 + col('basis') - 26); // AD
    for (const r of [3, 4, 5]) {
      expect(xfs[styleOf(`A${msgCol}${r}`)], `messages row ${r}`).toContain('quotePrefix="1"');
      expect(xfs[styleOf(`A${basisCol}${r}`)], `basis row ${r}`).toContain('quotePrefix="1"');
    }
    expect(xfs[styleOf(`A${msgCol}7`)]).not.toContain('quotePrefix');
    const out = await loadExcel(sink.buffer());
    const ws = out.getWorksheet('结算明细')!;
    expect(ws.getCell(3, col('messages')).value).toBe('=HYPERLINK("http://evil","x")');
    expect(ws.getCell(3, col('basis')).value).toBe('+SUM(A1:A9)');
    expect(ws.getCell(3, col('fundPaid')).value).toBe(1.1);
  });

  it('neutralises formula-like text in CSV with a leading apostrophe', async () => {
    const base = DEFAULT_ROWS![0]!;
    const rows = ['=1+2', '+3', '-4x', '@SUM(A1)', '\tx'].map((id, i) => [id, GOOD_ID, i === 0 ? '=cmd|\'/C calc\'!A0' : '张某', ...base.slice(3, 7), new Date(`2024-0${i + 1}-03T00:00:00Z`), new Date(`2024-0${i + 1}-05T00:00:00Z`), ...base.slice(9)]);
    const res = await processWorkbook({ source: { bytes: await buildFixture({ rows }) }, policy: 'xining-2024', format: 'csv' });
    const [head, ...recs] = parseCsv(res.body!.toString('utf8').slice(1));
    const ids = recs.map((r) => r[head!.indexOf('settlementId')]);
    // A leading tab is trimmed by validation (the typed value is written), so nothing is left to neutralise.
    expect(ids).toEqual(["'=1+2", "'+3", "'-4x", "'@SUM(A1)", 'x']);
    expect(recs[0]![head!.indexOf('name')]).toBe("'=cmd|'/C calc'!A0");
    expect(recs[1]![head!.indexOf('fundPaid')]).toMatch(/^\d+\.\d\d$/); // numbers are not touched
  });
});

describe('notes, names and packages', () => {
  it('adds notes to a sheet that had none', async () => {
    const res = await processWorkbook({ source: { bytes: await buildFixture({ note: false }) }, policy: 'xining-2024' });
    const out = await loadExcel(res.body!);
    const ws = out.getWorksheet('结算明细')!;
    expect(JSON.stringify(ws.getCell('B4').note)).toContain('身份证号');
    expect(JSON.stringify(ws.getCell('G5').note)).toContain('四级');
    expect(ws.getCell('A2').note).toBeUndefined();
    const parts = await zipEntries(res.body!);
    const names = [...parts.keys()];
    expect(names.some((n) => /^xl\/comments\d+\.xml$/.test(n))).toBe(true);
    expect(names.some((n) => /^xl\/drawings\/vmlDrawing\d+\.vml$/.test(n))).toBe(true);
    expect(parts.get('[Content_Types].xml')!.toString()).toContain('Extension="vml"');
  });

  it('merges into existing comments and VML: appends to a note on the same cell, keeps other shapes, fresh shape ids', () => {
    const oldComments = '<?xml version="1.0"?><comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>HR</author></authors><commentList><comment ref="B4" authorId="0"><text><t>请核对</t></text></comment></commentList></comments>';
    const oldVml = '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shape id="_x0000_s1025" type="#_x0000_t201"><x:ClientData ObjectType="Button"/></v:shape></xml>';
    const list = [{ row: 4, col: 2, text: '身份证号错' }, { row: 5, col: 7, text: '医院等级错' }];
    const { commentsXml, vmlXml } = mergeComments(oldComments, oldVml, list, 2);
    expect(commentsXml).toContain('<authors><author>HR</author><author>yibao</author></authors>');
    expect(commentsXml).toMatch(/<comment ref="B4" authorId="0"><text><t>请核对<\/t><r><t xml:space="preserve">\nyibao: 身份证号错<\/t><\/r><\/text><\/comment>/);
    expect(commentsXml).toMatch(/<comment ref="G5" authorId="1">[\s\S]*医院等级错/);
    expect(vmlXml).toContain('ObjectType="Button"');
    expect(vmlXml).toContain('data="1,2"');
    expect(vmlXml).toContain('id="_x0000_s2049"');
    expect(vmlXml).toContain('<x:Row>4</x:Row><x:Column>6</x:Column>');
    expect(vmlXml).toContain('id="_x0000_t202"');
    // A VML drawing without a comments part (form controls only): a new comments part, the drawing kept.
    const onlyVml = mergeComments(undefined, oldVml, list, 2);
    expect(onlyVml.vmlXml).toContain('ObjectType="Button"');
    expect((onlyVml.vmlXml.match(/ObjectType="Note"/g) ?? []).length).toBe(2);
    expect(onlyVml.commentsXml).toContain('<authors><author>yibao</author></authors>');
  });

  it('does not clash with sheets already named 汇总 or 计算依据', async () => {
    const res = await processWorkbook({ source: { bytes: await buildFixture({ extraSheets: { 汇总: [['旧汇总']], 计算依据: [['旧']] } }) }, policy: 'xining-2024' });
    const out = await loadExcel(res.body!);
    expect(out.worksheets.map((w) => w.name)).toEqual(['说明', '结算明细', '汇总', '计算依据', '汇总 (2)', '计算依据 (2)']);
    expect(out.getWorksheet('汇总')!.getCell('A1').value).toBe('旧汇总');
  });

  it('clips an existing column range that reaches into the result block', () => {
    const head = '<worksheet><cols><col min="1" max="2" width="9" customWidth="1"/><col min="3" max="16384" width="5" style="2"/><col min="20" max="25" width="3"/></cols><sheetData>';
    const out = updateCols(head, '', 10, [12, 8]);
    expect(out).toBe('<worksheet><cols><col min="1" max="2" width="9" customWidth="1"/><col min="3" max="9" width="5" style="2"/><col min="10" max="10" width="12" customWidth="1"/><col min="11" max="11" width="8" customWidth="1"/></cols><sheetData>');
    expect(updateCols('<worksheet><sheetData>', '', 3, [7])).toBe('<worksheet><cols><col min="3" max="3" width="7" customWidth="1"/></cols><sheetData>');
  });

  for (const x of ['', 'x:']) {
    it(`handles a minimal package (prefix '${x}'): no styles part, inline strings, rows and cells without r`, async () => {
      const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
      const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
      const xmlns = x ? `xmlns:${x.slice(0, -1)}="${ns}"` : `xmlns="${ns}"`;
      const is = (t: string) => `<${x}c t="inlineStr"><${x}is><${x}t>${t}</${x}t></${x}is></${x}c>`;
      const n = (v: string | number) => `<${x}c><${x}v>${v}</${x}v></${x}c>`;
      const headers = ['结算号', '身份证号', '险种', '人员状态', '就诊类型', '医院等级', '就诊日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额'];
      const sheet =
        `<?xml version="1.0" encoding="UTF-8"?><${x}worksheet ${xmlns} xmlns:r="${rel}"><${x}sheetData>` +
        `<${x}row>${headers.map(is).join('')}</${x}row>` +
        `<${x}row>${[is('S1'), is(GOOD_ID), is('职工'), is('在职'), is('住院'), is('二级'), is('2024-02-03'), is('2024/2/15'), n('7959.12'), n(258), is('170.75')].join('')}</${x}row>` +
        `</${x}sheetData></${x}worksheet>`;
      const sink = memorySink();
      const z = new ZipWriter(sink);
      await z.add('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>');
      await z.add('_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
      await z.add('xl/workbook.xml', `<?xml version="1.0"?><${x}workbook ${xmlns} xmlns:r="${rel}"><${x}sheets><${x}sheet name="数据" sheetId="1" r:id="rId1"/></${x}sheets></${x}workbook>`);
      await z.add('xl/_rels/workbook.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`);
      await z.add('xl/worksheets/sheet1.xml', sheet);
      await z.finish();
      const res = await processWorkbook({ source: { bytes: sink.buffer() }, policy: 'xining-2024' });
      if (process.env['KEEP_MINIMAL']) (await import('node:fs')).writeFileSync(`/tmp/minimal${x ? '-x' : ''}.xlsx`, res.body!);
      const parts = await zipEntries(res.body!);
      expect(parts.get('xl/worksheets/sheet1.xml')!.toString()).toContain(`<${x}c r="L1" s="`);
      expect(parts.get('[Content_Types].xml')!.toString()).toContain('/xl/styles.xml');
      // Read back with our own reader (exceljs cannot read prefixed SpreadsheetML).
      const back = await WorkbookFile.open({ bytes: res.body! });
      expect(back.worksheets().map((s) => s.name)).toEqual(['数据', '汇总', '计算依据']);
      const got: unknown[][] = [];
      for await (const row of back.rows(back.worksheets()[0]!)) got.push(row.cells.map((c) => [c.col, cellValue(c, [])]));
      await back.close();
      const at = (key: string) => 12 + RESULT_COLS.findIndex((c) => c.key === key);
      expect(got[0]).toContainEqual([12, '政策范围内费用']);
      expect(got[1]).toContainEqual([at('fundPaid'), 5584.3]);
      expect(got[1]).toContainEqual([at('status'), '成功']);
      expect(got[1]).toContainEqual([1, 'S1']);
      // exceljs reads neither prefixed SpreadsheetML nor cells without r; where it reads the input, it must read the output.
      const exceljsReadsInput = await loadExcel(sink.buffer()).then(() => true, () => false);
      if (exceljsReadsInput) {
        const out = await loadExcel(res.body!);
        expect(out.getWorksheet('数据')!.getCell(2, at('fundPaid')).value).toBe(5584.3);
        expect(out.getWorksheet('数据')!.getCell(2, at('fundPaid')).numFmt).toBe('#,##0.00');
      }
    });
  }

  it('streams results given as an async iterable', async () => {
    const input = await buildFixture();
    const wb = await WorkbookFile.open({ bytes: input });
    const ds = await locateDataSheet(wb);
    const { rows, stats } = await readAllRows(wb, ds);
    const outcomes: RowOutcome[] = rows.map((r, i) => ({ index: i, input: r.raw, row: {}, results: { fundPaid: D(i) }, status: 'ok', messages: [], basis: `b${i}` }));
    let totalsCalledAfterRows = false;
    let yielded = 0;
    async function* gen() {
      for (let i = 0; i < rows.length; i++) {
        yielded += 1;
        yield { rowNumber: rows[i]!.rowNumber, outcome: outcomes[i]! };
      }
    }
    const sink = memorySink();
    await writeResultWorkbook({
      wb, ds, firstResultCol: stats.maxCol + 1, ruleSet: ruleSet('xining-2024'), rows: gen(), sink,
      totals: () => {
        totalsCalledAfterRows = yielded === rows.length;
        return { summary: summarize(settlements, outcomes), params: new Map(), conventions: new Set<string>() };
      },
    });
    await wb.close();
    expect(totalsCalledAfterRows).toBe(true);
    const ws = (await loadExcel(sink.buffer())).getWorksheet('结算明细')!;
    expect(rows.map((r) => ws.getCell(r.rowNumber, col('basis')).value)).toEqual(['b0', 'b1', 'b2', 'b3']);
  });
});

describe('dates written back', () => {
  for (const date1904 of [false, true]) {
    it(`writes date results as dates (${date1904 ? '1904' : '1900'} date system)`, async () => {
      const book = new ExcelJS.Workbook();
      if (date1904) book.properties.date1904 = true;
      const ws = book.addWorksheet('居民');
      ws.addRow(['身份证号', '缴费日期', '参保年度']);
      ws.addRow([GOOD_ID, new Date('2023-12-20T00:00:00Z'), 2024]);
      const wb = await WorkbookFile.open({ bytes: Buffer.from((await book.xlsx.writeBuffer()) as ArrayBuffer) });
      const ds = await locateDataSheet(wb);
      expect(ds.kind.id).toBe('resident-contributions');
      const { rows, stats } = await readAllRows(wb, ds);
      expect(rows[0]!.raw['paidOn']).toBe(45280); // 2023-12-20 as a 1900-system serial either way
      const outcome: RowOutcome = { index: 0, input: rows[0]!.raw, row: {}, results: { benefitStart: '2024-01-01', amountDue: D('380') }, status: 'ok', messages: [], basis: '' };
      const sink = memorySink();
      await writeResultWorkbook({ wb, ds, firstResultCol: stats.maxCol + 1, ruleSet: ruleSet('xining-2024'), rows: [{ rowNumber: 2, outcome }], totals: () => ({ summary: summarize(ds.kind, [outcome]), params: new Map(), conventions: new Set() }), sink });
      await wb.close();
      const out = (await loadExcel(sink.buffer())).getWorksheet('居民')!;
      const at = 4 + resultColumns(ds.kind).findIndex((c) => c.key === 'benefitStart');
      expect(out.getCell(2, at).value).toEqual(new Date('2024-01-01T00:00:00Z'));
      expect(out.getCell(2, at).numFmt).toBe('yyyy-mm-dd');
    });
  }
});

describe('limits', () => {
  it('refuses when no columns are left for the results (400)', async () => {
    const book = await loadExcel(await buildFixture());
    book.getWorksheet('结算明细')!.getCell(3, 16_380).value = '最右';
    const buf = Buffer.from((await book.xlsx.writeBuffer()) as ArrayBuffer);
    await expect(processWorkbook({ source: { bytes: buf }, policy: 'xining-2024' })).rejects.toMatchObject({ status: 400, code: 'too-many-columns' });
  });
});

describe('a result workbook processed again', () => {
  it('replaces the earlier result block, 汇总, 计算依据 and notes instead of adding more', async () => {
    const first = (await processWorkbook({ source: { bytes: await buildFixture() }, policy: 'xining-2024' })).body!;
    // The user fixes the bad ID in Excel (here: exceljs) and sends the result back.
    const edited = await loadExcel(first);
    edited.getWorksheet('结算明细')!.getCell('B4').value = idFor('19900202', 456);
    const editedBuf = Buffer.from((await edited.xlsx.writeBuffer()) as ArrayBuffer);
    const wb = await WorkbookFile.open({ bytes: editedBuf });
    const ds = await locateDataSheet(wb);
    expect(ds.previousResultCol).toBe(14);
    await wb.close();
    const second = (await processWorkbook({ source: { bytes: editedBuf }, policy: 'xining-2024' })).body!;
    const out = await loadExcel(second);
    expect(out.worksheets.map((w) => w.name)).toEqual(['说明', '结算明细', '汇总', '计算依据']);
    const ws = out.getWorksheet('结算明细')!;
    RESULT_COLS.forEach((c, i) => expect(ws.getCell(2, 14 + i).value).toBe(c.zh));
    expect(ws.getCell(2, 14 + RESULT_COLS.length).value).toBeNull();
    expect(ws.getCell(4, col('status')).value).toBe('成功');
    expect(ws.getCell(4, col('messages')).value).toBeNull(); // the stale error message is gone
    expect(ws.getCell(5, col('status')).value).toBe('错误');
    expect(ws.getCell('B4').note).toBeUndefined(); // the stale note is gone
    expect(JSON.stringify(ws.getCell('G5').note)).toContain('四级');
    expect((JSON.stringify(ws.getCell('G5').note).match(/yibao/g) ?? []).length).toBe(1);
    expect(ws.getCell('A2').note).toBeDefined(); // the user's own note stays
    const sum = out.getWorksheet('汇总')!;
    expect(sum.getCell('B3').value).toBe(3); // 成功 now 3
    // Processing an unchanged result again is stable: the same cells come back.
    const third = await loadExcel((await processWorkbook({ source: { bytes: second }, policy: 'xining-2024' })).body!);
    const ws3 = third.getWorksheet('结算明细')!;
    for (const r of [2, 3, 4, 5, 7]) for (let c = 1; c <= 14 + RESULT_COLS.length; c++) expect(ws3.getCell(r, c).value, `${r}:${c}`).toEqual(ws.getCell(r, c).value);
  });
});
