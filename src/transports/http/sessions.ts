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
  /** Sessions one principal may hold (its LRU idle session makes room first). */
  maxPerPrincipal: number;
  idleMs: number;
  sweepIntervalMs: number;
}

const isIdle = (s: Session): boolean => s.active === 0 && s.pending.size === 0 && !s.closing;
const lru = (sessions: Session[]): Session | undefined =>
  sessions.reduce<Session | undefined>(
    (a, b) => (a === undefined || b.lastActivity < a.lastActivity ? b : a),
    undefined,
  );

export class SessionTable {
  private readonly maps = { streamable: new Map<string, Session>(), sse: new Map<string, Session>() };
  /** Places held for sessions being initialized, by principal. */
  private readonly pendingInits = new Map<string, number>();
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

  /** Sessions held by `owner`, those being initialized included. */
  private held(owner: string): number {
    return this.all().filter((s) => s.owner === owner).length + (this.pendingInits.get(owner) ?? 0);
  }

  private pendingTotal(): number {
    let n = 0;
    for (const v of this.pendingInits.values()) n += v;
    return n;
  }

  /**
   * Hold a place for a new session of `owner` (the principal key the gate derived). A principal at its quota
   * makes room by closing its own least recently used idle session, or is refused (`quota`). At the table's
   * cap the least recently used idle session goes; when every session is busy, the principal holding the
   * most sessions (more than the asker) gives up its least recently used one with no call in flight, so one
   * holder cannot starve the others. `full` only when none of that frees a place.
   */
  reserve(owner: string): 'ok' | 'quota' | 'full' {
    const mine = this.all().filter((s) => s.owner === owner);
    if (this.held(owner) >= this.limits.maxPerPrincipal) {
      const idle = lru(mine.filter(isIdle));
      // The table being full too means nobody else could get in either: that is `full`.
      if (!idle) return this.count() + this.pendingTotal() >= this.limits.maxSessions ? 'full' : 'quota';
      void this.close(idle, 'closed: least recently used idle session, at the per-principal quota');
    } else if (this.count() + this.pendingTotal() >= this.limits.maxSessions) {
      const victim = lru(this.all().filter(isIdle)) ?? this.fairShareVictim(owner);
      if (!victim) return 'full';
      void this.close(victim, 'evicted: least recently used session, at the session cap');
    }
    this.pendingInits.set(owner, (this.pendingInits.get(owner) ?? 0) + 1);
    return 'ok';
  }

  /** The biggest holder's LRU session with no call in flight, if it holds more than `owner` would. */
  private fairShareVictim(owner: string): Session | undefined {
    const counts = new Map<string, number>();
    for (const s of this.all()) counts.set(s.owner, (counts.get(s.owner) ?? 0) + 1);
    let top: string | undefined;
    for (const [key, n] of counts) if (top === undefined || n > (counts.get(top) ?? 0)) top = key;
    if (top === undefined || top === owner || (counts.get(top) ?? 0) <= this.held(owner) + 1) return undefined;
    return lru(this.all().filter((s) => s.owner === top && s.pending.size === 0 && !s.closing));
  }

  release(owner: string): void {
    const n = (this.pendingInits.get(owner) ?? 0) - 1;
    if (n > 0) this.pendingInits.set(owner, n);
    else this.pendingInits.delete(owner);
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
