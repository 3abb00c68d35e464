/**
 * Crafted inputs that once blocked the worker for minutes (issue 16): a few tens of kilobytes whose
 * reading took time growing with the square of their size (regexes backtracking over user text, searches
 * restarted from every start tag, edit distances on 32,767-character cells). Each shape is one repeated
 * piece `k` times over, put where a particular reader meets it. The tests (test/guard/linear-time.test.ts)
 * hold every reader to linear time by growing `k` fourfold; the fuzzer (mutate.ts) mixes them into its
 * cases. Shapes that edit a workbook expect the settlements sample (samples/xining-2024/settlements.xlsx:
 * a data sheet with notes, a VML drawing and rows with errors) and leave other workbooks as they are.
 */
import zlib from 'node:zlib';
import { type FuzzEntry, unzipAll, zipAll } from './mutate.js';
import { rawZip } from './raw-zip.js';
import { checkDigit } from '../kinds/idcard.js';

export interface HostileShape {
  /** Where the piece goes and what once read it in quadratic time. */
  what: string;
  /** Repetitions at about the size the review measured. */
  k: number;
  /** Edit a workbook's entries (true when the part was there to edit) … */
  edit?: (entries: FuzzEntry[], k: number) => boolean;
  /** … or build the whole file. */
  bytes?: (k: number) => Buffer;
}

function part(entries: FuzzEntry[], name: string): FuzzEntry | undefined {
  return entries.find((e) => e.name === name);
}

/**
 * Put `piece` k times before the first `before` in a part (false when either is missing). The part is
 * stored, not deflated: repeated text compresses past the guard's ratio limit, and the point is to reach
 * the reader behind it.
 */
function insert(entries: FuzzEntry[], name: string, before: string, piece: string, k: number): boolean {
  const e = part(entries, name);
  if (!e) return false;
  const xml = e.body.toString('utf8');
  const at = xml.indexOf(before);
  if (at < 0) return false;
  replaceBody(e, xml.slice(0, at) + piece.repeat(k) + xml.slice(at));
  return true;
}

function replaceBody(e: FuzzEntry, xml: string): void {
  e.body = Buffer.from(xml, 'utf8');
  e.method = 0;
}

const SHEET = 'xl/worksheets/sheet1.xml';

/** The settlements headers of the CSV seed and the sample (Xining 2024). */
const HEADERS = ['结算号', '身份证号', '姓名', '险种', '人员状态', '就诊类型', '医院等级', '入院日期', '出院日期', '医疗总费用（元）', '全自费金额', '乙类自付金额'];

function col(i: number): string {
  return String.fromCharCode(65 + i); // int: A…L
}

function inline(ref: string, text: string): string {
  return `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
}

/** A zip of the given parts, deflated or (when repeated text would deflate past the guard's ratio limit) stored. */
function zipOf(parts: [string, string][], deflate: boolean): Buffer {
  return rawZip(parts.map(([name, text]) => {
    const body = Buffer.from(text, 'utf8');
    return { name, data: deflate ? zlib.deflateRawSync(body) : body, method: deflate ? 8 : 0, crc: zlib.crc32(body), declaredSize: body.length };
  }));
}

/** An 18-character ID with a valid check digit for person i (birth dates cycle through 1950–1999). */
function personId(i: number): string {
  const first17 = `630102${1950 + (i % 50)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

export interface SettlementsOptions {
  rows: number;
  /** The one shared string every 险种 cell points at (a 32,000-character one is what closestEnum met). */
  scheme?: string;
  persons?: number;
  /** 姓名 of every row (echoed in JSON and CSV answers). */
  name?: string;
  /** Deflated, as a spreadsheet program writes it (default: stored). */
  deflate?: boolean;
  /** 姓名 left blank in every row, and this many two-row merged ranges over it below the last row. */
  mergedBelow?: number;
}

/** A settlements workbook of valid Xining 2024 rows (inline strings but for 险种). */
export function settlementsWorkbook(o: SettlementsOptions): Buffer {
  const { rows, scheme = '职工', persons = 1, name = '张某', deflate = false, mergedBelow = 0 } = o;
  const header = `<row r="1">${HEADERS.map((h, i) => inline(`${col(i)}1`, h)).join('')}</row>`;
  const body: string[] = [];
  for (let r = 2; r <= rows + 1; r++) { // int: sheet rows
    const v = [`S${r}`, personId(r % persons), mergedBelow > 0 ? undefined : name, null, '在职', '住院', '二级', '2024-02-03', '2024-02-15', String(1000 + (r % 9000)), '258', '170.75'];
    body.push(`<row r="${r}">${v.map((x, i) => (x === undefined ? '' : x === null ? `<c r="${col(i)}${r}" t="s"><v>0</v></c>` : inline(`${col(i)}${r}`, x))).join('')}</row>`);
  }
  const merges: string[] = [];
  for (let i = 0; i < mergedBelow; i++) merges.push(`<mergeCell ref="C${rows + 10 + 2 * i}:C${rows + 11 + 2 * i}"/>`); // int: sheet rows
  const tail = mergedBelow > 0 ? `<mergeCells count="${mergedBelow}">${merges.join('')}</mergeCells>` : '';
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zipOf([
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'],
    ['_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
    ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns} xmlns:r="${rel}"><sheets><sheet name="结算" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`],
    ['xl/sharedStrings.xml', `<?xml version="1.0" encoding="UTF-8"?><sst ${ns} count="1" uniqueCount="1"><si><t>${scheme}</t></si></sst>`],
    [SHEET, `<?xml version="1.0" encoding="UTF-8"?><worksheet ${ns}><sheetData>${header}${body.join('')}</sheetData>${tail}</worksheet>`],
  ], deflate);
}

/** Every shape, by name. */
export const HOSTILE_SHAPES: Readonly<Record<string, HostileShape>> = {
  'csv-star-header': {
    what: 'a CSV whose one header is k stars and a letter (header normalisation /\\*+$/, six times per field in the sniff)',
    k: 60_000,
    bytes: (k) => Buffer.from(`${'*'.repeat(k)}x\n`, 'utf8'),
  },
  'csv-bracket-header': {
    what: 'a CSV header of k bracket pairs `(a)` (the unit suffix stripped one group per pass over the text)',
    k: 10_000,
    bytes: (k) => Buffer.from(`结算号,身份证号${'(a)'.repeat(k)}\nS1,630102198001011230\n`, 'utf8'),
  },
  'enum-long-text': {
    what: 'k rows whose 险种 is one 32,000-character shared string (closestEnum: edit distance on the whole cell, every row)',
    k: 1_000,
    bytes: (k) => settlementsWorkbook({ rows: k, scheme: 'x'.repeat(32_000) }),
  },
  'workbookpr-open': {
    what: 'k `<workbookPr ` after the real one in workbook.xml (the date1904 check, a regex over the part)',
    k: 6_000,
    edit: (es, k) => insert(es, 'xl/workbook.xml', '</workbook>', '<workbookPr ', k),
  },
  'attribute-name': {
    what: 'a k-character attribute name on the data sheet\'s <sheet> (parseAttrs, a regex over the tag)',
    k: 150_000,
    edit: (es, k) => insert(es, 'xl/workbook.xml', ' sheetId="1"', ` ${'a'.repeat(k)}`, 1),
  },
  'sheet-open': {
    what: 'k `<sheet ` before the sheets in workbook.xml (the r:id prefix of new sheets, a nested lazy regex)',
    k: 3_000,
    edit: (es, k) => insert(es, 'xl/workbook.xml', '<fileVersion', '<sheet ', k),
  },
  'comment-open': {
    what: 'k `<comment ` at the end of the comment list (merging our notes: a regex per note over the part)',
    k: 100_000,
    edit: (es, k) => insert(es, 'xl/comments1.xml', '</commentList>', '<comment ', k),
  },
  'comment-unclosed': {
    what: 'k `<comment >` in a part yibao wrote notes to before (dropping old notes: a lazy regex per start)',
    k: 100_000,
    edit: (es, k) => insert(es, 'xl/comments1.xml', '</authors>', '<author>yibao</author>', 1) && insert(es, 'xl/comments1.xml', '</commentList>', '<comment >', k),
  },
  'author-open': {
    what: 'k `<author>` never closed (the authors list, a lazy regex)',
    k: 30_000,
    edit: (es, k) => insert(es, 'xl/comments1.xml', '<commentList>', '<author>', k),
  },
  'phonetic-open': {
    what: 'k `<rPh>` never closed in a shared string (phonetic runs cut by a lazy regex)',
    k: 60_000,
    edit: (es, k) => insert(es, 'xl/sharedStrings.xml', '</si>', '<rPh>', k),
  },
  'col-open': {
    what: 'k `<col ` at the end of the data sheet\'s <cols> (updateCols, a lazy regex over the head)',
    k: 60_000,
    edit: (es, k) => insert(es, SHEET, '</cols>', '<col ', k),
  },
  'dimension-open': {
    what: 'k `<dimension ` and a `>` before the data sheet\'s dimension (updateDimension, a regex over the head)',
    k: 20_000,
    edit: (es, k) => insert(es, SHEET, '<dimension ', `${'<dimension '.repeat(k)}>`, 1),
  },
  'legacy-drawing-open': {
    what: 'k `<legacyDrawing ` and a `>` before the sheet\'s own (its relationship id, a nested lazy regex over the tail)',
    k: 3_000,
    edit: (es, k) => insert(es, SHEET, '<legacyDrawing ', `${'<legacyDrawing '.repeat(k)}>`, 1),
  },
  'default-open': {
    what: 'k `<Default ` in [Content_Types].xml, its vml default removed (hasDefault, a regex over the part)',
    k: 20_000,
    edit: (es, k) => {
      const e = part(es, '[Content_Types].xml');
      if (!e) return false;
      replaceBody(e, e.body.toString('utf8').replace(/<Default Extension="vml"[^>]*\/>/, ''));
      return insert(es, '[Content_Types].xml', '</Types>', '<Default ', k);
    },
  },
  'idmap-open': {
    what: 'k `<o:idmap ` in the VML drawing (the shape-id blocks in use, a regex over every drawing)',
    k: 30_000,
    edit: (es, k) => insert(es, 'xl/drawings/vmlDrawing1.vml', '<o:shapelayout', '<o:idmap ', k),
  },
  'shape-ids': {
    what: 'k shapes `<v:shape id="_x0000_sN"/>` in the VML drawing (Math.max over every id overflowed the stack: a 500)',
    k: 200_000,
    edit: (es, k) => {
      const e = part(es, 'xl/drawings/vmlDrawing1.vml');
      if (!e) return false;
      const xml = e.body.toString('utf8');
      const at = xml.lastIndexOf('</xml>');
      const shapes: string[] = [];
      for (let i = 0; i < k; i++) shapes.push(`<v:shape id="_x0000_s${2048 + i}"/>`); // int
      replaceBody(e, xml.slice(0, at) + shapes.join('') + xml.slice(at));
      return true;
    },
  },
  'bold-open': {
    what: 'k `<b ` and a `>` in the first font of styles.xml (the bold header font, a regex over the font)',
    k: 20_000,
    edit: (es, k) => insert(es, 'xl/styles.xml', '<sz ', `${'<b '.repeat(k)}>`, 1),
  },
  'numfmt-open': {
    what: 'k `<numFmt a="1" ` in styles.xml (the custom number formats: a tag end searched from every start)',
    k: 20_000,
    edit: (es, k) => insert(es, 'xl/styles.xml', '<numFmt ', '<numFmt a="1" ', k),
  },
  'number-digits': {
    what: 'an amount cell of k digits and a letter (the decimal check on cell numbers backtracked quadratically)',
    k: 32_000,
    edit: (es, k) => insert(es, SHEET, '</sheetData>', `<row r="99"><c r="J99"><v>${'1'.repeat(k)}x</v></c></row>`, 1),
  },
  'mergecell-open': {
    what: 'k `<mergeCell ` and a `>` after the data sheet\'s rows (its merged ranges, a lazy regex per start tag)',
    k: 20_000,
    edit: (es, k) => insert(es, SHEET, '</worksheet>', `${'<mergeCell '.repeat(k)}>`, 1),
  },
  'merged-ranges': {
    what: 'k rows with 姓名 blank and 10k merged ranges over 姓名 below them (each row searched every range; the search alone is held to k·log k by a test of its own)',
    k: 4_000,
    bytes: (k) => settlementsWorkbook({ rows: k, mergedBelow: 10 * k }), // int
  },
  'sheetdata-tag': {
    what: 'a <sheetData> start tag k characters long that never ends (waited for across every chunk, unbounded)',
    k: 2_000_000,
    edit: (es, k) => {
      const e = part(es, SHEET);
      if (!e) return false;
      const xml = e.body.toString('utf8');
      const at = xml.indexOf('<sheetData>');
      replaceBody(e, `${xml.slice(0, at)}<sheetData a="${'x'.repeat(k)}`);
      return true;
    },
  },
  'row-tag': {
    what: 'a row start tag k characters long that never ends (rescanned from its start with every chunk)',
    k: 2_000_000,
    edit: (es, k) => insert(es, SHEET, '</sheetData>', `<row r="99" a="${'x'.repeat(k)}`, 1),
  },
  'row-unclosed': {
    what: 'a row k cells long that never ends (its end tag searched from its start with every chunk)',
    k: 500_000,
    edit: (es, k) => insert(es, SHEET, '</sheetData>', `<row r="99">${'<c/>'.repeat(k)}`, 1),
  },
};

/** The crafted file of a shape with k repetitions; shapes that edit a workbook edit `sample` (see above). */
export async function craft(shape: HostileShape, k: number, sample: Buffer): Promise<Buffer> {
  if (shape.bytes) return shape.bytes(k);
  const entries = await unzipAll(sample);
  if (!entries || !shape.edit?.(entries, k)) throw new Error(`the shape found nothing to edit: ${shape.what}`);
  return zipAll(entries);
}
