/** POST /api/{kind}: the workbook in, the annotated workbook (or its rows as JSON/CSV) out. */
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { log } from '../log.js';
import { processWorkbook } from '../pipeline/process.js';
import type { Computed, UnusedColumn } from '../pipeline/types.js';
import type { PolicyId } from '../rules/types.js';
import { readWorkbook } from './body.js';
import { maxBodyBytes, responseBufferBytes } from './config.js';
import { contentDisposition, negotiateFormat } from './negotiate.js';
import type { Reply } from './reply.js';
import { ResponseBody } from './response-body.js';
import { parseKind, parseQuery, processQuery } from './schemas.js';
import { requestLedger } from './ledger.js';

function headersFor(done: Computed): Record<string, string> {
  return {
    'content-type': done.contentType,
    'content-disposition': contentDisposition(done.filename),
    'x-yibao-policy': done.policy,
    'x-yibao-rows': String(done.summary.rows),
    'x-yibao-errors': String(done.summary.byStatus.error),
    'x-yibao-warnings': String(done.summary.byStatus.warning),
    'x-yibao-skipped': String(done.summary.skipped),
    ...(done.unusedColumns.length > 0 ? { 'x-yibao-unused-columns': unusedColumnsHeader(done.unusedColumns) } : {}),
    ...(done.ledgerMode ? { 'x-yibao-ledger': done.ledgerMode } : {}),
  };
}

export async function processHandler(req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  const kind = parseKind(req.params['kind']);
  const { query, overrides } = parseQuery(processQuery, req.query, true);
  const format = negotiateFormat(query.format, req.headers.get('accept'));
  const upload = await readWorkbook(req, maxBodyBytes());
  const name = upload.name ?? query.name;
  const started = Date.now();
  const ledger = requestLedger(query.ledger);
  // The output is held up to a few MB (then sent whole, errors still JSON), streamed beyond: memory per
  // request does not grow with the answer. The batch computes first, so every header is known by then.
  const body = new ResponseBody(responseBufferBytes());
  let computed: Computed | undefined;
  const source = { bytes: upload.bytes, ...(name ? { name } : {}) };
  const run = processWorkbook({
    source,
    kind,
    ...(query.policy ? { policy: query.policy as PolicyId } : {}),
    overrides,
    format,
    ...(query.headers ? { headers: query.headers } : {}),
    ...(ledger ? { ledger } : {}),
    sink: body,
    // One thread per request: a worker costs ~100 MB of its own (docs/guard.md, memory per request).
    workers: 0,
    onComputed: (c) => (computed = c),
  });
  const done = (result: Pick<Computed, 'kind' | 'policy' | 'summary'>) => log('info', 'http.processed', { kind: result.kind, policy: result.policy, format, bytes: upload.bytes.byteLength, rows: result.summary.rows, ms: Date.now() - started });
  const first = await Promise.race([run.then((result) => ({ result })), body.full.then(() => undefined)]);
  if (first) {
    body.end();
    const { result } = first;
    done(result);
    return { status: 200, headers: headersFor({ ...result, ...(ledger ? { ledgerMode: ledger.mode } : {}) }), body: body.whole() };
  }
  // Streaming from here: a failure now can only cut the response short (it is logged).
  run.then(
    (result) => {
      body.end();
      done(result);
    },
    (e: unknown) => {
      log('error', 'http.stream-failed', { kind, format, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
      body.destroy(e instanceof Error ? e : new Error(String(e)));
    },
  );
  return { status: 200, headers: headersFor(computed!), body: body.chunks() };
}

/** Most headers listed in `x-yibao-unused-columns` (汇总 lists them all): a header line stays well below servers' limits. */
export const MAX_UNUSED_IN_HEADER = 50;

/**
 * `x-yibao-unused-columns`: the distinct headers no column reads, each percent-encoded as UTF-8 (RFC 3986,
 * encodeURIComponent: a header value must be ASCII), joined by `,` (itself encoded inside a header, so the
 * list splits safely). More than MAX_UNUSED_IN_HEADER end in `,…` (encoded). docs/http-api.md says how to decode.
 */
export function unusedColumnsHeader(cols: readonly UnusedColumn[]): string {
  const distinct = [...new Set(cols.map((c) => c.header))];
  const shown = distinct.slice(0, MAX_UNUSED_IN_HEADER).map(encodeURIComponent);
  if (distinct.length > MAX_UNUSED_IN_HEADER) shown.push(encodeURIComponent('…'));
  return shown.join(',');
}
