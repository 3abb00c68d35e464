/** Register one route of the shared route table as an HTTP function (v4 programming model). */
import { app } from '@azure/functions';
import { guarded, ROUTES } from '../src/http/routes.js';

export function registerRoute(name: string): void {
  const route = ROUTES.find((r) => r.name === name);
  if (!route) throw new Error(`no route named ${name}`);
  app.http(route.name, { methods: route.methods, route: route.route, authLevel: route.authLevel, handler: guarded(route) });
}
