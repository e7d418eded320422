/**
 * The 2026-07-28 leg of the HTTP endpoint: a request that carries the per-request `_meta` envelope is served
 * statelessly by SDK v2's `createMcpHandler` (a fresh server per request, no session, `server/discover`);
 * everything else stays on the 2025-era wiring (streamable.ts sessions, sse.ts). The routing
 * predicate is the SDK's own classifier, so this leg and the SDK never disagree about a request's era.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeHandler, toWebRequest } from '@modelcontextprotocol/node';
import { createMcpHandler, isLegacyRequest, PROTOCOL_VERSION_META_KEY } from '@modelcontextprotocol/server';
import type { Logger } from '../../logger.js';
import { principalOfAuth } from '../../auth/principal.js';
import type { ServerFactory } from '../../server.js';

export interface ModernHttp {
  /** True when `req` (a POST whose JSON body is `body`) is a 2026-07-28 request. */
  claims(req: IncomingMessage, body: unknown): Promise<boolean>;
  serve(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void>;
  close(): Promise<void>;
}

const claimsModernVersion = (body: unknown): boolean => {
  const meta = (body as { params?: { _meta?: Record<string, unknown> } } | null)?.params?._meta;
  return typeof meta?.[PROTOCOL_VERSION_META_KEY] === 'string';
};

export function modernHttp(makeServer: ServerFactory, maxBodyBytes: number, logger: Logger): ModernHttp {
  const onerror = (err: Error) => logger.debug(`2026-07-28 leg: ${err.message}`);
  // 'reject': 2025-era traffic never reaches this handler (http.ts keeps its sessions); a stray one is -32022.
  const handler = createMcpHandler((ctx) => makeServer({ era: ctx.era, principal: principalOfAuth(ctx.authInfo) }), { legacy: 'reject', maxRequestBodySize: maxBodyBytes, onerror });
  const node = toNodeHandler(handler, { onerror, maxRequestBodySize: maxBodyBytes });
  return {
    // A request naming a protocol version in its _meta envelope is 2026-07-28 even when its method is one that
    // era removed (initialize, logging/setLevel, …): the modern leg answers those 404 / -32601 as the spec says.
    claims: async (req, body) =>
      req.method === 'POST' &&
      (claimsModernVersion(body) ||
        !(await isLegacyRequest(await toWebRequest(req, body), body, { maxRequestBodySize: maxBodyBytes }))),
    serve: (req, res, body) => node(req, res, body),
    close: () => handler.close(),
  };
}
