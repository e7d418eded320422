/**
 * Raw JSON-RPC over Streamable HTTP against the real server (the Drata tools over the sandbox): the same
 * protocol-error cases as over stdio, malformed JSON, and log messages at the client's level.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index.js';
import { createServer } from '../../../src/server.js';
import { type RunningHttp, runHttp } from '../../../src/transports/http.js';
import { protocolErrorCases } from '../../support/protocol-cases.js';
import { httpPost, httpSession, type RawSession } from '../../support/raw-rpc.js';
import { apiFor } from '../../support/server.js';
import { authHeaders, connectStreamable, httpConfig, TOKEN, waitFor } from './helpers.js';

describe('raw JSON-RPC over Streamable HTTP', () => {
  let sandbox: Sandbox;
  let running: RunningHttp;
  let session: RawSession;
  beforeAll(async () => {
    sandbox = await startSandbox({ size: 50 });
    const logger = createLogger({ level: 'info', write: () => {} });
    const config = httpConfig({ httpToken: TOKEN });
    const api = apiFor(sandbox.url, sandbox.apiKey, logger);
    running = await runHttp(() => createServer({ config, api, logger }), { config, logger });
    session = await httpSession(running.url, authHeaders());
  });
  afterAll(async () => {
    await session.close();
    await running.close();
    await sandbox.close();
  });

  protocolErrorCases({
    session: () => session,
    initialize: async (body) => {
      const { messages, status } = await httpPost(running.url, body, authHeaders());
      const answer = messages[0];
      if (!answer) throw new Error(`HTTP ${status} without a JSON-RPC answer`);
      return answer;
    },
  });

  it('a body that is not JSON: -32700', async () => {
    const { messages } = await httpPost(running.url, '{"jsonrpc": "2.0", "id": ', authHeaders());
    expect(messages[0]?.error?.code).toBe(-32700);
    expect(messages[0]?.error?.message).not.toMatch(/\n/);
  });

  it('sends log messages only at the client level: none below info until it asks for debug', async () => {
    const { client } = await connectStreamable(running.url, authHeaders());
    const levels: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      levels.push(n.params.level);
    });
    try {
      await get(client);
      // A warning of our own marks the point every earlier notification has arrived by.
      await client.callTool({ name: 'get_personnel', arguments: { personnel: 999999 } });
      await waitFor(() => levels.includes('warning'));
      expect(levels).not.toContain('debug');
      await client.setLoggingLevel('debug');
      await get(client);
      await waitFor(() => levels.includes('debug'));
    } finally {
      await client.close();
    }
  });
});

const get = (client: Client) => client.callTool({ name: 'get_personnel', arguments: { personnel: 12 } });
