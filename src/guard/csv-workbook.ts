/**
 * CSV input joins the xlsx path: the records become a new one-sheet workbook as they are parsed (every
 * value an inline string, as typed), which the workbook reader then reads like any upload — same header matching, same
 * validation, same writer. So a CSV answered as xlsx is that new workbook with the result columns.
 */
import { isFormulaLike } from '../workbook/cell-xml.js';
import { escapeXml, colLetters } from '../xlsx/xml.js';
import { type ByteSink, ZipWriter } from '../xlsx/zip.js';
import { CsvParser } from './csv.js';
import type { Limits } from './limits.js';

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>';
const ROOT_RELS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
const WORKBOOK_RELS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>';
const STYLES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

function workbookXml(sheetName: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
}

/** One record as a row of inline strings (empty fields are left out). */
function rowXml(cells: readonly string[], r: number): string {
  let xml = `<row r="${r}">`;
  for (let c = 0; c < cells.length; c++) {
    const v = cells[c]!;
    if (v === '') continue;
    // Text that Excel could take for a formula keeps a quote prefix (style 1), as in the writer.
    const s = isFormulaLike(v) ? ' s="1"' : '';
    xml += `<c r="${colLetters(c + 1)}${r}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(v)}</t></is></c>`;
  }
  return `${xml}</row>`;
}

/** The sheet's XML as the text streams in, a megabyte at a time. */
async function* sheetXml(text: AsyncIterable<string>, limits: Pick<Limits, 'maxRows' | 'maxColumns' | 'maxCellChars'>): AsyncGenerator<string> {
  let xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  let r = 0;
  const parser = new CsvParser(limits, (cells) => {
    r += 1; // int: sheet row
    xml += rowXml(cells, r);
  });
  for await (const piece of text) {
    parser.push(piece);
    if (xml.length > 1 << 20) {
      yield xml;
      xml = '';
    }
  }
  parser.end();
  yield `${xml}</sheetData></worksheet>`;
}

/** A one-sheet xlsx holding the CSV's records as text, written to `sink` as the text is parsed. */
export async function csvToWorkbook(text: AsyncIterable<string>, limits: Pick<Limits, 'maxRows' | 'maxColumns' | 'maxCellChars'>, sink: ByteSink, sheetName = 'CSV'): Promise<void> {
  const zip = new ZipWriter(sink);
  await zip.add('[Content_Types].xml', CONTENT_TYPES);
  await zip.add('_rels/.rels', ROOT_RELS);
  await zip.add('xl/workbook.xml', workbookXml(sheetName));
  await zip.add('xl/_rels/workbook.xml.rels', WORKBOOK_RELS);
  await zip.add('xl/styles.xml', STYLES);
  await zip.addStream('xl/worksheets/sheet1.xml', sheetXml(text, limits));
  await zip.finish();
}
