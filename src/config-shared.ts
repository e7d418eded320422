/**
 * The settings for running several replicas (shared state through Redis) and for the per-user state
 * directory, read from the environment only: REDIS_URL may carry a password, so it never comes from a flag.
 * loadConfig reads them with everything else, so a bad value stops start-up like any other setting.
 */
import { isAbsolute } from 'node:path';
import { wholeNumber } from './config-http.js';
import { perUserStateDir } from './state-dir.js';
import { ConfigError } from './errors.js';

export interface SharedEnvSettings {
  /** REDIS_URL (`redis://[:password@]host:port[/db]` or `rediss://`): shared state between replicas. */
  redisUrl: string | undefined;
  /** DRATA_STATE_DIR: this user's state (used approval tokens without Redis); created on first use. */
  stateDir: string;
  /** DRATA_RATE_LIMIT_WINDOW (seconds, default 60): the window DRATA_RATE_LIMIT counts requests in. */
  rateWindowMs: number;
  /**
   * DRATA_RATE_LIMIT_FALLBACK (percent, default 25): with REDIS_URL set and Redis unreachable, each replica
   * goes on with a local limiter at this share of the budget (set it to 100 / the number of replicas).
   */
  fallbackPercent: number;
  /**
   * MCP_HTTP_STATELESS (default: true with REDIS_URL, else false): serve the 2025-era Streamable HTTP
   * without sessions, so any replica (or a restarted process) answers any request.
   */
  stateless2025: boolean;
}

/** The per-user state directory (src/state-dir.ts: the audit trail's too). */
export function defaultStateDir(env: Readonly<Record<string, string | undefined>>): string {
  return perUserStateDir(env);
}

function flag(value: string | undefined, name: string): boolean | undefined {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === '') return undefined;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

function redisUrl(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (v === undefined || v === '') return undefined;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new ConfigError('REDIS_URL must be a URL like redis://host:6379 or rediss://host:6380');
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError(`REDIS_URL must start with redis:// or rediss://, got "${url.protocol}//"`);
  }
  if (url.hostname === '') throw new ConfigError('REDIS_URL names no host');
  return v;
}

/** Parse the replica-state settings; a malformed value throws ConfigError naming it. */
export function parseSharedEnv(env: Readonly<Record<string, string | undefined>>): SharedEnvSettings {
  const dir = env.DRATA_STATE_DIR?.trim();
  if (dir && !isAbsolute(dir)) throw new ConfigError(`DRATA_STATE_DIR must be an absolute path, got "${dir}"`);
  return {
    redisUrl: redisUrl(env.REDIS_URL),
    stateDir: dir || defaultStateDir(env),
    rateWindowMs: (wholeNumber(env, 'DRATA_RATE_LIMIT_WINDOW', 1, 3600) ?? 60) * 1000,
    fallbackPercent: wholeNumber(env, 'DRATA_RATE_LIMIT_FALLBACK', 1, 100) ?? 25,
    stateless2025: flag(env.MCP_HTTP_STATELESS, 'MCP_HTTP_STATELESS') ?? Boolean(env.REDIS_URL?.trim()),
  };
}
