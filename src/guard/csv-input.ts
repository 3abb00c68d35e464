/**
 * The source the workbook reader opens: the upload itself, or for CSV input a workbook built from it as
 * the text streams in (src/guard/csv-workbook.ts). A CSV handed over as a file (blob drop, CLI: up to
 * 1 GB) is read in pieces and its workbook written to a temp file; an upload's (at most the request body)
 * is built in memory, deflated. Neither the text nor a grid of it is ever held whole.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { WorkbookSource } from '../pipeline/types.js';
import { memorySink, streamSink } from '../xlsx/zip.js';
import { type CsvEncoding, bomEncoding } from './csv.js';
import { csvToWorkbook } from './csv-workbook.js';
import type { Guarded } from './guard.js';

export interface OpenedSource {
  source: WorkbookSource;
  /** Removes what was made for it (the temp workbook of a CSV file). */
  close(): Promise<void>;
}

const PIECE = 64 * 1024;

async function* pieces(source: WorkbookSource): AsyncGenerator<Uint8Array> {
  if ('bytes' in source) {
    for (let at = 0; at < source.bytes.byteLength; at += PIECE) yield source.bytes.subarray(at, at + PIECE); // int: byte offsets
  } else {
    for await (const chunk of createReadStream(source.path, { highWaterMark: PIECE })) yield chunk as Buffer;
  }
}

/** The first bytes of the source (for its byte-order mark). */
async function firstBytes(source: WorkbookSource): Promise<Uint8Array> {
  for await (const p of pieces(source)) return p;
  return new Uint8Array(0);
}

/** Text as decoded piece by piece; `fatal` makes invalid UTF-8 throw NotUtf8 (then it is read as GB18030). */
async function* decoded(source: WorkbookSource, encoding: CsvEncoding, fatal: boolean): AsyncGenerator<string> {
  // The decoder drops a leading byte-order mark itself.
  const dec = new TextDecoder(encoding, { fatal });
  try {
    for await (const p of pieces(source)) yield dec.decode(p, { stream: true });
    yield dec.decode();
  } catch (e) {
    if (fatal && e instanceof TypeError) throw new NotUtf8();
    throw e;
  }
}

class NotUtf8 extends Error {}

export async function sourceAsWorkbook(source: WorkbookSource, guarded: Guarded): Promise<OpenedSource> {
  if (guarded.format !== 'csv') return { source, close: async () => undefined };
  const name = source.name ? { name: source.name } : {};
  const bom = bomEncoding(await firstBytes(source));
  // UTF-8 unless a byte-order mark says otherwise; text that is not valid UTF-8 is GB18030 (Excel's "CSV" on a Chinese Windows).
  const build = async (encoding: CsvEncoding, fatal: boolean): Promise<OpenedSource> => {
    const text = decoded(source, encoding, fatal);
    if ('bytes' in source) {
      const mem = memorySink();
      await csvToWorkbook(text, guarded.limits, mem);
      return { source: { bytes: mem.buffer(), ...name }, close: async () => undefined };
    }
    const dir = await mkdtemp(join(tmpdir(), 'yibao-csv-'));
    try {
      const path = join(dir, 'input.xlsx');
      const out = createWriteStream(path);
      await csvToWorkbook(text, guarded.limits, streamSink(out));
      out.end();
      await finished(out);
      return { source: { path, ...name }, close: () => rm(dir, { recursive: true, force: true }) };
    } catch (e) {
      await rm(dir, { recursive: true, force: true });
      throw e;
    }
  };
  if (bom) return build(bom, false);
  try {
    return await build('utf-8', true);
  } catch (e) {
    if (!(e instanceof NotUtf8)) throw e;
    return build('gb18030', false);
  }
}
