/**
 * The HTTP server locked down by default: a token is always required (generated and printed once when
 * MCP_HTTP_TOKEN is unset), sessions are bound to the credential that opened them, OAuth discovery is
 * answered "no OAuth here", and POST streams are resumable with Last-Event-ID.
 */
import { connect as connectSocket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import { createServer } from '../../../src/server.js';
import { type RunningHttp, runHttp } from '../../../src/transports/http.js';
import { apiFor } from '../../support/server.js';
import {
  authHeaders,
  connectStreamable,
  type Harness,
  httpConfig,
  MCP_HEADERS,
  makeToyServer,
  startToy,
  TOKEN,
  waitFor,
} from './helpers.js';

let harness: Harness | undefined;
let running: RunningHttp | undefined;
afterEach(async () => {
  await harness?.running.close();
  await running?.close();
  harness = undefined;
  running = undefined;
});

const PROTOCOL = '2025-11-25';
const init = (headers: Record<string, string>) => ({
  method: 'POST',
  headers: { ...MCP_HEADERS, ...headers },
  body: JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  }),
});

describe('default start without MCP_HTTP_TOKEN', () => {
  it('generates a token, prints it once, and refuses requests without it', async () => {
    const announced: string[] = [];
    const logs: string[] = [];
    running = await runHttp(() => makeToyServer(), {
      config: httpConfig({ httpToken: undefined }),
      logger: createLogger({ level: 'debug', write: (l) => logs.push(l) }),
      announce: (line) => announced.push(line),
    });
    const token = running.generatedToken!;
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(announced).toHaveLength(1);
    expect(announced[0]).toContain(`Authorization: Bearer ${token}`);
    expect(announced[0]).toContain(running.url);

    const bare = await fetch(running.url, init({}));
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    const wrong = await fetch(running.url, init(authHeaders('not-the-generated-token-at-all')));
    expect(wrong.status).toBe(401);
    await wrong.body?.cancel();
    const sse = await fetch(running.url.replace(/\/mcp$/, '/sse'), { headers: { Accept: 'text/event-stream' } });
    expect(sse.status).toBe(401);
    await sse.body?.cancel();

    const { client } = await connectStreamable(running.url, authHeaders(token));
    expect(await client.callTool({ name: 'echo', arguments: { text: 'ok' } })).toMatchObject({
      content: [{ text: 'ok' }],
    });
    await client.close();
    // Printed once, and never in a log line.
    expect(logs.join('')).not.toContain(token);
  });

  it('answers OAuth discovery with 404 and a message saying a static token is expected', async () => {
    running = await runHttp(() => makeToyServer(), {
      config: httpConfig({ httpToken: undefined }),
      logger: createLogger({ write: () => {} }),
      announce: () => {},
    });
    const base = running.url.replace(/\/mcp$/, '');
    for (const path of [
      '/.well-known/oauth-protected-resource',
      '/.well-known/oauth-protected-resource/mcp',
      '/.well-known/oauth-authorization-server',
      '/.well-known/openid-configuration',
      '/register',
    ]) {
      const res = await fetch(`${base}${path}`, { method: path === '/register' ? 'POST' : 'GET' });
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error_description: string }).error_description).toMatch(
        /does not use OAuth: it expects a static bearer token/,
      );
    }
  });
});

describe('sessions are bound to the credential that opened them', () => {
  const A = 'client-a-token-0123456789';
  const B = 'client-b-token-0123456789';

  it('a session id used with another token is refused (use and DELETE)', async () => {
    harness = await startToy({ config: { httpToken: `${A},${B}` } });
    const res = await fetch(harness.url, init(authHeaders(A)));
    await res.text();
    const id = res.headers.get('mcp-session-id')!;
    const headers = (token: string) => ({
      ...MCP_HEADERS,
      ...authHeaders(token),
      'Mcp-Session-Id': id,
      'Mcp-Protocol-Version': PROTOCOL,
    });
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' });
    const foreign = await fetch(harness.url, { method: 'POST', headers: headers(B), body: ping });
    expect(foreign.status).toBe(404);
    await foreign.body?.cancel();
    const del = await fetch(harness.url, { method: 'DELETE', headers: headers(B) });
    expect(del.status).toBe(404);
    await del.body?.cancel();
    // The owner still has it.
    const own = await fetch(harness.url, { method: 'POST', headers: headers(A), body: ping });
    expect(own.status).toBe(200);
    await own.text();
  });
});

/** Read SSE events from a response until `until` says stop; returns them. */
async function readEvents(
  res: Response,
  until: (e: { id?: string; data: string; retry?: string }) => boolean,
): Promise<Array<{ id?: string; data: string; retry?: string }>> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: Array<{ id?: string; data: string; retry?: string }> = [];
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return events;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const raw = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const e: { id?: string; data: string; retry?: string } = { data: '' };
      for (const line of raw.split('\n')) {
        const [k, ...rest] = line.split(':');
        const v = rest.join(':').trimStart();
        if (k === 'id') e.id = v;
        else if (k === 'data') e.data += v;
        else if (k === 'retry') e.retry = v;
      }
      events.push(e);
      if (until(e)) {
        await reader.cancel();
        return events;
      }
    }
  }
}

/** Reconnect as a client does; until the server has noticed the old stream is gone it answers 409. */
async function resume(url: string, headers: Record<string, string>, lastEventId: string): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, {
      method: 'GET',
      headers: { ...headers, Accept: 'text/event-stream', 'Last-Event-ID': lastEventId },
    });
    if (res.status !== 409 || attempt > 100) return res;
    await res.body?.cancel();
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('resumable streams', () => {
  it('a client cut off mid-call reconnects with Last-Event-ID and gets the rest, result included', async () => {
    harness = await startToy({ config: { httpToken: 'resume-token-0123456789' } });
    const auth = authHeaders('resume-token-0123456789');
    const first = await fetch(harness.url, init(auth));
    await first.text();
    const id = first.headers.get('mcp-session-id')!;
    const headers = { ...MCP_HEADERS, ...auth, 'Mcp-Session-Id': id, 'Mcp-Protocol-Version': PROTOCOL };
    await (
      await fetch(harness.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
      })
    ).text();

    const call = await fetch(harness.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'count', arguments: { steps: 20 }, _meta: { progressToken: 'p' } },
      }),
    });
    // The priming event (id + retry), then the first progress notification: then the stream drops.
    const seen = await readEvents(call, (e) => e.data.includes('"progress":1,'));
    expect(seen[0]?.id).toBeTruthy();
    expect(seen[0]?.retry).toBe('1000');
    const last = seen.at(-1)!;
    expect(last.id).toBeTruthy();

    const resumed = await resume(harness.url, headers, last.id!);
    expect(resumed.status).toBe(200);
    const rest = await readEvents(resumed, (e) => e.data.includes('"result"'));
    const result = JSON.parse(rest.at(-1)!.data) as { id: number; result: { content: Array<{ text: string }> } };
    expect(result.id).toBe(7);
    expect(result.result.content[0]?.text).toBe('counted 20');
    // Nothing already delivered is sent again, and nothing is lost: progress 2..20 follow.
    const progress = rest
      .filter((e) => e.data.includes('notifications/progress'))
      .map((e) => (JSON.parse(e.data) as { params: { progress: number } }).params.progress);
    expect(progress).toEqual(Array.from({ length: 19 }, (_, i) => i + 2));
  });
});

describe('a compliance report cut off mid-walk', () => {
  it('resumes with Last-Event-ID: the rest of the progress and the whole report arrive, nothing twice', async () => {
    // A real report over the sandbox, slow enough (latency per page) that the stream drops mid-walk.
    const sandbox = await startSandbox({ size: 1500, latencyMs: 40 });
    const logger = createLogger({ level: 'error', write: () => {} });
    const config = httpConfig({ httpToken: TOKEN });
    const api = apiFor(sandbox.url, sandbox.apiKey, logger);
    running = await runHttp(() => createServer({ config, api, logger, now: () => sandbox.now }), { config, logger });
    try {
      const auth = authHeaders();
      const first = await fetch(running.url, init(auth));
      await first.text();
      const headers = {
        ...MCP_HEADERS,
        ...auth,
        'Mcp-Session-Id': first.headers.get('mcp-session-id')!,
        'Mcp-Protocol-Version': PROTOCOL,
      };
      const post = (body: unknown) => fetch(running!.url, { method: 'POST', headers, body: JSON.stringify(body) });
      await (await post({ jsonrpc: '2.0', method: 'notifications/initialized' })).text();
      const call = await post({
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/call',
        params: {
          name: 'personnel_compliance_report',
          arguments: { employmentStatus: ['ALL_PERSONNEL'] },
          _meta: { progressToken: 'r' },
        },
      });
      const progressOf = (e: { data: string }) =>
        e.data.includes('notifications/progress') ? (JSON.parse(e.data) as { params: { progress: number } }).params.progress : undefined;
      // Drop the stream after the second page's progress notification.
      const seen = await readEvents(call, (e) => progressOf(e) === 2);
      const last = seen.at(-1)!;
      expect(last.id).toBeTruthy();

      const resumed = await resume(running.url, headers, last.id!);
      expect(resumed.status).toBe(200);
      const rest = await readEvents(resumed, (e) => e.data.includes('"result"'));
      const answer = JSON.parse(rest.at(-1)!.data) as {
        id: number;
        result: { isError?: boolean; structuredContent: { total: number; complete: boolean } };
      };
      expect(answer.id).toBe(9);
      expect(answer.result.isError).toBeFalsy();
      expect(answer.result.structuredContent).toMatchObject({ total: 1500, complete: true });
      // Progress goes on from 3: nothing delivered before the cut is sent again, nothing is lost.
      const progress = rest.map(progressOf).filter((p): p is number => p !== undefined);
      expect(progress[0]).toBe(3);
      expect(progress).toEqual(Array.from({ length: progress.length }, (_, i) => i + 3));
    } finally {
      await sandbox.close();
    }
  });
});

describe('slow and piled-up connections', () => {
  /** A raw socket; resolves when the server closes it, with what it answered. */
  const openSocket = (url: string) => {
    const { hostname, port } = new URL(url);
    const socket = connectSocket(Number(port), hostname);
    let answer = '';
    socket.on('data', (d: Buffer) => {
      answer += d.toString('utf8');
    });
    const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(answer)));
    socket.on('error', () => {});
    return { socket, closed };
  };

  it('cuts off a client that drips its headers past the header timeout', async () => {
    harness = await startToy({ headersTimeoutMs: 300 });
    const { socket, closed } = openSocket(harness.url);
    socket.write('POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Drip: a');
    const drip = setInterval(() => socket.writable && socket.write('a'), 50);
    const answer = await closed;
    clearInterval(drip);
    expect(answer).toMatch(/^HTTP\/1\.1 (400|408)/);
  });

  it('past MCP_MAX_CONNECTIONS closes the oldest connection with no request in progress', async () => {
    harness = await startToy({ env: { MCP_MAX_CONNECTIONS: '2' } });
    const held = [openSocket(harness.url), openSocket(harness.url)];
    for (const h of held) await new Promise((r) => h.socket.once('connect', r));
    await waitFor(() => harness!.running.connectionCount() === 2);
    // The third gets in: the oldest idle one (it sent nothing) is the one closed, without an answer.
    const third = openSocket(harness.url);
    expect(await held[0]!.closed).toBe('');
    third.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(await third.closed).toMatch(/^HTTP\/1\.1 200/);
    held[1]!.socket.destroy();
  });

  it('refuses a connection with 503 past MCP_MAX_CONNECTIONS when every one is serving a request', async () => {
    harness = await startToy({ env: { MCP_MAX_CONNECTIONS: '2' } });
    // Two open legacy SSE streams: both connections are busy for as long as the streams last.
    const streams = [await fetch(`${harness.base}/sse`), await fetch(`${harness.base}/sse`)];
    const third = openSocket(harness.url);
    expect(await third.closed).toMatch(/^HTTP\/1\.1 503/);
    for (const s of streams) await s.body?.cancel();
  });
});
