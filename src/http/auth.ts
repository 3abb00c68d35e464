/**
 * Who may call the function-level routes on Azure. By default the Functions host checks a function key
 * (authLevel `function`). With App Service Authentication (Entra ID) in front of the app and
 * YIBAO_HTTP_AUTH=entra, people sign in instead: the routes register as anonymous for the host and each
 * call must carry the principal App Service injects after sign-in (it strips such headers from callers).
 * The setting is honoured only where App Service says its authentication is on (WEBSITE_AUTH_ENABLED), so
 * a forgotten switch never leaves the API open. docs/web.md says how to set it up.
 */
import type { HttpRequest } from '@azure/functions';
import { errorReply, type Reply } from './reply.js';

export function entraSignIn(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['YIBAO_HTTP_AUTH'] === 'entra' && /^true$/i.test(env['WEBSITE_AUTH_ENABLED'] ?? '');
}

/** The authLevel to register a route with. */
export function hostAuthLevel(level: 'anonymous' | 'function', env: NodeJS.ProcessEnv = process.env): 'anonymous' | 'function' {
  return entraSignIn(env) ? 'anonymous' : level;
}

/** With Entra sign-in: a 401 for a function-level call that App Service did not sign in. */
export function refuseUnsignedIn(level: 'anonymous' | 'function', req: HttpRequest, env: NodeJS.ProcessEnv = process.env): Reply | undefined {
  if (level !== 'function' || !entraSignIn(env) || req.headers.get('x-ms-client-principal-id')) return undefined;
  return errorReply(401, 'sign-in-required', '请先登录 / please sign in');
}
