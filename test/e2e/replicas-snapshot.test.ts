/**
 * The org snapshot shared by three server processes through one real Redis (redis-server on loopback), each
 * replica reading the same sandbox, whose request log is the measure:
 * - the report through A is answered by B and C from the shared snapshot with 0 upstream requests;
 * - a filtered list_personnel through A, then through B: 0 requests on B; a cursor issued by A pages on B and C;
 * - concurrent first questions to A, B and C cause one walk (its pages, once);
 * - a write through A (behind the round-robin proxy) is in B's next list answer and C's next report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type RedisServer, startRedis } from '../support/redis.js';
import { type Replica, type RoundRobin, roundRobin, spawnReplica, stopReplica } from '../support/replicas.js';
import { type ListPage, textIds } from '../support/rows.js';

const TOKEN = 'replica-snapshot-token-0123456789abcdef';

let sandbox: Sandbox;
let redis: RedisServer;
let replicas: Replica[] = [];
let proxy: RoundRobin;
let stateDir: string;
const clients: Client[] = [];

beforeAll(async () => {
  redis = await startRedis();
  sandbox = await startSandbox({ size: 300, rateLimitPerMinute: null });
  stateDir = mkdtempSync(join(tmpdir(), 'dpm-replica-snapshot-'));
  const env = {
    MCP_HTTP_TOKEN: TOKEN,
    DRATA_API_KEY: sandbox.apiKey,
    DRATA_BASE_URL: sandbox.url,
    DRATA_APPROVAL_SECRET: 'replica-snapshot-secret-0123456789abcdefghij',
    DRATA_APPROVAL_RELAY: 'true',
    REDIS_URL: redis.url,
    DRATA_RATE_LIMIT: '100000',
    DRATA_STATE_DIR: stateDir,
  };
  replicas = await Promise.all([spawnReplica(env), spawnReplica(env), spawnReplica(env)]);
  proxy = await roundRobin(() => replicas.map((r) => r.url));
}, 90_000);

afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await proxy?.close();
  await Promise.all(replicas.map(stopReplica));
  await sandbox?.close();
  await redis?.close();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

async function client(url: URL): Promise<Client> {
  const c = new Client({ name: 'replica-snapshot', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
  await c.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
  clients.push(c);
  return c;
}
type Result = Awaited<ReturnType<Client['callTool']>>;
const text = (r: Result) => (r.content as Array<{ text?: string }>).map((c) => c.text ?? '').join('\n');
async function call(c: Client, name: string, args: Record<string, unknown>): Promise<Result> {
  const r = await c.callTool({ name, arguments: args }, { timeout: 60_000 });
  expect(r.isError, text(r)).toBeFalsy();
  return r;
}
interface Report {
  pagesFetched: number;
  complete: boolean;
  total: number;
  [k: string]: unknown;
}
const report = (r: Result) => r.structuredContent as Report;
const page = (r: Result) => r.structuredContent as ListPage;
/** Upstream requests the sandbox has seen. */
const upstream = () => sandbox.stats.requests;
/** What a report says, without the fields that name the run (when, which pages, from where). */
const counts = (r: Report) => {
  const { pagesFetched: _p, fromCache: _c, dataAsOf: _a, ...rest } = r;
  return JSON.stringify(rest);
};

describe('three replicas sharing the org snapshot through Redis', () => {
  let a: Client;
  let b: Client;
  let c: Client;
  beforeAll(async () => {
    const three = await Promise.all(replicas.map((r) => client(r.url)));
    [a, b, c] = [three[0]!, three[1]!, three[2]!];
  });

  it('the report through A is served from the shared snapshot by B and C with 0 upstream requests', async () => {
    const before = upstream();
    const first = report(await call(a, 'personnel_compliance_report', {}));
    expect(first.complete).toBe(true);
    expect(first.pagesFetched).toBeGreaterThan(0);
    expect(upstream() - before).toBe(first.pagesFetched);
    const walked = upstream();
    for (const other of [b, c]) {
      const again = report(await call(other, 'personnel_compliance_report', {}));
      expect(again.pagesFetched).toBe(0);
      expect(counts(again)).toBe(counts(first));
    }
    expect(upstream()).toBe(walked);
  }, 90_000);

  it('a filtered list through A is answered by B with 0 requests; a cursor issued by A pages on B and C', async () => {
    const q = { employmentStatus: ['ALL_FORMER_PERSONNEL'], identity: { connected: false }, limit: 4 };
    const before = upstream();
    const onA = await call(a, 'list_personnel', q);
    expect(upstream()).toBeGreaterThan(before);
    expect(page(onA).nextCursor, text(onA)).toBeDefined();
    const walked = upstream();
    const onB = await call(b, 'list_personnel', q);
    expect(page(onB).total).toBe(page(onA).total);
    expect(textIds(text(onB))).toEqual(textIds(text(onA)));
    const second = await call(b, 'list_personnel', { cursor: page(onA).nextCursor });
    expect(textIds(text(second)).length).toBeGreaterThan(0);
    expect(textIds(text(second)).some((id) => textIds(text(onA)).includes(id))).toBe(false);
    expect(page(second).from).toBe(page(onA).shown + 1);
    const third = await call(c, 'list_personnel', { cursor: page(second).nextCursor ?? page(onA).nextCursor });
    expect(textIds(text(third)).length).toBeGreaterThan(0);
    expect(upstream()).toBe(walked);
  }, 90_000);

  it('concurrent first questions to A, B and C cause one walk', async () => {
    const args = { employmentStatus: ['OUT_OF_SCOPE', 'UNKNOWN', 'SPECIAL_FORMER_EMPLOYEE'] };
    const before = upstream();
    const runs = (await Promise.all([a, b, c].map((x) => call(x, 'personnel_compliance_report', args)))).map(report);
    const walkers = runs.filter((r) => r.pagesFetched > 0);
    expect(walkers).toHaveLength(1);
    expect(upstream() - before).toBe(walkers[0]!.pagesFetched);
    for (const r of runs) expect(counts(r)).toBe(counts(walkers[0]!));
  }, 90_000);

  it("a write through A is reflected in B's next list answer and C's next report", async () => {
    const target = sandbox.org.people.find(
      (p) => p.employmentStatus === 'CURRENT_EMPLOYEE' && p.identities.some((i) => i.disconnectedAt === null),
    );
    if (!target) throw new Error('the sandbox org has no current employee with a connected identity');
    // B and C hold the shared snapshots (former personnel, current personnel) from the questions above.
    const q = { employmentStatus: ['ALL_FORMER_PERSONNEL'], identity: { connected: true }, countOnly: true };
    const listed = page(await call(b, 'list_personnel', q)).total ?? 0;
    const reported = report(await call(c, 'personnel_compliance_report', {}));
    const change = { personnel: target.id, employmentStatus: 'FORMER_EMPLOYEE', separatedAt: '2026-10-30' };
    const viaProxy = await client(proxy.url);
    const preview = await call(viaProxy, 'update_personnel', change);
    const approvalToken = (preview.structuredContent as { approvalToken?: string }).approvalToken;
    expect(approvalToken, text(preview)).toBeDefined();
    // The write goes to A: the proxy's next slot is 0.
    while (proxy.last() !== replicas.length - 1) await viaProxy.listTools();
    const applied = await call(viaProxy, 'update_personnel', { ...change, approvalToken });
    expect(proxy.last()).toBe(0);
    expect((applied.structuredContent as { outcome?: string }).outcome, text(applied)).toBe('updated');

    const before = upstream();
    expect(page(await call(b, 'list_personnel', q)).total).toBe(listed + 1);
    const after = report(await call(c, 'personnel_compliance_report', {}));
    expect(after.pagesFetched).toBe(0);
    expect(after.total).toBe(reported.total - 1);
    const byStatus = (r: Report) => (r.byStatus as Record<string, number>).CURRENT_EMPLOYEE ?? 0;
    expect(byStatus(after)).toBe(byStatus(reported) - 1);
    // B and C each re-read that one person, not the org.
    const reads = sandbox.requests.slice(-(upstream() - before));
    expect(reads.map((r) => r.path)).toEqual([`/public/personnel/${target.id}`, `/public/personnel/${target.id}`]);
  }, 90_000);
});
