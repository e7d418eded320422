/**
 * The built binary over HTTP: `node dist/index.js --sandbox --transport http --port 0` with a bearer token,
 * driven by the SDK's StreamableHTTPClientTransport and SSEClientTransport: list tools, every read tool, a
 * confirmed write through elicitation, progress on a long call; then a clean exit on SIGTERM and SIGINT.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type CallToolResult, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TOKEN = 'e2e-http-token-0123456789abcdefg'; // 32 characters
const AUTH = { Authorization: `Bearer ${TOKEN}` };

interface Spawned {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start the binary and wait for its `listening on <url>` line. */
async function startBinary(
  extraArgs: string[] = [],
  extraEnv: Record<string, string> = { MCP_HTTP_TOKEN: TOKEN },
): Promise<Spawned> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('DRATA_') && !k.startsWith('MCP_')) env[k] = v;
  }
  Object.assign(env, extraEnv);
  const child = spawn(
    process.execPath,
    [resolve(ROOT, 'dist/index.js'), '--sandbox', '--transport', 'http', '--port', '0', ...extraArgs],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.once('exit', (code, signal) => res({ code, signal })),
  );
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no listening line within 60 s:\n${err}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
      const m = /\[drata-personnel-mcp\] info: listening on (http:\/\/\S+\/mcp)/.exec(err);
      if (m?.[1]) {
        clearTimeout(timer);
        res(m[1]);
      }
    });
    void exit.then(({ code }) => {
      clearTimeout(timer);
      rej(new Error(`the server exited (code ${code}) before listening:\n${err}`));
    });
  });
  return { child, url, stderr: () => err, exit };
}

type Kind = 'streamable' | 'sse';

async function connect(kind: Kind, url: string): Promise<{ client: Client; elicited: string[] }> {
  const client = new Client({ name: 'e2e-http', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  const elicited: string[] = [];
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    elicited.push(String(request.params.message));
    return { action: 'accept', content: { confirm: true } };
  });
  const transport =
    kind === 'streamable'
      ? new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: AUTH } })
      : new SSEClientTransport(new URL(url.replace(/\/mcp$/, '/sse')), { requestInit: { headers: AUTH } });
  await client.connect(transport);
  return { client, elicited };
}

const structured = (r: unknown) => (r as CallToolResult).structuredContent as Record<string, unknown>;
/**
 * Person ids from a list_personnel result, whatever its row layout: tuples described by `columns` (flat or
 * grouped), or objects with an `id`.
 */
function idsOf(result: Record<string, unknown>): number[] {
  const column = Array.isArray(result.columns) ? (result.columns as unknown[]).indexOf('id') : -1;
  const ids: number[] = [];
  const visit = (value: unknown, key: string): void => {
    if (Array.isArray(value)) {
      if (key === 'rows' && column >= 0) {
        for (const row of value)
          if (Array.isArray(row) && typeof row[column] === 'number') ids.push(row[column]);
        return;
      }
      for (const v of value) visit(v, key);
      return;
    }
    if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (key !== '' && typeof record.id === 'number') ids.push(record.id);
      for (const [k, v] of Object.entries(record)) if (k !== 'query') visit(v, k);
    }
  };
  visit(result, '');
  return ids;
}
const textOf = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;

let server: Spawned;
let toolNames: string[] = [];

beforeAll(async () => {
  // Large enough that the report walks several pages, so progress arrives while the call runs.
  server = await startBinary(['--sandbox-size', '1500']);
  // Which tools this build registers decides below which cases run.
  const { client } = await connect('streamable', server.url);
  toolNames = (await client.listTools()).tools.map((t) => t.name);
  await client.close();
}, 90_000);

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null)
    server.child.kill('SIGKILL');
});

describe('HTTP front door', () => {
  it('refuses a request without the token and keeps /healthz open', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await res.body?.cancel();
    const health = await fetch(server.url.replace(/\/mcp$/, '/healthz'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', version: expect.any(String) });
  });
});

describe.each(['streamable', 'sse'] as const)('over %s', (kind) => {
  let client: Client;
  let elicited: string[];
  let someId: number;

  beforeAll(async () => {
    ({ client, elicited } = await connect(kind, server.url));
  });
  afterAll(async () => {
    await client?.close();
  });

  it('lists the tools', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['list_personnel', 'get_personnel', 'update_personnel', 'resync_personnel']),
    );
  });

  it('calls list_personnel', async () => {
    const result = await client.callTool({ name: 'list_personnel', arguments: { limit: 5 } });
    expect(result.isError, textOf(result)).toBeFalsy();
    const ids = idsOf(structured(result));
    expect(ids.length).toBeGreaterThan(0);
    someId = ids[0] as number;
  });

  it('calls get_personnel with an id from the list', async () => {
    const result = await client.callTool({ name: 'get_personnel', arguments: { personnel: String(someId) } });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(JSON.stringify(structured(result))).toContain(String(someId));
  });

  it('reports progress on personnel_compliance_report, which walks every page', async (ctx) => {
    // TODO(lead): the report tool is registered by the tools work; until then this case is skipped, never faked.
    if (!toolNames.includes('personnel_compliance_report')) ctx.skip();
    const progress: number[] = [];
    const result = await client.callTool(
      { name: 'personnel_compliance_report', arguments: { refresh: true } },
      undefined,
      { onprogress: (p) => progress.push(p.progress), timeout: 60_000 },
    );
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(structured(result).complete).toBe(true);
    expect(structured(result).pagesFetched as number).toBeGreaterThan(2);
    // One notification per page. The SDK client handles notifications a microtask later than responses,
    // so the last one is dropped when it shares a network read with the result: allow for that one.
    const pages = structured(result).pagesFetched as number;
    expect(progress.length).toBeGreaterThanOrEqual(Math.max(2, pages - 1));
    expect([...progress].sort((a, b) => a - b)).toEqual(progress); // monotonic
  });

  it('applies a write only after the user confirms through elicitation', async () => {
    const startedAt = kind === 'streamable' ? '2020-01-02' : '2020-01-03';
    const result = await client.callTool({
      name: 'update_personnel',
      arguments: { personnel: String(someId), startedAt },
    });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(elicited).toHaveLength(1);
    expect(structured(result).outcome).toBe('updated');
    // Read back through the server.
    const after = await client.callTool({ name: 'get_personnel', arguments: { personnel: String(someId) } });
    expect(JSON.stringify(structured(after))).toContain(startedAt);
  });
});

describe('start-up without MCP_HTTP_TOKEN', () => {
  it('generates a token, prints it once on stderr with the URL, and requires it', async () => {
    const other = await startBinary(['--sandbox-size', '20'], {});
    try {
      await waitForLine(other, /HTTP token \(generated/);
      const m = /send "Authorization: Bearer ([\w-]+)" to (http:\/\/\S+\/mcp)/.exec(other.stderr());
      expect(m?.[2]).toBe(other.url);
      const token = m?.[1] ?? '';
      expect(other.stderr().split(token).length - 1).toBe(1);
      const bare = await fetch(other.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
        body: '{}',
      });
      expect(bare.status).toBe(401);
      await bare.body?.cancel();
      const client = new Client({ name: 'e2e-generated', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(other.url), {
          requestInit: { headers: { Authorization: `Bearer ${token}` } },
        }),
      );
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      await client.close();
    } finally {
      other.child.kill('SIGTERM');
      await other.exit;
    }
  });

  it('a port already in use is a start-up error: one stderr line, exit code 2', async () => {
    const port = new URL(server.url).port;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (v !== undefined && !k.startsWith('DRATA_') && !k.startsWith('MCP_')) env[k] = v;
    }
    env.MCP_HTTP_TOKEN = TOKEN;
    const child = spawn(
      process.execPath,
      [resolve(ROOT, 'dist/index.js'), '--sandbox', '--sandbox-size', '5', '--transport', 'http', '--port', port],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString('utf8');
    });
    const code = await new Promise<number | null>((res) => child.once('exit', (c) => res(c)));
    expect(code).toBe(2);
    const lines = err.trim().split('\n').filter((l) => !/ info: /.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cannot listen on 127\.0\.0\.1:\d+: the address is already in use/);
  });
});

async function waitForLine(s: Spawned, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 500 && !pattern.test(s.stderr()); i++) await new Promise((r) => setTimeout(r, 20));
}

describe('shutdown', () => {
  it('exits 0 on SIGTERM, with sessions open', async () => {
    const { client } = await connect('streamable', server.url);
    const sse = await connect('sse', server.url);
    server.child.kill('SIGTERM');
    const { code, signal } = await server.exit;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(server.stderr()).not.toContain(TOKEN);
    await client.close().catch(() => {});
    await sse.client.close().catch(() => {});
  });

  it('exits 0 on SIGINT', async () => {
    const other = await startBinary(['--sandbox-size', '20']);
    const { client } = await connect('streamable', other.url);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    other.child.kill('SIGINT');
    expect(await other.exit).toEqual({ code: 0, signal: null });
    await client.close().catch(() => {});
  });
});
