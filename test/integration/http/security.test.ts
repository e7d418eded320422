/**
 * The HTTP gate over real loopback sockets: Host and Origin checks (DNS rebinding), bearer token, body
 * limits, malformed input, refusing an unsafe bind, and the token never reaching a log line.
 */
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { runHttp } from '../../../src/transports/http.js';
import {
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
} from './helpers.js';
import { closeAfterEach } from './setup.js';

let harness: Harness | undefined;
closeAfterEach(() => harness?.running);

/** node:http, because fetch does not let a caller set Host. */
function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const initRequest = (url: string, headers: Record<string, string>) =>
  rawRequest(url, {
    method: 'POST',
    headers: { ...MCP_HEADERS, ...headers },
    body: JSON.stringify(INIT_BODY),
  });

describe('Host header (DNS rebinding)', () => {
  it('refuses a foreign Host with 403 on every endpoint, token or not', async () => {
    harness = await startToy({ config: { httpToken: TOKEN } });
    const port = new URL(harness.url).port;
    for (const host of [
      `evil.example.com:${port}`,
      'evil.example.com',
      `127.0.0.1.nip.io:${port}`,
      'localhost@evil.test',
    ]) {
      const res = await initRequest(harness.url, { ...authHeaders(), Host: host });
      expect(res.status, `Host: ${host}`).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 }, id: null });
    }
    const sse = await rawRequest(`${harness.base}/sse`, {
      headers: { ...authHeaders(), Host: 'evil.example.com' },
    });
    expect(sse.status).toBe(403);
    const health = await rawRequest(`${harness.base}/healthz`, { headers: { Host: 'evil.example.com' } });
    expect(health.status).toBe(403);
    // No Host at all (HTTP/1.0).
    const net = await import('node:net');
    const reply = await new Promise<string>((resolve, reject) => {
      let data = '';
      const socket = net.connect(Number(port), '127.0.0.1', () =>
        socket.write('GET /healthz HTTP/1.0\r\n\r\n'),
      );
      socket.on('data', (c) => {
        data += c.toString();
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 403/);
    expect(harness.running.sessionCount()).toBe(0);
  });

  it('accepts the loopback names on a loopback bind, and MCP_ALLOWED_HOSTS entries', async () => {
    harness = await startToy({ env: { MCP_ALLOWED_HOSTS: 'mcp.internal.test, proxy.test:8443' } });
    const port = new URL(harness.url).port;
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      'LOCALHOST',
      'mcp.internal.test',
      'proxy.test:8443',
    ]) {
      const res = await initRequest(harness.url, { Host: host });
      expect(res.status, `Host: ${host}`).toBe(200);
    }
    const wrongPort = await initRequest(harness.url, { Host: 'proxy.test:9999' });
    expect(wrongPort.status).toBe(403);
  });
});

describe('Origin header', () => {
  it('refuses a foreign Origin with 403, even with a valid Host and token', async () => {
    harness = await startToy({ config: { httpToken: TOKEN } });
    for (const origin of ['http://evil.example.com', 'https://attacker.test:443', 'null', 'not a url']) {
      const res = await initRequest(harness.url, { ...authHeaders(), Origin: origin });
      expect(res.status, `Origin: ${origin}`).toBe(403);
    }
    const sse = await rawRequest(`${harness.base}/sse`, {
      headers: { ...authHeaders(), Origin: 'http://evil.example.com', Accept: 'text/event-stream' },
    });
    expect(sse.status).toBe(403);
    expect(harness.running.sessionCount()).toBe(0);
  });

  it('refuses pages on other loopback ports by default (a local dev server is any web page)', async () => {
    harness = await startToy({ config: { httpToken: TOKEN } });
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:5173', 'http://[::1]:6274']) {
      const res = await initRequest(harness.url, { Origin: origin, ...authHeaders() });
      expect(res.status, `Origin: ${origin}`).toBe(403);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.body).toMatch(/MCP_ALLOWED_ORIGINS/);
    }
  });

  it('accepts listed origins, and lets them read the session id (CORS)', async () => {
    harness = await startToy({
      env: { MCP_ALLOWED_ORIGINS: 'https://app.example.com,http://localhost:6274' },
    });
    for (const origin of ['http://localhost:6274', 'https://app.example.com']) {
      const res = await initRequest(harness.url, { Origin: origin });
      expect(res.status, `Origin: ${origin}`).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(String(res.headers['access-control-expose-headers'])).toMatch(/Mcp-Session-Id/);
    }
    const preflight = await rawRequest(harness.url, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(String(preflight.headers['access-control-allow-headers'])).toMatch(/Authorization/);
    const foreign = await rawRequest(harness.url, {
      method: 'OPTIONS',
      headers: { Origin: 'https://other.example.com' },
    });
    expect(foreign.status).toBe(403);
  });
});

describe('bearer token', () => {
  it('answers 401 with WWW-Authenticate: Bearer when the token is missing or wrong', async () => {
    harness = await startToy({ config: { httpToken: TOKEN } });
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['missing', {}, /^Bearer realm="drata-personnel-mcp"$/],
      ['wrong', authHeaders('x'.repeat(TOKEN.length)), /error="invalid_token"/],
      ['shorter', authHeaders(TOKEN.slice(0, -1)), /error="invalid_token"/],
      ['longer', authHeaders(`${TOKEN}x`), /error="invalid_token"/],
      [
        'basic scheme',
        { Authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}` },
        /invalid_token/,
      ],
      ['bare token', { Authorization: TOKEN }, /invalid_token/],
    ];
    for (const [name, headers, challenge] of cases) {
      const res = await initRequest(harness.url, headers);
      expect(res.status, name).toBe(401);
      expect(res.headers['www-authenticate'], name).toMatch(challenge);
      expect(res.body, name).not.toContain(TOKEN);
    }
    for (const path of ['/sse', `/messages?sessionId=${crypto.randomUUID()}`]) {
      const res = await rawRequest(`${harness.base}${path}`, { method: path === '/sse' ? 'GET' : 'POST' });
      expect(res.status, path).toBe(401);
    }
    expect(harness.running.sessionCount()).toBe(0);
  });

  it('serves both transports with the right token (scheme case-insensitive)', async () => {
    harness = await startToy({ config: { httpToken: TOKEN } });
    const ok = await initRequest(harness.url, { Authorization: `bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    const streamable = await connectStreamable(harness.url, authHeaders());
    expect((await streamable.client.listTools()).tools.length).toBeGreaterThan(0);
    const sse = await connectSse(`${harness.base}/sse`, authHeaders());
    expect((await sse.client.listTools()).tools.length).toBeGreaterThan(0);
    await streamable.client.close();
    await sse.client.close();
  });

  it('needs the token on every request of a session, not only the first', async () => {
    harness = await startToy({ config: { httpToken: TOKEN } });
    const id = await rawInitialize(harness.url, authHeaders());
    const res = await rawRequest(harness.url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'Mcp-Session-Id': id, 'Mcp-Protocol-Version': '2025-06-18' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(res.status).toBe(401);
  });

  it('keeps /healthz open and free of anything sensitive', async () => {
    harness = await startToy({ config: { httpToken: TOKEN } });
    const res = await fetch(`${harness.base}/healthz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['sessions', 'status', 'version']);
    expect(body).toMatchObject({ status: 'ok', sessions: 0 });
    expect(JSON.stringify(body)).not.toContain(TOKEN);
  });

  it('never logs the token', async () => {
    harness = await startToy({ config: { httpToken: TOKEN } });
    await initRequest(harness.url, authHeaders());
    await initRequest(harness.url, authHeaders('wrong-token-wrong-token'));
    await initRequest(harness.url, {});
    const { client } = await connectStreamable(harness.url, authHeaders());
    await client.callTool({ name: 'echo', arguments: { text: `please log ${TOKEN}` } });
    harness.logger.info(`a careless line with ${TOKEN}`);
    await client.close();
    const all = harness.logs.join('');
    expect(all).toContain('refused a request');
    expect(all).not.toContain(TOKEN);
  });
});

describe('request bodies', () => {
  it('answers 413 to a body over the limit, declared or streamed', async () => {
    harness = await startToy({ maxBodyBytes: 64 * 1024 });
    const big = JSON.stringify({ ...INIT_BODY, padding: 'x'.repeat(200 * 1024) });
    const declared = await fetch(harness.url, { method: 'POST', headers: MCP_HEADERS, body: big });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32600 } });
    // Chunked, no Content-Length: cut off while streaming.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(16 * 1024)));
        controller.close();
      },
    });
    const streamed = await fetch(harness.url, {
      method: 'POST',
      headers: MCP_HEADERS,
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    await streamed.body?.cancel();
    const messages = await fetch(`${harness.base}/messages?sessionId=${crypto.randomUUID()}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: big,
    });
    expect(messages.status).toBe(404); // unknown session is answered before the body is read
    // The server is still fine.
    expect((await fetch(`${harness.base}/healthz`)).status).toBe(200);
  });

  it('uses a 1 MiB limit by default', async () => {
    harness = await startToy();
    const padded = (n: number) =>
      JSON.stringify({
        ...INIT_BODY,
        params: {
          ...INIT_BODY.params,
          capabilities: { experimental: { padding: { value: 'x'.repeat(n) } } },
        },
      });
    const justUnder = padded(1024 * 1024 - 400);
    expect(Buffer.byteLength(justUnder)).toBeLessThanOrEqual(1024 * 1024);
    expect((await fetch(harness.url, { method: 'POST', headers: MCP_HEADERS, body: justUnder })).status).toBe(
      200,
    );
    const over = padded(1024 * 1024);
    expect((await fetch(harness.url, { method: 'POST', headers: MCP_HEADERS, body: over })).status).toBe(413);
  });

  it('answers garbage with a JSON-RPC parse error (400, -32700) on both transports', async () => {
    harness = await startToy();
    for (const body of ['{not json', '', '\u0000\u0001', '{"jsonrpc":"2.0",']) {
      const res = await fetch(harness.url, { method: 'POST', headers: MCP_HEADERS, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await res.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 }, id: null });
    }
    const id = await rawInitialize(harness.url);
    const inSession = await fetch(harness.url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'Mcp-Session-Id': id, 'Mcp-Protocol-Version': '2025-06-18' },
      body: '[{"jsonrpc":',
    });
    expect(inSession.status).toBe(400);
    expect(await inSession.json()).toMatchObject({ error: { code: -32700 } });
    // Valid JSON that is not JSON-RPC: the SDK's own 400.
    const notRpc = await fetch(harness.url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, 'Mcp-Session-Id': id, 'Mcp-Protocol-Version': '2025-06-18' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(notRpc.status).toBe(400);
    await notRpc.body?.cancel();

    const sse = await connectSse(`${harness.base}/sse`);
    const sseId = (sse.transport as unknown as { _endpoint?: URL })._endpoint?.searchParams.get('sessionId');
    expect(sseId).toBeTruthy();
    const garbage = await fetch(`${harness.base}/messages?sessionId=${sseId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{oops',
    });
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ error: { code: -32700 } });
    // The session survived all of it.
    expect((await sse.client.listTools()).tools.length).toBeGreaterThan(0);
    await sse.client.close();
  });

  it('survives a client that hangs up mid-body and malformed HTTP', async () => {
    harness = await startToy();
    const { port } = new URL(harness.url);
    const net = await import('node:net');
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        socket.write(
          `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"jsonrpc":`,
        );
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      socket.on('data', () => {});
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });
    expect((await fetch(`${harness.base}/healthz`)).status).toBe(200);
  });
});

describe('binding', () => {
  it('refuses a non-loopback bind without a token, with a clear error', async () => {
    const config = { ...httpConfig({ httpToken: undefined }), host: '0.0.0.0' };
    const attempt = runHttp(() => makeToyServer(), {
      config,
      logger: createLogger({ write: () => {} }),
    });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(
      /MCP_HTTP_TOKEN is required to listen on the non-loopback address 0\.0\.0\.0/,
    );
  });

  it('refuses a token shorter than 16 characters', async () => {
    const config = httpConfig({ httpToken: 'short' });
    await expect(
      runHttp(() => makeToyServer(), { config, logger: createLogger({ write: () => {} }) }),
    ).rejects.toThrow(/at least 16 characters/);
  });

  it('refuses malformed HTTP settings in the environment', async () => {
    for (const env of [
      { MCP_MAX_SESSIONS: 'lots' },
      { MCP_ALLOWED_ORIGINS: 'https://a.test/path' },
      { MCP_SESSION_IDLE_SECONDS: '0' },
    ]) {
      expect(() => httpConfig({}, env)).toThrow(ConfigError);
    }
  });

  it('reports a port already in use clearly', async () => {
    harness = await startToy();
    const port = Number(new URL(harness.url).port);
    await expect(
      runHttp(() => makeToyServer(), {
        config: httpConfig({ port }),
        logger: createLogger({ write: () => {} }),
      }),
    ).rejects.toThrow(/already in use/);
  });

  it('logs a parseable listening line with the real port', async () => {
    harness = await startToy();
    const line = harness.logs.find((l) => l.includes('listening on'));
    expect(line).toMatch(/^\[drata-personnel-mcp\] info: listening on http:\/\/127\.0\.0\.1:\d+\/mcp\n$/);
    expect(line).toContain(harness.url);
  });
});
