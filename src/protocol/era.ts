/**
 * Which protocol era a request belongs to, and what its client can do. A 2025-era request rides a session
 * whose capabilities came with `initialize`; a 2026-07-28 request carries them itself in the per-request
 * `_meta` envelope (the SDK lifts the reserved keys into `ctx.mcpReq.envelope`).
 */
import {
  CLIENT_CAPABILITIES_META_KEY,
  CLIENT_INFO_META_KEY,
  type ClientCapabilities,
  type McpServer,
  PROTOCOL_VERSION_META_KEY,
  type ServerContext,
} from '@modelcontextprotocol/server';

const envelopeOf = (ctx: ServerContext): Record<string, unknown> =>
  (ctx.mcpReq.envelope ?? {}) as Record<string, unknown>;

/** True for a 2026-07-28 request (it named its protocol version in `_meta`). */
export const isModernRequest = (ctx: ServerContext): boolean =>
  typeof envelopeOf(ctx)[PROTOCOL_VERSION_META_KEY] === 'string';

/** The capabilities of the client that sent this request, whichever era it speaks. */
export function clientCapabilities(server: McpServer, ctx: ServerContext): ClientCapabilities | undefined {
  if (isModernRequest(ctx)) return envelopeOf(ctx)[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
  return server.server.getClientCapabilities();
}

/** The name and version the client gave (`initialize` in 2025, the `_meta` envelope in 2026-07-28). */
export function clientInfo(server: McpServer, ctx: ServerContext): { name?: string; version?: string } {
  const info = (
    isModernRequest(ctx) ? envelopeOf(ctx)[CLIENT_INFO_META_KEY] : server.server.getClientVersion()
  ) as { name?: unknown; version?: unknown } | undefined;
  return {
    ...(typeof info?.name === 'string' ? { name: info.name } : {}),
    ...(typeof info?.version === 'string' ? { version: info.version } : {}),
  };
}
