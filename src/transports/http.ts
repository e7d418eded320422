/**
 * HTTP transports on one node:http server, each session with its own McpServer from `makeServer()`:
 *
 * - `POST|GET|DELETE /mcp`: Streamable HTTP with stateful sessions (SDK StreamableHTTPServerTransport).
 * - `GET /sse` + `POST /messages?sessionId=…`: the legacy HTTP+SSE transport (SDK SSEServerTransport).
 * - `GET /healthz`: liveness, no token needed; says only status, version and the number of sessions.
 *
 * Every request passes the same gate before it reaches the SDK: Host allow-list and Origin check (DNS
 * rebinding protection, 403), then the bearer token when MCP_HTTP_TOKEN is set (401 + WWW-Authenticate).
 * Bodies are read here, size-limited (413) and parsed (400 with JSON-RPC -32700). Sessions have
 * crypto.randomUUID ids, expire when idle, and are capped (503 past the cap). close() drains in-flight calls
 * for a bounded time, then closes every session (which cancels what is still running) and the server.
 */
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces, hostname as osHostname } from 'node:os';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { SSEServerTransport } from '@modelcontextprotocol/server-legacy/sse';
import { isInitializeRequest, isJSONRPCErrorResponse, isJSONRPCNotification, isJSONRPCRequest, isJSONRPCResultResponse } from '@modelcontextprotocol/server';
import type { McpServer, JSONRPCMessage, RequestId } from '@modelcontextprotocol/server';
import { type Config, ConfigError } from '../config.js';
import type { Logger } from '../logger.js';
import { isLoopbackHost } from '../net.js';
import type { ServerFactory } from '../server.js';
import { modernHttp } from './modern-http.js';
import { invalidInitialize } from '../protocol/requests.js';
import { PACKAGE_NAME, VERSION } from '../version.js';
import {
  buildHostAllowList,
  checkBearer,
  isHostAllowed,
  isOriginAllowed,
  isWildcardHost,
  normalizeOrigin,
  parseHttpEnv,
  tokenDigest,
} from './http-security.js';
import type { RunningTransport } from './stdio.js';

export const HTTP_DEFAULTS = {
  /** A session with no request and no open stream for this long is closed (MCP_SESSION_IDLE_SECONDS). */
  sessionIdleMs: 30 * 60_000,
  /** Concurrent sessions, Streamable HTTP and legacy SSE together (MCP_MAX_SESSIONS). */
  maxSessions: 100,
  /** Largest accepted request body. */
  maxBodyBytes: 1024 * 1024,
  /** How long close() lets in-flight calls finish before it cancels them. */
  shutdownGraceMs: 5_000,
  /** SSE comment frames on legacy streams, so proxies do not time them out. */
  sseKeepAliveMs: 15_000,
} as const;

export interface HttpOptions {
  config: Config;
  logger: Logger;
  /** Where MCP_ALLOWED_HOSTS, MCP_ALLOWED_ORIGINS, MCP_SESSION_IDLE_SECONDS, MCP_MAX_SESSIONS are read (default
   * process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Extra Host values (`host` or `host:port`), added to the env's. */
  allowedHosts?: readonly string[];
  /** Extra browser origins (`https://app.example.com`), added to the env's. */
  allowedOrigins?: readonly string[];
  sessionIdleMs?: number;
  maxSessions?: number;
  maxBodyBytes?: number;
  shutdownGraceMs?: number;
  /** How often idle sessions are looked for (default: a tenth of the idle time, between 1 s and 60 s). */
  sweepIntervalMs?: number;
}

export interface RunningHttp extends RunningTransport {
  /** The Streamable HTTP endpoint, e.g. `http://127.0.0.1:3000/mcp` (the real port when 0 was asked). */
  url: string;
  /** Open sessions, both transports. */
  sessionCount(): number;
}

type Transport = NodeStreamableHTTPServerTransport | SSEServerTransport;

interface Session {
  kind: 'streamable' | 'sse';
  /** Set once the SDK assigned it (Streamable HTTP: when initialize is accepted). */
  id: string | undefined;
  server: McpServer;
  transport: Transport;
  lastActivity: number;
  /** Open HTTP requests of this session, streams included: a session in use never idles out. */
  active: number;
  /** Client requests the server has not answered yet (tool calls in flight), whichever transport. */
  pending: Set<RequestId>;
  closing?: Promise<void>;
}

const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  res.writeHead(status, { ...JSON_HEADERS, ...headers });
  res.end(JSON.stringify(body));
}

/** Errors outside a JSON-RPC exchange are still JSON-RPC shaped, as the SDK's own are. */
function sendRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers);
}

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

function urlHost(address: string, family: string): string {
  return family === 'IPv6' || address.includes(':') ? `[${address}]` : address;
}

/** The machine's own addresses and name: what clients may put in Host when the server binds every interface. */
function interfaceHosts(): string[] {
  const hosts = [osHostname()];
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) hosts.push(info.address.split('%')[0] ?? info.address);
  }
  return hosts;
}

type BodyResult = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'aborted' };

/** Read a request body up to `limit` bytes; past it, stop buffering at once. */
function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish({ kind: 'too-large' });
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') });
    const onAbort = () => finish({ kind: 'aborted' });
    const onClose = () => {
      if (!req.readableEnded) finish({ kind: 'aborted' });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}

/**
 * After answering 413 early, discard what the client is still sending (bounded in bytes and time) so it can
 * read the answer instead of seeing a reset, then close the connection.
 */
function drainAndClose(req: IncomingMessage): void {
  if (req.readableEnded || req.destroyed) return;
  let bytes = 0;
  const stop = () => {
    clearTimeout(timer);
    req.off('data', onData);
    if (!req.socket.destroyed) req.socket.destroySoon();
  };
  const onData = (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > 16 * 1024 * 1024) stop();
  };
  const timer = setTimeout(stop, 5_000);
  timer.unref();
  req.on('data', onData);
  req.once('end', () => clearTimeout(timer));
  req.resume();
}

function containsInitialize(body: unknown): boolean {
  return Array.isArray(body) ? body.some((m) => isInitializeRequest(m)) : isInitializeRequest(body);
}

export async function runHttp(makeServer: ServerFactory, options: HttpOptions): Promise<RunningHttp> {
  const { config, logger } = options;

  // config.ts enforces both rules already; this keeps runHttp safe when called directly.
  if (config.httpToken !== undefined && config.httpToken.length < 16) {
    throw new ConfigError('MCP_HTTP_TOKEN must be at least 16 characters');
  }
  if (!isLoopbackHost(config.host) && !config.httpToken) {
    throw new ConfigError(
      `MCP_HTTP_TOKEN is required to listen on the non-loopback address ${config.host}: set it, or bind 127.0.0.1`,
    );
  }
  logger.addSecret(config.httpToken);
  const tokenHash = config.httpToken === undefined ? undefined : tokenDigest(config.httpToken);

  const fromEnv = parseHttpEnv(options.env ?? process.env);
  const sessionIdleMs = options.sessionIdleMs ?? fromEnv.sessionIdleMs ?? HTTP_DEFAULTS.sessionIdleMs;
  const maxSessions = options.maxSessions ?? fromEnv.maxSessions ?? HTTP_DEFAULTS.maxSessions;
  const maxBodyBytes = options.maxBodyBytes ?? HTTP_DEFAULTS.maxBodyBytes;
  const shutdownGraceMs = options.shutdownGraceMs ?? HTTP_DEFAULTS.shutdownGraceMs;
  const sweepIntervalMs =
    options.sweepIntervalMs ?? Math.min(60_000, Math.max(1_000, Math.floor(sessionIdleMs / 10)));

  const extraOrigins = [...fromEnv.allowedOrigins, ...(options.allowedOrigins ?? [])];
  const originPolicy = {
    allowed: new Set(extraOrigins.map((o) => normalizeOrigin(o)).filter((o): o is string => o !== undefined)),
    allowLoopbackOrigins: isLoopbackHost(config.host),
  };
  // Filled in once the socket is bound (the bound address is part of it).
  let hostAllow = buildHostAllowList({ bindHost: config.host });

  const streamable = new Map<string, Session>();
  const modern = modernHttp(makeServer, maxBodyBytes, logger);
  const legacy = new Map<string, Session>();
  let pendingInits = 0;
  let stopping = false;

  const sessionCount = () => streamable.size + legacy.size;

  // Refusals are logged as warnings at most once per reason every 10 s (then at debug), so a scanner or a
  // misconfigured client cannot flood stderr or the MCP log notifications of connected sessions.
  const lastWarned = new Map<string, number>();
  const refusal = (reason: string, message: string, data: Record<string, unknown>) => {
    const now = Date.now();
    if (now - (lastWarned.get(reason) ?? 0) >= 10_000) {
      lastWarned.set(reason, now);
      logger.warning(message, data);
    } else {
      logger.debug(message, data);
    }
  };
  const hasCapacity = () => sessionCount() + pendingInits < maxSessions;

  const forget = (session: Session) => {
    if (session.id === undefined) return;
    const map = session.kind === 'streamable' ? streamable : legacy;
    if (map.get(session.id) === session) {
      map.delete(session.id);
      logger.debug('session closed', { transport: session.kind, sessions: sessionCount() });
    }
  };

  /** Close a session's transport and server (idempotent). Aborts whatever it still has running. */
  const closeSession = (session: Session, reason: string): Promise<void> => {
    if (!session.closing) {
      forget(session);
      logger.debug(`closing session (${reason})`, { transport: session.kind });
      session.closing = (async () => {
        try {
          // server.close() closes the transport too; a server that never connected leaves it to us.
          if (session.server.isConnected()) await session.server.close();
          else await session.transport.close();
        } catch (err) {
          logger.debug('error while closing a session', { error: String(err) });
        }
      })();
    }
    return session.closing;
  };

  const withActivity = async (session: Session, work: () => Promise<void>): Promise<void> => {
    session.active += 1;
    session.lastActivity = Date.now();
    try {
      await work();
    } finally {
      session.active -= 1;
      session.lastActivity = Date.now();
    }
  };

  let drainWaiter: (() => void) | undefined;
  const pendingCalls = () => {
    let n = 0;
    for (const s of [...streamable.values(), ...legacy.values()]) n += s.pending.size;
    return n;
  };

  /** Hook a session's transport before the server connects (the SDK chains our handlers with its own). */
  const wire = (session: Session) => {
    const { transport } = session;
    transport.onclose = () => forget(session);
    transport.onerror = (err: Error) => logger.debug(`${session.kind} transport: ${err.message}`);
    // Count requests in and responses out, so shutdown knows what is still running on either transport.
    transport.onmessage = (message: JSONRPCMessage) => {
      if (isJSONRPCRequest(message)) session.pending.add(message.id);
      else if (isJSONRPCNotification(message) && message.method === 'notifications/cancelled') {
        // A cancelled request gets no response: stop waiting for it.
        const id = (message.params as { requestId?: RequestId } | undefined)?.requestId;
        if (id !== undefined) session.pending.delete(id);
      }
    };
    const send = transport.send.bind(transport);
    transport.send = async (message: JSONRPCMessage, sendOptions?: Parameters<typeof send>[1]) => {
      try {
        return await send(message, sendOptions);
      } finally {
        if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) {
          if (message.id !== undefined) session.pending.delete(message.id);
          if (drainWaiter && pendingCalls() === 0) drainWaiter();
        }
      }
    };
  };

  /** Read and parse a JSON body, answering 413 / 400 itself; undefined means "already answered". */
  const readJson = async (
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{ value: unknown } | undefined> => {
    const body = await readBody(req, maxBodyBytes);
    if (body.kind === 'aborted') {
      if (!res.headersSent) res.destroy();
      return undefined;
    }
    if (body.kind === 'too-large') {
      sendRpcError(
        res,
        413,
        -32600,
        `Payload Too Large: request body must not exceed ${maxBodyBytes} bytes`,
        {
          Connection: 'close',
        },
      );
      drainAndClose(req);
      return undefined;
    }
    try {
      return { value: JSON.parse(body.text) as unknown };
    } catch {
      sendRpcError(res, 400, -32700, 'Parse error: Invalid JSON');
      return undefined;
    }
  };

  // --- Streamable HTTP --------------------------------------------------------------------------------------

  const handleMcp = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    if (method !== 'POST' && method !== 'GET' && method !== 'DELETE') {
      sendRpcError(res, 405, -32000, 'Method not allowed.', { Allow: 'GET, POST, DELETE' });
      return;
    }
    let body: unknown;
    if (method === 'POST') {
      const parsed = await readJson(req, res);
      if (!parsed) return;
      body = parsed.value;
    }
    const sessionId = first(req.headers['mcp-session-id']);
    if (sessionId !== undefined) {
      const session = streamable.get(sessionId);
      if (!session) {
        sendRpcError(res, 404, -32001, 'Session not found');
        return;
      }
      const transport = session.transport as NodeStreamableHTTPServerTransport;
      await withActivity(session, () => transport.handleRequest(req, res, body));
      return;
    }
    if (await modern.claims(req, body)) {
      await modern.serve(req, res, body);
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
    if (!hasCapacity()) {
      refusal('cap', `session limit reached (${maxSessions}): refusing a new session`, {});
      sendRpcError(res, 503, -32000, `Too many sessions (limit ${maxSessions}); try again later`, {
        'Retry-After': '30',
      });
      return;
    }
    await startStreamableSession(req, res, body);
  };

  const startStreamableSession = async (req: IncomingMessage, res: ServerResponse, body: unknown) => {
    const server = makeServer();
    pendingInits += 1;
    let reserved = true;
    const release = () => {
      if (reserved) {
        reserved = false;
        pendingInits -= 1;
      }
    };
    const session: Session = {
      kind: 'streamable',
      id: undefined,
      server,
      // Assigned right below; the callbacks only run once a request is handled.
      transport: undefined as unknown as Transport,
      lastActivity: Date.now(),
      active: 0,
      pending: new Set(),
    };
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      maxRequestBodySize: maxBodyBytes,
      onsessioninitialized: (id) => {
        session.id = id;
        streamable.set(id, session);
        release();
        logger.debug('session opened', { transport: 'streamable-http', sessions: sessionCount() });
      },
      onsessionclosed: () => {
        forget(session);
      },
    });
    session.transport = transport;
    wire(session);
    try {
      await server.connect(transport);
      await withActivity(session, () => transport.handleRequest(req, res, body));
    } finally {
      release();
      // Initialization refused (bad Accept, unsupported content type…): nothing may linger.
      if (session.id === undefined) await closeSession(session, 'initialization failed');
    }
  };

  // --- Legacy HTTP+SSE --------------------------------------------------------------------------------------

  const handleSseOpen = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET') {
      sendRpcError(res, 405, -32000, 'Method not allowed.', { Allow: 'GET' });
      return;
    }
    if (!hasCapacity()) {
      refusal('cap', `session limit reached (${maxSessions}): refusing a new SSE session`, {});
      sendRpcError(res, 503, -32000, `Too many sessions (limit ${maxSessions}); try again later`, {
        'Retry-After': '30',
      });
      return;
    }
    const transport = new SSEServerTransport('/messages', res);
    const server = makeServer();
    const session: Session = {
      kind: 'sse',
      id: transport.sessionId,
      server,
      transport,
      lastActivity: Date.now(),
      active: 1, // the stream itself, until it closes
      pending: new Set(),
    };
    legacy.set(transport.sessionId, session);
    wire(session);
    res.setHeader('X-Accel-Buffering', 'no');
    const keepAlive = setInterval(() => {
      if (!res.writableEnded) res.write(': keepalive\n\n');
    }, HTTP_DEFAULTS.sseKeepAliveMs);
    keepAlive.unref();
    res.on('close', () => {
      clearInterval(keepAlive);
      session.active -= 1;
      session.lastActivity = Date.now();
      void closeSession(session, 'SSE stream closed');
    });
    try {
      await server.connect(transport);
      logger.debug('session opened', { transport: 'sse', sessions: sessionCount() });
    } catch (err) {
      await closeSession(session, 'SSE start failed');
      throw err;
    }
  };

  const handleSseMessage = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method !== 'POST') {
      sendRpcError(res, 405, -32000, 'Method not allowed.', { Allow: 'POST' });
      return;
    }
    const sessionId = url.searchParams.get('sessionId');
    if (!sessionId) {
      sendRpcError(res, 400, -32000, 'Bad Request: sessionId query parameter is required');
      return;
    }
    const session = legacy.get(sessionId);
    if (!session) {
      sendRpcError(res, 404, -32001, 'Session not found');
      return;
    }
    const parsed = await readJson(req, res);
    if (!parsed) return;
    const transport = session.transport as SSEServerTransport;
    await withActivity(session, () => transport.handlePostMessage(req, res, parsed.value));
  };

  // --- The gate and the router ------------------------------------------------------------------------------

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendJson(res, 400, { error: 'bad request target' });
      return;
    }
    const path = url.pathname;
    if (stopping) {
      sendRpcError(res, 503, -32000, 'Server is shutting down', { Connection: 'close' });
      return;
    }
    const host = first(req.headers.host);
    if (!isHostAllowed(host, hostAllow)) {
      refusal('host', 'refused a request: Host header not allowed (set MCP_ALLOWED_HOSTS to allow it)', {
        host: host ?? null,
        path,
      });
      sendRpcError(res, 403, -32000, 'Forbidden: Host header not allowed');
      return;
    }
    const origin = first(req.headers.origin);
    if (!isOriginAllowed(origin, host, originPolicy)) {
      refusal('origin', 'refused a request: Origin not allowed (set MCP_ALLOWED_ORIGINS to allow it)', {
        origin: origin ?? null,
        path,
      });
      sendRpcError(res, 403, -32000, 'Forbidden: Origin not allowed');
      return;
    }
    if (origin !== undefined) {
      // Allowed browser origins may read our answers, including the session id header.
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader(
        'Access-Control-Expose-Headers',
        'Mcp-Session-Id, Mcp-Protocol-Version, WWW-Authenticate',
      );
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      // CORS preflight: carries no credentials by definition, so it is answered before the token check.
      res.writeHead(204, {
        'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
        'Access-Control-Allow-Headers':
          'Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendJson(res, 405, { error: 'method not allowed' }, { Allow: 'GET, HEAD' });
        return;
      }
      sendJson(res, 200, { status: 'ok', version: VERSION, sessions: sessionCount() });
      return;
    }
    if (tokenHash) {
      const check = checkBearer(first(req.headers.authorization), tokenHash);
      if (check !== 'ok') {
        refusal(`token-${check}`, `refused a request: ${check === 'missing' ? 'no' : 'wrong'} bearer token`, {
          path,
        });
        const challenge =
          check === 'missing'
            ? `Bearer realm="${PACKAGE_NAME}"`
            : `Bearer realm="${PACKAGE_NAME}", error="invalid_token"`;
        sendRpcError(res, 401, -32001, 'Unauthorized: send Authorization: Bearer <MCP_HTTP_TOKEN>', {
          'WWW-Authenticate': challenge,
        });
        return;
      }
    }
    switch (path) {
      case '/mcp':
        return handleMcp(req, res);
      case '/sse':
        return handleSseOpen(req, res);
      case '/messages':
        return handleSseMessage(req, res, url);
      default:
        sendJson(res, 404, { error: 'not found', endpoints: ['/mcp', '/sse', '/messages', '/healthz'] });
    }
  };

  const httpServer = createHttpServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      logger.error('HTTP request failed', {
        method: req.method ?? null,
        path: (req.url ?? '').split('?')[0] ?? null,
        error: err instanceof Error ? err.message : String(err),
      });
      if (!res.headersSent) sendRpcError(res, 500, -32603, 'Internal error');
      else if (!res.writableEnded) res.destroy();
    });
  });
  httpServer.on('clientError', (err, socket) => {
    logger.debug('malformed HTTP request', { error: err.message });
    if (socket.writable && !(err as NodeJS.ErrnoException).code?.startsWith('ECONN')) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    } else {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      httpServer.off('listening', onListening);
      const why = err.code === 'EADDRINUSE' ? 'the address is already in use' : err.message;
      reject(new Error(`cannot listen on ${config.host}:${config.port}: ${why}`));
    };
    const onListening = () => {
      httpServer.off('error', onError);
      resolve();
    };
    httpServer.once('error', onError);
    httpServer.once('listening', onListening);
    httpServer.listen(config.port, config.host);
  });
  httpServer.on('error', (err) => logger.error('HTTP server error', { error: err.message }));

  const address = httpServer.address() as AddressInfo;
  hostAllow = buildHostAllowList({
    bindHost: config.host,
    boundAddress: address.address,
    interfaceHosts: isWildcardHost(config.host) ? interfaceHosts() : [],
    extra: [...fromEnv.allowedHosts, ...(options.allowedHosts ?? [])],
  });
  const reachable = isWildcardHost(config.host)
    ? address.family === 'IPv6'
      ? '[::1]'
      : '127.0.0.1'
    : urlHost(address.address, address.family);
  const url = `http://${reachable}:${address.port}/mcp`;

  const sweep = setInterval(() => {
    const cutoff = Date.now() - sessionIdleMs;
    for (const session of [...streamable.values(), ...legacy.values()]) {
      if (session.active === 0 && session.lastActivity < cutoff) void closeSession(session, 'idle');
    }
  }, sweepIntervalMs);
  sweep.unref();

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let closing: Promise<void> | undefined;

  const close = (): Promise<void> => {
    closing ??= (async () => {
      stopping = true;
      clearInterval(sweep);
      const serverClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      // Let in-flight calls finish, for a while. (Counted by JSON-RPC request and response, not by open HTTP
      // requests: a POST stream can outlive its call, e.g. after the client cancelled it.)
      if (pendingCalls() > 0) {
        logger.info(`waiting up to ${shutdownGraceMs} ms for ${pendingCalls()} in-flight call(s)`);
        let timer: NodeJS.Timeout | undefined;
        const callsDone = new Promise<void>((resolve) => {
          drainWaiter = resolve;
          if (pendingCalls() === 0) resolve();
        });
        await Promise.race([
          callsDone,
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, shutdownGraceMs);
            timer.unref();
          }),
        ]);
        clearTimeout(timer);
        drainWaiter = undefined;
      }
      // Closing a session aborts its remaining handlers and ends its streams.
      await Promise.allSettled(
        [...streamable.values(), ...legacy.values()].map((s) => closeSession(s, 'shutdown')),
      );
      await modern.close();
      httpServer.closeAllConnections();
      await serverClosed;
      logger.info('HTTP server stopped');
      resolveClosed();
    })();
    return closing;
  };

  const bound = isWildcardHost(config.host) ? ` (bound to ${config.host}:${address.port})` : '';
  logger.info(`listening on ${url}${bound}`);
  logger.info(
    `legacy SSE at ${url.replace(/\/mcp$/, '/sse')}; ${tokenHash ? 'bearer token required' : 'no token (loopback only)'}`,
  );

  return { url, closed, close, sessionCount };
}
