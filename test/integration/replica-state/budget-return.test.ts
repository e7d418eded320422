/**
 * The shared budget when Redis comes back (a real redis-server, killed and restarted): the starts each
 * replica made on its local share while Redis was down are charged to the shared count before it starts
 * anything new, so the starts made apart and the shared ones after never add up past the budget in a
 * rolling window.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { sharedBudget } from '../../../src/replica-state/budget.js';
import { openSharedState } from '../../../src/replica-state/redis.js';
import { pressBudgets, redisPerFile, until } from '../../support/redis.js';

const held = redisPerFile();
const { opened } = held;

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
        const s = openSharedState({ url: held.server.url, logger: silentLogger(), commandTimeoutMs: 500 });
        opened.push(s);
        expect(await s.ready(5_000)).toBe(true);
        return s;
      }),
    );
    // 30 % each: 9 local starts per replica, 27 together (within the budget on their own).
    const logger = silentLogger();
    const budgets = states.map((state) => sharedBudget({ state, limit, windowMs, fallbackPercent: 30, logger }));
    const starts: number[] = [];
    await held.server.kill();
    await until(() => states.every((s) => !s.health.up));
    for (const b of budgets) {
      for (let i = 0; i < b.fallback.limit; i++) {
        await b.acquire();
        starts.push(Date.now());
      }
    }
    expect(starts).toHaveLength(27);
    await held.server.start();
    await until(() => states.every((s) => s.health.up));
    // Every replica presses on the shared budget at once, for longer than a window.
    const shared = await pressBudgets(budgets, 7_000, starts);
    expect(shared).toBeGreaterThan(0);
    expect(busiest(starts, windowMs)).toBeLessThanOrEqual(limit);
  }, 40_000);
});
