/**
 * Connection hygiene over real loopback sockets: oversized headers get 431, a socket that times out is
 * destroyed (not half-closed), 520 half-open sockets do not lock a legitimate client out, and one principal
 * holding 100 streams does not keep another principal out (two static tokens = two principals).
 */
import { connect as netConnect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { authHeaders, type Harness, INIT_BODY, MCP_HEADERS, rawInitialize, startToy, TOKEN, waitFor } from './helpers.js';
import { closeAfterEach } from './setup.js';

let harness: Harness | undefined;
const sockets: Socket[] = [];
/** Open GET streams: held here, or the collector could close them under load and free their sessions. */
const streams: Response[] = [];
closeAfterEach(() => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const r of streams.splice(0)) void r.body?.cancel().catch(() => {});
  return harness?.running;
});

const TOKEN_B = 'second-token-abcdefghijklmnop-0123';

/** A raw TCP connection to the server that sends `data` and keeps what comes back. */
function rawSocket(h: Harness, data: string, options: { read?: boolean } = {}) {
  const { port } = new URL(h.url);
  const socket = netConnect({ host: '127.0.0.1', port: Number(port), allowHalfOpen: true });
  sockets.push(socket);
  const state = { received: '', ended: false, closed: false };
  socket.on('error', () => {});
  socket.on('end', () => (state.ended = true));
  socket.on('close', () => (state.closed = true));
  if (options.read === false) socket.pause();
  else socket.on('data', (c: Buffer) => (state.received += c.toString('latin1')));
  socket.write(data);
  return { socket, state };
}

const health = (h: Harness) => fetch(`${h.base}/healthz`).then(async (r) => ({ status: r.status, body: await r.text() }));

describe('misbehaving sockets', () => {
  it('answers 431 to a 20 KB header and closes the connection', async () => {
    harness = await startToy({ config: { httpToken: TOKEN } });
    const big = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(20 * 1024)}\r\n\r\n`;
    const { state } = rawSocket(harness, big);
    await waitFor(() => state.ended, 10_000);
    expect(state.received).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    // The server destroyed its side: the connection is gone from its table, not half-open.
    await waitFor(() => harness!.running.connectionCount() === 0, 10_000);
  });

  it('destroys a socket whose headers never complete, even when the peer never reads', async () => {
    harness = await startToy({ config: { httpToken: TOKEN }, headersTimeoutMs: 300 });
    for (let i = 0; i < 5; i++) rawSocket(harness, 'POST /mcp HT', { read: false });
    await waitFor(() => harness!.running.connectionCount() === 5, 10_000);
    // A half-close (socket.end) would keep all five: these peers never close their side.
    await waitFor(() => harness!.running.connectionCount() === 0, 15_000);
    expect((await health(harness)).status).toBe(200);
  });

  it('520 half-open sockets (half a request line, never read): a legitimate client gets in within 15 s', async () => {
    harness = await startToy({ config: { httpToken: TOKEN } });
    for (let i = 0; i < 520; i++) rawSocket(harness, 'POST /mcp HTTP/1.', { read: false });
    // Every attacking socket has reached the server (the caps keep at most 256 of one address open).
    await waitFor(() => sockets.every((s) => s.bytesWritten > 0 && !s.connecting), 15_000);
    const started = Date.now();
    let sessionId: string | undefined;
    let attempts = 0;
    while (sessionId === undefined && attempts < 60 && Date.now() - started < 15_000) {
      attempts += 1;
      sessionId = await rawInitialize(harness.url, authHeaders()).catch(() => undefined);
      if (sessionId === undefined) await new Promise((r) => setTimeout(r, 250));
    }
    expect(sessionId).toBeDefined();
    expect(harness.running.connectionCount()).toBeLessThanOrEqual(512);
  }, 40_000);
});

/** Open a session for `token` and hold its GET stream open; the status of the initialize. */
async function holdStream(h: Harness, token: string): Promise<number> {
  const res = await fetch(h.url, { method: 'POST', headers: { ...MCP_HEADERS, ...authHeaders(token) }, body: JSON.stringify(INIT_BODY) });
  await res.text();
  const id = res.headers.get('mcp-session-id');
  if (res.status !== 200 || !id) return res.status;
  const headers = { ...authHeaders(token), 'Mcp-Session-Id': id, 'Mcp-Protocol-Version': '2025-06-18' };
  await fetch(h.url, {
    method: 'POST',
    headers: { ...MCP_HEADERS, ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  }).then((r) => r.text());
  const stream = await fetch(h.url, { headers: { ...headers, Accept: 'text/event-stream' } });
  streams.push(stream);
  return stream.status;
}

describe('session quota per principal', () => {
  const tokens = { httpToken: `${TOKEN},${TOKEN_B}` };

  it('MCP_MAX_SESSIONS_PER_PRINCIPAL=50: one token opening 100 held streams gets 50 and 429s; the other gets in', async () => {
    harness = await startToy({ config: tokens, env: { MCP_MAX_SESSIONS_PER_PRINCIPAL: '50' } });
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) statuses.push(await holdStream(harness, TOKEN));
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50);
    expect(harness.running.sessionCount()).toBe(50);
    expect(await rawInitialize(harness.url, authHeaders(TOKEN_B))).toMatch(/\S/);
    expect(harness.logs.join('\n')).toMatch(/at its session quota/);
  }, 60_000);

  it('by default (quota = the table), 100 held streams of one token still leave room for the other', async () => {
    harness = await startToy({ config: tokens });
    for (let i = 0; i < 100; i++) expect(await holdStream(harness, TOKEN)).toBe(200);
    expect(harness.running.sessionCount()).toBe(100);
    // The table is full of busy sessions: the biggest holder gives up its least recently used one.
    expect(await holdStream(harness, TOKEN_B)).toBe(200);
    expect(harness.running.sessionCount()).toBe(100);
    // The holder itself gets no more than it has: it is refused, not served at the other's expense.
    expect(await holdStream(harness, TOKEN)).toBe(503);
  }, 60_000);
});
