/**
 * The HTTP transport's gatekeeping, as pure functions: which `Host` and `Origin` values are allowed (DNS
 * rebinding protection) and bearer-token checking in constant time. The gate (http/gate.ts) applies them
 * to every request before anything reaches the MCP SDK; config-http.ts uses them to validate settings.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
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
}

/**
 * An `Origin`, when present, must be listed or same-origin with the (already validated) Host header. A page
 * on another loopback port (a dev server on localhost:5173) is not trusted: any local page could be one.
 * Requests without Origin (non-browser clients) pass; the Host check and the token still apply to them.
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

/**
 * The principal key of a static token: sessions are bound to it and session quotas count by it (a prefix of
 * its digest, never the token). Another auth mode gives its own key in the same place (e.g. an OAuth subject).
 */
export const tokenPrincipalKey = (digest: Buffer): string => digest.toString('hex').slice(0, 32);

/** The accepted credential's principal key, or why the header was refused. */
export type BearerCheck = string | { problem: 'missing' | 'invalid' };

/**
 * Check an `Authorization` header against the accepted token digests in constant time (every digest is
 * compared). Returns the matching credential's id, which sessions are bound to.
 */
export function checkBearer(authorization: string | undefined, accepted: readonly Buffer[]): BearerCheck {
  if (authorization === undefined || authorization.trim() === '') return { problem: 'missing' };
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization.trim());
  if (!m?.[1]) return { problem: 'invalid' };
  const presented = tokenDigest(m[1]);
  let match: Buffer | undefined;
  for (const d of accepted) if (d.length === presented.length && timingSafeEqual(d, presented)) match = d;
  return match ? tokenPrincipalKey(match) : { problem: 'invalid' };
}
