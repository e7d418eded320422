/**
 * What a process shares with its replicas, chosen once at start-up from the configuration: with REDIS_URL,
 * the Drata request budget and the used approval tokens live in Redis; without it, the budget is this
 * process's own and used tokens are files in the state directory (they survive a restart). With REDIS_URL
 * the org snapshots are shared too (snapshots.ts: a complete walk under KEY_PREFIX with the snapshot's
 * lifetime as expiry, one walk in flight across replicas, writes through any replica seen by all); each
 * replica still keeps its own report aggregates, dropped when any replica writes.
 */
import { join } from 'node:path';
import type { Config } from '../config.js';
import { RateLimiter, type RequestBudget } from '../drata/rate-limit.js';
import type { Logger } from '../logger.js';
import { sharedBudget } from './budget.js';
import type { SharedSnapshots } from '../personnel/snapshot-share.js';
import { openSharedState, type SharedState } from './redis.js';
import { redisSnapshots } from './snapshots.js';
import { fileUsedTokens, redisUsedTokens, type UsedTokens } from './used-tokens.js';

export interface Sharing {
  budget: RequestBudget;
  usedTokens: UsedTokens;
  /** The org snapshots shared with the other replicas; undefined without REDIS_URL. */
  snapshots: SharedSnapshots | undefined;
  /** Undefined without REDIS_URL. */
  state: SharedState | undefined;
  /** One line for the HTTP start-up log: what is shared and what is per process. */
  summary: string;
  close(): Promise<void>;
}

/** How long start-up waits for Redis before serving with it down (it is used as soon as it connects). */
const CONNECT_WAIT_MS = 3_000;

export async function setUpSharing(config: Config, logger: Logger): Promise<Sharing> {
  const { shared } = config;
  if (shared.redisUrl === undefined) {
    return {
      budget: new RateLimiter({ limit: config.rateLimitPerMinute, windowMs: shared.rateWindowMs }),
      usedTokens: fileUsedTokens(join(shared.stateDir, 'used-approvals')),
      snapshots: undefined,
      state: undefined,
      summary:
        'approvals, org snapshots and the Drata rate limit are per process (REDIS_URL is not set): replicas behind one address share none of them',
      close: async () => {},
    };
  }
  addUrlSecret(shared.redisUrl, logger);
  const state = openSharedState({ url: shared.redisUrl, logger });
  if (!(await state.ready(CONNECT_WAIT_MS))) {
    logger.warning(
      'shared state: Redis (REDIS_URL) is not reachable yet; reads use a local limiter and writes are refused until it is',
    );
  }
  if (config.approvalSecret === undefined) {
    logger.warning(
      'REDIS_URL is set but DRATA_APPROVAL_SECRET is not: each replica signs approval tokens with its own random secret, so the others refuse them. Set the same DRATA_APPROVAL_SECRET (32+ characters) on every replica.',
    );
  }
  const budget = sharedBudget({
    state,
    limit: config.rateLimitPerMinute,
    windowMs: shared.rateWindowMs,
    fallbackPercent: shared.fallbackPercent,
    logger,
  });
  const seconds = shared.rateWindowMs / 1000;
  return {
    budget,
    usedTokens: redisUsedTokens(state),
    snapshots: redisSnapshots(state, { logger }),
    state,
    summary: `shared state in Redis: one Drata budget of ${config.rateLimitPerMinute} requests per ${seconds} s for all replicas (at most ${budget.plan.perWindow} used, in ${budget.plan.points} per ${budget.plan.seconds} s), approval tokens single use across replicas, org snapshots shared (one walk at a time, writes seen by all); while Redis is down, ${budget.fallback.limit} per ${seconds} s here, snapshots walked here, and no writes`,
    close: () => state.close(),
  };
}

/** A password in REDIS_URL never reaches a log line. */
function addUrlSecret(url: string, logger: Logger): void {
  try {
    const { password } = new URL(url);
    if (password) logger.addSecret(decodeURIComponent(password));
  } catch {
    // validated by config-shared.ts
  }
}
