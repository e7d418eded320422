/**
 * A bounded in-memory event store for one Streamable HTTP session, so a client whose SSE stream dropped
 * (during a long report, say) reconnects with `Last-Event-ID` and gets the rest. The SDK writes a priming
 * event (id + `retry`) on every POST stream once a store is configured. Oldest events are dropped past the
 * bound: memory per session stays small, and a client that reconnects very late gets what is left.
 */
import type { EventStore, JSONRPCMessage } from '@modelcontextprotocol/server';

export class BoundedEventStore implements EventStore {
  private readonly events: Array<{ id: string; streamId: string; message: JSONRPCMessage }> = [];
  private seq = 0;

  constructor(private readonly maxEvents = 500) {}

  async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    const id = `${streamId}_${++this.seq}`;
    this.events.push({ id, streamId, message });
    if (this.events.length > this.maxEvents) this.events.splice(0, this.events.length - this.maxEvents);
    return id;
  }

  async getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    return this.events.find((e) => e.id === eventId)?.streamId;
  }

  async replayEventsAfter(
    lastEventId: string,
    { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> },
  ): Promise<string> {
    const at = this.events.findIndex((e) => e.id === lastEventId);
    if (at < 0) return '';
    const streamId = this.events[at]?.streamId ?? '';
    for (const e of this.events.slice(at + 1)) {
      // The priming event carries no message: nothing to replay for it.
      if (e.streamId === streamId && Object.keys(e.message).length > 0) await send(e.id, e.message);
    }
    return streamId;
  }
}
