/** POST /api/{kind}: the workbook in, the annotated workbook (or its rows as JSON/CSV) out. */
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { log } from '../log.js';
import { processWorkbook } from '../pipeline/process.js';
import type { UnusedColumn } from '../pipeline/types.js';
import type { PolicyId } from '../rules/types.js';
import { unusedHeaders } from '../workbook/sheet-columns.js';
import { readWorkbook } from './body.js';
import { maxBodyBytes } from './config.js';
import { contentDisposition, negotiateFormat } from './negotiate.js';
import type { Reply } from './reply.js';
import { parseKind, parseQuery, processQuery } from './schemas.js';
import { requestLedger } from './ledger.js';

export async function processHandler(req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  const kind = parseKind(req.params['kind']);
  const { query, overrides } = parseQuery(processQuery, req.query, true);
  const format = negotiateFormat(query.format, req.headers.get('accept'));
  const upload = await readWorkbook(req, maxBodyBytes());
  const name = upload.name ?? query.name;
  const started = Date.now();
  const ledger = requestLedger(query.ledger);
  const result = await processWorkbook({
    source: { bytes: upload.bytes, ...(name ? { name } : {}) },
    kind,
    ...(query.policy ? { policy: query.policy as PolicyId } : {}),
    overrides,
    format,
    ...(query.headers ? { headers: query.headers } : {}),
    ...(ledger ? { ledger } : {}),
  });
  log('info', 'http.processed', { kind: result.kind, policy: result.policy, format, bytes: upload.bytes.byteLength, rows: result.summary.rows, ms: Date.now() - started });
  return {
    status: 200,
    headers: {
      'content-type': result.contentType,
      'content-disposition': contentDisposition(result.filename),
      'x-yibao-policy': result.policy,
      'x-yibao-rows': String(result.summary.rows),
      'x-yibao-errors': String(result.summary.byStatus.error),
      'x-yibao-warnings': String(result.summary.byStatus.warning),
      'x-yibao-skipped': String(result.summary.skipped),
      ...(result.unusedColumns.length > 0 ? { 'x-yibao-unused-columns': unusedColumnsHeader(result.unusedColumns) } : {}),
      ...(ledger ? { 'x-yibao-ledger': ledger.mode } : {}),
    },
    body: result.body ?? new Uint8Array(0),
  };
}

/** Most headers listed in `x-yibao-unused-columns` (汇总 lists them all): a header line stays well below servers' limits. */
export const MAX_UNUSED_IN_HEADER = 50;

/**
 * `x-yibao-unused-columns`: the distinct headers no column reads, each percent-encoded as UTF-8 (RFC 3986,
 * encodeURIComponent: a header value must be ASCII), joined by `,` (itself encoded inside a header, so the
 * list splits safely). More than MAX_UNUSED_IN_HEADER end in `,…` (encoded). docs/http-api.md says how to decode.
 */
export function unusedColumnsHeader(cols: readonly UnusedColumn[]): string {
  const distinct = unusedHeaders(cols);
  const shown = distinct.slice(0, MAX_UNUSED_IN_HEADER).map(encodeURIComponent);
  if (distinct.length > MAX_UNUSED_IN_HEADER) shown.push(encodeURIComponent('…'));
  return shown.join(',');
}
