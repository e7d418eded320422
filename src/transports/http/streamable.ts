/**
 * Streamable HTTP (`POST|GET|DELETE /mcp`): 2025-era clients get stateful sessions over the SDK transport;
 * 2026-07-28 requests (no session id, the per-request `_meta` envelope) go to the stateless leg (modern.ts).
 * Every session has an event store: POST streams start with a priming event (id + `retry`), so a client cut
 * off mid-answer reconnects with `Last-Event-ID` and receives the rest.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { isInitializeRequest } from '@modelcontextprotocol/server';
import type { AuthInfo } from '@modelcontextprotocol/server';
import type { Refusal } from '../../auth/http-auth.js';
import { type Principal, principalOfAuth } from '../../auth/principal.js';
import type { ServerFactory } from '../../server.js';
import { invalidInitialize } from '../../protocol/requests.js';
import { first, readJson, sendJson, sendRpcError } from './body.js';
import { BoundedEventStore } from './event-store.js';
import type { ModernHttp } from './modern.js';
import type { Session, SessionTable, Transport } from './sessions.js';
import type { StatelessLegacy } from './stateless.js';

export interface HandlerContext {
  table: SessionTable;
  makeServer: ServerFactory;
  /** The stateless 2026-07-28 leg, tried for every POST without a session id. */
  modern: ModernHttp;
  maxBodyBytes: number;
  /** `retry` (ms) announced on SSE streams: how soon a cut-off client reconnects. */
  sseRetryMs: number;
  /** Answer when no place frees: the principal's quota (`quota`) or the whole table (`full`) is busy. */
  refuseFull: (res: ServerResponse, why: 'quota' | 'full') => void;
  /** Write access by scope (src/auth/scope-guard.ts): the 403 for a message this principal may not send. */
  scopeGuard: (principal: Principal | undefined, body: unknown) => Promise<Refusal | undefined>;
  /** MCP_HTTP_STATELESS: the 2025 era without sessions (stateless.ts); undefined keeps sessions. */
  stateless?: StatelessLegacy | undefined;
}

/** The request as the gate left it: `auth` carries the principal (the SDK passes it on to handlers). */
export type AuthedRequest = IncomingMessage & { auth?: AuthInfo };

/** False (and the 403 sent) when the scope guard refuses `body`. */
export async function passesScope(
  ctx: HandlerContext,
  req: AuthedRequest,
  res: ServerResponse,
  body: unknown,
): Promise<boolean> {
  const refused = await ctx.scopeGuard(principalOfAuth(req.auth), body);
  if (refused) sendJson(res, refused.status, refused.body, refused.headers);
  return refused === undefined;
}

const containsInitialize = (body: unknown): boolean =>
  Array.isArray(body) ? body.some((m) => isInitializeRequest(m)) : isInitializeRequest(body);

export async function handleMcp(
  ctx: HandlerContext,
  req: AuthedRequest,
  res: ServerResponse,
  owner: string,
): Promise<void> {
  const method = req.method ?? 'GET';
  if (method !== 'POST' && method !== 'GET' && method !== 'DELETE') {
    sendRpcError(res, 405, -32000, 'Method not allowed.', { Allow: 'GET, POST, DELETE' });
    return;
  }
  let body: unknown;
  if (method === 'POST') {
    const parsed = await readJson(req, res, ctx.maxBodyBytes);
    if (!parsed) return;
    body = parsed.value;
    if (!(await passesScope(ctx, req, res, body))) return;
  }
  if (ctx.stateless && !(method === 'POST' && (await ctx.modern.claims(req, body)))) {
    await ctx.stateless(req, res, body);
    return;
  }
  const sessionId = first(req.headers['mcp-session-id']);
  if (sessionId !== undefined) {
    // A session opened with another credential does not exist for this one (use and DELETE alike).
    const session = ctx.table.get('streamable', sessionId, owner);
    if (!session) {
      sendRpcError(res, 404, -32001, 'Session not found');
      return;
    }
    const transport = session.transport as NodeStreamableHTTPServerTransport;
    await ctx.table.withActivity(session, () => transport.handleRequest(req, res, body));
    return;
  }
  // 2026-07-28: no session, any replica; it needs no session slot either.
  if (await ctx.modern.claims(req, body)) {
    await ctx.modern.serve(req, res, body);
    return;
  }
  const badInitialize = method === 'POST' ? invalidInitialize(body) : undefined;
  if (badInitialize) {
    sendJson(res, 400, badInitialize);
    return;
  }
  if (method !== 'POST' || !containsInitialize(body)) {
    sendRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
    return;
  }
  const place = ctx.table.reserve(owner);
  if (place !== 'ok') {
    ctx.refuseFull(res, place);
    return;
  }
  await startSession(ctx, req, res, body, owner);
}

async function startSession(
  ctx: HandlerContext,
  req: AuthedRequest,
  res: ServerResponse,
  body: unknown,
  owner: string,
): Promise<void> {
  const { table } = ctx;
  let reserved = true;
  const release = () => {
    if (reserved) {
      reserved = false;
      table.release(owner);
    }
  };
  const server = ctx.makeServer({ era: 'legacy', principal: principalOfAuth(req.auth) });
  const session: Session = {
    kind: 'streamable',
    id: undefined,
    owner,
    server,
    // Assigned right below; the callbacks only run once a request is handled.
    transport: undefined as unknown as Transport,
    lastActivity: Date.now(),
    active: 0,
    pending: new Set(),
  };
  const transport = new NodeStreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    maxRequestBodySize: ctx.maxBodyBytes,
    eventStore: new BoundedEventStore(),
    retryInterval: ctx.sseRetryMs,
    onsessioninitialized: (id) => {
      session.id = id;
      table.add(session);
      release();
    },
    onsessionclosed: () => table.forget(session),
  });
  session.transport = transport;
  table.wire(session);
  try {
    await server.connect(transport);
    await table.withActivity(session, () => transport.handleRequest(req, res, body));
  } finally {
    release();
    // Initialization refused (bad Accept, unsupported content type…): nothing may linger.
    if (session.id === undefined) await table.close(session, 'initialization failed');
  }
}
