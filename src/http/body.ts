/**
 * The workbook in a POST body: raw bytes (Power Query's Web.Contents(url, [Content=…]), curl --data-binary)
 * or multipart/form-data (first file part; browsers, curl -F). Bounded by the configured limit: a
 * Content-Length over it is refused before reading, and a body without one stops at the limit.
 */
import type { HttpRequest } from '@azure/functions';
import { HttpError } from './reply.js';

export interface UploadedWorkbook {
  bytes: Uint8Array;
  /** Original file name (multipart filename), if any. */
  name?: string;
}

function tooLarge(limit: number): HttpError {
  const mb = (limit / 1024 / 1024).toFixed(0);
  return new HttpError(413, 'too-large', `文件过大，上限 ${mb} MB；大文件请放入 Blob 容器 uploads / request body over the ${mb} MB limit; drop large files into the uploads container`, [{ limitBytes: limit }]);
}

/** Read the body as bytes, never more than `limit`. */
export async function readBody(req: HttpRequest, limit: number): Promise<Uint8Array> {
  const declared = req.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) throw tooLarge(limit);
  const stream = req.body;
  if (!stream) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength; // int: byte count
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  // One piece (the local server hands the body over whole) is used as it is: no second copy of the upload.
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

function multipartBoundary(contentType: string): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2])!.trim() : undefined;
}

/** Minimal multipart parser over bytes already bounded by the limit: the first part with a filename. */
export function firstFilePart(body: Uint8Array, boundary: string): UploadedWorkbook | undefined {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delim = Buffer.from(`--${boundary}`);
  let pos = buf.indexOf(delim);
  while (pos >= 0) {
    const headStart = pos + delim.length;
    if (buf.subarray(headStart, headStart + 2).toString() === '--') return undefined; // closing delimiter
    const headEnd = buf.indexOf('\r\n\r\n', headStart);
    if (headEnd < 0) return undefined;
    const head = buf.subarray(headStart, headEnd).toString('utf8');
    const next = buf.indexOf(Buffer.from(`\r\n--${boundary}`), headEnd + 4);
    if (next < 0) return undefined;
    const disp = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;\s]+)/.exec(disp)?.[1];
    const plain = /filename\s*=\s*"([^"]*)"/.exec(disp)?.[1] ?? /filename\s*=\s*([^;\s]+)/.exec(disp)?.[1];
    if (star !== undefined || plain !== undefined) {
      let name = plain ?? '';
      if (star !== undefined) {
        try {
          name = decodeURIComponent(star);
        } catch {
          /* keep the plain name */
        }
      }
      name = name.split(/[\\/]/).pop() ?? '';
      return { bytes: buf.subarray(headEnd + 4, next), ...(name ? { name } : {}) };
    }
    pos = next + 2;
  }
  return undefined;
}

/** The uploaded workbook, from either body encoding. */
export async function readWorkbook(req: HttpRequest, limit: number): Promise<UploadedWorkbook> {
  const contentType = req.headers.get('content-type') ?? '';
  const body = await readBody(req, limit);
  if (/^multipart\/form-data/i.test(contentType)) {
    const boundary = multipartBoundary(contentType);
    const part = boundary ? firstFilePart(body, boundary) : undefined;
    if (!part) throw new HttpError(400, 'no-file', 'multipart 请求中没有文件部分 / the multipart request has no file part', [{ contentType: 'multipart/form-data' }]);
    if (part.bytes.byteLength === 0) throw new HttpError(400, 'empty-body', '上传的文件为空 / the uploaded file is empty');
    return part;
  }
  if (body.byteLength === 0) {
    throw new HttpError(400, 'empty-body', '请求体为空：请以原始字节或 multipart/form-data 上传工作簿 / empty body: send the workbook as raw bytes or multipart/form-data');
  }
  return { bytes: body };
}
