/** Set-up shared by the HTTP test files (next to helpers.ts, which holds the toy server and clients). */
import { afterEach } from 'vitest';
import { MCP_HEADERS } from './helpers.js';

/**
 * After each test, close what the getters return (the file's `let harness` …), each server once: a test
 * that starts none leaves the one already closed alone.
 */
export function closeAfterEach(...open: Array<() => { close(): Promise<void> } | undefined>): void {
  const closed = new WeakSet<object>();
  afterEach(async () => {
    for (const get of open) {
      const server = get();
      if (!server || closed.has(server)) continue;
      closed.add(server);
      await server.close();
    }
  });
}

/** A ping on an existing Streamable HTTP session, by raw fetch: the status says whether the session lives. */
export function pingSession(url: string, sessionId: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { ...MCP_HEADERS, 'Mcp-Session-Id': sessionId, 'Mcp-Protocol-Version': '2025-06-18' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
  });
}
