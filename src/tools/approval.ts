/**
 * Approval tokens: how a real write is approved without a dialog, by the approval card (MCP Apps) or, as an
 * opt-in, by the model relaying the token (see confirm.ts; each token is bound to its path). A token is an
 * HMAC-SHA256, under a server secret, over the canonical change (tool, record, every
 * before → after value the change was computed from) and an expiry. The same call with that token
 * recomputes the change from a fresh read and verifies the HMAC: a token for another change, or for
 * values that changed since (someone edited the record, or the write already happened), does not verify;
 * an expired one is refused. Nothing is stored per token, so any replica configured with the same
 * DRATA_APPROVAL_SECRET verifies it. Single use: a write changes the record (so its token no longer
 * verifies anywhere), and for the cases where it does not (a resync of already-synced people), each
 * process also remembers the tokens it accepted until they expire.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a preview's token stays valid. */
export const APPROVAL_TTL_MS = 5 * 60_000;

export type ApprovalCheck = 'ok' | 'malformed' | 'expired' | 'mismatch' | 'used';

/**
 * The one token shape: `<expiry>.<nonce>.<mac>`, exactly 66 characters: the expiry in base 36 padded to 9
 * digits, a 9-byte nonce (12 base64url characters) and an HMAC-SHA256 (43 base64url characters, canonical:
 * the last character carries no stray bits). Nothing else parses: no padding, whitespace or trailing junk.
 */
const TOKEN_SHAPE = /^([0-9a-z]{9})\.([A-Za-z0-9_-]{12})\.([A-Za-z0-9_-]{43})$/;
export const APPROVAL_TOKEN_LENGTH = 66;

/** The parts of a well-formed token, or undefined for anything else. */
export function parseToken(token: string): { expiry: string; nonce: string; sig: Buffer } | undefined {
  const m = TOKEN_SHAPE.exec(token);
  if (!m) return undefined;
  const [, expiry, nonce, sig] = m as unknown as [string, string, string, string];
  const bytes = Buffer.from(sig, 'base64url');
  if (bytes.toString('base64url') !== sig) return undefined;
  return { expiry, nonce, sig: bytes };
}

export interface Approval {
  token: string;
  /** ISO time after which the token is refused. */
  expiresAt: string;
}

export interface Approvals {
  /** A token for `subject` (a JSON-serializable description of the exact change). */
  issue(subject: unknown): Approval;
  /** Verify `token` against `subject`; on `ok` the token is spent. */
  redeem(token: string, subject: unknown): ApprovalCheck;
}

/** JSON with object keys sorted, so equal subjects always give equal bytes. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function createApprovals(
  options: { secret?: string | undefined; ttlMs?: number; now?: () => number } = {},
): Approvals {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const ttlMs = options.ttlMs ?? APPROVAL_TTL_MS;
  const now = options.now ?? Date.now;
  /** Accepted tokens' nonces → expiry (pruned as they expire). */
  const spent = new Map<string, number>();
  const mac = (expiry: string, nonce: string, subject: unknown) =>
    createHmac('sha256', secret).update(`${expiry}.${nonce}.${canonical(subject)}`).digest();

  return {
    issue(subject) {
      const expires = now() + ttlMs;
      const expiry = expires.toString(36).padStart(9, '0');
      const nonce = randomBytes(9).toString('base64url');
      const sig = mac(expiry, nonce, subject).toString('base64url');
      return { token: `${expiry}.${nonce}.${sig}`, expiresAt: new Date(expires).toISOString() };
    },
    redeem(token, subject) {
      const t = now();
      for (const [nonce, expires] of spent) if (expires < t) spent.delete(nonce);
      const parsed = parseToken(token);
      if (!parsed) return 'malformed';
      const { expiry, nonce, sig: given } = parsed;
      const expected = mac(expiry, nonce, subject);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'mismatch';
      const expires = Number.parseInt(expiry, 36);
      if (!(expires >= t)) return 'expired';
      if (spent.has(nonce)) return 'used';
      spent.set(nonce, expires);
      return 'ok';
    },
  };
}

export const REFUSED_TEXT: Record<Exclude<ApprovalCheck, 'ok'>, string> = {
  malformed: 'The approval token is malformed: it is not a token this server issued.',
  expired: 'The approval token has expired.',
  mismatch:
    'The approval token does not match this change: it was issued for other arguments, or the record has changed since the preview.',
  used: 'The approval token was already used.',
};
