import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxPerson, Sandbox } from '../../../src/sandbox/index.js';
import { start, v1, v2 } from './helpers.js';

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

const open = async (options: Parameters<typeof start>[0] = {}) => {
  sb = await start({ size: 40, ...options });
  return sb;
};
const target = (s: Sandbox): SandboxPerson => {
  const p = s.org.people.find((x) => x.employmentStatus === 'CURRENT_EMPLOYEE' && x.synced);
  if (!p) throw new Error('no current employee');
  return p;
};
const write = (s: Sandbox, p: SandboxPerson, timeoutMs?: number) =>
  v2(s, 'PUT', `/personnel/${p.id}`, { body: { startedAt: '2001-02-03' }, timeoutMs });

describe('fault injection', () => {
  it('500: an error body, counted, and a faulted write is never applied', async () => {
    const s = await open({ faults: '500=1' });
    const p = target(s);
    const r = await write(s, p);
    expect(r.status).toBe(500);
    expect(r.body).toEqual({
      name: 'InternalServerErrorException',
      statusCode: 500,
      message: 'Internal server error',
      code: 50000,
    });
    expect(s.org.get(p.id)?.startDate).not.toBe('2001-02-03');
    expect(s.writes).toEqual([]);
    expect(s.stats.faults).toEqual({ 500: 1 });
    expect(s.requests[0]).toMatchObject({ status: 500, outcome: '500', body: { startedAt: '2001-02-03' } });
  });

  it('429 with Retry-After (seconds, configurable) and 429noretry without it', async () => {
    const s = await open({ faults: '429=1,retryAfter=3' });
    const a = await v1(s, 'GET', '/personnel');
    expect([a.status, a.headers.get('retry-after')]).toEqual([429, '3']);
    expect(a.body).toMatchObject({ statusCode: 429 });
    s.setFaults('429noretry=1');
    const b = await v2(s, 'GET', '/personnel');
    expect([b.status, b.headers.get('retry-after')]).toEqual([429, null]);
    expect(b.body.name).toBe('ThrottlerException');
    expect(s.stats.rateLimited).toBe(0);
  });

  it('malformed: 200 with truncated JSON; the write behind it is not applied', async () => {
    const s = await open({ faults: { rates: { malformed: 1 } } });
    const p = target(s);
    const r = await write(s, p);
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text)).toThrow();
    expect(s.writes).toEqual([]);
    expect(s.org.get(p.id)?.startDate).toBe(p.synced?.startDate);
  });

  it('timeout: the request hangs until the client gives up; nothing is applied; close() still returns', async () => {
    const s = await open({ faults: 'timeout=1' });
    const p = target(s);
    await expect(write(s, p, 300)).rejects.toThrow(/abort|timeout/i);
    expect(s.requests[0]).toMatchObject({ status: null, outcome: 'timeout' });
    expect(s.writes).toEqual([]);
    s.setFaults('timeout=1');
    const pending = v1(s, 'GET', '/personnel', { timeoutMs: 5_000 }).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await s.close();
    expect(Date.now() - t0).toBeLessThan(4_000); // well under the 5 s the pending request would wait
    expect(await pending).toBeInstanceOf(Error);
  });

  it('reset: the connection is destroyed without an answer; nothing is applied', async () => {
    const s = await open({ faults: 'reset=1' });
    const p = target(s);
    await expect(write(s, p)).rejects.toThrow(/fetch failed/);
    expect(s.requests[0]).toMatchObject({ status: null, outcome: 'reset' });
    expect(s.writes).toEqual([]);
    s.setFaults(null);
    expect((await write(s, p)).status).toBe(200);
    expect(s.writes).toHaveLength(1);
  });

  it('faults draw from their own seeded PRNG: the same seed gives the same sequence, other data unaffected', async () => {
    const statuses = async (s: Sandbox) => {
      const out: number[] = [];
      for (let i = 0; i < 30; i++) out.push((await v2(s, 'GET', '/personnel?size=1')).status);
      return out;
    };
    const a = await open({ faults: '500=0.3,503=0.2,seed=9' });
    const first = await statuses(a);
    a.setFaults('500=0.3,503=0.2,seed=9');
    expect(await statuses(a)).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 500, 503]));
    a.setFaults('500=0.3,503=0.2,seed=10');
    expect(await statuses(a)).not.toEqual(first);
  });

  it('latency delays every answer; a write whose client gave up during the delay is not applied', async () => {
    const s = await open({ latencyMs: 120 });
    const t0 = Date.now();
    expect((await v1(s, 'GET', '/personnel?limit=1')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
    s.setLatency(300);
    const p = target(s);
    await expect(write(s, p, 80)).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 350));
    expect(s.writes).toEqual([]);
    expect(s.org.get(p.id)?.startDate).toBe(p.synced?.startDate);
    expect(s.stats.aborted).toBe(1);
    expect(s.requests[1]).toMatchObject({ status: null, outcome: 'aborted' });
  });

  it('the rate limiter answers 429 with Retry-After over the per-minute limit, and counts it', async () => {
    const s = await open({ rateLimitPerMinute: 5 });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const r = await v1(s, 'GET', '/personnel?limit=1');
      statuses.push(r.status);
      if (r.status === 429) retryAfter = r.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(59);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect(s.stats.rateLimited).toBe(2);
    expect(s.stats.responses).toEqual({ 200: 5, 429: 2 });
    expect(s.requests.at(-1)?.outcome).toBe('rate-limit');
    s.setRateLimit(null);
    expect((await v1(s, 'GET', '/personnel?limit=1')).status).toBe(200);
  });

  it('clearLogs empties requests, writes and stats in place', async () => {
    const s = await open();
    const { requests, writes } = s;
    await write(s, target(s));
    s.clearLogs();
    expect(requests).toHaveLength(0);
    expect(writes).toHaveLength(0);
    expect(s.stats).toEqual({
      requests: 0,
      responses: {},
      rateLimited: 0,
      faults: {},
      forced: 0,
      writes: 0,
      aborted: 0,
    });
  });
});
