/**
 * MCP_HTTP_STATELESS: the 2025-era Streamable HTTP leg without sessions, on the real HTTP transport. No
 * Mcp-Session-Id is issued; a request carrying one from another process (a replica switch, a restart) is
 * served, not answered 404; progress streams on the call; GET answers 405; 2026-07-28 requests still go to
 * their own stateless leg.
 */
import { afterEach, expect, it } from 'vitest';
import { parseSharedEnv } from '../../../src/config-shared.js';
import { connectStreamable, type Harness, startToy } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.running.close();
  h = undefined;
});

const start = async () => {
  h = await startToy({ config: { shared: parseSharedEnv({ MCP_HTTP_STATELESS: 'true' }) } });
  return h;
};
const rpc = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });

it('issues no session, serves a request that names an unknown session, streams progress', async () => {
  const { url } = await start();
  const init = await rpc(url, {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });
  expect(init.status).toBe(200);
  expect(init.headers.get('mcp-session-id')).toBeNull();
  await init.text();
  const headers = { 'mcp-session-id': 'a-session-of-a-process-that-is-gone', 'mcp-protocol-version': '2025-11-25' };
  const listed = await rpc(url, { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }, headers);
  expect(listed.status).toBe(200);
  expect(await listed.text()).toContain('"echo"');

  const { client } = await connectStreamable(url);
  const seen: number[] = [];
  const r = await client.callTool({ name: 'count', arguments: { steps: 3 } }, undefined, { onprogress: (p) => seen.push(p.progress) });
  expect(r.content).toEqual([{ type: 'text', text: 'counted 3' }]);
  expect(seen).toEqual([1, 2, 3]);
  await client.close();
});

it('answers GET with 405 (no standalone stream without a session)', async () => {
  const { url } = await start();
  const res = await fetch(url, { headers: { accept: 'text/event-stream' } });
  expect(res.status).toBe(405);
  await res.text();
});
