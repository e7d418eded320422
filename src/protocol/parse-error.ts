/**
 * A line on stdin that is not JSON, or not a JSON-RPC message, is dropped by the SDK's stdio transport:
 * SDK v2 skips a non-JSON line silently, and reports a non-JSON-RPC one to `onerror` only. JSON-RPC says to
 * answer -32700 (parse error) or -32600 (invalid request) with a null id; this does, and logs the problem
 * on stderr. Non-JSON lines are caught on the way in (`screenUnparsable`), before the SDK reads them, and so
 * are lines over STDIO_MAX_MESSAGE_BYTES (answered -32600 with the request's id when its head shows it).
 */
import { Transform } from 'node:stream';
import { type JSONRPCMessage, ProtocolErrorCode, type Transport } from '@modelcontextprotocol/server';
import type { Logger } from '../logger.js';

const isZodError = (err: Error): boolean => err.name === 'ZodError' || Array.isArray((err as { issues?: unknown }).issues);

type WireId = string | number | null;

// JSON-RPC answers a message whose id could not be read with id null; the SDK's type has no such id.
const idError = (id: WireId, code: number, message: string): JSONRPCMessage =>
  ({ jsonrpc: '2.0', id, error: { code, message } }) as unknown as JSONRPCMessage;
const nullIdError = (code: number, message: string): JSONRPCMessage => idError(null, code, message);

const JSON_STRING = /"(?:[^"\\]|\\.)*"/y;
const JSON_ID = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|null/y;

/** Skip one JSON value at `i` (only its nesting and strings matter); the index after it, or -1 past the end. */
function skipValue(text: string, i: number): number {
  let depth = 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      JSON_STRING.lastIndex = i;
      if (!JSON_STRING.exec(text)) return -1;
      i = JSON_STRING.lastIndex - 1;
    } else if (c === '{' || c === '[') depth += 1;
    else if (c === '}' || c === ']') {
      if (depth === 0) return i;
      depth -= 1;
    } else if (c === ',' && depth === 0) return i;
  }
  return -1;
}

/**
 * The top-level `id` of a JSON-RPC object from its first bytes (the rest of an over-long line is never read),
 * so the error answers the request the client waits for; null when the head does not show it.
 */
export function leadingId(head: string): WireId {
  let i = head.search(/\S/);
  if (head[i] !== '{') return null;
  i += 1;
  for (;;) {
    while (/[\s,]/.test(head[i] ?? '')) i += 1;
    JSON_STRING.lastIndex = i;
    const key = JSON_STRING.exec(head);
    if (!key) return null;
    i = JSON_STRING.lastIndex;
    while (/\s/.test(head[i] ?? '')) i += 1;
    if (head[i] !== ':') return null;
    i += 1;
    while (/\s/.test(head[i] ?? '')) i += 1;
    if (key[0] === '"id"') {
      JSON_ID.lastIndex = i;
      const value = JSON_ID.exec(head);
      return value ? (JSON.parse(value[0]) as WireId) : null;
    }
    i = skipValue(head, i);
    if (i < 0 || head[i] === '}') return null;
  }
}

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
 * The largest stdin message read (4 MiB, well under the SDK's 10 MiB read buffer, whose overflow would end the
 * session). A longer line is skipped to its end and answered with -32600 instead: the session goes on.
 */
export const STDIO_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/**
 * stdin as the SDK's stdio transport should read it: whole lines, minus those that are not JSON or are over
 * `maxBytes`, each of which is answered through `answer` instead (-32700 / -32600). Lines are cut at the
 * newline byte, so a character split across chunks is decoded whole.
 */
export function screenUnparsable(
  logger: Logger,
  answer: (message: JSONRPCMessage) => void,
  maxBytes = STDIO_MAX_MESSAGE_BYTES,
): Transform {
  let parts: Buffer[] = [];
  let size = 0;
  /** Set while an over-long line is being skipped: its first bytes (to find its id) and its length so far. */
  let skipping: { head: string; bytes: number } | undefined;
  const screen = (line: string): string | undefined => {
    if (line.trim() === '') return undefined;
    try {
      JSON.parse(line);
      return line;
    } catch (err) {
      const message = `Parse error: ${err instanceof Error ? err.message : String(err)}`;
      logger.warning(`stdin: ${message}`);
      answer(nullIdError(ProtocolErrorCode.ParseError, message));
      return undefined;
    }
  };
  const tooLong = (head: string, bytes: number) => {
    const message = `Invalid request: a message of ${bytes} bytes or more is over the ${maxBytes}-byte limit and was skipped`;
    logger.warning(`stdin: ${message}`);
    answer(idError(leadingId(head), ProtocolErrorCode.InvalidRequest, message));
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let from = 0;
      while (from <= chunk.length) {
        const nl = chunk.indexOf(0x0a, from);
        const piece = chunk.subarray(from, nl === -1 ? chunk.length : nl);
        from = nl === -1 ? chunk.length + 1 : nl + 1;
        if (skipping) skipping.bytes += piece.length;
        else if (size + piece.length > maxBytes) {
          const head = Buffer.concat([...parts, piece]).subarray(0, 4096).toString('utf8');
          skipping = { head, bytes: size + piece.length };
          parts = [];
          size = 0;
        } else {
          parts.push(piece);
          size += piece.length;
        }
        if (nl === -1) break;
        if (skipping) {
          tooLong(skipping.head, skipping.bytes);
          skipping = undefined;
          continue;
        }
        const kept = screen(Buffer.concat(parts).toString('utf8'));
        parts = [];
        size = 0;
        // One line per push: the SDK's read buffer never holds more than one message.
        if (kept !== undefined) this.push(`${kept}\n`);
      }
      done();
    },
  });
}
