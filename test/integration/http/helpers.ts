/**
 * A small MCP server of our own (echo, a progress-reporting call, a confirmation through elicitation and a
 * call that only ends when cancelled) behind the real HTTP transport on loopback: the transport is tested
 * without depending on the Drata tools' details.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { type Config, validateSettings } from '../../../src/config.js';
import { parseHttpEnv } from '../../../src/config-http.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import { type HttpOptions, type RunningHttp, runHttp } from '../../../src/transports/http.js';

export const TOKEN = 'test-token-0123456789abcdefXYZ!';

/**
 * An HTTP config on an ephemeral loopback port. Without `httpToken` it uses the explicit insecure opt-out
 * (a trusted test setup); `env` gives the HTTP-only settings as the environment would.
 */
export function httpConfig(
  overrides: Partial<Config> = {},
  env: Record<string, string | undefined> = {},
): Config {
  const noAuth = overrides.httpToken === undefined && !('httpToken' in overrides);
  const http = parseHttpEnv({ ...(noAuth ? { MCP_HTTP_INSECURE_NO_AUTH: 'yes-i-understand' } : {}), ...env });
  return { ...validateSettings({ sandbox: true, transport: 'http', port: '0' }), http, ...overrides };
}

export interface ToyState {
  /** Signals of the `hang` calls, to check that shutdown cancels them. */
  hangSignals: AbortSignal[];
}

export function makeToyServer(state: ToyState = { hangSignals: [] }): McpServer {
  const server = new McpServer({ name: 'toy', version: '1.0.0' }, { capabilities: { logging: {} } });
  server.registerTool(
    'echo',
    { description: 'echo', inputSchema: z.object({ text: z.string() }) },
    async ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  server.registerTool(
    'count',
    { description: 'sends progress', inputSchema: z.object({ steps: z.number().int().min(1).max(20) }) },
    async ({ steps }, ctx) => {
      const token = ctx.mcpReq._meta?.progressToken;
      for (let i = 1; i <= steps; i++) {
        if (token !== undefined) {
          await ctx.mcpReq.notify({
            method: 'notifications/progress',
            params: { progressToken: token, progress: i, total: steps, message: `step ${i}` },
          });
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      return { content: [{ type: 'text', text: `counted ${steps}` }] };
    },
  );
  server.registerTool('confirm', { description: 'asks the user' }, async (ctx) => {
    const result = await ctx.mcpReq.send(
      {
        method: 'elicitation/create',
        params: {
          mode: 'form',
          message: 'Apply?',
          requestedSchema: {
            type: 'object',
            properties: { confirm: { type: 'boolean' } },
            required: ['confirm'],
          },
        },
      },
    );
    const ok = result.action === 'accept' && result.content?.confirm === true;
    return { content: [{ type: 'text', text: ok ? 'applied' : `not applied (${result.action})` }] };
  });
  server.registerTool(
    'sleep',
    { description: 'waits', inputSchema: z.object({ ms: z.number().int().min(0).max(10_000) }) },
    async ({ ms }) => {
      await new Promise((r) => setTimeout(r, ms));
      return { content: [{ type: 'text', text: `slept ${ms}` }] };
    },
  );
  server.registerTool('hang', { description: 'never ends unless cancelled' }, async (ctx) => {
    state.hangSignals.push(ctx.mcpReq.signal);
    await new Promise<void>((resolve) =>
      ctx.mcpReq.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    return { content: [{ type: 'text', text: 'cancelled' }] };
  });
  return server;
}

export interface Harness {
  running: RunningHttp;
  url: string;
  base: string;
  logs: string[];
  logger: Logger;
  state: ToyState;
}

export async function startToy(
  options: Partial<Omit<HttpOptions, 'config' | 'logger'>> & {
    config?: Partial<Config>;
    env?: Record<string, string | undefined>;
  } = {},
): Promise<Harness> {
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  const state: ToyState = { hangSignals: [] };
  const { config, env, ...rest } = options;
  const running = await runHttp(() => makeToyServer(state), {
    config: httpConfig(config, env),
    logger,
    ...rest,
  });
  return { running, url: running.url, base: running.url.replace(/\/mcp$/, ''), logs, logger, state };
}

export const authHeaders = (token = TOKEN): Record<string, string> => ({ Authorization: `Bearer ${token}` });

export async function connectStreamable(
  url: string,
  headers: Record<string, string> = {},
  capabilities: Record<string, unknown> = {},
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const client = new Client({ name: 'test', version: '1.0.0' }, { capabilities });
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } });
  await client.connect(transport);
  return { client, transport };
}

export async function connectSse(
  url: string,
  headers: Record<string, string> = {},
  capabilities: Record<string, unknown> = {},
): Promise<{ client: Client; transport: SSEClientTransport }> {
  const client = new Client({ name: 'test', version: '1.0.0' }, { capabilities });
  // requestInit headers go on both the GET stream and the POSTs.
  const transport = new SSEClientTransport(new URL(url), { requestInit: { headers } });
  await client.connect(transport);
  return { client, transport };
}

/** Answer every elicitation with `confirm: true`, recording the messages. */
export function acceptElicitation(client: Client, seen: string[] = []): string[] {
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    seen.push(String(request.params.message));
    return { action: 'accept', content: { confirm: true } };
  });
  return seen;
}

export const INIT_BODY = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1.0.0' } },
};

export const MCP_HEADERS = {
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
};

/** Initialize a session with plain fetch; returns its id (the SSE body is read to the end). */
export async function rawInitialize(url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...MCP_HEADERS, ...headers },
    body: JSON.stringify(INIT_BODY),
  });
  await res.text();
  const id = res.headers.get('mcp-session-id');
  if (res.status !== 200 || !id) throw new Error(`initialize failed: HTTP ${res.status}`);
  await fetch(url, {
    method: 'POST',
    headers: { ...MCP_HEADERS, ...headers, 'Mcp-Session-Id': id, 'Mcp-Protocol-Version': '2025-06-18' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  }).then((r) => r.text());
  return id;
}

export async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
