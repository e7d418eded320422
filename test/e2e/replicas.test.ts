/**
 * Two server processes behind a round-robin proxy on loopback (each request to the next process, no
 * affinity), one shared Drata (the sandbox, in this process): a client pinned to 2026-07-28 lists, gets,
 * makes a confirmed update and runs the report. Every request succeeds and both processes served some,
 * which is what stateless serving promises: nothing a 2026 request needs lives in one process's memory.
 * The replicas share DRATA_APPROVAL_SECRET and nothing else: a client with MCP Apps but no elicitation gets
 * the approval card's ticket from one replica, and the card's app-only tool writes with it through the other.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { type Replica, type RoundRobin, roundRobin, spawnReplica, stopReplica } from '../support/replicas.js';

const TOKEN = 'replica-token-0123456789abcdef!';
const APPROVAL_SECRET = 'replica-approval-secret-0123456789abcdefghij';

let sandbox: Sandbox;
let replicas: Replica[] = [];
let proxy: RoundRobin;

beforeAll(async () => {
  sandbox = await startSandbox({ size: 40 });
  const env = {
    MCP_HTTP_TOKEN: TOKEN,
    DRATA_API_KEY: sandbox.apiKey,
    DRATA_BASE_URL: sandbox.url,
    DRATA_APPROVAL_SECRET: APPROVAL_SECRET,
  };
  replicas = await Promise.all([spawnReplica(env), spawnReplica(env)]);
  proxy = await roundRobin(() => replicas.map((r) => r.url));
}, 90_000);

afterAll(async () => {
  await proxy?.close();
  await Promise.all(replicas.map(stopReplica));
  await sandbox?.close();
});

const proxyUrl = () => proxy.url;

const transportTo = (url: URL) =>
  new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } });

it('a pinned 2026-07-28 client is served by both replicas: list, get, confirmed update, report', async () => {
  const url = proxyUrl();
  const client = new Client(
    { name: 'replica-test', version: '1.0.0' },
    { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  const asked: string[] = [];
  client.setRequestHandler('elicitation/create', async (request) => {
    asked.push(request.params.message);
    return { action: 'accept', content: { confirm: true } };
  });
  await client.connect(transportTo(url));
  try {
    expect(client.getProtocolEra()).toBe('modern');
    const p = sandbox.org.people.find((x) => x.employmentStatus === 'CURRENT_EMPLOYEE' && x.separationDate === null)!;
    const list = await client.callTool({ name: 'list_personnel', arguments: { search: p.email } });
    expect(list.isError, JSON.stringify(list.content)).toBeFalsy();
    const get = await client.callTool({ name: 'get_personnel', arguments: { personnel: p.id } });
    expect(get.isError, JSON.stringify(get.content)).toBeFalsy();
    const update = await client.callTool({ name: 'update_personnel', arguments: { personnel: p.id, startedAt: '2015-06-07' } });
    expect((update.structuredContent as { outcome?: string }).outcome, JSON.stringify(update.content)).toBe('updated');
    expect(asked).toHaveLength(1);
    const report = await client.callTool({ name: 'personnel_compliance_report', arguments: {} });
    expect(report.isError, JSON.stringify(report.content)).toBeFalsy();
  } finally {
    await client.close();
  }
  expect(proxy.served[0]).toBeGreaterThan(0);
  expect(proxy.served[1]).toBeGreaterThan(0);
});

it('an approval card ticket issued by one replica writes through the other (shared DRATA_APPROVAL_SECRET)', async () => {
  // No elicitation, but MCP Apps: the preview's ticket reaches only `_meta`; the card's app-only tool redeems it.
  const client = new Client(
    { name: 'replica-card-test', version: '1.0.0' },
    {
      capabilities: { extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } } },
      versionNegotiation: { mode: { pin: '2026-07-28' } },
    },
  );
  await client.connect(transportTo(proxyUrl()));
  try {
    const p = sandbox.org.people.filter((x) => x.employmentStatus === 'CURRENT_EMPLOYEE' && x.separationDate === null)[1]!;
    const args = { personnel: p.id, startedAt: '2014-03-04' };
    const writesBefore = sandbox.requests.filter((r) => r.method !== 'GET').length;
    const preview = await client.callTool({ name: 'update_personnel', arguments: args });
    const previewedBy = proxy.last();
    const sc = preview.structuredContent as { outcome?: string; approvalToken?: string };
    expect(sc.outcome, JSON.stringify(preview.content)).toBe('needs_approval');
    expect(sc.approvalToken).toBeUndefined();
    const card = preview._meta?.['drata-personnel-mcp/approval'] as { approve: string };
    expect(JSON.stringify([preview.content, preview.structuredContent])).not.toContain(card.approve.split('.').at(-1));
    expect(sandbox.requests.filter((r) => r.method !== 'GET')).toHaveLength(writesBefore);
    const applied = await client.callTool({ name: 'approve_write', arguments: { ticket: card.approve } });
    expect(proxy.last()).not.toBe(previewedBy);
    expect((applied.structuredContent as { outcome?: string }).outcome, JSON.stringify(applied.content)).toBe('updated');
    expect(sandbox.org.people.find((x) => x.id === p.id)?.startDate).toBe('2014-03-04');
    expect(sandbox.requests.filter((r) => r.method !== 'GET')).toHaveLength(writesBefore + 1);
  } finally {
    await client.close();
  }
});
