/**
 * The 2026-07-28 leg of the HTTP endpoint: a request that carries the per-request `_meta` envelope is served
 * statelessly by SDK v2's `createMcpHandler` (a fresh server per request, no session, `server/discover`);
 * everything else stays on the 2025-era wiring in http.ts (initialize + sessions + legacy SSE). The routing
 * predicate is the SDK's own classifier, so this leg and the SDK never disagree about a request's era.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeHandler, toWebRequest } from '@modelcontextprotocol/node';
import { createMcpHandler, isLegacyRequest, type McpServer } from '@modelcontextprotocol/server';
import type { Logger } from '../logger.js';

export interface ModernHttp {
  /** True when `req` (a POST whose JSON body is `body`) is a 2026-07-28 request. */
  claims(req: IncomingMessage, body: unknown): Promise<boolean>;
  serve(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void>;
  close(): Promise<void>;
}

export function modernHttp(makeServer: () => McpServer, maxBodyBytes: number, logger: Logger): ModernHttp {
  const onerror = (err: Error) => logger.debug(`2026-07-28 leg: ${err.message}`);
  // 'reject': 2025-era traffic never reaches this handler (http.ts keeps its sessions); a stray one is -32022.
  const handler = createMcpHandler(() => makeServer(), { legacy: 'reject', maxRequestBodySize: maxBodyBytes, onerror });
  const node = toNodeHandler(handler, { onerror, maxRequestBodySize: maxBodyBytes });
  return {
    claims: async (req, body) =>
      req.method === 'POST' && !(await isLegacyRequest(await toWebRequest(req, body), body, { maxRequestBodySize: maxBodyBytes })),
    serve: (req, res, body) => node(req, res, body),
    close: () => handler.close(),
  };
}
