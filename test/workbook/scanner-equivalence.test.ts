/**
 * The in-place worksheet scanner gives exactly what the slicing scanner it replaced gave (kept in
 * scanner-reference.ts): the same tokens, row numbers, start-tag ends and cells (every field, present or
 * absent), the same error after the same tokens, on generated sheets full of awkward and broken forms and
 * cut into chunks of every size. Also the batch readers (scanSheetRows) against scanSheet's row tokens.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRow, scanSheet, scanSheetRows, type ScannedRow, type SheetToken } from '../../src/xlsx/sheet-scanner.js';
import { referenceParseRow, referenceScanSheet } from './scanner-reference.js';

async function* chunked(bytes: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let k = 0;
  for (let i = 0; i < bytes.length; k++) {
    const n = sizes[k % sizes.length]!;
    yield bytes.subarray(i, i + n);
    i += n;
  }
}

function plainRow(r: ScannedRow) {
  return { r: r.r, hasR: r.hasR, xml: r.xml, openEnd: r.openEnd, selfClosing: r.selfClosing, cells: r.cells.map((c) => ({ ...c })) };
}

function plain(t: SheetToken) {
  return t.type === 'row' ? { type: t.type, prefix: t.prefix, row: plainRow(t.row) } : { ...t };
}

async function collect(gen: AsyncGenerator<SheetToken>): Promise<{ tokens: unknown[]; error?: string }> {
  const tokens: unknown[] = [];
  try {
    for await (const t of gen) tokens.push(plain(t));
  } catch (e) {
    return { tokens, error: String(e) };
  }
  return { tokens };
}

async function collectRows(gen: AsyncGenerator<ScannedRow[]>): Promise<{ tokens: unknown[]; error?: string }> {
  const tokens: unknown[] = [];
  try {
    for await (const b of gen) {
      expect(b.length).toBeGreaterThan(0);
      for (const r of b) tokens.push(plainRow(r));
    }
  } catch (e) {
    return { tokens, error: String(e) };
  }
  return { tokens };
}

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

const ROW_ATTRS = ['r="1"', 'r="2"', "r='7'", 'r = "12"', 'r=" 5"', 'r="&#53;"', 'r="abc"', 'r="0"', 'r="-3"', 'r="1.5"', 'r="1e2"', 'r=""', 'r="0x10"', 'r="0012"', 'r="12345678901234567"', 'spans="1:3"', 'x14ac:dyDescent="0.25"', 'hidden', '1r="4"', 'a.b-c_d="x"', 'ht="15" customHeight="1"', 'r="9"\u00a0s="1"', 'q="a>b"', "q='\"r=\"3\"'", 'r="4"/x', '_r="8"'];
const CELL_ATTRS = ['r="A1"', 'r="B2"', "r='C3'", 'r="$D$4"', 'r="aa10"', 'r="AAAA1"', 'r="1A"', 'r="A"', 'r="&#65;1"', 'r="A&amp;1"', 'r=""', 'r = "E5"', 't="s"', 't="str"', 't="inlineStr"', 't="b"', 't="e"', "t='n'", 's="1"', 's="1&amp;2"', 'hidden', 'x:r="F6"', 'r="G7" r="H8"', 'q="a>b"', "q='x\"y'", 'r="Z9"/'];
const BODIES = [
  '<v>0</v>',
  '<v>45458</v>',
  '<v>1.5</v>',
  '<v/>',
  '<v />',
  '<v></v>',
  '<f>1+2</f><v>3</v>',
  '<f/>',
  '<f t="shared" si="0"/><v>4</v>',
  '<f>"a"&amp;"&lt;b&gt;"</f><v>a&lt;b&gt;</v>',
  '<is><t>结算号</t></is>',
  '<is><r><t>医疗</t></r><r><rPr><b/></rPr><t>总费用</t></r><rPh sb="0" eb="1"><t>イ</t></rPh></is>',
  '<is><t xml:space="preserve"> a_x000D_b </t></is>',
  '<is>',
  '<v>&#x4E2D;&#20013;&amp;&quot;</v>',
  '<v>no close',
  '<vx>1</vx><v>2</v>',
  '<v a=">">7</v>',
  '<v>a<f>b</f></v>',
  '<fx/><f>x</f>',
  '<v>1</v><v>2</v>',
  '<v',
  ' ',
];

function cell(p: string) {
  return fc.record({ attrs: fc.array(pick(CELL_ATTRS), { maxLength: 3 }), self: fc.boolean(), body: fc.array(pick(BODIES), { maxLength: 3 }), close: fc.constantFrom(true, true, true, false), pre: pick([p, p, p, 'y:']) }).map(({ attrs, self, body, close, pre }) => {
    const open = `<${pre}c${attrs.map((a) => ` ${a}`).join('')}`;
    if (self) return `${open}/>`;
    const inner = body.map((b) => b.replace(/<(\/?)(v|f|is|t|r|rPh|rPr)([\s>/])/g, `<$1${pre}$2$3`)).join('');
    return `${open}>${inner}${close ? `</${pre}c>` : ''}`;
  });
}

function row(p: string) {
  return fc.record({ attrs: fc.array(pick(ROW_ATTRS), { maxLength: 3 }), self: fc.boolean(), cells: fc.array(cell(p), { maxLength: 5 }), sep: pick(['', '', ' ', '\n']) }).map(({ attrs, self, cells, sep }) => {
    const open = `<${p}row${attrs.map((a) => ` ${a}`).join('')}`;
    return self ? `${open}/>${sep}` : `${open}>${cells.join('')}</${p}row>${sep}`;
  });
}

const sheet = fc.constantFrom('', 'x:').chain((p) =>
  fc.record({
    p: fc.constant(p),
    rows: fc.array(fc.oneof({ weight: 8, arbitrary: row(p) }, { weight: 1, arbitrary: pick(['<!-- c -->', '<?pi x?>', '\n  ', `<${p}rowx/>`, '<', 'text']) }), { maxLength: 8 }),
    empty: fc.constantFrom(false, false, false, true),
    end: fc.constantFrom('ok', 'ok', 'ok', 'truncated', 'no-sheetData'),
  }).map(({ rows, empty, end }) => {
    const head = `<?xml version="1.0"?><${p}worksheet xmlns${p ? `:${p.slice(0, -1)}` : ''}="urn:x"><${p}dimension ref="A1"/>`;
    if (end === 'no-sheetData') return `${head}</${p}worksheet>`;
    if (empty) return `${head}<${p}sheetData/><${p}pageMargins/></${p}worksheet>`;
    const body = `${head}<${p}sheetData>${rows.join('')}`;
    return end === 'truncated' ? body : `${body}</${p}sheetData><${p}mergeCells count="2"><${p}mergeCell ref="B2:B4"/><${p}mergeCell ref="C2:C3"/></${p}mergeCells></${p}worksheet>`;
  }),
);

describe('in-place scanner = reference scanner', () => {
  it('same tokens, cells and errors on generated sheets in any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(sheet, fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 4 }), async (xml, sizes) => {
        const bytes = Buffer.from(xml, 'utf8');
        const want = await collect(referenceScanSheet(chunked(bytes, sizes)));
        const got = await collect(scanSheet(chunked(bytes, sizes)));
        expect(got).toStrictEqual(want);
        const wantRows = { tokens: want.tokens.flatMap((t) => ((t as { type: string }).type === 'row' ? [(t as { row: unknown }).row] : [])), ...(want.error !== undefined ? { error: want.error } : {}) };
        expect(await collectRows(scanSheetRows(chunked(bytes, sizes)))).toStrictEqual(wantRows);
        // Asked for, the XML after the rows (merged cells) is handed over whole, however it was chunked.
        let tail: string | undefined;
        expect(await collectRows(scanSheetRows(chunked(bytes, sizes), { onTail: (t) => (tail = t) }))).toStrictEqual(wantRows);
        const wantTail = want.tokens.find((t) => (t as { type: string }).type === 'tail') as { xml: string } | undefined;
        expect(tail).toBe(want.error === undefined ? wantTail?.xml : undefined);
      }),
      { numRuns: 3000, seed: 20261126 },
    );
  }, 120_000);

  it('parseRow on odd start tags and contents', () => {
    const odd = ['<row r="3"><c><v>1</v></c></row>', '<row\u00a0r="3"></row>', '<row r="4" r="6"/>', '<row 1r="4"/>', '<row r="&#52;2"/>', '<row r=" 9 "/>', '<row r="3"', ' <row r="3">', '<row\fr="5">', '<ro:w r="2">', '<row r="2" / >', '<row r="2"x="1">', '<row r="2"><c r="A1"><v>1</v></c>', '<row r="2"></row><c><v>1</v></c></row>', '<row a="</row>"><c/></row>', '<row r="2">no cells</row>'];
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...odd), fc.string({ unit: fc.constantFrom('<', '>', '/', 'r', 'o', 'w', 'c', 'v', '=', '"', "'", ' ', '1', 'A', '&', ';', '#') })), (xml) => {
        const got = parseRow(xml, '', 7);
        const want = referenceParseRow(xml, '', 7);
        expect(plainRow(got)).toStrictEqual(plainRow(want));
      }),
      { numRuns: 5000, seed: 7 },
    );
  });
});
