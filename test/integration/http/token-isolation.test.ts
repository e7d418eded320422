/**
 * The client's MCP token stays at the HTTP front door: the real server (createServer + Drata client) behind
 * runHttp with MCP_HTTP_TOKEN, talking to the sandbox through a recording proxy that keeps every upstream
 * request's headers. Drata only ever sees its own API key.
 */
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSettings } from '../../../src/config.js';
import { DrataClient } from '../../../src/drata/client.js';
import { createPersonnelApi } from '../../../src/drata/personnel.js';
import { createLogger } from '../../../src/logger.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { createServer } from '../../../src/server.js';
import { type RunningHttp, runHttp } from '../../../src/transports/http.js';
import { acceptElicitation, authHeaders, connectSse, connectStreamable, TOKEN } from './helpers.js';

let sandbox: Sandbox;
let proxy: Server;
let running: RunningHttp;
const seen: Array<{ method: string; url: string; headers: Record<string, string | string[] | undefined> }> =
  [];
const logs: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ size: 30 });
  const upstream = new URL(sandbox.url);
  proxy = createHttpServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers } });
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  const config = {
    ...validateSettings({ apiKey: sandbox.apiKey, baseUrl: proxyUrl, transport: 'http', port: '0' }),
    httpToken: TOKEN,
  };
  const logger = createLogger({ level: 'debug', secrets: [config.apiKey], write: (l) => logs.push(l) });
  const api = createPersonnelApi(new DrataClient({ apiKey: sandbox.apiKey, baseUrl: proxyUrl, logger }));
  const sandboxNow = sandbox.now;
  running = await runHttp(
    () => createServer({ config, api, logger, now: () => new Date(sandboxNow.getTime()) }),
    {
      config,
      logger,
    },
  );
});

afterAll(async () => {
  await running?.close();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  await sandbox?.close();
});

describe('the MCP token is never forwarded to Drata', () => {
  it('reads and writes over both transports reach Drata with its own key only', async () => {
    const streamable = await connectStreamable(running.url, authHeaders(), { elicitation: {} });
    acceptElicitation(streamable.client);
    const listed = (await streamable.client.callTool({
      name: 'list_personnel',
      arguments: { limit: 3 },
    })) as CallToolResult;
    expect(listed.isError).toBeFalsy();
    const person = sandbox.org.people[0];
    expect(person).toBeDefined();
    const id = String(person?.id);
    const got = (await streamable.client.callTool({
      name: 'get_personnel',
      arguments: { personnel: id },
    })) as CallToolResult;
    expect(got.isError).toBeFalsy();
    const updated = (await streamable.client.callTool({
      name: 'update_personnel',
      arguments: { personnel: id, startedAt: '2019-05-06' },
    })) as CallToolResult;
    expect(updated.isError).toBeFalsy();
    await streamable.client.close();

    const sse = await connectSse(running.url.replace(/\/mcp$/, '/sse'), authHeaders());
    expect(
      ((await sse.client.callTool({ name: 'list_personnel', arguments: {} })) as CallToolResult).isError,
    ).toBeFalsy();
    await sse.client.close();

    expect(seen.length).toBeGreaterThan(3);
    expect(seen.some((r) => r.method === 'PUT' || r.method === 'POST')).toBe(true);
    for (const request of seen) {
      expect(request.headers.authorization).toBe(`Bearer ${sandbox.apiKey}`);
      expect(JSON.stringify(request.headers)).not.toContain(TOKEN);
      expect(request.url).not.toContain(TOKEN);
    }
    expect(sandbox.stats.responses['401'] ?? 0).toBe(0);
    expect(logs.join('')).not.toContain(TOKEN);
  });
});
