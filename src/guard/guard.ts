/**
 * The gate every file passes before anything is parsed: size, format (by magic bytes, not by name), and for
 * a zip the central directory alone — entry count, method, encryption, declared sizes and compression ratio.
 * Reads only the head and the tail of the file (no inflating, no large allocation), so a refusal takes
 * milliseconds whatever the file claims to hold. What the directory cannot prove (the real inflated size)
 * is enforced while inflating: readers pass `inflateLimit(entry)` to ZipReader.chunks and
 * `translateReadError` turns the reader's ZipLimitError/ZipFormatError into the same InputErrors.
 */
import { stat } from 'node:fs/promises';
import { InputError, type WorkbookSource } from '../pipeline/types.js';
import { type ByteSource, bufferSource, fileSource, ZipEntriesError, ZipFormatError, ZipLimitError, ZipReader, METHOD_DEFLATED, METHOD_STORED, type ZipEntry } from '../xlsx/zip.js';
import { CFB_MAGIC, classifyCfb } from './cfb.js';
import { isKnownHeader } from '../workbook/headers.js';
import { decodeText, looksLikeText } from './csv.js';
import { guardErrors } from './errors.js';
import { type Limits, resolveLimits } from './limits.js';

export type SniffedFormat = 'xlsx' | 'csv';

export interface Guarded {
  format: SniffedFormat;
  /** File size in bytes. */
  size: number;
  limits: Limits;
  /** xlsx: entries in the container and their declared uncompressed total. */
  entries?: number;
  declaredBytes?: number;
}

const startsWith = (head: Buffer, bytes: number[] | string) => {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return head.length >= b.length && head.subarray(0, b.length).equals(b);
};

/** Formats people upload by mistake, named in the refusal (Chinese / English). */
const OTHER_MAGIC: Array<[number[] | string, string]> = [
  ['%PDF', 'PDF 文件 / a PDF file'],
  [[0x89, 0x50, 0x4e, 0x47], 'PNG 图片 / a PNG image'],
  [[0xff, 0xd8, 0xff], 'JPEG 图片 / a JPEG image'],
  ['GIF8', 'GIF 图片 / a GIF image'],
  ['Rar!', 'RAR 压缩包 / a RAR archive'],
  [[0x37, 0x7a, 0xbc, 0xaf], '7z 压缩包 / a 7z archive'],
  [[0x1f, 0x8b], 'gzip 压缩包 / a gzip archive'],
  ['{\\rtf', 'RTF 文档 / an RTF document'],
];

export async function sourceSize(source: WorkbookSource): Promise<number> {
  if ('bytes' in source) return source.bytes.byteLength;
  try {
    const st = await stat(source.path);
    if (st.isFile()) return st.size;
  } catch {
    // fall through: the same answer for missing and unreadable
  }
  throw new InputError(400, 'file-not-found', `找不到文件或无法读取 / file not found or not readable: ${source.name ?? source.path}`);
}

export async function openSource(source: WorkbookSource): Promise<ByteSource> {
  return 'bytes' in source ? bufferSource(source.bytes) : fileSource(source.path);
}

/** Check a file before parsing; throws InputError (413/415/400) or says which reader to use. */
export async function guardWorkbook(source: WorkbookSource, options: Partial<Limits> | Limits = {}, defaults?: Readonly<Limits>): Promise<Guarded> {
  const limits = resolveLimits(options, process.env, defaults);
  const size = await sourceSize(source);
  if (size > limits.maxInputBytes) throw guardErrors.tooLarge(size, limits);
  if (size === 0) throw guardErrors.emptyFile();
  const src = await openSource(source);
  try {
    const head = await src.read(0, Math.min(size, 64 * 1024));
    if (startsWith(head, 'PK')) return { format: 'xlsx', size, limits, ...(await inspectZip(src, limits)) };
    if (startsWith(head, [...CFB_MAGIC])) {
      const kind = await classifyCfb(src);
      if (kind === 'encrypted-ooxml') throw guardErrors.passwordProtected();
      if (kind === 'xls') throw guardErrors.legacyXls();
      if (kind === 'word') throw guardErrors.notAWorkbook('Word 文档 / a Word document');
      if (kind === 'powerpoint') throw guardErrors.notAWorkbook('PowerPoint 文档 / a PowerPoint document');
      throw guardErrors.notAWorkbook('Office 97-2003 复合文档 / an OLE2 compound document');
    }
    for (const [magic, what] of OTHER_MAGIC) if (startsWith(head, magic)) throw guardErrors.notAWorkbook(what);
    if (looksLikeText(head)) {
      const t = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
      if (t.startsWith('<')) throw guardErrors.notAWorkbook('HTML/XML 文本 / HTML or XML text');
      if (t.startsWith('{') || t.startsWith('[')) throw guardErrors.notAWorkbook('JSON 文本 / JSON text');
      if (!hasKnownHeader(head, size)) throw guardErrors.notAWorkbook('不含已知列名的文本 / text without any known column header');
      return { format: 'csv', size, limits };
    }
    throw guardErrors.notAWorkbook();
  } finally {
    await src.close();
  }
}

/**
 * Text counts as CSV when one of its first 10 lines holds two column headers yibao knows (any kind), as a
 * header row must: then the reader can say precisely what is missing. Other text is not a workbook.
 */
function hasKnownHeader(head: Buffer, size: number): boolean {
  // Cut at the last line end so that a multi-byte character is never split (unless this is the whole file).
  const end = head.length < size ? head.lastIndexOf(0x0a) : head.length;
  const { text } = decodeText(head.subarray(0, end > 0 ? end : head.length));
  // A loose split is enough to spot a header (and cannot fail on a quoted line break).
  const lines = text.split(/\r\n|\n|\r/).slice(0, 10);
  // Two known headers on one line, as the reader requires of a header row (WORKBOOKS.md).
  return lines.some((l) => l.split(/[,\t;]/).filter((c) => isKnownHeader(c.trim().replace(/^"|"$/g, ''))).length >= 2);
}

async function inspectZip(src: ByteSource, limits: Limits): Promise<{ entries: number; declaredBytes: number }> {
  let zip: ZipReader;
  try {
    // ZipReader.open closes the source when it throws; keep ours open for the caller's finally. It checks
    // the entry count (EOCD or ZIP64) against the limit and the directory's size before parsing a record.
    zip = await ZipReader.open({ size: src.size, read: (o, l) => src.read(o, l), close: async () => {} }, { maxEntries: limits.maxZipEntries });
  } catch (e) {
    if (e instanceof ZipEntriesError) throw guardErrors.tooManyEntries(e.count, limits);
    throw translateReadError(e);
  }
  const entries = zip.entries;
  if (entries.length > limits.maxZipEntries) throw guardErrors.tooManyEntries(entries.length, limits);
  let total = 0;
  let sheets = 0;
  // OPC part names are unique ignoring case; a second copy would be ambiguous to read and to write back.
  const names = new Set<string>();
  for (const e of entries) {
    const lower = e.name.toLowerCase();
    if (names.has(lower)) throw guardErrors.corruptZip(`duplicate part ${e.name}`);
    names.add(lower);
    checkEntry(e, limits);
    total += e.uncompressedSize;
    if (total > limits.maxTotalBytes) throw guardErrors.entryTooLarge('(all parts)', total, limits.maxTotalBytes);
    if (/^xl\/worksheets\/[^/]+\.xml$/i.test(e.name)) sheets++;
  }
  if (sheets > limits.maxSheets) throw guardErrors.tooManySheets(sheets, limits);
  if (!zip.find('xl/workbook.xml')) {
    if (zip.find('xl/workbook.bin')) throw guardErrors.xlsb();
    if (zip.find('EncryptedPackage')) throw guardErrors.passwordProtected();
    if (zip.find('word/document.xml')) throw guardErrors.notAWorkbook('Word 文档 / a Word document');
    if (zip.find('content.xml') && zip.find('mimetype')) throw guardErrors.notAWorkbook('OpenDocument 文件（请另存为 .xlsx） / an OpenDocument file (save it as .xlsx)');
    throw guardErrors.notAWorkbook('普通 zip 压缩包 / a plain zip archive');
  }
  return { entries: entries.length, declaredBytes: total };
}

/** One entry's metadata against the limits (no byte of it is inflated here). */
export function checkEntry(e: ZipEntry, limits: Limits): void {
  if (e.encrypted) throw guardErrors.passwordProtected();
  if (e.method !== METHOD_STORED && e.method !== METHOD_DEFLATED) throw guardErrors.unsupportedCompression(e.name, e.method);
  if (e.uncompressedSize > limits.maxEntryBytes) throw guardErrors.entryTooLarge(e.name, e.uncompressedSize, limits.maxEntryBytes);
  if (e.uncompressedSize > limits.ratioFloorBytes && e.uncompressedSize > e.compressedSize * limits.maxCompressionRatio) {
    throw guardErrors.zipBomb(e.name, `${e.compressedSize} → ${e.uncompressedSize} bytes (> ${limits.maxCompressionRatio}×)`);
  }
}

/** What a reader passes to ZipReader.chunks/read as maxBytes: never more than the entry declared. */
export function entryInflateLimit(e: ZipEntry, limits: Limits): number {
  return Math.min(e.uncompressedSize, limits.maxEntryBytes);
}

/** The reader's low-level errors as the InputErrors every door knows; anything else is passed through. */
export function translateReadError(e: unknown): unknown {
  if (e instanceof InputError) return e;
  if (e instanceof ZipLimitError) return guardErrors.zipBomb(e.entry, `inflates past ${e.limit} bytes (more than declared)`);
  if (e instanceof ZipFormatError) {
    if (/end of central directory|truncated|past the end|too short/i.test(e.message)) return guardErrors.truncatedZip(e.message);
    if (/encrypted/i.test(e.message)) return guardErrors.passwordProtected();
    return guardErrors.corruptZip(e.message);
  }
  return e;
}
