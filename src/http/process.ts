/** POST /api/{kind}: the workbook in, the annotated workbook (or its rows as JSON/CSV) out. */
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { log } from '../log.js';
import { processWorkbook } from '../pipeline/process.js';
import type { PolicyId } from '../rules/types.js';
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
      ...(ledger ? { 'x-yibao-ledger': ledger.mode } : {}),
    },
    body: result.body ?? new Uint8Array(0),
  };
}
