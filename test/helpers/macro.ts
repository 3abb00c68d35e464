/** A workbook as Excel saves it macro-enabled: vbaProject.bin, its relationship, the macro content type. */
import JSZip from 'jszip';

/** Stands in for a VBA project: the bytes must come back unchanged. */
export const VBA = Buffer.from('VBA-PROJECT-\u0001\u0002\u0003-yibao-test-macro', 'latin1');
export const MACRO_MAIN = 'application/vnd.ms-excel.sheet.macroEnabled.main+xml';

export async function macroWorkbook(xlsx: Uint8Array): Promise<Buffer> {
  const z = await JSZip.loadAsync(xlsx);
  const ct = await z.file('[Content_Types].xml')!.async('string');
  z.file('[Content_Types].xml', ct.replace('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', MACRO_MAIN).replace('</Types>', '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>'));
  const rels = await z.file('xl/_rels/workbook.xml.rels')!.async('string');
  z.file('xl/_rels/workbook.xml.rels', rels.replace('</Relationships>', '<Relationship Id="rIdVba1" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>'));
  z.file('xl/vbaProject.bin', VBA);
  return z.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
