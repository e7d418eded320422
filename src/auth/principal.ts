/**
 * The principal: who a request acts for. Over HTTP with OAuth it is the access token's subject (and email
 * where the token has one) with the token's scopes; with the static MCP_HTTP_TOKEN it is that token's
 * position in the list (never the token or a digest of it); on stdio it is the local OS user. Sessions,
 * approval tokens, 2026-07-28 confirmations and the audit trail are bound to it, never to a bearer string.
 */
import { userInfo } from 'node:os';

export type PrincipalKind = 'oauth' | 'static-token' | 'local';

export interface Principal {
  kind: PrincipalKind;
  /** OAuth: the token's `sub`; static token: `token-1`, `token-2`… (its place in MCP_HTTP_TOKEN); local: `local`. */
  subject: string;
  /** OAuth: the token's `email` claim (or a mail-shaped `preferred_username`/`upn`), when it has one. */
  email?: string;
  /** The scopes this principal holds (OAuth: granted by the token; static token and local: read and write). */
  scopes: readonly string[];
  /** OAuth: the client the token was issued to (`client_id`/`azp`). */
  clientId?: string;
  /** local: the OS account the server runs as. */
  osUser?: string;
  /** Whether this principal may write (holds the write scope, and the server is not read-only). */
  canWrite: boolean;
}

/**
 * The one string a principal is known by across the process: what HTTP sessions are bound to and what a
 * per-principal quota counts. Two tokens of the same OAuth subject share it; nothing secret is in it.
 */
export function principalKey(p: Pick<Principal, 'kind' | 'subject'>): string {
  return `${p.kind}:${p.subject}`;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** The stdio principal: whoever runs the process; it holds every scope the server has. */
export function localPrincipal(scopes: readonly string[], canWrite: boolean): Principal {
  return { kind: 'local', subject: 'local', osUser: osUser(), scopes, canWrite };
}

/** The principal of the `index`-th static token (0-based) in MCP_HTTP_TOKEN, or of the no-auth opt-out. */
export function staticTokenPrincipal(index: number | 'none', scopes: readonly string[], canWrite: boolean): Principal {
  return { kind: 'static-token', subject: index === 'none' ? 'no-token' : `token-${index + 1}`, scopes, canWrite };
}

/** A short label for logs and texts: `oauth alice@example.com (sub 123)`, `local (OS user bob)`. */
export function describePrincipal(p: Principal): string {
  if (p.kind === 'local') return `local (OS user ${p.osUser ?? 'unknown'})`;
  if (p.kind === 'static-token') return `static HTTP token ${p.subject}`;
  return p.email ? `${p.email} (sub ${p.subject})` : `sub ${p.subject}`;
}

/** The principal the HTTP gate attached to a request's AuthInfo (`extra.principal`), if any. */
export function principalOfAuth(auth: { extra?: Record<string, unknown> } | undefined): Principal | undefined {
  const p = auth?.extra?.principal as Principal | undefined;
  return p && typeof p.subject === 'string' ? p : undefined;
}
