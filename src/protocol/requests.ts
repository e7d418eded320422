/**
 * Request params checked before the SDK sees them. The SDK parses each request with its zod schema and,
 * when that fails, answers -32603 with the whole zod issue list as the message; a malformed request is the
 * client's mistake (-32602, invalid params), told in one line. Requests that pass go on untouched.
 */
import { ClientRequestSchema } from '@modelcontextprotocol/core';
import { isJSONRPCRequest, ProtocolErrorCode } from '@modelcontextprotocol/server';
import type { McpServer, Transport, JSONRPCMessage } from '@modelcontextprotocol/server';
import { oneLine } from './issues.js';
import { legacyResourceErrors } from './resource-errors.js';

type RequestSchema = (typeof ClientRequestSchema.options)[number];

const SCHEMAS: ReadonlyMap<string, RequestSchema> = new Map(
  ClientRequestSchema.options.map((schema) => [schema.shape.method.value as string, schema] as const),
);

/** The one-line -32602 answer for a request whose params do not fit the method's schema, if they do not. */
export function checkRequest(message: JSONRPCMessage): JSONRPCMessage | undefined {
  if (!isJSONRPCRequest(message)) return undefined;
  const schema = SCHEMAS.get(message.method);
  if (!schema) return undefined; // unknown methods get the SDK's own -32601
  const parsed = schema.safeParse(message);
  if (parsed.success) return undefined;
  return {
    jsonrpc: '2.0',
    id: message.id,
    error: { code: ProtocolErrorCode.InvalidParams, message: `Invalid params for ${message.method}: ${oneLine(parsed.error.issues)}` },
  };
}

/** Answers malformed requests on `transport` itself; call after `server.connect(transport)`. */
export function guardRequests(transport: Transport): void {
  const forward = transport.onmessage;
  transport.onmessage = (message, extra) => {
    const error = checkRequest(message);
    if (error) {
      void transport.send(error).catch(() => {});
      return;
    }
    forward?.(message, extra);
  };
}

/**
 * Every transport `server` connects to is guarded (stdio and each HTTP session alike), and answers a missing
 * resource with its era's code (resource-errors.ts). Only 2025-era servers are guarded.
 */
export function guardServer(server: McpServer): void {
  const connect = server.connect.bind(server);
  server.connect = async (transport) => {
    await connect(transport);
    guardRequests(transport);
    legacyResourceErrors(transport);
  };
}

/**
 * The answer to an `initialize` whose params are malformed, for a transport that must decide before the
 * SDK sees it (Streamable HTTP opens a session only for a valid initialize); undefined for anything else.
 */
export function invalidInitialize(body: unknown): JSONRPCMessage | undefined {
  const message = body as { method?: unknown } | null;
  if (typeof message !== 'object' || message === null || message.method !== 'initialize') return undefined;
  return checkRequest(body as JSONRPCMessage);
}
