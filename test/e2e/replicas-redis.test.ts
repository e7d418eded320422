/**
 * Three server processes sharing one real Redis (redis-server on loopback) and one Drata (the sandbox, which
 * enforces the same budget the replicas are configured with: 30 requests per rolling 5 s), behind a
 * round-robin proxy with no affinity:
 * - an approval token issued by one replica writes once through another; every replay is refused on all three,
 *   and again after every replica restarted;
 * - 20 clients reading for a minute: the sandbox never sees more than the budget in any sliding window, 0 × 429;
 * - Redis killed: reads go on, writes are refused with the reason and nothing is sent; Redis back: the same
 *   token writes exactly once;
 * - 2025-era clients (SDK 1.x and SDK 2.x) go on working, progress included, after every replica restarted;
 *   without sessions a write is approved with a token even for a client offering elicitation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Client as Client1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as Transport1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type RedisServer, startRedis } from '../support/redis.js';
import { type Replica, type RoundRobin, roundRobin, spawnReplica, stopReplica } from '../support/replicas.js';

const TOKEN = 'replica-token-0123456789abcdef!';
const BUDGET = 30;
const WINDOW_MS = 5_000;
/** How long the 20 clients read: a full minute, twelve budget windows. */
const READ_MS = 60_000;

let sandbox: Sandbox;
let redis: RedisServer;
let replicas: Replica[] = [];
let proxy: RoundRobin;
let stateDir: string;
let env: Record<string, string>;

const startAll = async () => {
  replicas = await Promise.all([spawnReplica(env), spawnReplica(env), spawnReplica(env)]);
};
const restartAll = async () => {
  await Promise.all(replicas.map(stopReplica));
  await startAll();
};

beforeAll(async () => {
  redis = await startRedis();
  sandbox = await startSandbox({ size: 40, rateLimitPerMinute: BUDGET, rateLimitWindowMs: WINDOW_MS });
  stateDir = mkdtempSync(join(tmpdir(), 'dpm-replicas-'));
  env = {
    MCP_HTTP_TOKEN: TOKEN,
    DRATA_API_KEY: sandbox.apiKey,
    DRATA_BASE_URL: sandbox.url,
    DRATA_APPROVAL_SECRET: 'replica-approval-secret-0123456789abcdefghij',
    // These clients have neither a dialog nor MCP Apps: the relayed token (opt-in) is their approval path, and
    // its single use across replicas is what is tested (the card's token is claimed in the same store).
    DRATA_APPROVAL_RELAY: 'true',
    REDIS_URL: redis.url,
    DRATA_RATE_LIMIT: String(BUDGET),
    DRATA_RATE_LIMIT_WINDOW: String(WINDOW_MS / 1000),
    DRATA_RATE_LIMIT_FALLBACK: '33',
    DRATA_STATE_DIR: stateDir,
  };
  await startAll();
  proxy = await roundRobin(() => replicas.map((r) => r.url));
}, 90_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all(replicas.map(stopReplica));
  await sandbox?.close();
  await redis?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

const auth = { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } };
/** A 2026-07-28 client without elicitation: writes are approved with tokens. */
async function modernClient(url: URL = proxy.url): Promise<Client> {
  const client = new Client({ name: 'replicas-redis', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  await client.connect(new StreamableHTTPClientTransport(url, auth));
  return client;
}
type Result = Awaited<ReturnType<Client['callTool']>>;
const outcome = (r: Result) => (r.structuredContent as { outcome?: string } | undefined)?.outcome;
const text = (r: Result) => (r.content as Array<{ text?: string }>).map((c) => c.text ?? '').join('\n');
const token = (r: Result) => (r.structuredContent as { approvalToken?: string }).approvalToken;
const writes = () => sandbox.requests.filter((r) => r.method !== 'GET').length;
const until = async (what: string, cond: () => boolean) => {
  for (let i = 0; !cond(); i++) {
    if (i > 500) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const person = (n: number) => sandbox.org.people.filter((p) => p.employmentStatus === 'CURRENT_EMPLOYEE')[n]!;

describe('three replicas sharing Redis', () => {
  it('an approval token is used once on another replica; every replay is refused on all three, also after restarts', async () => {
    const args = { personnel: [person(0).id] };
    const client = await modernClient();
    const preview = await client.callTool({ name: 'resync_personnel', arguments: args });
    expect(outcome(preview), text(preview)).toBe('needs_approval');
    const issuedBy = proxy.last();
    const before = writes();
    const applied = await client.callTool({ name: 'resync_personnel', arguments: { ...args, approvalToken: token(preview) } });
    expect(proxy.last()).not.toBe(issuedBy);
    expect(outcome(applied), text(applied)).toBe('resynced');
    expect(writes()).toBe(before + 1);
    await client.close();

    const replayEverywhere = async () => {
      for (const r of replicas) {
        const direct = await modernClient(r.url);
        const again = await direct.callTool({ name: 'resync_personnel', arguments: { ...args, approvalToken: token(preview) } });
        expect(outcome(again), text(again)).toBe('needs_approval');
        expect(text(again)).toContain('The approval token was already used.');
        await direct.close();
      }
      expect(writes()).toBe(before + 1);
    };
    await replayEverywhere();
    await restartAll();
    await replayEverywhere();
  }, 90_000);

  it('20 clients reading for a minute stay within the one budget in every sliding window at the sandbox, with 0 × 429', async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => modernClient()));
    const from = Date.now();
    const limitedBefore = sandbox.stats.rateLimited;
    const stopAt = from + READ_MS;
    let calls = 0;
    await Promise.all(
      clients.map(async (c, i) => {
        for (let n = 0; Date.now() < stopAt; n++) {
          const r = n % 2 === 0
            ? await c.callTool({ name: 'get_personnel', arguments: { personnel: person((i + n) % 20).id } })
            : await c.callTool({ name: 'list_personnel', arguments: { search: person((i * 3 + n) % 20).email } });
          expect(r.isError, text(r)).toBeFalsy();
          calls++;
        }
      }),
    );
    await Promise.all(clients.map((c) => c.close()));
    const starts = sandbox.requests.filter((r) => r.at >= from).map((r) => r.at).sort((x, y) => x - y);
    expect(calls).toBeGreaterThanOrEqual(20);
    // The load pressed on the budget for the whole minute: more than a third of what it allows.
    expect(starts.length).toBeGreaterThan(((READ_MS / WINDOW_MS) * BUDGET) / 3);
    // Every sliding window that begins at a start (the densest ones do) holds at most the budget.
    let busiest = 0;
    for (let i = 0, j = 0; i < starts.length; i++) {
      while (j < starts.length && starts[j]! < starts[i]! + WINDOW_MS) j++;
      busiest = Math.max(busiest, j - i);
    }
    expect(busiest).toBeGreaterThan(0);
    expect(busiest).toBeLessThanOrEqual(BUDGET);
    expect(sandbox.stats.rateLimited - limitedBefore).toBe(0);
    expect(proxy.served.filter((n) => n > 0)).toHaveLength(3);
  }, 150_000);

  it('Redis killed: reads go on, writes are refused and nothing is sent; Redis back: the write happens once', async () => {
    const args = { personnel: [person(1).id] };
    const client = await modernClient();
    const preview = await client.callTool({ name: 'resync_personnel', arguments: args });
    expect(outcome(preview), text(preview)).toBe('needs_approval');
    const before = writes();

    const logged = replicas.map((r) => r.log().length);
    const since = (r: Replica, i: number) => r.log().slice(logged[i]);
    await redis.kill();
    await until('every replica to see Redis down', () => replicas.every((r, i) => /Redis is unreachable/.test(since(r, i))));
    for (let i = 0; i < 3; i++) {
      const read = await client.callTool({ name: 'get_personnel', arguments: { personnel: person(i).id } });
      expect(read.isError, text(read)).toBeFalsy();
    }
    for (let i = 0; i < 3; i++) {
      const refused = await client.callTool({ name: 'resync_personnel', arguments: { ...args, approvalToken: token(preview) } });
      expect(refused.isError).toBe(true);
      expect(text(refused)).toMatch(/Redis, REDIS_URL\) is unreachable.*only once across replicas: nothing was written to Drata/);
    }
    expect(writes()).toBe(before);

    await redis.start();
    await until('every replica to see Redis back', () => replicas.every((r, i) => /Redis is reachable again/.test(since(r, i))));
    const applied = await client.callTool({ name: 'resync_personnel', arguments: { ...args, approvalToken: token(preview) } });
    expect(outcome(applied), text(applied)).toBe('resynced');
    const replay = await client.callTool({ name: 'resync_personnel', arguments: { ...args, approvalToken: token(preview) } });
    expect(text(replay)).toContain('The approval token was already used.');
    expect(writes()).toBe(before + 1);
    await client.close();
  }, 90_000);

  it('2025-era clients (SDK 1.x and SDK 2.x) go on working after every replica restarted, with progress', async () => {
    // It offers elicitation, which the session-less 2025 leg cannot carry: writes come back needs_approval.
    const v1 = new Client1({ name: 'sdk1', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    let asked = 0;
    v1.setRequestHandler(ElicitRequestSchema, async () => {
      asked++;
      return { action: 'accept', content: { confirm: true } };
    });
    await v1.connect(new Transport1(proxy.url, auth));
    const v2 = new Client({ name: 'sdk2', version: '1.0.0' });
    await v2.connect(new StreamableHTTPClientTransport(proxy.url, auth));
    expect(v2.getProtocolEra()).toBe('legacy');
    const read = async () => {
      const a = await v1.callTool({ name: 'get_personnel', arguments: { personnel: person(2).id } });
      expect(a.isError, JSON.stringify(a.content)).toBeFalsy();
      const b = await v2.callTool({ name: 'list_personnel', arguments: { search: person(3).email } });
      expect(b.isError, text(b)).toBeFalsy();
    };
    await read();
    await restartAll();
    await read();
    const progress: number[] = [];
    const report = await v1.callTool({ name: 'personnel_compliance_report', arguments: {} }, undefined, {
      onprogress: (p) => progress.push(p.progress),
      timeout: 60_000,
    });
    expect(report.isError, JSON.stringify(report.content)).toBeFalsy();
    expect(progress.length).toBeGreaterThan(0);
    await restartAll();
    await read();
    const args = { personnel: person(4).id, startedAt: '2013-02-03' };
    const preview = await v1.callTool({ name: 'update_personnel', arguments: args });
    const sc = preview.structuredContent as { outcome?: string; approvalToken?: string };
    expect(sc.outcome, JSON.stringify(preview.content)).toBe('needs_approval');
    const applied = await v1.callTool({ name: 'update_personnel', arguments: { ...args, approvalToken: sc.approvalToken } });
    expect((applied.structuredContent as { outcome?: string }).outcome, JSON.stringify(applied.content)).toBe('updated');
    expect(asked).toBe(0);
    await v1.close();
    await v2.close();
  }, 120_000);
});
