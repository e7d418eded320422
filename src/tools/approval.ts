/**
 * Approval tokens: how a real write is approved without a dialog, by the approval card (MCP Apps) or, as an
 * opt-in, by the model relaying the token (see confirm.ts; each token is bound to its path). A token is an
 * HMAC-SHA256, under a server secret, over the canonical change (tool, record, every
 * before → after value the change was computed from) and an expiry. The same call with that token
 * recomputes the change from a fresh read and verifies the HMAC: a token for another change, or for
 * values that changed since (someone edited the record, or the write already happened), does not verify;
 * an expired one is refused. Nothing is stored per token, so any replica configured with the same
 * DRATA_APPROVAL_SECRET verifies it. Single use: a write changes the record (so its token no longer
 * verifies anywhere), and for the cases where it does not (a resync of already-synced people), an accepted
 * token is claimed in the used-token store until it expires (src/replica-state/used-tokens.ts: Redis for
 * every replica, else a file that survives a restart; default here: this process's memory). The nonce
 * ends with a key id (3 bytes of an HMAC of the secret), so a token signed under another secret is told
 * apart from one for another change.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { memoryUsedTokens, type UsedTokens } from '../replica-state/used-tokens.js';

/** How long a preview's token stays valid. */
export const APPROVAL_TTL_MS = 5 * 60_000;

export type ApprovalCheck = 'ok' | 'malformed' | 'expired' | 'mismatch' | 'foreign' | 'used';

/**
 * The one token shape: `<expiry>.<nonce>.<mac>`, exactly 66 characters: the expiry in base 36 padded to 9
 * digits, a 9-byte nonce (12 base64url characters: 6 random bytes and the 3-byte key id) and an HMAC-SHA256
 * (43 base64url characters, canonical: the last character carries no stray bits). Nothing else parses: no
 * padding, whitespace or trailing junk.
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
  /** Verify `token` against `subject`; on `ok` the token is spent (throws when the store is unreachable). */
  redeem(token: string, subject: unknown): Promise<ApprovalCheck>;
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
  options: { secret?: string | undefined; ttlMs?: number; now?: () => number; used?: UsedTokens } = {},
): Approvals {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const ttlMs = options.ttlMs ?? APPROVAL_TTL_MS;
  const now = options.now ?? Date.now;
  const used = options.used ?? memoryUsedTokens(now);
  const keyId = createHmac('sha256', secret).update('approval-key-id').digest().subarray(0, 3);
  const mac = (expiry: string, nonce: string, subject: unknown) =>
    createHmac('sha256', secret).update(`${expiry}.${nonce}.${canonical(subject)}`).digest();

  return {
    issue(subject) {
      const expires = now() + ttlMs;
      const expiry = expires.toString(36).padStart(9, '0');
      const nonce = Buffer.concat([randomBytes(6), keyId]).toString('base64url');
      const sig = mac(expiry, nonce, subject).toString('base64url');
      return { token: `${expiry}.${nonce}.${sig}`, expiresAt: new Date(expires).toISOString() };
    },
    async redeem(token, subject) {
      const t = now();
      const parsed = parseToken(token);
      if (!parsed) return 'malformed';
      const { expiry, nonce, sig: given } = parsed;
      const expected = mac(expiry, nonce, subject);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return keyId.equals(Buffer.from(nonce, 'base64url').subarray(6)) ? 'mismatch' : 'foreign';
      }
      const expires = Number.parseInt(expiry, 36);
      if (!(expires >= t)) return 'expired';
      return (await used.claim(nonce, expires)) === 'claimed' ? 'ok' : 'used';
    },
  };
}

export const REFUSED_TEXT: Record<Exclude<ApprovalCheck, 'ok'>, string> = {
  malformed: 'The approval token is malformed: it is not a token this server issued.',
  expired: 'The approval token has expired.',
  mismatch:
    'The approval token does not match this change: it was issued for other arguments, or the record has changed since the preview.',
  foreign:
    'The approval token was signed with another approval secret: another replica, or this server before a restart. Replicas (and restarts) need the same DRATA_APPROVAL_SECRET.',
  used: 'The approval token was already used.',
};
