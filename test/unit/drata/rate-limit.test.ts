import { afterEach, describe, expect, it } from 'vitest';
import { DrataAbortedError } from '../../../src/drata/errors.js';
import { RateLimiter, realSleep } from '../../../src/drata/rate-limit.js';
import { type Harness, harness, replySequence, V2_PAGE } from './helpers.js';

/** A virtual clock: `sleep` advances it instead of waiting. */
function virtualTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('RateLimiter (sliding window)', () => {
  it('lets N requests start at once and makes the N+1th wait for the oldest to leave the window', async () => {
    const t = virtualTime();
    const limiter = new RateLimiter({ limit: 3, now: t.now, sleep: t.sleep });
    for (let i = 0; i < 3; i++) await limiter.acquire();
    expect(t.sleeps).toEqual([]);
    t.advance(10_000);
    await limiter.acquire();
    expect(t.sleeps).toEqual([50_000]);
    expect(t.now()).toBe(60_000);
    expect(limiter.inWindow()).toBe(1); // the first three left the window as the fourth started
  });

  it('holdFor (a 429 Retry-After) holds every later caller until it passed, then the window rules again', async () => {
    const t = virtualTime();
    const limiter = new RateLimiter({ limit: 100, now: t.now, sleep: t.sleep });
    await limiter.acquire();
    limiter.holdFor(2_000);
    limiter.holdFor(500); // a shorter hold never shortens a longer one
    await Promise.all([limiter.acquire(), limiter.acquire()]);
    expect(t.sleeps).toEqual([2_000]);
    expect(t.now()).toBe(2_000);
    await limiter.acquire();
    expect(t.sleeps).toEqual([2_000]);
  });

  it('never allows more than N starts in any 60 s window under concurrent fan-out, serving callers in order', async () => {
    const t = virtualTime();
    const limiter = new RateLimiter({ limit: 5, now: t.now, sleep: t.sleep });
    const starts: Array<{ caller: number; at: number }> = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, caller) =>
        limiter.acquire().then(() => starts.push({ caller, at: t.now() })),
      ),
    );
    expect(starts.map((s) => s.caller)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    for (const s of starts) {
      const inWindow = starts.filter((o) => o.at > s.at - 60_000 && o.at <= s.at);
      expect(inWindow.length).toBeLessThanOrEqual(5);
    }
    expect(starts.at(-1)?.at).toBe(180_000);
  });

  it('rejects an aborted waiter promptly without blocking the callers behind it', async () => {
    let now = 0;
    const pending: Array<() => void> = [];
    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        pending.push(() => {
          now += ms;
          resolve();
        });
      });
    const limiter = new RateLimiter({ limit: 1, now: () => now, sleep });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    const behind = limiter.acquire();
    await new Promise((r) => setTimeout(r, 1));
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(DrataAbortedError);
    // The caller behind the aborted one still gets its turn once time passes.
    await new Promise((r) => setTimeout(r, 1));
    for (const wake of pending.splice(0)) wake();
    await expect(behind).resolves.toBeUndefined();
  });

  it('rejects at once when the signal is already aborted', async () => {
    const limiter = new RateLimiter({ limit: 1 });
    await expect(limiter.acquire(AbortSignal.abort())).rejects.toBeInstanceOf(DrataAbortedError);
  });

  it('realSleep waits and can be aborted', async () => {
    await expect(realSleep(1)).resolves.toBeUndefined();
    const controller = new AbortController();
    const slept = realSleep(60_000, controller.signal);
    controller.abort();
    await expect(slept).rejects.toBeInstanceOf(DrataAbortedError);
  });
});

describe('client rate limiting', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('is shared by all calls of one client and counts retries', async () => {
    const t = virtualTime();
    h = harness({ rateLimitPerMinute: 2, now: t.now, sleep: t.sleep });
    replySequence(h.pool, [{ status: 503 }, { status: 200, body: V2_PAGE }]);
    await h.api.v2List(); // two starts: the 503 and its retry (backoff 125 ms)
    expect(t.sleeps).toEqual([125]);
    await h.api.v2List(); // third start must wait for the first to leave the window
    expect(t.sleeps).toEqual([125, 59_875]); // started at 0 and 125: wait until 60 000
    expect(h.calls).toHaveLength(3);
  });

  it('spreads 20 concurrent page fetches over the window', async () => {
    const t = virtualTime();
    h = harness({ rateLimitPerMinute: 10, now: t.now, sleep: t.sleep });
    replySequence(h.pool, [{ status: 200, body: V2_PAGE }]);
    await Promise.all(Array.from({ length: 20 }, () => h.api.v2List()));
    expect(h.calls).toHaveLength(20);
    expect(t.now()).toBe(60_000);
  });
});
