/**
 * Hostile and odd files built in memory for the guard tests: zip bombs (a deflate stream of zeros built
 * chunk by chunk, never a 1 GB buffer), hand-made zips with chosen metadata, and CFB (OLE2) containers.
 */
import zlib from 'node:zlib';

export { rawZip, type RawZipEntry };
import { rawZip, type RawZipEntry } from '../../src/guard/raw-zip.js';

export function deflated(name: string, text: string | Buffer): RawZipEntry {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return { name, data: zlib.deflateRawSync(body), crc: zlib.crc32(body), declaredSize: body.length };
}

/**
 * A raw deflate stream that inflates to `totalBytes` of `fill` (a multiple of 1 MiB), built by repeating
 * one full-flushed 1 MiB block: a full flush byte-aligns the stream and resets the window, so every chunk
 * compresses to the same bytes. About 1 KB per MiB: 1 GiB of output costs ~1 MB of input and no 1 GB buffer.
 */
export function deflateBombStream(totalBytes: number, fill = 0x20): Buffer {
  const MiB = 1024 * 1024;
  const chunk = Buffer.alloc(MiB, fill);
  const z = zlib.deflateRawSync(chunk, { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const n = Math.ceil(totalBytes / MiB);
  const out = Buffer.allocUnsafe(z.length * n + 2);
  for (let i = 0; i < n; i++) z.copy(out, i * z.length);
  // Final empty fixed-Huffman block: BFINAL=1, BTYPE=01, end-of-block code 0000000 → bits 1,10,0000000.
  out[z.length * n] = 0x03;
  out[z.length * n + 1] = 0x00;
  return out;
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

/** The parts of a one-sheet workbook, with the sheet entry supplied by the caller. */
export function workbookShell(sheet: RawZipEntry): RawZipEntry[] {
  return [
    deflated('[Content_Types].xml', CONTENT_TYPES),
    deflated('_rels/.rels', ROOT_RELS),
    deflated('xl/workbook.xml', WORKBOOK),
    deflated('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    { ...sheet, name: 'xl/worksheets/sheet1.xml' },
  ];
}

/**
 * A workbook whose sheet inflates to `actualBytes` of spaces (valid XML whitespace would follow), declaring
 * `declaredBytes`. Honest bomb: declared = actual. Lying bomb: declared small, actual huge.
 */
export function zipBomb(actualBytes: number, declaredBytes = actualBytes): Buffer {
  return rawZip(workbookShell({ name: 'sheet', data: deflateBombStream(actualBytes), declaredSize: declaredBytes }));
}

/** A minimal CFB (OLE2) container holding empty streams with the given names. */
export function cfbWith(streams: string[]): Buffer {
  const SECTOR = 512;
  const FREE = 0xffffffff;
  const END = 0xfffffffe;
  const FATSECT = 0xfffffffd;
  const entries = ['Root Entry', ...streams];
  const dirSectors = Math.ceil(entries.length / 4);
  const header = Buffer.alloc(SECTOR);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c);
  header.writeUInt32LE(1, 0x30);
  header.writeUInt32LE(4096, 0x38);
  header.writeUInt32LE(END, 0x3c);
  header.writeUInt32LE(END, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : FREE, 0x4c + i * 4);
  const fat = Buffer.alloc(SECTOR, 0xff);
  fat.writeUInt32LE(FATSECT, 0);
  for (let i = 0; i < dirSectors; i++) fat.writeUInt32LE(i === dirSectors - 1 ? END : i + 2, (i + 1) * 4);
  const dir = Buffer.alloc(SECTOR * dirSectors);
  entries.forEach((name, i) => {
    const at = i * 128;
    const n = Buffer.from(`${name}\0`, 'utf16le');
    n.copy(dir, at);
    dir.writeUInt16LE(n.length, at + 0x40);
    dir[at + 0x42] = i === 0 ? 5 : 2;
    dir.writeUInt32LE(FREE, at + 0x44);
    dir.writeUInt32LE(FREE, at + 0x48);
    dir.writeUInt32LE(i === 0 && entries.length > 1 ? 1 : FREE, at + 0x4c);
    dir.writeUInt32LE(END, at + 0x74);
  });
  return Buffer.concat([header, fat, dir]);
}
