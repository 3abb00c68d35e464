/**
 * The writer splices result cells into the data sheet's bytes (row-bytes.ts). Whatever the form of the
 * rows, the sheetData it writes must be byte for byte what the generic route gives: scanSheet's tokens,
 * appendToRow on each data row with the cells resultCellRenderer renders, every other token as it is.
 */
import { describe, expect, it } from 'vitest';
import type { RowOutcome } from '../../src/engine/run.js';
import { summarize } from '../../src/engine/summary.js';
import { resultColumns } from '../../src/kinds/index.js';
import { D } from '../../src/money.js';
import { ruleSet } from '../../src/rules/index.js';
import { locateDataSheet, readAllRows, resultColumnFor, WorkbookFile } from '../../src/workbook/reader.js';
import { BlockWriter, type RowTagInfo, simpleRowTag } from '../../src/workbook/row-bytes.js';
import { appendToRow, resultCellRenderer, writeResultWorkbook } from '../../src/workbook/writer.js';
import { scanSheet } from '../../src/xlsx/sheet-scanner.js';
import { memorySink, ZipWriter } from '../../src/xlsx/zip.js';
import { GOOD_ID, BAD_ID } from './fixture.js';
import { zipEntries } from './helpers.js';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const HEADERS = ['结算号', '身份证号', '险种', '人员状态', '就诊类型', '医院等级', '就诊日期', '出院日期', '医疗总费用', '全自费金额', '乙类自付金额'];

async function pkg(sheet: Buffer, x: string): Promise<Buffer> {
  const xmlns = x ? `xmlns:${x.slice(0, -1)}="${NS}"` : `xmlns="${NS}"`;
  const sink = memorySink();
  const z = new ZipWriter(sink);
  await z.add('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>');
  await z.add('_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`);
  await z.add('xl/workbook.xml', `<?xml version="1.0"?><${x}workbook ${xmlns} xmlns:r="${REL}"><${x}sheets><${x}sheet name="数据" sheetId="1" r:id="rId1"/></${x}sheets></${x}workbook>`);
  await z.add('xl/_rels/workbook.xml.rels', `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`);
  await z.add('xl/worksheets/sheet1.xml', sheet);
  await z.finish();
  return sink.buffer();
}

interface SheetShape {
  /** Start tag of sheet row r (the i-th data row; i = -1 for the header). */
  rowTag?: (r: number, i: number) => string;
  /** Text between rows (bytes: possibly not UTF-8). */
  between?: string | Buffer;
  /** Bytes added to each data row's cells. */
  extra?: (i: number) => Buffer;
  n?: number;
  bom?: boolean;
}

function sheet(x: string, shape: SheetShape = {}): Buffer {
  const { rowTag = (r) => `<${x}row r="${r}" spans="1:11">`, extra = () => Buffer.alloc(0), n = 3, bom = false } = shape;
  const between = Buffer.isBuffer(shape.between) ? shape.between : Buffer.from(shape.between ?? '');
  const xmlns = x ? `xmlns:${x.slice(0, -1)}="${NS}"` : `xmlns="${NS}"`;
  const is = (t: string) => `<${x}c t="inlineStr"><${x}is><${x}t>${t}</${x}t></${x}is></${x}c>`;
  const num = (v: string | number) => `<${x}c><${x}v>${v}</${x}v></${x}c>`;
  const parts: Buffer[] = [Buffer.from(`${bom ? '\ufeff' : ''}<?xml version="1.0" encoding="UTF-8"?><${x}worksheet ${xmlns} xmlns:r="${REL}"><${x}dimension ref="A1:K${n + 1}"/><${x}sheetData>`), between];
  parts.push(Buffer.from(`${rowTag(1, -1)}${HEADERS.map(is).join('')}</${x}row>`), between);
  for (let i = 0; i < n; i++) {
    parts.push(Buffer.from(rowTag(i + 2, i) + [is(`S${i}号`), is(i % 7 === 3 ? BAD_ID : GOOD_ID), is('职工'), is('在职'), is('住院'), is('二级'), is('2024-02-03'), is('2024/2/15'), num((7959.12 + i).toFixed(2)), num(258), is('170.75')].join('')));
    parts.push(extra(i), Buffer.from(`</${x}row>`), between);
  }
  parts.push(Buffer.from(`</${x}sheetData><${x}pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></${x}worksheet>`));
  return Buffer.concat(parts);
}

/** The sheetData content of a worksheet part (bytes between its start and end tags). */
function rowsRegion(part: Buffer): Buffer {
  const s = part.toString('latin1');
  const open = /<([\w.-]+:)?sheetData[\s>/]/.exec(s)!;
  const start = s.indexOf('>', open.index) + 1;
  return part.subarray(start, s.indexOf(`</${open[1] ?? ''}sheetData>`));
}

async function* chunksOf(b: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

/** What the writer gives for the workbook, and what the generic route gives for its rows. */
async function both(input: Buffer, sheetXml: Buffer): Promise<{ actual: Buffer; expected: Buffer }> {
  const wb = await WorkbookFile.open({ bytes: input });
  const ds = await locateDataSheet(wb);
  const { rows, stats } = await readAllRows(wb, ds);
  const firstResultCol = resultColumnFor(ds, stats);
  const statuses = ['ok', 'warning', 'error'] as const;
  const outcomes: RowOutcome[] = rows.map((r, i) => ({
    index: i, input: r.raw, row: {}, results: { fundPaid: D(`${i}.5`), deductible: D(0) }, status: statuses[i % 3]!,
    messages: i % 3 === 0 ? [] : [`列「医疗总费用」第${i}行`], basis: i % 2 ? `=(${i})` : `依据${i}`,
  }));
  const render = await resultCellRenderer(wb, ds, firstResultCol);
  const sink = memorySink();
  await writeResultWorkbook({
    wb, ds, firstResultCol, ruleSet: ruleSet('xining-2024'), rows: outcomes.map((o, i) => ({ rowNumber: rows[i]!.rowNumber, outcome: o })),
    totals: () => ({ summary: summarize(ds.kind, outcomes), params: new Map(), conventions: new Set() }), sink,
  });
  const byRow = new Map(rows.map((r, i) => [r.rowNumber, outcomes[i]!]));
  const lastCol = firstResultCol + resultColumns(ds.kind).length - 1; // int
  let expected = '';
  let p = '';
  for await (const tok of scanSheet(chunksOf(sheetXml, 100))) {
    if (tok.type === 'head') p = tok.prefix;
    else if (tok.type === 'text') expected += tok.xml;
    else if (tok.type === 'row') {
      const row = tok.row;
      const o = byRow.get(row.r);
      if (row.r === ds.headerRow || !o) expected += row.xml;
      else expected += appendToRow(row, p, render(row.r, o), lastCol);
    }
  }
  await wb.close();
  const parts = await zipEntries(sink.buffer());
  const actual = rowsRegion(parts.get('xl/worksheets/sheet1.xml')!);
  // The header row gets the header cells: compare the data rows onwards (after the header row's end).
  const headerEnd = (b: Buffer) => b.indexOf(`</${p}row>`) + `</${p}row>`.length;
  const exp = Buffer.from(expected, 'utf8');
  return { actual: actual.subarray(headerEnd(actual)), expected: exp.subarray(headerEnd(exp)) };
}

const SHAPES: Record<string, (x: string) => SheetShape> = {
  plain: () => ({}),
  'rows without r': (x) => ({ rowTag: () => `<${x}row>` }),
  'spans with leading zeros': (x) => ({ rowTag: (r) => `<${x}row r="${r}" spans="1:011" ht="15">` }),
  'spans narrower than the result block': (x) => ({ rowTag: (r) => `<${x}row r="${r}" spans="001:5">` }),
  'a second spans': (x) => ({ rowTag: (r) => `<${x}row r="${r}" spans="1:11:2" spans="2:3">` }),
  'r after other attributes': (x) => ({ rowTag: (r) => `<${x}row spans="1:11" r="${r}">` }),
  'r twice': (x) => ({ rowTag: (r) => `<${x}row r="${r}" spans="1:3" r="${r}">` }),
  "r in single quotes": (x) => ({ rowTag: (r) => `<${x}row r='${r}'>` }),
  'an entity in an attribute': (x) => ({ rowTag: (r) => `<${x}row r="${r}" x:a="&amp;" spans="1:2">` }),
  'tabs and newlines in the tag': (x) => ({ rowTag: (r) => `<${x}row\tr="${r}"\r\n spans="1:4"  >` }),
  'spaces around =': (x) => ({ rowTag: (r) => `<${x}row r = "${r}" spans = "1:4">` }),
  'comments and PIs between rows': () => ({ between: '\r\n  <!-- c -->\n<?pi x?>\n' }),
  'self-closing rows between': (x) => ({ n: 5, rowTag: (r, i) => (i < 0 ? `<${x}row r="1">` : `<${x}row r="${2 * i + 3}"/><${x}row r="${2 * i + 4}">`) }),
  'invalid UTF-8 in a cell': (x) => ({ extra: () => Buffer.concat([Buffer.from(`<${x}c t="inlineStr"><${x}is><${x}t>`), Buffer.from([0xe4, 0xb8, 0x41, 0xff, 0xc0, 0x80]), Buffer.from(`</${x}t></${x}is></${x}c>`)]) }),
  'invalid UTF-8 between rows': () => ({ between: Buffer.from([0x3c, 0x21, 0x2d, 0x2d, 0xe4, 0xb8, 0x2d, 0x2d, 0xff, 0x3e]) }),
  'a BOM': () => ({ bom: true }),
  'many rows across inflate chunks, mixed forms': (x) => ({
    n: 1500,
    between: '\n',
    rowTag: (r, i) => (i % 97 === 5 ? `<${x}row>` : i % 89 === 3 ? `<${x}row spans="1:11" r="${r}">` : `<${x}row r="${r}" spans="1:11">`),
    extra: (i) => Buffer.from(`<${x}c t="inlineStr"><${x}is><${x}t>${'备注文字'.repeat(i % 13)}</${x}t></${x}is></${x}c>`),
  }),
};

describe('result cells spliced into the data sheet', () => {
  for (const [name, shape] of Object.entries(SHAPES)) {
    for (const x of ['', 'x:']) {
      it(`${name} (prefix '${x}'): the same bytes as the generic route`, async () => {
        const xml = sheet(x, shape(x));
        const { actual, expected } = await both(await pkg(xml, x), xml);
        expect(actual.length).toBeGreaterThan(0);
        expect(actual.equals(expected)).toBe(true);
      });
    }
  }
});

describe('pre-rendered cells', () => {
  for (const name of ['plain', 'rows without r', 'many rows across inflate chunks, mixed forms']) {
    it(`${name}: cells given as text, as bytes or rendered by the writer give the same workbook`, async () => {
      const input = await pkg(sheet('', SHAPES[name]!('')), '');
      const outputs: Buffer[] = [];
      for (const mode of ['render', 'xml', 'bytes'] as const) {
        const wb = await WorkbookFile.open({ bytes: input });
        const ds = await locateDataSheet(wb);
        const { rows, stats } = await readAllRows(wb, ds);
        const firstResultCol = resultColumnFor(ds, stats);
        const render = await resultCellRenderer(wb, ds, firstResultCol);
        const outcomes: RowOutcome[] = rows.map((r, i) => ({ index: i, input: r.raw, row: {}, results: { fundPaid: D(`${i}.25`) }, status: i % 4 ? 'ok' : 'error', messages: i % 4 ? [] : ['列「身份证号」有误'], basis: `b${i}` }));
        const results = outcomes.map((o, i) => {
          const r = rows[i]!.rowNumber;
          if (mode === 'xml') return { rowNumber: r, outcome: o, cellsXml: render(r, o) };
          if (mode === 'bytes') return { rowNumber: r, outcome: o, cellsBytes: Buffer.from(render(r, o), 'utf8') };
          return { rowNumber: r, outcome: o };
        });
        const sink = memorySink();
        await writeResultWorkbook({ wb, ds, firstResultCol, ruleSet: ruleSet('xining-2024'), rows: results, totals: () => ({ summary: summarize(ds.kind, outcomes), params: new Map(), conventions: new Set() }), sink });
        await wb.close();
        outputs.push(sink.buffer());
      }
      expect(outputs[1]!.equals(outputs[0]!)).toBe(true);
      expect(outputs[2]!.equals(outputs[0]!)).toBe(true);
    });
  }
});

describe('simpleRowTag', () => {
  const info: RowTagInfo = { r: 0, hiStart: -1, hiEnd: -1, hi: 0 };
  const check = (tag: string) => (simpleRowTag(tag, 4, tag.length, info) ? { r: info.r, hi: info.hiStart >= 0 ? tag.slice(info.hiStart, info.hiEnd) : undefined } : undefined);
  it('reads the plain form and declines everything else', () => {
    expect(check('<row r="12" spans="1:30" x14ac:dyDescent="0.25">')).toEqual({ r: 12, hi: '30' });
    expect(check('<row r="7">')).toEqual({ r: 7, hi: undefined });
    expect(check('<row r="7" spans="1:2:3" spans="4:5">')).toEqual({ r: 7, hi: '5' });
    for (const t of ['<row>', '<row r="0">', '<row r="">', '<row r="1a">', '<row r="1234567890">', '<row spans="1:2" r="3">', '<row r="3" r="4">', "<row r='3'>", '<row r = "3">', '<row r="3" a="&amp;">', '<row r="3" a="é">', '<row r="3"a="1">', '<row r="3" 1a="1">']) {
      expect(check(t), t).toBeUndefined();
    }
  });
});

describe('BlockWriter', () => {
  it('gives back exactly the bytes and text written, in blocks of at most its size', () => {
    const w = new BlockWriter(16);
    const src = Buffer.from('0123456789abcdefghijklmnopqrstuvwxyz');
    w.bytes(src, 3, 30);
    w.text('医保');
    w.text('x'.repeat(40));
    w.bytes(src, 0, 1);
    const blocks = w.flush();
    expect(Buffer.concat(blocks).toString('utf8')).toBe(`${src.toString('latin1', 3, 30)}医保${'x'.repeat(40)}0`);
    expect(blocks.every((b) => b.length <= 16 || b.toString() === 'x'.repeat(40))).toBe(true);
  });
});
