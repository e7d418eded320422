/**
 * The used approval tokens: what makes a token single use across replicas and restarts. A token is
 * claimed once, atomically; a second claim of the same token anywhere answers `used`. The token itself is
 * never stored: the key is a SHA-256 of its nonce (a token's nonce is random and unique per preview).
 *
 * - With REDIS_URL: `SET key 1 PX <until expiry> NX` in Redis, shared by every replica. Redis unreachable:
 *   the claim throws `SharedStateUnavailableError`, and the write is refused (single use cannot be
 *   guaranteed), never sent on this process's memory alone.
 * - Without it: one file per claimed token in `<DRATA_STATE_DIR>/used-approvals/`, created with O_EXCL
 *   (atomic, also between processes of this user on this machine), which survives a restart; expired
 *   entries are removed as new ones are claimed.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KEY_PREFIX, type SharedState, SharedStateUnavailableError } from './redis.js';

export type Claim = 'claimed' | 'used';

export interface UsedTokens {
  /** Record a token (by its nonce) as used until `expiresAtMs`; `used` if it already was. */
  claim(nonce: string, expiresAtMs: number): Promise<Claim>;
  /** Where single use holds: `shared` (every replica) or `local` (this machine's state directory). */
  readonly scope: 'shared' | 'local';
}

const digest = (nonce: string) => createHash('sha256').update(`approval:${nonce}`).digest('hex');

export const UNAVAILABLE_TEXT =
  'The shared state (Redis, REDIS_URL) is unreachable, so this server cannot make sure the approval is used only once across replicas: nothing was written to Drata. Try again once Redis is back.';

export function redisUsedTokens(state: SharedState, now: () => number = Date.now): UsedTokens {
  return {
    scope: 'shared',
    async claim(nonce, expiresAtMs) {
      if (!state.health.up) throw new SharedStateUnavailableError(UNAVAILABLE_TEXT);
      const ttl = Math.max(1, Math.ceil(expiresAtMs - now()));
      let answer: string | null;
      try {
        answer = await state.redis.set(`${KEY_PREFIX}used-approval:${digest(nonce)}`, '1', 'PX', ttl, 'NX');
      } catch (err) {
        throw new SharedStateUnavailableError(UNAVAILABLE_TEXT, { cause: err });
      }
      return answer === 'OK' ? 'claimed' : 'used';
    },
  };
}

const STALE_MS = 24 * 3600_000;

/** Used tokens as files under `dir` (created on first use, mode 0700). */
export function fileUsedTokens(dir: string, now: () => number = Date.now): UsedTokens {
  let made: Promise<unknown> | undefined;
  const prune = async () => {
    const t = now();
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const path = join(dir, name);
      const text = await readFile(path, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      // An unreadable entry (a crash between create and write) is kept a day, far past any token's life.
      const until = /^\d+$/.test(text)
        ? Number(text)
        : ((await stat(path).catch(() => undefined))?.mtimeMs ?? t) + STALE_MS;
      if (until < t) await unlink(path).catch(() => {});
    }
  };
  return {
    scope: 'local',
    async claim(nonce, expiresAtMs) {
      made ??= mkdir(dir, { recursive: true, mode: 0o700 });
      await made;
      try {
        await writeFile(join(dir, digest(nonce)), String(expiresAtMs), { flag: 'wx', mode: 0o600 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') return 'used';
        throw err;
      }
      void prune();
      return 'claimed';
    },
  };
}

/** This process's memory: single use until a restart (tests, and servers created without a store). */
export function memoryUsedTokens(now: () => number = Date.now): UsedTokens {
  const spent = new Map<string, number>();
  return {
    scope: 'local',
    claim: async (nonce, expiresAtMs) => {
      for (const [n, until] of spent) if (until < now()) spent.delete(n);
      if (spent.has(nonce)) return 'used';
      spent.set(nonce, expiresAtMs);
      return 'claimed';
    },
  };
}
