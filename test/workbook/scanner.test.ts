/** The streaming SpreadsheetML scanners on hand-written XML: every awkward form a producer may use. */
import { describe, expect, it } from 'vitest';
import { cellValue } from '../../src/workbook/reader.js';
import { readSharedStrings } from '../../src/xlsx/shared-strings.js';
import { scanSheet, type SheetToken } from '../../src/xlsx/sheet-scanner.js';
import { bufferSource, memorySink, ZipReader, ZipWriter } from '../../src/xlsx/zip.js';
import { decodeXstring, eachAttr, escapeXml } from '../../src/xlsx/xml.js';

async function* chunked(text: string, size: number): AsyncGenerator<Buffer> {
  const b = Buffer.from(text, 'utf8');
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

async function tokens(text: string, size = 1 << 16): Promise<SheetToken[]> {
  const out: SheetToken[] = [];
  for await (const t of scanSheet(chunked(text, size))) out.push(t);
  return out;
}

const xmlOf = (t: SheetToken) => (t.type === 'row' ? t.row.xml : t.xml);

const SHEET = `<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A1:C4"/><x:sheetData>
<x:row><x:c t="inlineStr"><x:is><x:t>结算号</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t>医疗</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>总费用</x:t></x:r><x:rPh sb="0" eb="1"><x:t>イリョウ</x:t></x:rPh></x:is></x:c></x:row>
<x:row r="3" spans="1:3"><x:c r="A3" t="s"><x:v>0</x:v></x:c><x:c r="C3"><x:f>1+2</x:f><x:v>3</x:v></x:c></x:row>
<x:row/>
<x:row r="7"><x:c><x:v>1.5</x:v></x:c><x:c t="str"><x:f>"a"&amp;"&lt;b&gt;"</x:f><x:v>a&lt;b&gt;</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c s="3"/><x:c t="n"><x:v/></x:c></x:row>
</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A1:B1"/></x:mergeCells></x:worksheet>`;

describe('worksheet scanner', () => {
  it('gives back the input exactly, whatever the chunk size', async () => {
    for (const size of [1, 2, 3, 7, 64, 1 << 16]) {
      const toks = await tokens(SHEET, size);
      expect(toks.map(xmlOf).join(''), `chunk ${size}`).toBe(SHEET);
      expect(toks.filter((t) => t.type === 'row').map((t) => (t.type === 'row' ? t.row.r : 0)), `chunk ${size}`).toEqual([1, 3, 4, 7]);
    }
  });

  it('parses prefixed rows and cells with and without r, self-closing rows, formulas, entities, rich text', async () => {
    const toks = await tokens(SHEET, 5);
    const head = toks[0]!;
    expect(head.type === 'head' && head.prefix).toBe('x:');
    const rows = toks.flatMap((t) => (t.type === 'row' ? [t.row] : []));
    const sst = ['S1'];
    expect(rows[0]!.cells.map((c) => [c.col, cellValue(c, sst)])).toEqual([[1, '结算号'], [2, '医疗总费用']]);
    expect(rows[0]!.hasR).toBe(false);
    expect(rows[1]!.cells.map((c) => [c.col, cellValue(c, sst)])).toEqual([[1, 'S1'], [3, 3]]);
    expect(rows[1]!.cells[1]!.f).toBe('1+2');
    expect(rows[2]!.selfClosing).toBe(true);
    expect(rows[2]!.cells).toEqual([]);
    expect(rows[3]!.cells.map((c) => [c.col, cellValue(c, sst)])).toEqual([[1, 1.5], [2, 'a<b>'], [3, '#N/A'], [4, true], [5, null], [6, null]]);
    expect(rows[3]!.cells[1]!.f).toBe('"a"&"<b>"');
    expect(toks.at(-1)!.type).toBe('tail');
    expect(xmlOf(toks.at(-1)!)).toContain('<x:mergeCell ref="A1:B1"/>');
  });

  it('handles an empty sheetData and rejects a truncated sheet', async () => {
    const empty = '<worksheet><sheetData/><pageMargins/></worksheet>';
    const toks = await tokens(empty, 4);
    expect(toks.map((t) => t.type)).toEqual(['head', 'tail']);
    expect(toks.map(xmlOf).join('')).toBe(empty);
    await expect(tokens('<worksheet><sheetData><row r="1"><c><v>1</v></c></row>', 8)).rejects.toThrow(/truncated|incomplete/);
    await expect(tokens('<worksheet></worksheet>')).rejects.toThrow(/sheetData/);
  });
});

describe('shared strings', () => {
  it('reads plain, rich-text, empty and escaped items and skips phonetic runs', async () => {
    const xml =
      '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">' +
      '<si><t>身份证号</t></si>' +
      '<si><r><t>医疗</t></r><r><rPr><b/></rPr><t xml:space="preserve">总费用 </t></r><rPh sb="0" eb="2"><t>いりょう</t></rPh></si>' +
      '<si/>' +
      '<si><t>a &amp; b &lt;c&gt; &#20013;&#x6587;</t></si>' +
      '<si><t>line_x000D__x000A_two</t></si>' +
      '</sst>';
    const sink = memorySink();
    const z = new ZipWriter(sink);
    await z.add('xl/sharedStrings.xml', xml);
    await z.finish();
    const zip = await ZipReader.open(bufferSource(sink.buffer()));
    expect(await readSharedStrings(zip, 'xl/sharedStrings.xml')).toEqual(['身份证号', '医疗总费用 ', '', 'a & b <c> 中文', 'line\r\ntwo']);
  });

  it('reads a table larger than one inflate chunk (items straddle chunk boundaries)', async () => {
    const n = 40_000;
    const items = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `<si><r><t>第${i}</t></r><r><t>项</t></r></si>` : `<si><t>第${i}项</t></si>`));
    const sink = memorySink();
    const z = new ZipWriter(sink);
    await z.add('ss.xml', `<sst>${items.join('')}</sst>`);
    await z.finish();
    const zip = await ZipReader.open(bufferSource(sink.buffer()));
    expect(zip.entry('ss.xml')!.uncompressedSize).toBeGreaterThan(4 * 65536);
    const got = await readSharedStrings(zip, 'ss.xml');
    expect(got).toHaveLength(n);
    expect(got.every((s, i) => s === `第${i}项`)).toBe(true);
  });

  it('reads attributes in every quoting and spacing form', () => {
    const got: [string, string][] = [];
    eachAttr(`<x:c r = 'B2'\n t="s" s="1&amp;2" x14ac:dyDescent="0.25" hidden/>`, (n, v) => got.push([n, v]));
    expect(got).toEqual([['r', 'B2'], ['t', 's'], ['s', '1&2'], ['x14ac:dyDescent', '0.25']]);
  });

  it('escapes what it writes and decodes ST_Xstring escapes', () => {
    expect(escapeXml('a<b>&"c"\u0001')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(decodeXstring('x_x0009_y')).toBe('x\ty');
  });
});
