/**
 * A line on stdin that is not JSON, or not a JSON-RPC message, is dropped by the SDK's stdio transport:
 * SDK v2 skips a non-JSON line silently, and reports a non-JSON-RPC one to `onerror` only. JSON-RPC says to
 * answer -32700 (parse error) or -32600 (invalid request) with a null id; this does, and logs the problem
 * on stderr. Non-JSON lines are caught on the way in (`screenUnparsable`), before the SDK reads them.
 */
import { Transform } from 'node:stream';
import { type JSONRPCMessage, ProtocolErrorCode, type Transport } from '@modelcontextprotocol/server';
import type { Logger } from '../logger.js';

const isZodError = (err: Error): boolean => err.name === 'ZodError' || Array.isArray((err as { issues?: unknown }).issues);

// JSON-RPC answers a message whose id could not be read with id null; the SDK's type has no such id.
const nullIdError = (code: number, message: string): JSONRPCMessage =>
  ({ jsonrpc: '2.0', id: null, error: { code, message } }) as unknown as JSONRPCMessage;

/** Call after the transport is connected: wraps its `onerror` to answer non-JSON-RPC lines with -32600. */
export function answerUnparsable(transport: Transport, logger: Logger): void {
  const previous = transport.onerror;
  transport.onerror = (err) => {
    if (isZodError(err)) {
      const message = 'Invalid request: not a JSON-RPC 2.0 message';
      logger.warning(`stdin: ${message}`);
      void transport.send(nullIdError(ProtocolErrorCode.InvalidRequest, message)).catch(() => {});
    }
    previous?.(err);
  };
}

/**
 * stdin as the SDK's stdio transport should read it: whole lines, minus those that are not JSON, each of which
 * is answered with -32700 through `answer` instead.
 */
export function screenUnparsable(logger: Logger, answer: (message: JSONRPCMessage) => void): Transform {
  let rest = '';
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      const kept: string[] = [];
      for (const line of lines) {
        if (line.trim() === '') continue;
        try {
          JSON.parse(line);
          kept.push(line);
        } catch (err) {
          const message = `Parse error: ${err instanceof Error ? err.message : String(err)}`;
          logger.warning(`stdin: ${message}`);
          answer(nullIdError(ProtocolErrorCode.ParseError, message));
        }
      }
      done(null, kept.length > 0 ? `${kept.join('\n')}\n` : undefined);
    },
  });
}
