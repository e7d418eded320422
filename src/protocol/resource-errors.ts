/**
 * Resource-not-found by era. SDK v2 puts every "resource not found" on the wire as -32602 with `data.uri`
 * (the 2026-07-28 code) on both eras; 2025-era clients expect the code of their revision, -32002. On a
 * 2025-era connection this rewrites the answer to a `resources/read` that carries `data.uri` back to -32002;
 * 2026-07-28 connections are left alone.
 */
import { isJSONRPCErrorResponse, isJSONRPCRequest, ProtocolErrorCode } from '@modelcontextprotocol/server';
import type { JSONRPCMessage, RequestId, Transport } from '@modelcontextprotocol/server';

/** The 2025-era code for a missing resource (MCP 2025-11-25, "Resource not found"). */
export const RESOURCE_NOT_FOUND_2025 = -32002;

/** Call after `server.connect(transport)` on a 2025-era connection (it chains the SDK's handlers). */
export function legacyResourceErrors(transport: Transport): void {
  const reads = new Set<RequestId>();
  const forward = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if (isJSONRPCRequest(message) && message.method === 'resources/read') reads.add(message.id);
    forward?.(message, extra);
  };
  const send = transport.send.bind(transport);
  transport.send = (message: JSONRPCMessage, options?: Parameters<typeof send>[1]) => {
    if (!isJSONRPCErrorResponse(message) || message.id === undefined || !reads.delete(message.id))
      return send(message, options);
    const { error } = message;
    const uri = (error.data as { uri?: unknown } | undefined)?.uri;
    if (error.code !== ProtocolErrorCode.InvalidParams || typeof uri !== 'string') return send(message, options);
    return send({ ...message, error: { ...error, code: RESOURCE_NOT_FOUND_2025 } }, options);
  };
}
