/** GET /api/health: liveness (anonymous). Says which rule sets and kinds this build serves, and whether the ledger is on. */
import type { HttpRequest, InvocationContext } from '@azure/functions';
import { KIND_IDS } from '../kinds/types.js';
import { ledgerHealth } from '../ledger/app.js';
import { POLICY_IDS } from '../rules/index.js';
import { jsonReply, type Reply } from './reply.js';

export async function healthHandler(_req: HttpRequest, _ctx: InvocationContext): Promise<Reply> {
  return jsonReply({ status: 'ok', policies: POLICY_IDS, kinds: KIND_IDS, ledger: ledgerHealth() }, 200, { 'cache-control': 'no-store' });
}
