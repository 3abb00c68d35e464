/**
 * The ledger at the HTTP door: `?ledger=commit|peek|off` on POST /api/{kind} (default commit when the app
 * has a ledger), and GET /api/ledger/{policy}/{year}/{idNumber} (a person-year's totals and committed rows).
 */
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { parseIdNumber } from '../kinds/idcard.js';
import { appLedger } from '../ledger/app.js';
import { showPersonYear } from '../ledger/view.js';
import type { ProcessRequest } from '../pipeline/types.js';
import { HttpError, jsonReply, type Reply } from './reply.js';
import { emptyQuery, parseQuery, policySchema } from './schemas.js';

function unavailable(message: string): HttpError {
  return new HttpError(503, 'ledger-unavailable', `年度累计台账未启用：${message}`, [{ ledger: appLedger().status }]);
}

/** The ledger a process request uses: the query's mode, else commit when the app has a ledger. */
export function requestLedger(mode: 'commit' | 'peek' | 'off' | undefined): ProcessRequest['ledger'] {
  if (mode === 'off') return undefined;
  const l = appLedger();
  if (l.status !== 'on') {
    if (mode === undefined) return undefined;
    throw unavailable(l.message);
  }
  return { ledger: l.ledger, key: l.key, mode: mode ?? 'commit' };
}

const yearSchema = z.string().regex(/^\d{4}$/).describe('年度 / calendar year');

export async function ledgerHandler(req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  parseQuery(emptyQuery, req.query);
  const policy = policySchema.safeParse(req.params['policy']);
  if (!policy.success) throw new HttpError(404, 'unknown-policy', `未知政策「${req.params['policy'] ?? ''}」 / unknown policy`);
  const year = yearSchema.safeParse(req.params['year']);
  if (!year.success) throw new HttpError(400, 'bad-year', `年度应为四位数字 / year must be YYYY`, [{ field: 'year' }]);
  const id = parseIdNumber(req.params['idNumber'] ?? '');
  if (!id.ok) throw new HttpError(400, 'bad-id-number', `身份证号无效：${id.reason} / invalid ID number`, [{ field: 'idNumber', problem: id.reason }]);
  const l = appLedger();
  if (l.status !== 'on') throw unavailable(l.message);
  const view = await showPersonYear(l.ledger, l.key, policy.data, Number(year.data), id.info.id);
  return jsonReply(view, 200, { 'cache-control': 'no-store' });
}
