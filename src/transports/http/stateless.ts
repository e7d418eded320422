/**
 * The 2025-era Streamable HTTP leg without sessions (MCP_HTTP_STATELESS, on by default with REDIS_URL): every
 * POST is served by a fresh server and a session-less SDK transport, so any replica answers any request and a
 * restart loses nothing a client needs; a client that still sends an Mcp-Session-Id (from a stateful replica or
 * an earlier process) is served too instead of meeting `-32001 Session not found`. Progress notifications go
 * on the call's own response stream as usual. Not available here: elicitation (its answer is a new POST that
 * may reach another replica), so writes are approved with approval tokens, whose single use the shared state
 * guarantees; the standalone GET stream and resumption with Last-Event-ID (405).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { AuthInfo } from '@modelcontextprotocol/server';
import { principalOfAuth } from '../../auth/principal.js';
import type { ServerFactory } from '../../server.js';
import { sendRpcError } from './body.js';

export type StatelessLegacy = (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void>;

export function statelessLegacy(makeServer: ServerFactory, maxBodyBytes: number): StatelessLegacy {
  return async (req, res, body) => {
    if (req.method !== 'POST') {
      // Nothing to stream to or end without a session: say so, as the spec allows (405).
      sendRpcError(res, 405, -32000, 'Method not allowed: this server runs without sessions.', { Allow: 'POST' });
      return;
    }
    // The session id a client may still send is not ours to check: no session is kept anywhere.
    delete req.headers['mcp-session-id'];
    // The principal the gate admitted (req.auth), as on every other leg: scopes, approvals and audit are its.
    const server = makeServer({ era: 'legacy', principal: principalOfAuth((req as IncomingMessage & { auth?: AuthInfo }).auth) });
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      maxRequestBodySize: maxBodyBytes,
    });
    res.once('close', () => {
      void transport.close().catch(() => {});
      void server.close().catch(() => {});
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };
}
