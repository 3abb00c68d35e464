/**
 * The ledger at the HTTP door: `?ledger=commit|peek|off` on POST /api/{kind} (default commit when the app
 * has a ledger), and a person-year's totals and committed rows: GET /api/ledger/{policy}/{year}/{idNumber},
 * or POST /api/ledger/{policy}/{year} with the ID number in a JSON body (out of URLs and host logs).
 */
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { z } from 'zod';
import { parseIdNumber } from '../kinds/idcard.js';
import { appLedger } from '../ledger/app.js';
import { showPersonYear } from '../ledger/view.js';
import type { LedgerMode } from '../pipeline/ledger-mode.js';
import type { ProcessRequest } from '../pipeline/types.js';
import { HttpError, jsonReply, type Reply } from './reply.js';
import { readJsonObject } from './body.js';
import { emptyQuery, parseBody, parseQuery, policySchema } from './schemas.js';

function unavailable(message: string): HttpError {
  return new HttpError(503, 'ledger-unavailable', `年度累计台账未启用：${message}`, [{ ledger: appLedger().status }]);
}

/**
 * The ledger a process request uses: the query's mode, else commit when the app has a ledger. Asking for
 * one (commit or peek) when the app has none is 503, on POST /api/{kind} and the jobs' routes alike.
 */
export function requestLedger(mode: LedgerMode | undefined): ProcessRequest['ledger'] {
  if (mode === 'off') return undefined;
  const l = appLedger();
  if (l.status !== 'on') {
    if (mode === undefined) return undefined;
    throw unavailable(l.message);
  }
  return { ledger: l.ledger, key: l.key, mode: mode ?? 'commit' };
}

const yearSchema = z.string().regex(/^\d{4}$/).describe('年度 / calendar year');

/** POST /api/ledger/{policy}/{year}: the ID number in the body, so that it stays out of URLs and host logs. */
export const ledgerLookupBody = z
  .object({ idNumber: z.string().min(1).max(64).describe('身份证号（18位） / ID number (18 characters)') })
  .strict()
  .describe('要查询的人 / the person to look up');

/** The largest body POST /api/ledger/{policy}/{year} reads (one ID number). */
const LOOKUP_BODY_BYTES = 4096;

/** One person-year's totals and committed rows (the ID masked), from the route's policy and year and an ID number. */
async function personYearReply(req: HttpRequest, idNumber: string): Promise<Reply> {
  const policy = policySchema.safeParse(req.params['policy']);
  if (!policy.success) throw new HttpError(404, 'unknown-policy', `未知政策「${req.params['policy'] ?? ''}」 / unknown policy`);
  const year = yearSchema.safeParse(req.params['year']);
  if (!year.success) throw new HttpError(400, 'bad-year', `年度应为四位数字 / year must be YYYY`, [{ field: 'year' }]);
  const id = parseIdNumber(idNumber);
  if (!id.ok) throw new HttpError(400, 'bad-id-number', `身份证号无效：${id.reason} / invalid ID number`, [{ field: 'idNumber', problem: id.reason }]);
  const l = appLedger();
  if (l.status !== 'on') throw unavailable(l.message);
  const view = await showPersonYear(l.ledger, l.key, policy.data, Number(year.data), id.info.id);
  return jsonReply(view, 200, { 'cache-control': 'no-store' });
}

/** GET /api/ledger/{policy}/{year}/{idNumber} (the contract route; POST keeps the ID out of the URL). */
export async function ledgerHandler(req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  parseQuery(emptyQuery, req.query);
  return personYearReply(req, req.params['idNumber'] ?? '');
}

/** POST /api/ledger/{policy}/{year} with `{ "idNumber": … }`: the same answer as the GET. */
export async function ledgerLookupHandler(req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  parseQuery(emptyQuery, req.query);
  const body = parseBody(ledgerLookupBody, await readJsonObject(req, LOOKUP_BODY_BYTES));
  return personYearReply(req, body.idNumber);
}
