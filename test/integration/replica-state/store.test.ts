/**
 * The replica-state pieces against a real redis-server on loopback: health follows the server, the used-token
 * store is single use (and refuses when Redis is gone), the file store survives a new instance, and the
 * shared budget never lets more starts through than the budget in any rolling window, across "replicas"
 * (several budgets on one Redis), waits instead of failing, shares a Retry-After, and falls back to its
 * local share while Redis is down.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realSleep } from '../../../src/drata/rate-limit.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger, silentLogger } from '../../../src/logger.js';
import { setUpSharing } from '../../../src/replica-state/setup.js';
import { planSubWindows, sharedBudget } from '../../../src/replica-state/budget.js';
import { openSharedState, SharedStateUnavailableError } from '../../../src/replica-state/redis.js';
import { fileUsedTokens, redisUsedTokens } from '../../../src/replica-state/used-tokens.js';
import { pressBudgets, redisPerFile, until } from '../../support/redis.js';

const held = redisPerFile();
const { opened } = held;
const open = async () => {
  const s = openSharedState({ url: held.server.url, logger: silentLogger(), commandTimeoutMs: 500 });
  opened.push(s);
  expect(await s.ready(5_000)).toBe(true);
  return s;
};

describe('planSubWindows', () => {
  it('never allows more than the budget in a rolling window, with one sub-window to spare', () => {
    for (const [limit, window] of [[500, 60], [30, 10], [20, 10], [7, 5], [100_000, 60], [3, 1]] as const) {
      const p = planSubWindows(limit, window);
      expect(p.points).toBeGreaterThanOrEqual(1);
      // A rolling window touches at most ceil(window / s) + 1 sub-windows.
      expect((Math.ceil(window / p.seconds) + 1) * p.points, `${limit}/${window}`).toBeLessThanOrEqual(limit - p.points);
    }
    expect(planSubWindows(500, 60).perWindow).toBeGreaterThanOrEqual(450);
  });
});

describe('used approval tokens', () => {
  it('in Redis: the first claim wins on every replica, later claims are "used", the key expires', async () => {
    const a = redisUsedTokens(await open());
    const b = redisUsedTokens(await open());
    const expires = Date.now() + 60_000;
    const claims = await Promise.all([a.claim('n1', expires), b.claim('n1', expires), a.claim('n1', expires)]);
    expect(claims.filter((c) => c === 'claimed')).toHaveLength(1);
    expect(await b.claim('n1', expires)).toBe('used');
    expect(await b.claim('n2', Date.now() + 50)).toBe('claimed');
    await new Promise((r) => setTimeout(r, 120));
    expect(await a.claim('n2', Date.now() + 60_000)).toBe('claimed');
  });

  it('in Redis: nothing stores the nonce itself', async () => {
    const s = await open();
    await redisUsedTokens(s).claim('visible-nonce-xyz', Date.now() + 60_000);
    const keys = await s.redis.keys('*');
    expect(keys.some((k) => k.includes('visible-nonce-xyz'))).toBe(false);
    expect(keys.some((k) => k.startsWith('drata-personnel-mcp:used-approval:'))).toBe(true);
  });

  it('in files: survives a new instance (a restart), and two instances agree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dpm-used-'));
    try {
      const expires = Date.now() + 60_000;
      expect(await fileUsedTokens(join(dir, 'used')).claim('n', expires)).toBe('claimed');
      expect(await fileUsedTokens(join(dir, 'used')).claim('n', expires)).toBe('used');
      expect(await fileUsedTokens(join(dir, 'used')).claim('m', expires)).toBe('claimed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('used approval tokens in files: expiry', () => {
  it('removes entries whose token expired as new ones are claimed, and keeps the live ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dpm-prune-'));
    let t = 1_000_000;
    try {
      const store = fileUsedTokens(dir, () => t);
      expect(await store.claim('old', t + 10)).toBe('claimed');
      expect(await store.claim('live', t + 60_000)).toBe('claimed');
      t += 1_000;
      expect(await store.claim('new', t + 60_000)).toBe('claimed');
      await until(() => readdirSync(dir).length === 2);
      expect(await store.claim('live', t + 60_000)).toBe('used');
      expect(await store.claim('old', t + 60_000)).toBe('claimed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Redis going away and coming back', () => {
  it('health goes down and up; a claim while down is refused with the reason; the budget falls back', async () => {
    const s = await open();
    const store = redisUsedTokens(s);
    const budget = sharedBudget({ state: s, limit: 40, windowMs: 10_000, fallbackPercent: 25, logger: silentLogger() });
    await held.server.kill();
    await until(() => !s.health.up);
    const refused = await store.claim('down', Date.now() + 60_000).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SharedStateUnavailableError);
    expect((refused as Error).message).toMatch(/unreachable.*only once across replicas: nothing was written/);
    // Reads go on: the local limiter at 25 % of 40 = 10.
    for (let i = 0; i < 10; i++) await budget.acquire();
    expect(budget.fallback.inWindow()).toBe(10);
    await held.server.start();
    await until(() => s.health.up);
    expect(await store.claim('down', Date.now() + 60_000)).toBe('claimed');
    await budget.acquire();
    expect(budget.fallback.inWindow()).toBe(10);
  }, 30_000);
});

describe('the shared budget', () => {
  it('three replicas together stay within the budget in every rolling window, waiting instead of failing', async () => {
    const limit = 20;
    const windowMs = 4_000;
    const logger = silentLogger();
    const make = async () => sharedBudget({ state: await open(), limit, windowMs, fallbackPercent: 30, logger });
    const budgets = await Promise.all([make(), make(), make()]);
    const starts: number[] = [];
    await pressBudgets(budgets, 6_000, starts);
    starts.sort((x, y) => x - y);
    expect(starts.length).toBeGreaterThan(limit);
    for (let i = 0; i < starts.length; i++) {
      const inWindow = starts.filter((t) => t >= starts[i]! && t < starts[i]! + windowMs).length;
      expect(inWindow).toBeLessThanOrEqual(limit);
    }
    for (const b of budgets) expect(b.fallback.inWindow()).toBe(0);
  }, 30_000);

  it('a Retry-After seen by one replica holds the others', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const waits: number[] = [];
    const sleep = (ms: number, signal?: AbortSignal) => {
      waits.push(ms);
      return realSleep(ms, signal);
    };
    const options = { limit: 500, windowMs: 60_000, fallbackPercent: 25, logger: silentLogger() };
    const one = sharedBudget({ state: a, ...options });
    const two = sharedBudget({ state: b, ...options, sleep });
    await one.acquire();
    await two.acquire();
    expect(waits).toEqual([]);
    await one.holdFor(2_000);
    await two.acquire();
    // The other replica waited the hold out (about 2 s, in one or more waits) before its start.
    expect(waits.reduce((x, y) => x + y, 0)).toBeGreaterThan(1_000);
  }, 30_000);
});

describe('setUpSharing: what start-up says and picks', () => {
  const config = (env: Record<string, string>) => {
    const result = loadConfig(['--transport', 'http'], { DRATA_API_KEY: 'key-for-the-setup-test', MCP_HTTP_TOKEN: 'http-token-0123456789ab', ...env });
    if (result.kind !== 'run') throw new Error(result.kind);
    return result.config;
  };
  const capture = () => {
    const lines: string[] = [];
    return { lines, logger: createLogger({ write: (l) => lines.push(l) }) };
  };

  it('without REDIS_URL: says approvals and limits are per process, keeps used tokens in the state directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dpm-setup-'));
    try {
      const { logger } = capture();
      const sharing = await setUpSharing(config({ DRATA_STATE_DIR: dir }), logger);
      expect(sharing.summary).toMatch(/approvals, org snapshots and the Drata rate limit are per process \(REDIS_URL is not set\)/);
      expect(sharing.usedTokens.scope).toBe('local');
      expect(await sharing.usedTokens.claim('x', Date.now() + 60_000)).toBe('claimed');
      expect(readdirSync(join(dir, 'used-approvals'))).toHaveLength(1);
      await sharing.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with REDIS_URL and no DRATA_APPROVAL_SECRET: warns that replicas cannot verify each other; the password is redacted', async () => {
    const { lines, logger } = capture();
    const url = held.server.url.replace('redis://', 'redis://:not-the-password-xyz@');
    const sharing = await setUpSharing(config({ REDIS_URL: url }), logger);
    try {
      expect(sharing.usedTokens.scope).toBe('shared');
      expect(sharing.summary).toMatch(/one Drata budget of 500 requests per 60 s for all replicas \(at most 480 used/);
      expect(lines.join('\n')).toMatch(/REDIS_URL is set but DRATA_APPROVAL_SECRET is not/);
      logger.info(`echo ${url}`);
      expect(lines.join('\n')).not.toContain('not-the-password-xyz');
    } finally {
      await sharing.close();
    }
  });
});
