/**
 * The HTTP transport's gatekeeping, as pure functions: which `Host` and `Origin` values are allowed (DNS
 * rebinding protection), bearer-token checking in constant time, and the HTTP-only environment settings.
 * http.ts applies them to every request before anything reaches the MCP SDK.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { ConfigError } from '../config.js';
import { isLoopbackHost } from '../net.js';

/** The hostnames every loopback bind answers to. */
export const LOOPBACK_HOSTNAMES: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/** A hostname as it appears in a Host header or URL: lower case, no trailing dot, IPv6 in brackets. */
export function normalizeHostname(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  const bare = h.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare) === 6) return `[${bare}]`;
  return h;
}

/** Split a Host header (`example.com`, `example.com:8080`, `[::1]:3000`) into hostname and port. */
export function parseHostHeader(
  value: string | undefined,
): { hostname: string; port: number | undefined } | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '' || /[\s/?#@\\]/.test(v)) return undefined;
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(v);
  if (!m?.[1]) return undefined;
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && port > 65_535) return undefined;
  return { hostname: normalizeHostname(m[1]), port };
}

/** True for the "any address" binds, which answer on every interface. */
export function isWildcardHost(host: string): boolean {
  const h = normalizeHostname(host);
  return h === '0.0.0.0' || h === '[::]' || h === '[0:0:0:0:0:0:0:0]';
}

export interface HostAllowList {
  /** Hostnames accepted on any port (the bind host, loopback names, MCP_ALLOWED_HOSTS entries without a port). */
  hostnames: ReadonlySet<string>;
  /** `hostname:port` pairs accepted only with that exact port (MCP_ALLOWED_HOSTS entries with a port). */
  hostPorts: ReadonlySet<string>;
}

export interface HostAllowListInput {
  /** The configured bind host (`127.0.0.1`, `localhost`, `0.0.0.0`, a DNS name…). */
  bindHost: string;
  /** The address the socket actually bound (`server.address().address`). */
  boundAddress?: string;
  /** For wildcard binds: the machine's own addresses and hostname, which clients may use to reach it. */
  interfaceHosts?: readonly string[];
  /** MCP_ALLOWED_HOSTS: `host` (any port) or `host:port` (that port only). */
  extra?: readonly string[];
}

/**
 * The Host allow-list. Hostnames are matched regardless of port, as the SDK's own host validation does: a
 * rebinding page's Host header carries the attacker's hostname, whatever port it uses, and ignoring the port
 * keeps SSH port forwarding (`ssh -L 8080:127.0.0.1:3000`) working.
 */
export function buildHostAllowList(input: HostAllowListInput): HostAllowList {
  const hostnames = new Set<string>();
  const hostPorts = new Set<string>();
  const loopback = isLoopbackHost(input.bindHost);
  if (!isWildcardHost(input.bindHost)) hostnames.add(normalizeHostname(input.bindHost));
  if (input.boundAddress && !isWildcardHost(input.boundAddress))
    hostnames.add(normalizeHostname(input.boundAddress));
  if (loopback || isWildcardHost(input.bindHost)) for (const h of LOOPBACK_HOSTNAMES) hostnames.add(h);
  if (isWildcardHost(input.bindHost)) {
    for (const h of input.interfaceHosts ?? []) if (h) hostnames.add(normalizeHostname(h));
  }
  for (const entry of input.extra ?? []) {
    const parsed = parseHostHeader(entry);
    if (!parsed) continue;
    if (parsed.port === undefined) hostnames.add(parsed.hostname);
    else hostPorts.add(`${parsed.hostname}:${parsed.port}`);
  }
  return { hostnames, hostPorts };
}

export function isHostAllowed(hostHeader: string | undefined, allow: HostAllowList): boolean {
  const parsed = parseHostHeader(hostHeader);
  if (!parsed) return false;
  if (allow.hostnames.has(parsed.hostname)) return true;
  return parsed.port !== undefined && allow.hostPorts.has(`${parsed.hostname}:${parsed.port}`);
}

/** `scheme://host[:port]` in canonical form (default ports dropped), `null` for the opaque origin, or undefined. */
export function normalizeOrigin(value: string): string | undefined {
  const v = value.trim();
  if (v === 'null') return 'null';
  try {
    const url = new URL(v);
    if (url.origin === 'null') return undefined;
    return url.origin.toLowerCase();
  } catch {
    return undefined;
  }
}

export interface OriginPolicy {
  /** Canonical origins from MCP_ALLOWED_ORIGINS (and the literal `null` if listed). */
  allowed: ReadonlySet<string>;
  /** On a loopback bind, pages served from loopback (any port) may call the server. */
  allowLoopbackOrigins: boolean;
}

/**
 * An `Origin`, when present, must be allowed: listed, same-origin with the (already validated) Host header,
 * or a loopback page when the server itself is bound to loopback. Requests without Origin (non-browser
 * clients) pass; the Host check and the token still apply to them.
 */
export function isOriginAllowed(
  origin: string | undefined,
  hostHeader: string | undefined,
  policy: OriginPolicy,
): boolean {
  if (origin === undefined) return true;
  const canonical = normalizeOrigin(origin);
  if (canonical === undefined) return false;
  if (policy.allowed.has(canonical)) return true;
  if (canonical === 'null') return false;
  const url = new URL(canonical);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (policy.allowLoopbackOrigins && isLoopbackHost(url.hostname)) return true;
  // Same origin: the page was served by this very host (e.g. behind a reverse proxy on an allowed name).
  const host = parseHostHeader(hostHeader);
  if (!host) return false;
  const originPort = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  const hostPort = host.port ?? (url.protocol === 'https:' ? 443 : 80);
  return normalizeHostname(url.hostname) === host.hostname && originPort === hostPort;
}

/** The digest the server keeps of its token; comparing equal-length digests hides the token's length too. */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export type BearerCheck = 'ok' | 'missing' | 'invalid';

/** Check an `Authorization` header against the expected token digest in constant time. */
export function checkBearer(authorization: string | undefined, expected: Buffer): BearerCheck {
  if (authorization === undefined || authorization.trim() === '') return 'missing';
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization.trim());
  if (!m?.[1]) return 'invalid';
  const presented = tokenDigest(m[1]);
  return presented.length === expected.length && timingSafeEqual(presented, expected) ? 'ok' : 'invalid';
}

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
}

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

function wholeNumber(
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
  };
}
