/** Raw JSON-RPC over stdio against the built binary: protocol errors, parse errors and log levels. */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../integration/http/helpers.js';
import { protocolErrorCases } from '../support/protocol-cases.js';
import { type RawSession, stdioSession } from '../support/raw-rpc.js';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../..', 'dist/index.js');

describe('raw JSON-RPC over stdio', () => {
  let s: RawSession & { stderr: () => string };
  beforeAll(async () => {
    s = await stdioSession(bin, ['--sandbox', '--sandbox-size', '50']);
  });
  afterAll(() => s.close());

  protocolErrorCases({ session: () => s, initialize: (body) => s.exchange(body, (body as { id: number }).id) });

  it('a line that is not JSON: -32700 with id null, logged on stderr; the session goes on', async () => {
    const answer = await s.exchange('{"jsonrpc": "2.0", "id": 5, "method": ', null);
    expect(answer.error?.code).toBe(-32700);
    expect(answer.error?.message).toMatch(/^Parse error: /);
    // stderr is another pipe: its line may arrive after the answer.
    await waitFor(() => /warning: stdin: Parse error: /.test(s.stderr()));
    const ping = await s.exchange({ jsonrpc: '2.0', id: 'after', method: 'ping' }, 'after');
    expect(ping.result).toEqual({});
  });

  it('a 10 MiB line: -32600 for that request id, logged with the real reason; the next request is answered', async () => {
    const huge = `{"jsonrpc":"2.0","id":"huge","method":"tools/call","params":{"name":"get_personnel","arguments":{"personnel":"${'a'.repeat(10 * 1024 * 1024)}"}}}`;
    const answer = await s.exchange(huge, 'huge');
    expect(answer.error?.code).toBe(-32600);
    expect(answer.error?.message).toMatch(/over the 4194304-byte limit and was skipped/);
    await waitFor(() => /warning: stdin: Invalid request: a message of \d+ bytes or more/.test(s.stderr()));
    const ping = await s.exchange({ jsonrpc: '2.0', id: 'after-huge', method: 'ping' }, 'after-huge');
    expect(ping.result).toEqual({});
    expect(s.stderr()).not.toMatch(/shutting down/);
  });

  it('JSON that is not a JSON-RPC message: -32600 with id null', async () => {
    const answer = await s.exchange('{"hello": "world"}', null);
    expect(answer.error?.code).toBe(-32600);
    expect(answer.error?.message).toMatch(/not a JSON-RPC 2\.0 message/);
  });

  it('sends log messages only at the client level: none below info before logging/setLevel, debug after', async () => {
    const logLevels = () =>
      s.notifications.filter((n) => n.method === 'notifications/message').map((n) => n.params?.level);
    const callGet = (id: string) =>
      s.exchange(
        { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'get_personnel', arguments: { personnel: 12 } } },
        id,
      );
    await callGet('before');
    await s.exchange({ jsonrpc: '2.0', id: 'ping1', method: 'ping' }, 'ping1');
    expect(logLevels()).not.toContain('debug');
    const set = await s.exchange(
      { jsonrpc: '2.0', id: 'lvl', method: 'logging/setLevel', params: { level: 'debug' } },
      'lvl',
    );
    expect(set.result).toEqual({});
    await callGet('after');
    await s.exchange({ jsonrpc: '2.0', id: 'ping2', method: 'ping' }, 'ping2');
    expect(logLevels()).toContain('debug');
  });
});
