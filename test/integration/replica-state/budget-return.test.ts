/**
 * The shared budget when Redis comes back (a real redis-server, killed and restarted): the starts each
 * replica made on its local share while Redis was down are charged to the shared count before it starts
 * anything new, so the starts made apart and the shared ones after never add up past the budget in a
 * rolling window.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { sharedBudget } from '../../../src/replica-state/budget.js';
import { openSharedState, type SharedState } from '../../../src/replica-state/redis.js';
import { startRedis, type RedisServer } from '../../support/redis.js';

let redis: RedisServer;
const opened: SharedState[] = [];
const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 20));
};

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(async () => {
  for (const s of opened) await s.close();
  await redis?.close();
});

/** The most starts in any window of `windowMs` (each window beginning at a start: the densest ones do). */
function busiest(starts: number[], windowMs: number): number {
  const sorted = [...starts].sort((x, y) => x - y);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (j < sorted.length && sorted[j]! < sorted[i]! + windowMs) j++;
    most = Math.max(most, j - i);
  }
  return most;
}

describe('the shared budget after Redis returns', () => {
  it('three replicas that spent their local shares while Redis was down stay within the budget once it is back', async () => {
    const limit = 30;
    const windowMs = 5_000;
    const states = await Promise.all(
      [0, 1, 2].map(async () => {
        const s = openSharedState({ url: redis.url, logger: silentLogger(), commandTimeoutMs: 500 });
        opened.push(s);
        expect(await s.ready(5_000)).toBe(true);
        return s;
      }),
    );
    // 30 % each: 9 local starts per replica, 27 together (within the budget on their own).
    const logger = silentLogger();
    const budgets = states.map((state) => sharedBudget({ state, limit, windowMs, fallbackPercent: 30, logger }));
    const starts: number[] = [];
    await redis.kill();
    await until(() => states.every((s) => !s.health.up));
    for (const b of budgets) {
      for (let i = 0; i < b.fallback.limit; i++) {
        await b.acquire();
        starts.push(Date.now());
      }
    }
    expect(starts).toHaveLength(27);
    await redis.start();
    await until(() => states.every((s) => s.health.up));
    // Every replica presses on the shared budget at once, for longer than a window.
    const stopAt = Date.now() + 7_000;
    let shared = 0;
    await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const b = budgets[i % 3]!;
        while (Date.now() < stopAt) {
          await b.acquire();
          starts.push(Date.now());
          shared++;
        }
      }),
    );
    expect(shared).toBeGreaterThan(0);
    expect(busiest(starts, windowMs)).toBeLessThanOrEqual(limit);
  }, 40_000);
});
