/**
 * HTTP transports on one node:http server, each 2025-era session with its own McpServer from `makeServer()`:
 *
 * - `POST|GET|DELETE /mcp`: Streamable HTTP with stateful, resumable sessions (http/streamable.ts) for
 *   2025-era clients; 2026-07-28 requests on the same endpoint are served statelessly (http/modern.ts).
 * - `GET /sse` + `POST /messages?sessionId=…`: the legacy HTTP+SSE transport (http/sse.ts).
 * - `GET /healthz`: liveness, no token needed; says only status, version and the number of sessions.
 *
 * Every request passes the gate first (http/gate.ts: Host, Origin, bearer token). A token is always
 * required: MCP_HTTP_TOKEN's, or one generated at start and printed once on stderr, unless the explicit
 * insecure opt-out is set. Sessions live in the session table (http/sessions.ts: bound to their credential,
 * idle expiry, LRU eviction at the cap). Header, request and keep-alive timeouts and a connection cap guard
 * against slow or piled-up sockets. close() drains in-flight calls for a bounded time, then closes all.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces, hostname as osHostname } from 'node:os';
import { oauthForHttp } from '../auth/http-auth.js';
import type { Config } from '../config.js';
import { HTTP_DEFAULTS, httpAuth } from '../config-http.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ServerFactory } from '../server.js';
import { VERSION } from '../version.js';
import { sendJson, sendRpcError } from './http/body.js';
import { ConnectionGuard, type ConnectionLimits } from './http/connections.js';
import { createGate, type Gate } from './http/gate.js';
import { modernHttp } from './http/modern.js';
import { refuseSession, scopeGuardFor } from './http/refusals.js';
import { SessionTable } from './http/sessions.js';
import { handleSseMessage, handleSseOpen } from './http/sse.js';
import { statelessLegacy } from './http/stateless.js';
import { type HandlerContext, handleMcp } from './http/streamable.js';
import { buildHostAllowList, isWildcardHost, normalizeOrigin, tokenDigest } from './http-security.js';
import type { RunningTransport } from './stdio.js';

export { HTTP_DEFAULTS } from '../config-http.js';

export interface HttpOptions {
  config: Config;
  logger: Logger;
  /** Extra Host values (`host` or `host:port`), added to MCP_ALLOWED_HOSTS. */
  allowedHosts?: readonly string[];
  /** Extra browser origins (`https://app.example.com`), added to MCP_ALLOWED_ORIGINS. */
  allowedOrigins?: readonly string[];
  sessionIdleMs?: number;
  maxSessions?: number;
  /** Sessions one principal may hold (default MCP_MAX_SESSIONS_PER_PRINCIPAL, else maxSessions). */
  maxSessionsPerPrincipal?: number;
  maxBodyBytes?: number;
  shutdownGraceMs?: number;
  /** How often idle sessions are looked for (default: a tenth of the idle time, between 1 s and 60 s). */
  sweepIntervalMs?: number;
  /** Time to receive a request's headers (default HTTP_DEFAULTS.headersTimeoutMs). */
  headersTimeoutMs?: number;
  /** Where the generated token is announced (default: stderr, unredacted, once). */
  announce?: (line: string) => void;
  /** OAuth mode: after a JWKS fetch, how long an unknown key id waits for the next one (default 30 s). */
  jwksCooldownMs?: number;
}

export interface RunningHttp extends RunningTransport {
  /** The Streamable HTTP endpoint, e.g. `http://127.0.0.1:3000/mcp` (the real port when 0 was asked). */
  url: string;
  /** Open sessions, both transports. */
  sessionCount(): number;
  /** Open TCP connections. */
  connectionCount(): number;
  /** The token clients must send when it was generated at start (undefined otherwise). */
  generatedToken: string | undefined;
}

/** The machine's own addresses and name: what clients may put in Host when the server binds every interface. */
function interfaceHosts(): string[] {
  const hosts = [osHostname()];
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) hosts.push(info.address.split('%')[0] ?? info.address);
  }
  return hosts;
}

function listen(server: Server, config: Config): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const why = err.code === 'EADDRINUSE' ? 'the address is already in use' : err.message;
      // A bind failure is a start-up error like any bad setting (exit 2, one line).
      reject(new ConfigError(`cannot listen on ${config.host}:${config.port}: ${why} (set MCP_PORT / --port)`));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(config.port, config.host);
  });
}

type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** The node:http server with explicit slow-client timeouts; the guard caps and cleans its connections. */
function nodeServer(
  route: Route,
  logger: Logger,
  limits: ConnectionLimits & { headersMs: number },
): { server: Server; guard: ConnectionGuard } {
  const server = createHttpServer(
    {
      headersTimeout: limits.headersMs,
      requestTimeout: Math.max(limits.headersMs, HTTP_DEFAULTS.requestTimeoutMs),
      keepAliveTimeout: HTTP_DEFAULTS.keepAliveTimeoutMs,
      connectionsCheckingInterval: 1_000,
    },
    (req, res) => {
      void route(req, res).catch((err: unknown) => {
        logger.error('HTTP request failed', {
          method: req.method ?? null,
          path: (req.url ?? '').split('?')[0] ?? null,
          error: err instanceof Error ? err.message : String(err),
        });
        if (!res.headersSent) sendRpcError(res, 500, -32603, 'Internal error');
        else if (!res.writableEnded) res.destroy();
      });
    },
  );
  const guard = new ConnectionGuard(limits, logger);
  guard.attach(server);
  return { server, guard };
}

/** Gate, then the endpoint. */
function router(ctx: HandlerContext, gate: Gate, stopping: () => boolean): Route {
  return async (req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      sendJson(res, 400, { error: 'bad request target' });
      return;
    }
    if (stopping()) {
      sendRpcError(res, 503, -32000, 'Server is shutting down', { Connection: 'close' });
      return;
    }
    const admitted = await gate.pass(req, res, url);
    if (admitted === undefined) return;
    // The SDK passes `req.auth` on to handlers (ctx.http.authInfo); it carries the principal.
    (req as IncomingMessage & { auth?: unknown }).auth = admitted.auth;
    const owner = admitted.owner;
    switch (url.pathname) {
      case '/healthz':
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          sendJson(res, 405, { error: 'method not allowed' }, { Allow: 'GET, HEAD' });
          return;
        }
        sendJson(res, 200, { status: 'ok', version: VERSION, sessions: ctx.table.count() });
        return;
      case '/mcp':
        return handleMcp(ctx, req, res, owner);
      case '/sse':
        return handleSseOpen(ctx, req, res, owner);
      case '/messages':
        return handleSseMessage(ctx, req, res, url, owner);
      default:
        sendJson(res, 404, { error: 'not found', endpoints: ['/mcp', '/sse', '/messages', '/healthz'] });
    }
  };
}

/** The URL clients use: the bound address (loopback for a wildcard bind) and the real port. */
function endpointUrl(config: Config, address: AddressInfo): string {
  const v6 = address.family === 'IPv6' || address.address.includes(':');
  const wildcardHost = v6 ? '[::1]' : '127.0.0.1';
  const host = isWildcardHost(config.host) ? wildcardHost : v6 ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}/mcp`;
}

function sessionTable(options: HttpOptions): SessionTable {
  const http = options.config.http;
  const idleMs = options.sessionIdleMs ?? http.sessionIdleMs ?? HTTP_DEFAULTS.sessionIdleMs;
  const maxSessions = options.maxSessions ?? http.maxSessions ?? HTTP_DEFAULTS.maxSessions;
  return new SessionTable(
    {
      maxSessions,
      maxPerPrincipal: options.maxSessionsPerPrincipal ?? http.maxSessionsPerPrincipal ?? maxSessions,
      idleMs,
      sweepIntervalMs: options.sweepIntervalMs ?? Math.min(60_000, Math.max(1_000, Math.floor(idleMs / 10))),
    },
    options.logger,
  );
}

/** Say once how clients authenticate: the generated token (stderr, unredacted), or that there is none. */
function announceAuth(options: HttpOptions, auth: { tokens: string[]; generated: boolean }, url: string): void {
  if (auth.generated) {
    (options.announce ?? ((line) => process.stderr.write(`${line}\n`)))(
      `HTTP token (generated; set MCP_HTTP_TOKEN to choose one): send "Authorization: Bearer ${auth.tokens[0]}" to ${url}`,
    );
  } else if (auth.tokens.length === 0 && !options.config.oauth) {
    options.logger.warning(
      'HTTP token check is OFF (MCP_HTTP_INSECURE_NO_AUTH): any local program can use this server',
    );
  }
}

export async function runHttp(makeServer: ServerFactory, options: HttpOptions): Promise<RunningHttp> {
  const { config, logger } = options;
  const auth = httpAuth(config);
  const oauth = oauthForHttp(config, logger, options.jwksCooldownMs);
  for (const t of auth.tokens) logger.addSecret(t);
  const table = sessionTable(options);
  const origins = [...config.http.allowedOrigins, ...(options.allowedOrigins ?? [])];
  // Filled in once the socket is bound (the bound address is part of it).
  let hostAllow = buildHostAllowList({ bindHost: config.host });
  const gate = createGate({
    hostAllow: () => hostAllow,
    origins: { allowed: new Set(origins.map((o) => normalizeOrigin(o)).filter((o) => o !== undefined)) },
    tokens: auth.tokens.map(tokenDigest),
    oauth: oauth.current,
    readOnly: config.readOnly,
    logger,
  });
  const maxBodyBytes = options.maxBodyBytes ?? HTTP_DEFAULTS.maxBodyBytes;
  const ctx: HandlerContext = {
    table,
    makeServer,
    modern: modernHttp(makeServer, maxBodyBytes, logger),
    stateless: config.shared.stateless2025 ? statelessLegacy(makeServer, maxBodyBytes) : undefined,
    maxBodyBytes,
    sseRetryMs: HTTP_DEFAULTS.sseRetryMs,
    scopeGuard: scopeGuardFor(config, oauth.current, logger),
    refuseFull: refuseSession(logger),
  };
  let stopping = false;
  const { server: httpServer, guard } = nodeServer(router(ctx, gate, () => stopping), logger, {
    maxConnections: config.http.maxConnections ?? HTTP_DEFAULTS.maxConnections,
    maxPerAddress: config.http.maxConnectionsPerAddress ?? HTTP_DEFAULTS.maxConnectionsPerAddress,
    headersMs: options.headersTimeoutMs ?? HTTP_DEFAULTS.headersTimeoutMs,
  });
  await listen(httpServer, config);
  httpServer.on('error', (err) => logger.error('HTTP server error', { error: err.message }));
  const address = httpServer.address() as AddressInfo;
  hostAllow = buildHostAllowList({
    bindHost: config.host,
    boundAddress: address.address,
    interfaceHosts: isWildcardHost(config.host) ? interfaceHosts() : [],
    extra: [...config.http.allowedHosts, ...(options.allowedHosts ?? [])],
  });
  const url = endpointUrl(config, address);
  oauth.bound(url);
  table.startSweep();

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      stopping = true;
      const serverClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await table.shutdown(options.shutdownGraceMs ?? HTTP_DEFAULTS.shutdownGraceMs);
      await ctx.modern.close();
      httpServer.closeAllConnections();
      await serverClosed;
      logger.info('HTTP server stopped');
      resolveClosed();
    })();
    return closing;
  };

  const bound = isWildcardHost(config.host) ? ` (bound to ${config.host}:${address.port})` : '';
  logger.info(`listening on ${url}${bound}`);
  logger.info(`legacy SSE at ${url.replace(/\/mcp$/, '/sse')}`);
  announceAuth(options, auth, url);
  return {
    url,
    closed,
    close,
    sessionCount: table.count,
    connectionCount: guard.count,
    generatedToken: auth.generated ? auth.tokens[0] : undefined };
}
