/**
 * The sandbox's endpoints (DESIGN.md §1): V1 under `/public`, V2 under `/public/v2`. Handlers (handlers-v1.ts,
 * handlers-v2.ts) are pure functions of a parsed request and the org; they validate (400), look up (404), check
 * business rules (409), apply writes through mutations.ts and return the status, body and a description of the
 * write.
 */
import { renderV1Details } from './dto.js';
import { type ApiVersion, byEmail, type RouteContext, type RouteResult, v1Person } from './handlers-common.js';
import {
  v1ContractDates,
  v1List,
  v1ResyncAllRoute,
  v1ResyncOne,
  v1ResyncSome,
  v1Status,
} from './handlers-v1.js';
import { v2Actions, v2Get, v2List, v2Update } from './handlers-v2.js';

interface Route {
  readonly api: ApiVersion;
  readonly method: string;
  readonly pattern: readonly string[];
  readonly handler: (ctx: RouteContext) => RouteResult;
}

const ROUTES: readonly Route[] = [
  { api: 'v1', method: 'GET', pattern: ['personnel'], handler: v1List },
  { api: 'v1', method: 'PUT', pattern: ['personnel', 'some', 'reset-sync'], handler: v1ResyncSome },
  { api: 'v1', method: 'PUT', pattern: ['personnel', 'all', 'reset-sync'], handler: v1ResyncAllRoute },
  { api: 'v1', method: 'PUT', pattern: ['personnel', 'reset-sync', ':personnelId'], handler: v1ResyncOne },
  {
    api: 'v1',
    method: 'GET',
    pattern: ['personnel', ':email', 'email'],
    handler: (ctx) => ({
      status: 200,
      body: renderV1Details(ctx.org, byEmail(ctx.org, ctx.params.email ?? '')),
    }),
  },
  {
    api: 'v1',
    method: 'GET',
    pattern: ['personnel', ':id'],
    handler: (ctx) => ({ status: 200, body: renderV1Details(ctx.org, v1Person(ctx.org, ctx.params.id)) }),
  },
  { api: 'v1', method: 'PUT', pattern: ['personnel', ':id', 'contract-dates'], handler: v1ContractDates },
  { api: 'v1', method: 'PUT', pattern: ['personnel', ':id', 'status'], handler: v1Status },
  { api: 'v2', method: 'GET', pattern: ['personnel'], handler: v2List },
  { api: 'v2', method: 'POST', pattern: ['personnel', 'actions'], handler: v2Actions },
  { api: 'v2', method: 'GET', pattern: ['personnel', ':personnelId'], handler: v2Get },
  { api: 'v2', method: 'PUT', pattern: ['personnel', ':personnelId'], handler: v2Update },
];

/** Find the route for decoded `segments` (after the version prefix); literal segments win over parameters. */
export function matchRoute(
  api: ApiVersion,
  method: string,
  segments: readonly string[],
): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.api !== api || route.method !== method || route.pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = route.pattern.every((part, i) => {
      const seg = segments[i] ?? '';
      if (part.startsWith(':')) {
        params[part.slice(1)] = seg;
        return true;
      }
      return part === seg;
    });
    if (ok) return { route, params };
  }
  return undefined;
}
