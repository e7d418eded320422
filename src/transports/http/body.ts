/** Request bodies (size-limited, parsed) and JSON / JSON-RPC-shaped answers for the HTTP transport. */
import type { IncomingMessage, ServerResponse } from 'node:http';

const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' };

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  res.writeHead(status, { ...JSON_HEADERS, ...headers });
  res.end(JSON.stringify(body));
}

/** Errors outside a JSON-RPC exchange are still JSON-RPC shaped, as the SDK's own are. */
export function sendRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers);
}

export const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

type BodyResult = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'aborted' };

/** Read a request body up to `limit` bytes; past it, stop buffering at once. */
function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish({ kind: 'too-large' });
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') });
    const onAbort = () => finish({ kind: 'aborted' });
    const onClose = () => {
      if (!req.readableEnded) finish({ kind: 'aborted' });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
  });
}

/**
 * After answering 413 early, discard what the client is still sending (bounded in bytes and time) so it can
 * read the answer instead of seeing a reset, then close the connection.
 */
function drainAndClose(req: IncomingMessage): void {
  if (req.readableEnded || req.destroyed) return;
  let bytes = 0;
  const stop = () => {
    clearTimeout(timer);
    req.off('data', onData);
    if (!req.socket.destroyed) req.socket.destroySoon();
  };
  const onData = (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > 16 * 1024 * 1024) stop();
  };
  const timer = setTimeout(stop, 5_000);
  timer.unref();
  req.on('data', onData);
  req.once('end', () => clearTimeout(timer));
  req.resume();
}

/** Read and parse a JSON body, answering 413 / 400 itself; undefined means "already answered". */
export async function readJson(
  req: IncomingMessage,
  res: ServerResponse,
  maxBodyBytes: number,
): Promise<{ value: unknown } | undefined> {
  const body = await readBody(req, maxBodyBytes);
  if (body.kind === 'aborted') {
    if (!res.headersSent) res.destroy();
    return undefined;
  }
  if (body.kind === 'too-large') {
    sendRpcError(res, 413, -32600, `Payload Too Large: request body must not exceed ${maxBodyBytes} bytes`, {
      Connection: 'close',
    });
    drainAndClose(req);
    return undefined;
  }
  try {
    return { value: JSON.parse(body.text) as unknown };
  } catch {
    sendRpcError(res, 400, -32700, 'Parse error: Invalid JSON');
    return undefined;
  }
}
