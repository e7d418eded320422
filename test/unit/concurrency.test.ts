import { describe, expect, it } from 'vitest';
import { limiter, mapLimited } from '../../src/concurrency.js';

describe('limiter', () => {
  it('never runs more than n tasks at once, even when tasks arrive as slots are handed over', async () => {
    const slot = limiter(2);
    let running = 0;
    let peak = 0;
    const task = (ms: number) =>
      slot(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, ms));
        running--;
        return ms;
      });
    const first = [task(5), task(10), task(5)];
    await first[0];
    const late = [task(1), task(1), task(1)];
    expect(await Promise.all([...first, ...late])).toEqual([5, 10, 5, 1, 1, 1]);
    expect(peak).toBe(2);
  });

  it('frees the slot of a failing task', async () => {
    const slot = limiter(1);
    await expect(slot(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await slot(async () => 'next')).toBe('next');
  });
});

describe('mapLimited', () => {
  it('keeps the order of the items', async () => {
    const out = await mapLimited([30, 1, 10], 2, async (ms) => {
      await new Promise((r) => setTimeout(r, ms));
      return ms * 2;
    });
    expect(out).toEqual([60, 2, 20]);
  });
});
