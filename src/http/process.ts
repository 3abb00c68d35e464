/** POST /api/{kind}: the workbook in, the annotated workbook (or its rows as JSON/CSV) out. */
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { log } from '../log.js';
import { processWorkbook, resultFilename } from '../pipeline/process.js';
import { type Computed, CONTENT_TYPES, type OutputFormat } from '../pipeline/types.js';
import type { PolicyId } from '../rules/types.js';
import { readWorkbook } from './body.js';
import { maxBodyBytes, responseBufferBytes } from './config.js';
import { contentDisposition, negotiateFormat } from './negotiate.js';
import type { Reply } from './reply.js';
import { ResponseBody } from './response-body.js';
import { parseKind, parseQuery, processQuery } from './schemas.js';

function headersFor(format: OutputFormat, filename: string, done: Computed): Record<string, string> {
  return {
    'content-type': CONTENT_TYPES[format],
    'content-disposition': contentDisposition(filename),
    'x-yibao-policy': done.policy,
    'x-yibao-rows': String(done.summary.rows),
    'x-yibao-errors': String(done.summary.byStatus.error),
    'x-yibao-warnings': String(done.summary.byStatus.warning),
  };
}

export async function processHandler(req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  const kind = parseKind(req.params['kind']);
  const { query, overrides } = parseQuery(processQuery, req.query, true);
  const format = negotiateFormat(query.format, req.headers.get('accept'));
  const upload = await readWorkbook(req, maxBodyBytes());
  const name = upload.name ?? query.name;
  const started = Date.now();
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
    sink: body,
    // One thread per request: a worker costs ~100 MB of its own (docs/guard.md, memory per request).
    workers: 0,
    onComputed: (c) => (computed = c),
  });
  const done = (result: Computed) => log('info', 'http.processed', { kind: result.kind, policy: result.policy, format, bytes: upload.bytes.byteLength, rows: result.summary.rows, ms: Date.now() - started });
  const first = await Promise.race([run.then((result) => ({ result })), body.full.then(() => undefined)]);
  if (first) {
    body.end();
    done(first.result);
    return { status: 200, headers: headersFor(format, first.result.filename, first.result), body: body.whole() };
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
  return { status: 200, headers: headersFor(format, resultFilename(source, format), computed!), body: body.chunks() };
}
