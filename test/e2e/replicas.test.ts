/**
 * Two server processes behind a round-robin proxy on loopback (each request to the next process, no
 * affinity), one shared Drata (the sandbox, in this process): a client pinned to 2026-07-28 lists, gets,
 * makes a confirmed update and runs the report. Every request succeeds and both processes served some,
 * which is what stateless serving promises: nothing a 2026 request needs lives in one process's memory.
 * The replicas share DRATA_APPROVAL_SECRET and nothing else: a client with MCP Apps but no elicitation gets
 * the approval card's ticket from one replica, and the card's app-only tool writes with it through the other.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TOKEN = 'replica-token-0123456789abcdef!';
const APPROVAL_SECRET = 'replica-approval-secret-0123456789abcdefghij';

let sandbox: Sandbox;
const children: ChildProcess[] = [];
let proxy: Server;
const served = [0, 0];
/** The backend that received the latest request. */
let last = -1;

async function replica(): Promise<URL> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('DRATA_') && !k.startsWith('MCP_')) env[k] = v;
  }
  Object.assign(env, { MCP_HTTP_TOKEN: TOKEN, DRATA_API_KEY: sandbox.apiKey, DRATA_BASE_URL: sandbox.url });
  env.DRATA_APPROVAL_SECRET = APPROVAL_SECRET;
  const child = spawn(process.execPath, [resolve(ROOT, 'dist/index.js'), '--transport', 'http', '--port', '0'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let err = '';
  return new Promise<URL>((res, rej) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
      const m = /listening on (http:\/\/\S+\/mcp)/.exec(err);
      if (m?.[1]) res(new URL(m[1]));
    });
    child.once('exit', (code) => rej(new Error(`replica exited (${code}):\n${err}`)));
  });
}

beforeAll(async () => {
  sandbox = await startSandbox({ size: 40 });
  const backends = await Promise.all([replica(), replica()]);
  let next = 0;
  proxy = createServer((req, res) => {
    const i = next;
    next = (next + 1) % backends.length;
    served[i]! += 1;
    last = i;
    const target = backends[i]!;
    const forward = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: target.pathname,
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
}, 90_000);

afterAll(async () => {
  await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  for (const c of children) c.kill('SIGTERM');
  await sandbox?.close();
});

const proxyUrl = () => new URL(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}/mcp`);
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
  expect(served[0]).toBeGreaterThan(0);
  expect(served[1]).toBeGreaterThan(0);
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
    const previewedBy = last;
    const sc = preview.structuredContent as { outcome?: string; approvalToken?: string };
    expect(sc.outcome, JSON.stringify(preview.content)).toBe('needs_approval');
    expect(sc.approvalToken).toBeUndefined();
    const card = preview._meta?.['drata-personnel-mcp/approval'] as { approve: string };
    expect(JSON.stringify([preview.content, preview.structuredContent])).not.toContain(card.approve.split('.').at(-1));
    expect(sandbox.requests.filter((r) => r.method !== 'GET')).toHaveLength(writesBefore);
    const applied = await client.callTool({ name: 'approve_write', arguments: { ticket: card.approve } });
    expect(last).not.toBe(previewedBy);
    expect((applied.structuredContent as { outcome?: string }).outcome, JSON.stringify(applied.content)).toBe('updated');
    expect(sandbox.org.people.find((x) => x.id === p.id)?.startDate).toBe('2014-03-04');
    expect(sandbox.requests.filter((r) => r.method !== 'GET')).toHaveLength(writesBefore + 1);
  } finally {
    await client.close();
  }
});
