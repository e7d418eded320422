/**
 * A line on stdin that is not JSON, or not a JSON-RPC message, is dropped by the SDK's stdio transport
 * (it reports it to `onerror` only). JSON-RPC says to answer -32700 (parse error) or -32600 (invalid
 * request) with a null id; this does, and logs the problem on stderr.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../logger.js';

const isZodError = (err: Error): boolean => err.name === 'ZodError' || Array.isArray((err as { issues?: unknown }).issues);

/** Call after `server.connect(transport)`: wraps the transport's `onerror`. */
export function answerUnparsable(transport: Transport, logger: Logger): void {
  const previous = transport.onerror;
  transport.onerror = (err) => {
    const parse = err instanceof SyntaxError;
    if (parse || isZodError(err)) {
      const message = parse ? `Parse error: ${err.message}` : 'Invalid request: not a JSON-RPC 2.0 message';
      logger.warning(`stdin: ${message}`);
      const code = parse ? ErrorCode.ParseError : ErrorCode.InvalidRequest;
      // JSON-RPC answers a message whose id could not be read with id null; the SDK's type has no such id.
      const answer = { jsonrpc: '2.0', id: null, error: { code, message } } as unknown as JSONRPCMessage;
      void transport.send(answer).catch(() => {});
    }
    previous?.(err);
  };
}
