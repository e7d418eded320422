/** The legacy HTTP+SSE transport: `GET /sse` opens a session's stream, `POST /messages?sessionId=…` feeds it. */
import type { ServerResponse } from 'node:http';
import { SSEServerTransport } from '@modelcontextprotocol/server-legacy/sse';
import { readJson, sendRpcError } from './body.js';
import type { Session } from './sessions.js';
import { principalOfAuth } from '../../auth/principal.js';
import { type AuthedRequest, type HandlerContext, passesScope } from './streamable.js';

/** SSE comment frames on legacy streams, so proxies do not time them out. */
const SSE_KEEPALIVE_MS = 15_000;

export async function handleSseOpen(
  ctx: HandlerContext,
  req: AuthedRequest,
  res: ServerResponse,
  owner: string,
): Promise<void> {
  if (req.method !== 'GET') {
    sendRpcError(res, 405, -32000, 'Method not allowed.', { Allow: 'GET' });
    return;
  }
  const place = ctx.table.reserve(owner);
  if (place !== 'ok') {
    ctx.refuseFull(res, place);
    return;
  }
  const transport = new SSEServerTransport('/messages', res);
  const session: Session = {
    kind: 'sse',
    id: transport.sessionId,
    owner,
    server: ctx.makeServer({ era: 'legacy', principal: principalOfAuth(req.auth) }),
    transport,
    lastActivity: Date.now(),
    active: 1, // the stream itself, until it closes
    pending: new Set(),
  };
  ctx.table.release(owner);
  ctx.table.add(session);
  ctx.table.wire(session);
  res.setHeader('X-Accel-Buffering', 'no');
  const keepAlive = setInterval(() => {
    if (!res.writableEnded) res.write(': keepalive\n\n');
  }, SSE_KEEPALIVE_MS);
  keepAlive.unref();
  res.on('close', () => {
    clearInterval(keepAlive);
    session.active -= 1;
    session.lastActivity = Date.now();
    void ctx.table.close(session, 'SSE stream closed');
  });
  try {
    await session.server.connect(transport);
  } catch (err) {
    await ctx.table.close(session, 'SSE start failed');
    throw err;
  }
}

export async function handleSseMessage(
  ctx: HandlerContext,
  req: AuthedRequest,
  res: ServerResponse,
  url: URL,
  owner: string,
): Promise<void> {
  if (req.method !== 'POST') {
    sendRpcError(res, 405, -32000, 'Method not allowed.', { Allow: 'POST' });
    return;
  }
  const sessionId = url.searchParams.get('sessionId');
  if (!sessionId) {
    sendRpcError(res, 400, -32000, 'Bad Request: sessionId query parameter is required');
    return;
  }
  const session = ctx.table.get('sse', sessionId, owner);
  if (!session) {
    sendRpcError(res, 404, -32001, 'Session not found');
    return;
  }
  const parsed = await readJson(req, res, ctx.maxBodyBytes);
  if (!parsed || !(await passesScope(ctx, req, res, parsed.value))) return;
  const transport = session.transport as SSEServerTransport;
  await ctx.table.withActivity(session, () => transport.handlePostMessage(req, res, parsed.value));
}
