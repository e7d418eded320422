/**
 * The HTTP server's connection hygiene, in one place:
 *
 * - Caps: open TCP connections in all (MCP_MAX_CONNECTIONS) and per client address
 *   (MCP_MAX_CONNECTIONS_PER_ADDRESS). At a cap the new connection is not simply dropped (that is what let
 *   520 half-open sockets lock every client out): the oldest connection of that scope with no request in
 *   progress (half a request line, or an idle keep-alive) is destroyed to make room. Only when every
 *   connection in scope is serving a request is the new one refused.
 * - Misbehaving sockets (malformed request, header or request timeout, oversized headers) get their status
 *   line and are then destroyed, never half-closed: `socket.end()` alone waits for a peer that never reads
 *   and keeps the slot. Oversized headers answer 431, timeouts 408, the rest 400.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../../logger.js';

export interface ConnectionLimits {
  maxConnections: number;
  maxPerAddress: number;
}

interface Tracked {
  address: string;
  /** Requests of this connection whose response has not finished (SSE streams stay open). */
  busy: number;
}

/** How long a refused socket may take to flush its status line before it is destroyed anyway. */
const FLUSH_MS = 1_000;

/** Write a short answer, then destroy the socket once it is flushed (or after FLUSH_MS). */
export function answerAndDestroy(socket: Socket, status: string): void {
  if (socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const timer = setTimeout(() => socket.destroy(), FLUSH_MS);
  timer.unref();
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => {
    clearTimeout(timer);
    socket.destroy();
  });
}

/** The status line for a client error node:http reports (see the module comment). */
export function clientErrorStatus(code: string | undefined): string {
  if (code === 'HPE_HEADER_OVERFLOW') return '431 Request Header Fields Too Large';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return '408 Request Timeout';
  return '400 Bad Request';
}

export class ConnectionGuard {
  private readonly sockets = new Map<Socket, Tracked>();
  private readonly byAddress = new Map<string, Set<Socket>>();
  private lastWarned = 0;

  constructor(
    private readonly limits: ConnectionLimits,
    private readonly logger: Logger,
  ) {}

  /** Take over the server's connection handling (do not also set `server.maxConnections`). */
  attach(server: Server): void {
    server.on('connection', (socket: Socket) => this.admit(socket));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.track(req.socket, res));
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
      this.logger.debug('malformed or timed-out HTTP request', { error: err.message });
      // A response already under way on this socket cannot be followed by a status line of ours.
      const current = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
      if (err.code?.startsWith('ECONN') || current?.headersSent) socket.destroy();
      else answerAndDestroy(socket, clientErrorStatus(err.code));
    });
  }

  /** Open connections (for tests and /healthz-style introspection). */
  count = (): number => this.sockets.size;

  private admit(socket: Socket): void {
    const address = socket.remoteAddress ?? 'unknown';
    const peers = this.byAddress.get(address) ?? new Set<Socket>();
    if (peers.size >= this.limits.maxPerAddress && !this.evictIdle(peers, `per-address cap for ${address}`)) {
      this.refuse(socket, `${address} already has ${peers.size} connections serving requests`);
      return;
    }
    if (this.sockets.size >= this.limits.maxConnections && !this.evictIdle(this.sockets.keys(), 'connection cap')) {
      this.refuse(socket, `all ${this.sockets.size} connections are serving requests`);
      return;
    }
    this.sockets.set(socket, { address, busy: 0 });
    peers.add(socket);
    this.byAddress.set(address, peers);
    socket.once('close', () => this.forget(socket));
  }

  private track(socket: Socket, res: ServerResponse): void {
    const tracked = this.sockets.get(socket);
    if (!tracked) return;
    tracked.busy += 1;
    res.once('close', () => {
      tracked.busy -= 1;
    });
  }

  /** Destroy the oldest connection among `candidates` with no request in progress; false when none. */
  private evictIdle(candidates: Iterable<Socket>, why: string): boolean {
    for (const socket of candidates) {
      if ((this.sockets.get(socket)?.busy ?? 1) > 0) continue;
      this.logger.debug(`closing an idle or half-sent connection (${why})`);
      this.forget(socket);
      socket.destroy();
      return true;
    }
    return false;
  }

  private refuse(socket: Socket, why: string): void {
    // At most one warning every 10 s: a flood of connections must not become a flood of log lines.
    const now = Date.now();
    if (now - this.lastWarned >= 10_000) {
      this.lastWarned = now;
      this.logger.warning(`refused a connection: ${why}`);
    } else this.logger.debug(`refused a connection: ${why}`);
    answerAndDestroy(socket, '503 Service Unavailable');
  }

  private forget(socket: Socket): void {
    const tracked = this.sockets.get(socket);
    if (!tracked) return;
    this.sockets.delete(socket);
    const peers = this.byAddress.get(tracked.address);
    peers?.delete(socket);
    if (peers?.size === 0) this.byAddress.delete(tracked.address);
  }
}
