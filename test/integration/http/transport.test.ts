/**
 * The HTTP transport end to end in-process, over real loopback sockets: both transports with the SDK's
 * clients, sessions (ids, DELETE, 404/400, cap, idle expiry), elicitation and progress, graceful shutdown.
 */
import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { runHttp } from '../../../src/transports/http.js';
import {
  acceptElicitation,
  authHeaders,
  connectSse,
  connectStreamable,
  type Harness,
  httpConfig,
  INIT_BODY,
  MCP_HEADERS,
  makeToyServer,
  rawInitialize,
  startToy,
  TOKEN,
  waitFor,
} from './helpers.js';
import { closeAfterEach, pingSession } from './setup.js';

const text = (r: unknown): string => ((r as CallToolResult).content[0] as { text: string }).text;

let harness: Harness | undefined;
closeAfterEach(() => harness?.running);

async function health(h: Harness): Promise<{ status: string; version: string; sessions: number }> {
  const res = await fetch(`${h.base}/healthz`);
  expect(res.status).toBe(200);
  return (await res.json()) as { status: string; version: string; sessions: number };
}

describe('Streamable HTTP at /mcp', () => {
  it('serves a session to the SDK client, with a UUID session id', async () => {
    harness = await startToy({ config: { httpToken: TOKEN } });
    expect(harness.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const { client, transport } = await connectStreamable(harness.url, authHeaders());
    expect(transport.sessionId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('echo');
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'hi' } }))).toBe('hi');
    expect((await health(harness)).sessions).toBe(1);
    await client.close();
  });

  it('gives every client its own session and server', async () => {
    harness = await startToy();
    const a = await connectStreamable(harness.url);
    const b = await connectStreamable(harness.url);
    expect(a.transport.sessionId).not.toBe(b.transport.sessionId);
    expect((await health(harness)).sessions).toBe(2);
    await a.client.close();
    await b.client.close();
  });

  it('carries progress notifications on the call stream', async () => {
    harness = await startToy();
    const { client } = await connectStreamable(harness.url);
    const seen: number[] = [];
    const result = await client.callTool({ name: 'count', arguments: { steps: 5 } }, undefined, {
      onprogress: (p) => seen.push(p.progress),
    });
    expect(text(result)).toBe('counted 5');
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    await client.close();
  });

  it('carries an elicitation round trip inside a call', async () => {
    harness = await startToy();
    const { client } = await connectStreamable(harness.url, {}, { elicitation: {} });
    const asked = acceptElicitation(client);
    expect(text(await client.callTool({ name: 'confirm', arguments: {} }))).toBe('applied');
    expect(asked).toEqual(['Apply?']);
    await client.close();
  });

  it('DELETE ends the session; the id is then unknown (404)', async () => {
    harness = await startToy();
    const { client, transport } = await connectStreamable(harness.url);
    const id = transport.sessionId as string;
    await transport.terminateSession();
    await waitFor(async () => (await health(harness as Harness)).sessions === 0);
    const res = await pingSession(harness.url, id);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32001 }, id: null });
    await client.close();
  });

  it('answers 404 for an unknown or guessed session id', async () => {
    harness = await startToy();
    await rawInitialize(harness.url); // a real session exists; the guess must still miss
    for (const id of [randomUUID(), 'not-a-session', '00000000-0000-4000-8000-000000000000']) {
      for (const method of ['POST', 'GET', 'DELETE'] as const) {
        const res = await fetch(harness.url, {
          method,
          headers: { ...MCP_HEADERS, 'Mcp-Session-Id': id },
          ...(method === 'POST'
            ? { body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) }
            : {}),
        });
        expect(res.status, `${method} ${id}`).toBe(404);
        await res.body?.cancel();
      }
    }
  });

  it('answers 400 when a non-initialize request has no session id', async () => {
    harness = await startToy();
    const post = await fetch(harness.url, {
      method: 'POST',
      headers: MCP_HEADERS,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(post.status).toBe(400);
    expect(await post.json()).toMatchObject({
      error: { code: -32000, message: expect.stringMatching(/Mcp-Session-Id/) },
    });
    const get = await fetch(harness.url, { headers: { Accept: 'text/event-stream' } });
    expect(get.status).toBe(400);
    await get.body?.cancel();
    const del = await fetch(harness.url, { method: 'DELETE' });
    expect(del.status).toBe(400);
    await del.body?.cancel();
    expect((await health(harness)).sessions).toBe(0);
  });

  it('answers 405 to other methods', async () => {
    harness = await startToy();
    const res = await fetch(harness.url, { method: 'PUT', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, POST, DELETE');
    await res.body?.cancel();
  });

  it('does not keep a session whose initialize was refused', async () => {
    harness = await startToy();
    const res = await fetch(harness.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, // no text/event-stream
      body: JSON.stringify(INIT_BODY),
    });
    expect(res.status).toBe(406);
    await res.body?.cancel();
    expect((await health(harness)).sessions).toBe(0);
  });
});

describe('legacy HTTP+SSE at /sse and /messages', () => {
  it('serves the SDK SSE client: tools, progress and elicitation', async () => {
    harness = await startToy({ config: { httpToken: TOKEN } });
    const sseUrl = `${harness.base}/sse`;
    const { client } = await connectSse(sseUrl, authHeaders(), { elicitation: {} });
    const asked = acceptElicitation(client);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('count');
    const seen: number[] = [];
    const counted = await client.callTool({ name: 'count', arguments: { steps: 3 } }, undefined, {
      onprogress: (p) => seen.push(p.progress),
    });
    expect(text(counted)).toBe('counted 3');
    expect(seen).toEqual([1, 2, 3]);
    expect(text(await client.callTool({ name: 'confirm', arguments: {} }))).toBe('applied');
    expect(asked).toHaveLength(1);
    expect((await health(harness)).sessions).toBe(1);
    await client.close();
    await waitFor(async () => (await health(harness as Harness)).sessions === 0);
  });

  it('answers 404 for an unknown session and 400 without one', async () => {
    harness = await startToy();
    const unknown = await fetch(`${harness.base}/messages?sessionId=${randomUUID()}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(unknown.status).toBe(404);
    await unknown.body?.cancel();
    const missing = await fetch(`${harness.base}/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(missing.status).toBe(400);
    await missing.body?.cancel();
  });

  it('keeps the two transports’ session ids apart', async () => {
    harness = await startToy();
    const { client, transport } = await connectStreamable(harness.url);
    const res = await fetch(`${harness.base}/messages?sessionId=${transport.sessionId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(res.status).toBe(404);
    await res.body?.cancel();
    await client.close();
  });
});

describe('session limits', () => {
  it('5 abandoned sessions with MCP_MAX_SESSIONS=3 do not lock out a sixth client (LRU eviction)', async () => {
    harness = await startToy({ env: { MCP_MAX_SESSIONS: '3' } });
    // Clients that never DELETE their session (most of them): each initializes and goes away.
    const abandoned: string[] = [];
    for (let i = 0; i < 5; i++) abandoned.push(await rawInitialize(harness.url));
    expect((await health(harness)).sessions).toBe(3);
    // A sixth client gets in, with a full MCP exchange, and the oldest sessions were the ones closed.
    const { client } = await connectStreamable(harness.url);
    expect(await client.callTool({ name: 'echo', arguments: { text: 'in' } })).toMatchObject({
      content: [{ text: 'in' }],
    });
    const ping = async (id: string) =>
      (
        await fetch(harness!.url, {
          method: 'POST',
          headers: { ...MCP_HEADERS, 'Mcp-Session-Id': id, 'Mcp-Protocol-Version': '2025-06-18' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping' }),
        })
      ).status;
    expect(await ping(abandoned[0]!)).toBe(404);
    expect(await ping(abandoned[4]!)).toBe(200);
    await client.close();
  });

  it('refuses a new session with 503 only when every session is busy, on both transports', async () => {
    harness = await startToy({ maxSessions: 1 });
    // An open legacy SSE stream keeps its session busy.
    const stream = await fetch(`${harness.base}/sse`, { headers: { Accept: 'text/event-stream' } });
    expect(stream.status).toBe(200);
    const over = await fetch(harness.url, { method: 'POST', headers: MCP_HEADERS, body: JSON.stringify(INIT_BODY) });
    expect(over.status).toBe(503);
    expect(over.headers.get('retry-after')).toBe('5');
    expect(await over.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 }, id: null });
    const sse = await fetch(`${harness.base}/sse`, { headers: { Accept: 'text/event-stream' } });
    expect(sse.status).toBe(503);
    await sse.body?.cancel();
    await stream.body?.cancel();
    // The stream closed: its session ends and a new client gets in.
    await waitFor(async () => (await health(harness as Harness)).sessions === 0);
    await rawInitialize(harness.url);
    expect((await health(harness)).sessions).toBe(1);
  });

  it('closes a session that stays idle past the idle timeout', async () => {
    harness = await startToy({ sessionIdleMs: 150, sweepIntervalMs: 25 });
    const id = await rawInitialize(harness.url);
    await waitFor(async () => (await health(harness as Harness)).sessions === 0);
    const res = await pingSession(harness.url, id);
    expect(res.status).toBe(404);
    await res.body?.cancel();
  });

  it('does not expire a session while a call is running', async () => {
    harness = await startToy({ sessionIdleMs: 100, sweepIntervalMs: 20 });
    const { client } = await connectStreamable(harness.url);
    // The client's GET stream and the running call both count as activity.
    expect(text(await client.callTool({ name: 'sleep', arguments: { ms: 400 } }))).toBe('slept 400');
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'still here' } }))).toBe(
      'still here',
    );
    await client.close();
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight call finish, then closes sessions and stops listening', async () => {
    harness = await startToy();
    const h = harness;
    const { client } = await connectStreamable(h.url);
    const call = client.callTool({ name: 'sleep', arguments: { ms: 300 } });
    await new Promise((r) => setTimeout(r, 50));
    await h.running.close();
    expect(text(await call)).toBe('slept 300');
    await h.running.closed;
    expect(h.running.sessionCount()).toBe(0);
    await expect(fetch(`${h.base}/healthz`)).rejects.toThrow();
    await client.close().catch(() => {});
  });

  it('cancels calls that outlive the grace period', async () => {
    harness = await startToy({ shutdownGraceMs: 100 });
    const h = harness;
    const { client } = await connectSse(`${h.base}/sse`);
    const { client: client2 } = await connectStreamable(h.url);
    const calls = [
      client.callTool({ name: 'hang', arguments: {} }).catch((e: unknown) => e),
      client2.callTool({ name: 'hang', arguments: {} }).catch((e: unknown) => e),
    ];
    await waitFor(() => h.state.hangSignals.length === 2);
    await h.running.close();
    expect(h.state.hangSignals.every((s) => s.aborted)).toBe(true);
    // The SDK clients keep waiting for an answer that will not come; closing them ends the calls.
    await client.close().catch(() => {});
    await client2.close().catch(() => {});
    await Promise.all(calls);
  });

  it('waits for a call running over legacy SSE too', async () => {
    harness = await startToy({ shutdownGraceMs: 5_000 });
    const h = harness;
    const { client } = await connectSse(`${h.base}/sse`);
    const call = client.callTool({ name: 'sleep', arguments: { ms: 300 } });
    await new Promise((r) => setTimeout(r, 50));
    await h.running.close();
    expect(text(await call)).toBe('slept 300');
    await client.close().catch(() => {});
  });

  it('does not wait for a call the client cancelled', async () => {
    // A grace period far longer than the test timeout (30 s): close() must not be waiting on the cancelled call.
    harness = await startToy({ shutdownGraceMs: 90_000 });
    const h = harness;
    const { client } = await connectStreamable(h.url);
    const abort = new AbortController();
    const call = client.callTool({ name: 'hang', arguments: {} }, undefined, { signal: abort.signal });
    await waitFor(() => h.state.hangSignals.length === 1);
    abort.abort();
    await expect(call).rejects.toThrow();
    await waitFor(() => h.state.hangSignals[0]?.aborted === true);
    await h.running.close();
    await client.close().catch(() => {});
  });

  it('answers 503 to requests that arrive while shutting down', async () => {
    harness = await startToy({ shutdownGraceMs: 2_000 });
    const h = harness;
    const { client } = await connectStreamable(h.url);
    const call = client.callTool({ name: 'sleep', arguments: { ms: 300 } });
    await new Promise((r) => setTimeout(r, 50));
    const closing = h.running.close();
    // A new connection is refused; a request on an existing keep-alive socket would get 503.
    await expect(fetch(`${h.base}/healthz`)).rejects.toThrow();
    await closing;
    await call;
    await client.close().catch(() => {});
  });
});

describe('robustness', () => {
  it('answers 500 when building a session fails, and keeps serving', async () => {
    const logs: string[] = [];
    let calls = 0;
    const running = await runHttp(
      () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        return makeToyServer();
      },
      { config: httpConfig(), logger: createLogger({ write: (l) => logs.push(l) }) },
    );
    try {
      const res = await fetch(running.url, {
        method: 'POST',
        headers: MCP_HEADERS,
        body: JSON.stringify(INIT_BODY),
      });
      expect(res.status).toBe(500);
      expect(await res.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32603 } });
      expect(logs.join('')).toContain('HTTP request failed');
      const { client } = await connectStreamable(running.url);
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      await client.close();
    } finally {
      await running.close();
    }
  });
});
