import { describe, expect, it } from 'vitest';
import {
  FaultInjector,
  normalizeFaults,
  parseFaults,
  SlidingWindowLimiter,
} from '../../../src/sandbox/faults.js';
import { SandboxConfigError, sandboxOptionsFromEnv } from '../../../src/sandbox/options.js';

describe('fault spec', () => {
  it('parses kinds, probabilities and settings', () => {
    expect(
      parseFaults(
        '429=0.1, 429noretry=0.05,500=0.05,timeout=0.02,malformed=0.02,reset=0.01,seed=7,retryAfter=2',
      ),
    ).toEqual({
      rates: { 429: 0.1, '429noretry': 0.05, 500: 0.05, timeout: 0.02, malformed: 0.02, reset: 0.01 },
      seed: 7,
      retryAfterSeconds: 2,
    });
    expect(normalizeFaults('')).toBeNull();
    expect(normalizeFaults(null)).toBeNull();
  });

  it.each([
    ['teapot=0.1', /unknown fault kind "teapot"/],
    ['200=0.1', /unknown fault kind/],
    ['500', /expected kind=probability/],
    ['500=abc', /invalid value/],
    ['500=1.5', /between 0 and 1/],
    ['500=0.6,503=0.6', /add up to 1.200/],
    ['500=0.1,retryAfter=1.5', /whole number/],
  ])('rejects %s', (spec, message) => {
    expect(() => normalizeFaults(spec)).toThrow(message);
  });

  it('draws reproducibly with roughly the configured rates', () => {
    const draws = (seed: number) => {
      const f = new FaultInjector(seed, '500=0.2,timeout=0.1');
      return Array.from({ length: 2000 }, () => f.draw());
    };
    const a = draws(1);
    expect(draws(1)).toEqual(a);
    expect(draws(2)).not.toEqual(a);
    const rate = (k: string) => a.filter((x) => x === k).length / a.length;
    expect(rate('500')).toBeGreaterThan(0.16);
    expect(rate('500')).toBeLessThan(0.24);
    expect(rate('timeout')).toBeGreaterThan(0.07);
    expect(rate('timeout')).toBeLessThan(0.13);
    expect(new FaultInjector(1, null).draw()).toBeNull();
  });
});

describe('sliding window limiter', () => {
  it('admits `limit` per 60 s and says when the next slot frees up', () => {
    const l = new SlidingWindowLimiter(3);
    expect([0, 1000, 2000].map((t) => l.take(t).ok)).toEqual([true, true, true]);
    expect(l.take(30_000)).toEqual({ ok: false, retryAfterSeconds: 30 });
    expect(l.take(60_000).ok).toBe(true);
    expect(l.take(60_500)).toEqual({ ok: false, retryAfterSeconds: 1 });
    l.setLimit(null);
    expect(l.take(60_600).ok).toBe(true);
  });
});

describe('sandboxOptionsFromEnv', () => {
  it('reads every SANDBOX_* variable and leaves unset or empty ones out', () => {
    expect(
      sandboxOptionsFromEnv({
        SANDBOX_SIZE: '20000',
        SANDBOX_SEED: '7',
        SANDBOX_PORT: '4010',
        SANDBOX_API_KEY: ' k ',
        SANDBOX_LATENCY_MS: '25',
        SANDBOX_RATE_LIMIT: '500',
        SANDBOX_FAULTS: '500=0.1,reset=0.01',
        SANDBOX_FORCE_STATUS: '412',
        SANDBOX_V2_MAX_PAGE_SIZE: '50',
        SANDBOX_NOW: '2027-01-01',
        SANDBOX_PROFILE: 'realistic',
        UNRELATED: 'x',
      }),
    ).toEqual({
      size: 20_000,
      seed: 7,
      port: 4010,
      apiKey: 'k',
      latencyMs: 25,
      rateLimitPerMinute: 500,
      faults: { rates: { 500: 0.1, reset: 0.01 } },
      forceStatus: 412,
      v2MaxPageSize: 50,
      now: '2027-01-01',
      profile: 'realistic',
    });
    expect(sandboxOptionsFromEnv({ SANDBOX_SIZE: '', SANDBOX_FAULTS: ' ' })).toEqual({});
    expect(sandboxOptionsFromEnv({ SANDBOX_RATE_LIMIT: 'off' })).toEqual({ rateLimitPerMinute: null });
  });

  it.each([
    [{ SANDBOX_SIZE: '20001' }, /SANDBOX_SIZE must be an integer between 1 and 20000/],
    [{ SANDBOX_SIZE: '1e3' }, /SANDBOX_SIZE/],
    [{ SANDBOX_PORT: '-1' }, /SANDBOX_PORT/],
    [{ SANDBOX_FORCE_STATUS: '200' }, /SANDBOX_FORCE_STATUS/],
    [{ SANDBOX_FAULTS: '500=2' }, /SANDBOX_FAULTS: fault probability/],
    [{ SANDBOX_NOW: 'tomorrow' }, /SANDBOX_NOW/],
    [{ SANDBOX_RATE_LIMIT: 'lots' }, /SANDBOX_RATE_LIMIT/],
    [{ SANDBOX_PROFILE: 'huge' }, /SANDBOX_PROFILE must be one of default, realistic/],
  ])('rejects %o', (env, message) => {
    expect(() => sandboxOptionsFromEnv(env)).toThrow(SandboxConfigError);
    expect(() => sandboxOptionsFromEnv(env)).toThrow(message);
  });
});
