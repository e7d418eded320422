/**
 * The HTTP-only settings (allowed hosts and origins, session and connection limits, the insecure no-auth
 * opt-out) and the one rule for the HTTP token. loadConfig reads them with everything else, so a bad value
 * stops start-up like any other setting; runHttp applies the same rule when called directly.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError } from './errors.js';
import { isLoopbackHost } from './net.js';
import { normalizeOrigin, parseHostHeader } from './transports/http-security.js';

export const HTTP_DEFAULTS = {
  /** A session with no request and no open stream for this long is closed (MCP_SESSION_IDLE_SECONDS). */
  sessionIdleMs: 10 * 60_000,
  /** Concurrent sessions, Streamable HTTP and legacy SSE together (MCP_MAX_SESSIONS). */
  maxSessions: 100,
  /** Open TCP connections (MCP_MAX_CONNECTIONS). */
  maxConnections: 512,
  /** Open TCP connections from one client address (MCP_MAX_CONNECTIONS_PER_ADDRESS). */
  maxConnectionsPerAddress: 256,
  /** Largest accepted request body. */
  maxBodyBytes: 1024 * 1024,
  /** How long close() lets in-flight calls finish before it cancels them. */
  shutdownGraceMs: 5_000,
  /** Time to receive a request's headers, and the whole request (slow-drip clients are cut off). */
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
  /** `retry` announced on SSE streams: how soon a client that was cut off reconnects. */
  sseRetryMs: 1_000,
} as const;

/** The HTTP-only settings read from the environment (documented in README next to the config table). */
export interface HttpEnvSettings {
  /** MCP_ALLOWED_HOSTS: extra Host values, comma-separated, `host` or `host:port`. */
  allowedHosts: string[];
  /** MCP_ALLOWED_ORIGINS: extra browser origins, comma-separated, `https://app.example.com`. */
  allowedOrigins: string[];
  /** MCP_SESSION_IDLE_SECONDS: a session with no request and no open stream for this long is closed. */
  sessionIdleMs: number | undefined;
  /** MCP_MAX_SESSIONS: concurrent sessions (Streamable HTTP and legacy SSE together). */
  maxSessions: number | undefined;
  /** MCP_MAX_SESSIONS_PER_PRINCIPAL: sessions one credential may hold (default: MCP_MAX_SESSIONS). */
  maxSessionsPerPrincipal: number | undefined;
  /** MCP_MAX_CONNECTIONS: open TCP connections at once. */
  maxConnections: number | undefined;
  /** MCP_MAX_CONNECTIONS_PER_ADDRESS: open TCP connections from one client address. */
  maxConnectionsPerAddress: number | undefined;
  /** MCP_HTTP_INSECURE_NO_AUTH: serve without any token (trusted test setups on loopback only). */
  insecureNoAuth: boolean;
}

const INSECURE_VALUE = 'yes-i-understand';

/** The opt-out must be spelled out: `MCP_HTTP_INSECURE_NO_AUTH=yes-i-understand`. */
function insecureFlag(value: string | undefined): boolean {
  const v = value?.trim();
  if (v === undefined || v === '') return false;
  if (v === INSECURE_VALUE) return true;
  throw new ConfigError(
    `MCP_HTTP_INSECURE_NO_AUTH turns off the HTTP token for trusted test setups: set it to "${INSECURE_VALUE}" or leave it unset`,
  );
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

export function wholeNumber(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  min: number,
  max: number,
) {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

/** Parse the HTTP-only environment settings; a malformed value throws ConfigError naming it. */
export function parseHttpEnv(env: Readonly<Record<string, string | undefined>>): HttpEnvSettings {
  const allowedHosts = list(env.MCP_ALLOWED_HOSTS);
  for (const h of allowedHosts) {
    if (!parseHostHeader(h)) {
      throw new ConfigError(
        `MCP_ALLOWED_HOSTS entries must be host or host:port (IPv6 in brackets), got "${h}"`,
      );
    }
  }
  const allowedOrigins = list(env.MCP_ALLOWED_ORIGINS);
  for (const o of allowedOrigins) {
    const canonical = normalizeOrigin(o);
    if (
      canonical === undefined ||
      (canonical !== 'null' && !/^https?:\/\/[^/]+$/.test(o.replace(/\/$/, '')))
    ) {
      throw new ConfigError(
        `MCP_ALLOWED_ORIGINS entries must be origins like https://app.example.com, got "${o}"`,
      );
    }
  }
  const idleSeconds = wholeNumber(env, 'MCP_SESSION_IDLE_SECONDS', 1, 7 * 24 * 3600);
  return {
    allowedHosts,
    allowedOrigins,
    sessionIdleMs: idleSeconds === undefined ? undefined : idleSeconds * 1000,
    maxSessions: wholeNumber(env, 'MCP_MAX_SESSIONS', 1, 100_000),
    maxSessionsPerPrincipal: wholeNumber(env, 'MCP_MAX_SESSIONS_PER_PRINCIPAL', 1, 100_000),
    maxConnections: wholeNumber(env, 'MCP_MAX_CONNECTIONS', 1, 1_000_000),
    maxConnectionsPerAddress: wholeNumber(env, 'MCP_MAX_CONNECTIONS_PER_ADDRESS', 1, 1_000_000),
    insecureNoAuth: insecureFlag(env.MCP_HTTP_INSECURE_NO_AUTH),
  };
}

/** What the token rule needs to know. */
export interface HttpAuthInput {
  host: string;
  httpToken: string | undefined;
  http: Pick<HttpEnvSettings, 'insecureNoAuth'>;
  /** OAuth resource-server mode: access tokens replace the static token. */
  oauth?: { resource: string | undefined } | undefined;
}

/** The accepted tokens from MCP_HTTP_TOKEN: one, or several separated by commas (one per client). */
export const httpTokens = (token: string | undefined): string[] =>
  (token ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');

/**
 * The one HTTP token rule. Returns the tokens to accept: MCP_HTTP_TOKEN's, or a generated one (`generated`)
 * when it is unset, or none with the explicit insecure opt-out (loopback only) or in OAuth mode. Off loopback the token
 * must be set explicitly. Throws ConfigError.
 */
export function httpAuth(input: HttpAuthInput): { tokens: string[]; generated: boolean } {
  const tokens = httpTokens(input.httpToken);
  if (tokens.some((t) => t.length < 16)) throw new ConfigError('MCP_HTTP_TOKEN must be at least 16 characters');
  const loopback = isLoopbackHost(input.host);
  if (input.oauth) {
    if (tokens.length > 0 || input.http.insecureNoAuth) {
      throw new ConfigError('MCP_OAUTH_ISSUER replaces MCP_HTTP_TOKEN (and MCP_HTTP_INSECURE_NO_AUTH): set only one way to authenticate');
    }
    if (input.oauth.resource === undefined && !loopback) {
      throw new ConfigError(
        `MCP_OAUTH_RESOURCE is required to listen on ${input.host}: this server's public MCP URL, e.g. https://mcp.example.com/mcp (the token audience)`,
      );
    }
    return { tokens: [], generated: false };
  }
  if (input.http.insecureNoAuth) {
    if (tokens.length > 0) {
      throw new ConfigError('MCP_HTTP_INSECURE_NO_AUTH and MCP_HTTP_TOKEN contradict each other: set only one');
    }
    if (!loopback) {
      throw new ConfigError(`MCP_HTTP_INSECURE_NO_AUTH is refused on the non-loopback address ${input.host}`);
    }
    return { tokens: [], generated: false };
  }
  if (tokens.length > 0) return { tokens, generated: false };
  if (!loopback) {
    throw new ConfigError(
      `MCP_HTTP_TOKEN is required to listen on the non-loopback address ${input.host}: set it, or bind 127.0.0.1`,
    );
  }
  return { tokens: [randomBytes(24).toString('base64url')], generated: true };
}
