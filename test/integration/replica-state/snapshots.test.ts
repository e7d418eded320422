/**
 * The shared org snapshots (src/replica-state/snapshots.ts) under the snapshot store, against a real
 * redis-server and the sandbox: stores on separate Redis connections stand for replicas. A walk is shared
 * compressed, with the snapshot's remaining lifetime as expiry, and loaded (also by id) with no request;
 * it expires; one walk in flight (a waiting store takes the walker's snapshot, and walks itself when a dead
 * walker's claim lapses); writes through one store are applied by the others; Redis down: a local walk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../../src/logger.js';
import { SnapshotStore } from '../../../src/personnel/snapshot.js';
import type { PersonnelApi } from '../../../src/drata/personnel.js';
import { openSharedState, type SharedState } from '../../../src/replica-state/redis.js';
import { redisSnapshots } from '../../../src/replica-state/snapshots.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { startRedis, type RedisServer } from '../../support/redis.js';
import { apiFor } from '../../support/server.js';

let redis: RedisServer;
let sandbox: Sandbox;
let api: PersonnelApi;
const opened: SharedState[] = [];
const open = async (logger = silentLogger()) => {
  const s = openSharedState({ url: redis.url, logger, commandTimeoutMs: 500 });
  opened.push(s);
  expect(await s.ready(5_000)).toBe(true);
  return s;
};
const until = async (cond: () => boolean | Promise<boolean>) => {
  while (!(await cond())) await new Promise((r) => setTimeout(r, 20));
};
/** A "replica": its own connection, its own store. */
async function replica(ttlMs = 60_000, options: { lockMs?: number; lines?: string[] } = {}) {
  const logger = options.lines ? createLogger({ write: (l) => options.lines!.push(l) }) : silentLogger();
  const state = await open(logger);
  const shared = redisSnapshots(state, { logger, lockMs: options.lockMs, pollMs: 50 });
  return { state, shared, store: new SnapshotStore(ttlMs, undefined, shared) };
}
const SCOPE = ['CURRENT_EMPLOYEE'];
const requests = () => sandbox.stats.requests;

beforeAll(async () => {
  redis = await startRedis();
  sandbox = await startSandbox({ size: 150, rateLimitPerMinute: null });
  api = apiFor(sandbox.url, sandbox.apiKey, silentLogger(), { maxRetryWaitMs: 200 });
}, 30_000);
afterAll(async () => {
  for (const s of opened) await s.close();
  await sandbox?.close();
  await redis?.close();
});

describe('shared org snapshots', () => {
  it('a walk is shared compressed with its remaining lifetime; another store loads it, also by id, with no request', async () => {
    await opened[0]?.redis.flushall();
    const a = await replica();
    const b = await replica();
    const walked = await a.store.get(api, SCOPE, { maxPages: 100 });
    expect(walked.pages).toBeGreaterThan(0);
    const key = `drata-personnel-mcp:snapshot:${walked.id}`;
    const data = await a.state.redis.getBuffer(key);
    expect(data?.subarray(0, 2).toString('hex')).toBe('1f8b');
    expect(data!.length).toBeLessThan(JSON.stringify([...walked.people.values()]).length / 3);
    const ttl = await a.state.redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    const before = requests();
    const loaded = await b.store.get(api, SCOPE, { maxPages: 100 });
    expect(loaded.id).toBe(walked.id);
    expect([...loaded.people.values()]).toEqual([...walked.people.values()]);
    const c = await replica();
    expect((await c.store.load(api, walked.id))?.people.size).toBe(walked.people.size);
    expect(requests()).toBe(before);
  });

  it('a shared snapshot expires with its lifetime: a store after that walks', async () => {
    await opened[0]?.redis.flushall();
    const a = await replica(300);
    const walked = await a.store.get(api, SCOPE, { maxPages: 100 });
    await until(async () => (await a.state.redis.exists(`drata-personnel-mcp:snapshot:${walked.id}`)) === 0);
    const b = await replica(300);
    expect(await b.shared.find(SCOPE)).toBeUndefined();
    expect(await b.store.lookup(api, SCOPE)).toBeUndefined();
    const before = requests();
    const again = await b.store.get(api, SCOPE, { maxPages: 100 });
    expect(again.id).not.toBe(walked.id);
    expect(requests() - before).toBe(again.pages);
  });

  it('one walk in flight: a store waiting on a live claim does not walk, says so each second, and takes the snapshot it shares', async () => {
    await opened[0]?.redis.flushall();
    const a = await replica();
    const b = await replica();
    const claim = await a.shared.claimWalk('CURRENT_EMPLOYEE');
    expect(claim.walk).toBe(true);
    expect((await b.shared.claimWalk('CURRENT_EMPLOYEE')).walk).toBe(false);
    const before = requests();
    // The waiting store tells its caller about once a second (progress notifications in the tools).
    const waited: number[] = [];
    const waiting = b.store.get(api, SCOPE, { maxPages: 100, onWait: (s) => void waited.push(s) });
    while (waited.length < 2) await new Promise((r) => setTimeout(r, 100));
    expect(requests()).toBe(before);
    expect(waited.slice(0, 2)).toEqual([1, 2]);
    // A walks (fresh: under the claim it already holds) and shares; B takes that snapshot.
    const walked = await a.store.get(api, SCOPE, { maxPages: 100, fresh: true });
    if (claim.walk) await claim.release();
    const got = await waiting;
    expect(got.id).toBe(walked.id);
    expect(requests() - before).toBe(walked.pages);
  });

  it("a dead walker's claim lapses: the waiting store walks itself", async () => {
    await opened[0]?.redis.flushall();
    const dead = await replica(60_000, { lockMs: 400 });
    const b = await replica();
    const claim = await dead.shared.claimWalk('CURRENT_EMPLOYEE');
    expect(claim.walk).toBe(true);
    // The holder dies: no renewal, no release.
    dead.state.redis.disconnect();
    const before = requests();
    const got = await b.store.get(api, SCOPE, { maxPages: 100 });
    expect(got.pages).toBeGreaterThan(0);
    expect(requests() - before).toBe(got.pages);
    expect(await b.shared.find(SCOPE)).toMatchObject({ id: got.id });
  });

  it('a write through one store is applied by another before its next answer; an unknown write drops every snapshot', async () => {
    await opened[0]?.redis.flushall();
    const a = await replica();
    const b = await replica();
    const walked = await a.store.get(api, SCOPE, { maxPages: 100 });
    await b.store.get(api, SCOPE, { maxPages: 100 });
    const person = [...walked.people.values()][0]!;
    // The write (made through A) moves the person out of the scope.
    sandbox.org.people.find((p) => p.id === person.id)!.employmentStatus = 'FORMER_EMPLOYEE';
    await a.store.touch(person.id);
    const before = requests();
    const after = await b.store.get(api, SCOPE, { maxPages: 100 });
    expect(after.id).toBe(walked.id);
    expect(after.people.has(person.id)).toBe(false);
    expect(after.people.size).toBe(walked.people.size - 1);
    expect(requests() - before).toBe(1);
    await a.store.touch();
    expect(await b.shared.find(SCOPE)).toBeUndefined();
    expect(await b.store.lookup(api, SCOPE)).toBeUndefined();
  });

  it('Redis down: the store walks locally (one warning), and shares again once Redis is back', async () => {
    await opened[0]?.redis.flushall();
    const lines: string[] = [];
    const a = await replica(60_000, { lines });
    await redis.kill();
    await until(() => !a.state.health.up);
    const before = requests();
    const local = await a.store.get(api, SCOPE, { maxPages: 100 });
    expect(local.pages).toBeGreaterThan(0);
    expect(requests() - before).toBe(local.pages);
    expect((await a.store.get(api, SCOPE, { maxPages: 100 })).id).toBe(local.id);
    expect((await a.store.get(api, ['CURRENT_CONTRACTOR'], { maxPages: 100 })).pages).toBeGreaterThan(0);
    // Said once for the outage, not per walk.
    expect(lines.filter((l) => /Redis is unreachable/.test(l))).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/local snapshots/);
    await redis.start();
    await until(() => a.state.health.up);
    const fresh = await a.store.get(api, SCOPE, { maxPages: 100, fresh: true });
    expect(await a.shared.find(SCOPE)).toMatchObject({ id: fresh.id });
  }, 30_000);
});
