/**
 * The session table of the HTTP transport: both transports' sessions, each bound to the credential that
 * opened it; idle expiry; a cap that evicts the least recently used idle session instead of refusing a new
 * client; request/response accounting so shutdown can drain in-flight calls; closing.
 */
import type { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { McpServer } from '@modelcontextprotocol/server';
import type { SSEServerTransport } from '@modelcontextprotocol/server-legacy/sse';
import {
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type RequestId,
} from '@modelcontextprotocol/server';
import type { Logger } from '../../logger.js';

export type Transport = NodeStreamableHTTPServerTransport | SSEServerTransport;

export interface Session {
  kind: 'streamable' | 'sse';
  /** Set once the SDK assigned it (Streamable HTTP: when initialize is accepted). */
  id: string | undefined;
  /** The credential (a digest of the bearer token) that opened it: only that credential may use it. */
  owner: string;
  server: McpServer;
  transport: Transport;
  lastActivity: number;
  /** Open HTTP requests of this session, streams included: a session in use is never idle. */
  active: number;
  /** Client requests the server has not answered yet (tool calls in flight), whichever transport. */
  pending: Set<RequestId>;
  closing?: Promise<void>;
}

export interface SessionLimits {
  maxSessions: number;
  idleMs: number;
  sweepIntervalMs: number;
}

export class SessionTable {
  private readonly maps = { streamable: new Map<string, Session>(), sse: new Map<string, Session>() };
  private pendingInits = 0;
  private drainWaiter: (() => void) | undefined;
  private sweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: SessionLimits,
    private readonly logger: Logger,
  ) {}

  count = (): number => this.maps.streamable.size + this.maps.sse.size;
  all = (): Session[] => [...this.maps.streamable.values(), ...this.maps.sse.values()];

  /** The session `id` of `kind`, if `owner` opened it (another credential is told it does not exist). */
  get(kind: Session['kind'], id: string, owner: string): Session | undefined {
    const s = this.maps[kind].get(id);
    return s && s.owner === owner ? s : undefined;
  }

  add(session: Session): void {
    if (session.id !== undefined) this.maps[session.kind].set(session.id, session);
    this.logger.debug('session opened', { transport: session.kind, sessions: this.count() });
  }

  /**
   * Hold a place for a new session. At the cap, the least recently used idle session is closed to make
   * room (clients rarely DELETE theirs); false only when every session is busy.
   */
  reserve(): boolean {
    if (this.count() + this.pendingInits >= this.limits.maxSessions) {
      const idle = this.all()
        .filter((s) => s.active === 0 && s.pending.size === 0)
        .sort((a, b) => a.lastActivity - b.lastActivity)[0];
      if (!idle) return false;
      void this.close(idle, 'evicted: least recently used idle session, at the session cap');
    }
    this.pendingInits += 1;
    return true;
  }

  release(): void {
    this.pendingInits -= 1;
  }

  forget(session: Session): void {
    if (session.id === undefined) return;
    const map = this.maps[session.kind];
    if (map.get(session.id) === session) {
      map.delete(session.id);
      this.logger.debug('session closed', { transport: session.kind, sessions: this.count() });
    }
  }

  /** Close a session's transport and server (idempotent). Aborts whatever it still has running. */
  close(session: Session, reason: string): Promise<void> {
    if (!session.closing) {
      this.forget(session);
      this.logger.debug(`closing session (${reason})`, { transport: session.kind });
      session.closing = (async () => {
        try {
          // server.close() closes the transport too; a server that never connected leaves it to us.
          if (session.server.isConnected()) await session.server.close();
          else await session.transport.close();
        } catch (err) {
          this.logger.debug('error while closing a session', { error: String(err) });
        }
      })();
    }
    return session.closing;
  }

  async withActivity(session: Session, work: () => Promise<void>): Promise<void> {
    session.active += 1;
    session.lastActivity = Date.now();
    try {
      await work();
    } finally {
      session.active -= 1;
      session.lastActivity = Date.now();
    }
  }

  pendingCalls(): number {
    let n = 0;
    for (const s of this.all()) n += s.pending.size;
    return n;
  }

  /** Hook a session's transport before the server connects (the SDK chains our handlers with its own). */
  wire(session: Session): void {
    const { transport } = session;
    transport.onclose = () => this.forget(session);
    transport.onerror = (err: Error) => this.logger.debug(`${session.kind} transport: ${err.message}`);
    // Count requests in and responses out, so shutdown knows what is still running on either transport.
    transport.onmessage = (message: JSONRPCMessage) => {
      if (isJSONRPCRequest(message)) session.pending.add(message.id);
      else if (isJSONRPCNotification(message) && message.method === 'notifications/cancelled') {
        // A cancelled request gets no response: stop waiting for it.
        const id = (message.params as { requestId?: RequestId } | undefined)?.requestId;
        if (id !== undefined) session.pending.delete(id);
      }
    };
    const send = transport.send.bind(transport);
    transport.send = async (message: JSONRPCMessage, sendOptions?: Parameters<typeof send>[1]) => {
      try {
        return await send(message, sendOptions);
      } finally {
        if (isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) {
          if (message.id !== undefined) session.pending.delete(message.id);
          if (this.drainWaiter && this.pendingCalls() === 0) this.drainWaiter();
        }
      }
    };
  }

  startSweep(): void {
    this.sweep = setInterval(() => {
      const cutoff = Date.now() - this.limits.idleMs;
      for (const s of this.all()) if (s.active === 0 && s.lastActivity < cutoff) void this.close(s, 'idle');
    }, this.limits.sweepIntervalMs);
    this.sweep.unref();
  }

  /** Let in-flight calls finish for up to `graceMs`, then close every session (cancelling the rest). */
  async shutdown(graceMs: number): Promise<void> {
    clearInterval(this.sweep);
    if (this.pendingCalls() > 0) {
      this.logger.info(`waiting up to ${graceMs} ms for ${this.pendingCalls()} in-flight call(s)`);
      let timer: NodeJS.Timeout | undefined;
      const callsDone = new Promise<void>((resolve) => {
        this.drainWaiter = resolve;
        if (this.pendingCalls() === 0) resolve();
      });
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
        timer.unref();
      });
      await Promise.race([callsDone, grace]);
      clearTimeout(timer);
      this.drainWaiter = undefined;
    }
    await Promise.allSettled(this.all().map((s) => this.close(s, 'shutdown')));
  }
}
