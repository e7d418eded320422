/**
 * Raw JSON-RPC sessions with the server, below any client library: the bytes a client sends, the answers
 * and notifications it gets back. One interface over stdio (the built binary) and Streamable HTTP, so the
 * protocol-error cases run unchanged on both transports.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface RpcMessage {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { code: number; message: string; data?: unknown };
}

export interface RawSession {
  /** Send `body` (an object, or a raw line for malformed input) and wait for the answer with `id`. */
  exchange(body: unknown, id: number | string | null): Promise<RpcMessage>;
  /** Every notification received so far. */
  notifications: RpcMessage[];
  close(): Promise<void>;
}

export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 'init',
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1.0.0' } },
};

/** The binary over stdio, initialized. `stderr()` is everything it logged. */
export async function stdioSession(bin: string, args: string[]): Promise<RawSession & { stderr: () => string }> {
  const child: ChildProcess = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const notifications: RpcMessage[] = [];
  const waiting = new Map<string, (m: RpcMessage) => void>();
  const early = new Map<string, RpcMessage>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as RpcMessage;
    if (message.method) {
      notifications.push(message);
      return;
    }
    const key = String(message.id);
    const resolve = waiting.get(key);
    if (resolve) resolve(message);
    else early.set(key, message);
  });
  const exchange = (body: unknown, id: number | string | null) =>
    new Promise<RpcMessage>((resolve) => {
      const key = String(id);
      const ready = early.get(key);
      if (ready) {
        early.delete(key);
        resolve(ready);
        return;
      }
      waiting.set(key, (m) => {
        waiting.delete(key);
        resolve(m);
      });
      child.stdin?.write(`${typeof body === 'string' ? body : JSON.stringify(body)}\n`);
    });
  await exchange(INITIALIZE, 'init');
  child.stdin?.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  return {
    exchange,
    notifications,
    stderr: () => stderr,
    close: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin?.end();
      await exited;
    },
  };
}

const HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

/** Every JSON-RPC message in a Streamable HTTP answer (a JSON body or an SSE stream). */
async function messagesOf(res: Response): Promise<RpcMessage[]> {
  const text = await res.text();
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    return text ? [JSON.parse(text) as RpcMessage] : [];
  }
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: ') && l.length > 'data: '.length)
    .map((l) => JSON.parse(l.slice('data: '.length)) as RpcMessage);
}

/** POST one message to a Streamable HTTP endpoint (no session yet when `sessionId` is undefined). */
export async function httpPost(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; sessionId: string | null; messages: RpcMessage[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...HEADERS, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, sessionId: res.headers.get('mcp-session-id'), messages: await messagesOf(res) };
}

/** A Streamable HTTP session at `url`, initialized. */
export async function httpSession(url: string, headers: Record<string, string> = {}): Promise<RawSession> {
  const init = await httpPost(url, INITIALIZE, headers);
  if (!init.sessionId) throw new Error(`initialize failed: HTTP ${init.status}`);
  const session = { ...headers, 'Mcp-Session-Id': init.sessionId, 'Mcp-Protocol-Version': '2025-11-25' };
  await httpPost(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, session);
  const notifications: RpcMessage[] = [];
  return {
    notifications,
    exchange: async (body, id) => {
      const { messages, status } = await httpPost(url, body, session);
      notifications.push(...messages.filter((m) => m.method));
      const answer = messages.find((m) => !m.method && m.id === id);
      if (!answer) throw new Error(`HTTP ${status}: no answer with id ${String(id)} in ${JSON.stringify(messages)}`);
      return answer;
    },
    close: async () => {
      await fetch(url, { method: 'DELETE', headers: session }).then((r) => r.text());
    },
  };
}
