/**
 * Replicas (issue #21): the same read load (20 SDK v2 clients pinned to 2026-07-28, get_personnel and
 * list_personnel {search} in rotation, 12 s, then the calls in flight finish) against one server, three
 * replicas sharing a redis-server behind a round-robin proxy, and three replicas without Redis (the setup the
 * issue started from), each against a fresh sandbox answering in 20 ms:
 * - capacity: no limit anywhere (DRATA_RATE_LIMIT=100000), so the figures measure the servers and Redis;
 * - budget: the sandbox enforces 120 requests per rolling minute, like Drata's per-IP limit scaled down so
 *   that 12 s of this load exceed it, and every server is configured with DRATA_RATE_LIMIT=120.
 * Printed: calls per second (calls finished within the 12 s), p50/p99, upstream requests, 429s.
 * Then the cost Redis adds per Drata request: the shared budget's acquire (one Redis round trip) against the
 * local limiter's, and a used-token claim, measured 2 000 times each on loopback.
 * Then the shared org snapshot: a 20,000-person org (sandbox answering in 20 ms), the report through replica A,
 * then the same question through B and C: upstream requests (target 0), the time each call takes and each
 * replica's peak RSS (A walked and stored the snapshot, B and C loaded it: ≤ 250 MB, the single server's
 * target), and what loading the shared snapshot costs by itself (GET, gunzip, parse of the people) and its size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { RateLimiter } from '../../src/drata/rate-limit.js';
import { silentLogger } from '../../src/logger.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { sharedBudget } from '../../src/replica-state/budget.js';
import { KEY_PREFIX, openSharedState } from '../../src/replica-state/redis.js';
import { redisSnapshots } from '../../src/replica-state/snapshots.js';
import { redisUsedTokens } from '../../src/replica-state/used-tokens.js';
import { startRedis } from '../../test/support/redis.js';
import { type Replica, roundRobin, spawnReplica, stopReplica } from '../../test/support/replicas.js';
import { type Figure, figure, log, peakRssMb, percentile, round } from './util.js';

const CLIENTS = 20;
const DURATION_MS = 12_000;
const TOKEN = 'bench-replicas-token-0123456789abcdef';
const BUDGET = 120;

interface Run {
  name: string;
  calls: number;
  callsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  upstream: number;
  rateLimited: number;
}

async function load(url: URL, sandbox: Sandbox): Promise<Omit<Run, 'name'>> {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const c = new Client({ name: 'bench-replicas', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
      await c.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
      return c;
    }),
  );
  const people = sandbox.org.people.slice(0, 100);
  const upstreamBefore = sandbox.stats.requests;
  const limitedBefore = sandbox.stats.rateLimited;
  const latencies: number[] = [];
  let errors = 0;
  let inWindow = 0;
  const started = performance.now();
  await Promise.all(
    clients.map(async (c, k) => {
      for (let i = k; performance.now() < started + DURATION_MS; i++) {
        const p = people[i % people.length]!;
        const t = performance.now();
        const params = i % 2
          ? { name: 'get_personnel', arguments: { personnel: p.id } }
          : { name: 'list_personnel', arguments: { search: p.email } };
        const r = await c.callTool(params, { timeout: 120_000 }).catch(() => ({ isError: true }));
        latencies.push(performance.now() - t);
        if (performance.now() <= started + DURATION_MS) inWindow++;
        if (r.isError) errors++;
      }
    }),
  );
  await Promise.allSettled(clients.map((c) => c.close()));
  return {
    calls: latencies.length,
    callsPerSecond: inWindow / (DURATION_MS / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
    upstream: sandbox.stats.requests - upstreamBefore,
    rateLimited: sandbox.stats.rateLimited - limitedBefore,
  };
}

/** A replica's environment: the sandbox, the one approval secret, its state directory, Redis when given. */
function replicaEnv(sandbox: { apiKey: string; url: string }, stateDir: string, budget: number, redisUrl?: string) {
  return {
    MCP_HTTP_TOKEN: TOKEN,
    DRATA_API_KEY: sandbox.apiKey,
    DRATA_BASE_URL: sandbox.url,
    DRATA_APPROVAL_SECRET: 'bench-approval-secret-0123456789abcdefghij',
    DRATA_RATE_LIMIT: String(budget),
    DRATA_STATE_DIR: stateDir,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  };
}

async function scenario(name: string, replicas: number, redisUrl: string | undefined, budget?: number): Promise<Run> {
  log(`replicas: ${name}…`);
  const sandbox = await startSandbox({ size: 500, latencyMs: 20, rateLimitPerMinute: budget ?? null });
  const stateDir = mkdtempSync(join(tmpdir(), 'dpm-bench-'));
  const env = replicaEnv(sandbox, stateDir, budget ?? 100_000, redisUrl);
  const procs: Replica[] = await Promise.all(Array.from({ length: replicas }, () => spawnReplica(env)));
  const proxy = await roundRobin(() => procs.map((p) => p.url));
  try {
    return { name, ...(await load(replicas === 1 ? procs[0]!.url : proxy.url, sandbox)) };
  } finally {
    await proxy.close();
    await Promise.all(procs.map(stopReplica));
    await sandbox.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** Mean µs per call of `fn`, run `n` times one after another. */
async function perCall(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 50; i++) await fn(-1 - i);
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return ((performance.now() - t) * 1000) / n;
}

async function redisCost(url: string): Promise<{ shared: number; local: number; claim: number }> {
  const state = openSharedState({ url, logger: silentLogger() });
  await state.ready(5_000);
  try {
    const options = { state, limit: 100_000_000, windowMs: 60_000, fallbackPercent: 25, logger: silentLogger() };
    const shared = sharedBudget(options);
    const local = new RateLimiter({ limit: 100_000_000 });
    const tokens = redisUsedTokens(state);
    const until = Date.now() + 60_000;
    return {
      shared: await perCall(2_000, () => shared.acquire()),
      local: await perCall(2_000, () => local.acquire()),
      claim: await perCall(2_000, (i) => tokens.claim(`bench-${i}-${Math.random()}`, until)),
    };
  } finally {
    await state.close();
  }
}

const SNAPSHOT_ORG = 20_000;
const PEAK_RSS_MB = 250;

interface SharedSnapshotRun {
  /** Per replica A, B, C: upstream requests and call time of the same report. */
  calls: Array<{ replica: string; upstream: number; ms: number; pagesFetched: number; peakRssMb: number | undefined }>;
  loadMs: number;
  compressedKb: number;
  people: number;
}

async function sharedSnapshot(redisUrl: string): Promise<SharedSnapshotRun> {
  log(`replicas: shared snapshot of ${SNAPSHOT_ORG} people…`);
  const sandbox = await startSandbox({ size: SNAPSHOT_ORG, latencyMs: 20, rateLimitPerMinute: null });
  const stateDir = mkdtempSync(join(tmpdir(), 'dpm-bench-'));
  const env = replicaEnv(sandbox, stateDir, 100_000, redisUrl);
  const procs: Replica[] = await Promise.all(Array.from({ length: 3 }, () => spawnReplica(env)));
  const state = openSharedState({ url: redisUrl, logger: silentLogger(), commandTimeoutMs: 10_000 });
  try {
    const calls: SharedSnapshotRun['calls'] = [];
    for (const [i, p] of procs.entries()) {
      const c = new Client({ name: 'bench-snapshot', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
      await c.connect(new StreamableHTTPClientTransport(p.url, { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
      const before = sandbox.stats.requests;
      const t = performance.now();
      const r = await c.callTool({ name: 'personnel_compliance_report', arguments: {} }, { timeout: 300_000 });
      const ms = performance.now() - t;
      const pagesFetched = (r.structuredContent as { pagesFetched?: number } | undefined)?.pagesFetched ?? -1;
      const rss = p.child.pid === undefined ? undefined : peakRssMb(p.child.pid);
      calls.push({ replica: 'ABC'[i]!, upstream: sandbox.stats.requests - before, ms, pagesFetched, peakRssMb: rss });
      await c.close();
    }
    await state.ready(5_000);
    const shared = redisSnapshots(state, { logger: silentLogger() });
    const t = performance.now();
    const record = await shared.find(['CURRENT_EMPLOYEE']);
    const loadMs = performance.now() - t;
    const bytes = record ? await state.redis.strlen(`${KEY_PREFIX}snapshot:${record.id}`) : 0;
    return { calls, loadMs, compressedKb: bytes / 1024, people: record?.people.length ?? 0 };
  } finally {
    await state.close();
    await Promise.all(procs.map(stopReplica));
    await sandbox.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

function snapshotFigures(run: SharedSnapshotRun): Figure[] {
  const s = 'replicas';
  const [a, ...others] = run.calls;
  const figures: Figure[] = [
    figure(s, `shared snapshot (${SNAPSHOT_ORG.toLocaleString('en')} people): report through A, the walk`, `${a?.upstream} requests, ${round(a?.ms ?? 0, 0)} ms`, '', undefined, `${a?.pagesFetched} pages`),
  ];
  for (const c of run.calls) {
    const what = c === a ? 'walked and stored it' : 'loaded it from Redis';
    figures.push(
      figure(s, `shared snapshot: peak RSS of ${c.replica} (${what})`, c.peakRssMb === undefined ? 'n/a' : round(c.peakRssMb, 0), 'MB', {
        target: `≤ ${PEAK_RSS_MB} MB`,
        pass: c.peakRssMb !== undefined && c.peakRssMb <= PEAK_RSS_MB,
      }, 'replica process VmHWM after its report'),
    );
  }
  for (const o of others) {
    figures.push(
      figure(s, `shared snapshot: the same report through ${o.replica}: upstream requests`, o.upstream, '', { target: '0', pass: o.upstream === 0 }),
      figure(s, `shared snapshot: the same report through ${o.replica}: call time (loads the shared snapshot)`, round(o.ms, 0), 'ms'),
    );
  }
  figures.push(
    figure(s, 'shared snapshot: loading it from Redis (GET, gunzip, parse)', round(run.loadMs, 0), 'ms', undefined, `${run.people} people, ${round(run.compressedKb, 0)} KB compressed`),
  );
  return figures;
}

export async function benchReplicas(): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const redis = await startRedis();
  try {
    const runs = [
      await scenario('capacity, 1 server', 1, undefined),
      await scenario('capacity, 3 replicas + Redis', 3, redis.url),
      await scenario(`budget ${BUDGET}/min, 1 server`, 1, undefined, BUDGET),
      await scenario(`budget ${BUDGET}/min, 3 replicas + Redis`, 3, redis.url, BUDGET),
      await scenario(`budget ${BUDGET}/min, 3 replicas, no Redis`, 3, undefined, BUDGET),
    ];
    const cost = await redisCost(redis.url);
    const snapshot = await sharedSnapshot(redis.url);
    const s = 'replicas';
    const figures: Figure[] = [];
    for (const r of runs) {
      figures.push(
        figure(s, `${r.name}: calls per second (${CLIENTS} clients, ${DURATION_MS / 1000} s)`, round(r.callsPerSecond, 1), 'calls/s', undefined, `${r.calls} calls, ${r.errors} errors`),
        figure(s, `${r.name}: call latency p50 / p99`, `${round(r.p50Ms, 0)} / ${round(r.p99Ms, 0)}`, 'ms'),
        figure(s, `${r.name}: upstream requests / 429s`, `${r.upstream} / ${r.rateLimited}`, '', r.name.includes('+ Redis') ? { target: '0 × 429', pass: r.rateLimited === 0 } : undefined),
      );
    }
    figures.push(
      figure(s, 'Redis cost per Drata request (shared acquire − local acquire)', round((cost.shared - cost.local) / 1000, 3), 'ms', undefined, `shared ${round(cost.shared, 0)} µs, local ${round(cost.local, 1)} µs`),
      figure(s, 'used-token claim in Redis (once per approved write)', round(cost.claim / 1000, 3), 'ms'),
    );
    figures.push(...snapshotFigures(snapshot));
    return { figures, details: { runs, costMicroseconds: cost, sharedSnapshot: snapshot } };
  } finally {
    await redis.close();
  }
}
