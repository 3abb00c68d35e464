/** GET /api/templates/{kind}: the template workbook (exactly the kind's headers, validation lists, 参数 sheet). */
import { readFile } from 'node:fs/promises';
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { CONTENT_TYPES } from '../pipeline/types.js';
import { contentDisposition } from './negotiate.js';
import { HttpError, type Reply } from './reply.js';
import { parseKind, parseQuery, templateQuery } from './schemas.js';
import { templatePath } from './paths.js';

export async function templateHandler(req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  const kind = parseKind(req.params['kind']);
  parseQuery(templateQuery, req.query);
  let bytes: Buffer;
  try {
    bytes = await readFile(templatePath(kind));
  } catch {
    throw new HttpError(404, 'template-missing', `模板「${kind}」未随应用部署（templates/${kind}.xlsx） / template for ${kind} is not deployed (templates/${kind}.xlsx)`);
  }
  return {
    status: 200,
    headers: { 'content-type': CONTENT_TYPES.xlsx, 'content-disposition': contentDisposition(`${kind}.template.xlsx`), 'cache-control': 'public, max-age=3600' },
    body: bytes,
  };
}
