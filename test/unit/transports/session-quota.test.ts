/**
 * The session table's places, by principal key (what the gate derives from a request's auth): a principal at
 * its quota, the table at its cap, and one principal holding every place while another asks.
 */
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { McpServer } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { type Session, SessionTable } from '../../../src/transports/http/sessions.js';

const logger = createLogger({ level: 'error', write: () => {} });

let clock = 0;
/** Reserve a place for `owner` and fill it with a session (busy = an open stream, pending = a call in flight). */
function open(table: SessionTable, owner: string, state: { busy?: boolean; pending?: boolean } = {}): Session | string {
  const place = table.reserve(owner);
  if (place !== 'ok') return place;
  clock += 1;
  const session: Session = {
    kind: 'streamable',
    id: `${owner}-${clock}`,
    owner,
    server: new McpServer({ name: 't', version: '1' }),
    transport: new NodeStreamableHTTPServerTransport({ sessionIdGenerator: undefined }),
    lastActivity: clock,
    active: state.busy ? 1 : 0,
    pending: new Set(state.pending ? [1] : []),
  };
  table.add(session);
  table.release(owner);
  return session;
}

const table = (maxSessions: number, maxPerPrincipal = maxSessions) =>
  new SessionTable({ maxSessions, maxPerPrincipal, idleMs: 60_000, sweepIntervalMs: 60_000 }, logger);

describe('SessionTable places by principal key', () => {
  it('a principal at its quota with every session busy is refused (quota); another key still gets in', () => {
    const t = table(10, 3);
    for (let i = 0; i < 3; i++) expect(open(t, 'key-a', { busy: true })).not.toBeTypeOf('string');
    expect(open(t, 'key-a', { busy: true })).toBe('quota');
    expect(open(t, 'key-b', { busy: true })).not.toBeTypeOf('string');
    expect(t.count()).toBe(4);
  });

  it('a principal at its quota gives up its own least recently used idle session, not another key\'s', () => {
    const t = table(10, 2);
    const b = open(t, 'key-b') as Session;
    const a1 = open(t, 'key-a') as Session;
    open(t, 'key-a');
    expect(open(t, 'key-a')).not.toBeTypeOf('string');
    expect(t.get('streamable', a1.id!, 'key-a')).toBeUndefined();
    expect(t.get('streamable', b.id!, 'key-b')).toBe(b);
  });

  it('at the cap with every session busy, the biggest holder gives up its LRU stream-only session', () => {
    const t = table(100);
    const held = Array.from({ length: 100 }, () => open(t, 'key-a', { busy: true }) as Session);
    expect(open(t, 'key-b', { busy: true })).not.toBeTypeOf('string');
    expect(t.count()).toBe(100);
    expect(t.get('streamable', held[0]!.id!, 'key-a')).toBeUndefined();
    expect(t.get('streamable', held[1]!.id!, 'key-a')).toBe(held[1]);
    // The holder asking for more is refused: nobody holds more than it does.
    expect(open(t, 'key-a', { busy: true })).toBe('full');
  });

  it('a session with a call in flight is never taken for fair share', () => {
    const t = table(3);
    for (let i = 0; i < 3; i++) open(t, 'key-a', { busy: true, pending: true });
    expect(open(t, 'key-b')).toBe('full');
    expect(t.count()).toBe(3);
  });

  it('shares converge: a key holding no more than the asker plus one keeps its sessions', () => {
    const t = table(4);
    open(t, 'key-a', { busy: true });
    open(t, 'key-a', { busy: true });
    open(t, 'key-b', { busy: true });
    open(t, 'key-b', { busy: true });
    expect(open(t, 'key-b', { busy: true })).toBe('full');
    expect(open(t, 'key-c', { busy: true })).not.toBeTypeOf('string');
  });
});
