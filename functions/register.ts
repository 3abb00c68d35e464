/** Register one route of the shared route table as an HTTP function (v4 programming model). */
import { app } from '@azure/functions';
import { hostAuthLevel, refuseUnsignedIn } from '../src/http/auth.js';
import { guarded, ROUTES } from '../src/http/routes.js';

export function registerRoute(name: string): void {
  const route = ROUTES.find((r) => r.name === name);
  if (!route) throw new Error(`no route named ${name}`);
  const handler = guarded(route);
  app.http(route.name, {
    methods: route.methods,
    route: route.route,
    authLevel: hostAuthLevel(route.authLevel),
    handler: async (req, ctx) => refuseUnsignedIn(route.authLevel, req) ?? handler(req, ctx),
  });
}
