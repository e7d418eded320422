/**
 * One Drata request budget for every replica, counted in Redis by rate-limiter-flexible's RateLimiterRedis
 * (its own atomic script; none written here). That limiter counts fixed windows of whole seconds, so the
 * budget is cut into sub-windows small enough that no rolling window of DRATA_RATE_LIMIT_WINDOW ever holds
 * more than DRATA_RATE_LIMIT starts, with one sub-window to spare for clock skew and latency between the
 * replicas and Drata (`planSubWindows`). A caller over the budget waits for the next sub-window instead of
 * meeting a 429; a 429's Retry-After blocks the shared key, so every replica holds off until it passes.
 * While Redis is unreachable each replica goes on with its own limiter at DRATA_RATE_LIMIT_FALLBACK percent
 * of the budget, and returns to the shared one as soon as Redis is back: first it charges the shared count
 * with the starts its local limiter made that are still in the window (`repay`), one sub-window's room at a
 * time from the start of each sub-window, before any new start of its own, so that the starts made apart
 * and the shared ones after do not add up past the budget.
 */
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimiter, raceAbort, realSleep, type RequestBudget, type Sleep, throwIfAborted } from '../drata/rate-limit.js';
import type { Logger } from '../logger.js';
import { KEY_PREFIX, type SharedState } from './redis.js';

export interface SubWindows {
  /** Length of one counted window, whole seconds (RateLimiterRedis counts in seconds). */
  seconds: number;
  /** Starts allowed per sub-window. */
  points: number;
  /** What that allows per full window at most: the budget's usable share. */
  perWindow: number;
}

/**
 * Choose sub-windows for `limit` starts per `windowSeconds`. A rolling window touches at most
 * ceil(window / s) + 1 sub-windows of s seconds; one more is kept as a margin, so
 * points = floor(limit / (ceil(window / s) + 2)). The length that lets through the most is chosen.
 */
export function planSubWindows(limit: number, windowSeconds: number): SubWindows {
  let best: SubWindows = { seconds: windowSeconds, points: Math.max(1, Math.floor(limit / 3)), perWindow: 0 };
  best.perWindow = best.points;
  for (let s = 1; s <= windowSeconds; s++) {
    const points = Math.floor(limit / (Math.ceil(windowSeconds / s) + 2));
    if (points < 1) continue;
    const perWindow = points * Math.floor(windowSeconds / s);
    if (perWindow > best.perWindow) best = { seconds: s, points, perWindow };
  }
  return best;
}

export interface SharedBudgetOptions {
  state: SharedState;
  /** DRATA_RATE_LIMIT: starts per window for all replicas together. */
  limit: number;
  windowMs: number;
  /** DRATA_RATE_LIMIT_FALLBACK: this replica's share, in percent, while Redis is unreachable. */
  fallbackPercent: number;
  logger: Logger;
  sleep?: Sleep;
  random?: () => number;
}

export interface SharedBudget extends RequestBudget {
  readonly plan: SubWindows;
  /** The local limiter used while Redis is unreachable. */
  readonly fallback: RateLimiter;
}

const KEY = 'drata';

export function sharedBudget(options: SharedBudgetOptions): SharedBudget {
  const { state, logger } = options;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const plan = planSubWindows(options.limit, Math.max(1, Math.round(options.windowMs / 1000)));
  const limiter = new RateLimiterRedis({
    storeClient: state.redis,
    keyPrefix: `${KEY_PREFIX}budget`,
    points: plan.points,
    duration: plan.seconds,
    rejectIfRedisNotReady: true,
  });
  const fallback = new RateLimiter({
    limit: Math.max(1, Math.floor((options.limit * options.fallbackPercent) / 100)),
    windowMs: options.windowMs,
  });

  /**
   * Charge the shared count with what the local limiter started in the window, taking each sub-window's
   * free room (a penalty beyond it is forgotten when the sub-window ends) until it is paid or those starts
   * have left the window.
   */
  const repay = async (): Promise<void> => {
    let owed = fallback.inWindow();
    while (state.health.up) {
      owed = Math.min(owed, fallback.inWindow());
      if (owed <= 0) return;
      let res: RateLimiterRes;
      try {
        res = await limiter.penalty(KEY, owed);
      } catch (err) {
        logger.debug('shared budget: could not charge the local starts to Redis', { error: String(err) });
        return;
      }
      owed -= Math.min(owed, Math.max(0, plan.points - (res.consumedPoints - owed)));
      if (owed > 0) await sleep(Math.max(1, res.msBeforeNext));
    }
  };
  let repaying: Promise<void> | undefined;
  state.health.onChange((up) => {
    if (up && fallback.inWindow() > 0) repaying = repay().finally(() => (repaying = undefined));
  });

  const acquire = async (signal?: AbortSignal): Promise<void> => {
    for (;;) {
      throwIfAborted(signal);
      if (!state.health.up) return fallback.acquire(signal);
      if (repaying) await raceAbort(repaying, signal);
      try {
        await limiter.consume(KEY, 1);
        return;
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) {
          logger.debug('shared budget: Redis did not answer, using the local limiter', { error: String(err) });
          return fallback.acquire(signal);
        }
        // Over the budget: wait for the next sub-window (a little jitter spreads the replicas' retries).
        const waitMs = Math.max(1, err.msBeforeNext) + Math.floor(random() * 25);
        await raceAbort(sleep(waitMs, signal), signal);
      }
    }
  };

  return {
    plan,
    fallback,
    acquire,
    async holdFor(ms) {
      fallback.holdFor(ms);
      if (!state.health.up) return;
      await limiter.block(KEY, Math.max(1, Math.ceil(ms / 1000))).catch((err: unknown) => {
        logger.debug('shared budget: could not share a Retry-After', { error: String(err) });
      });
    },
  };
}
