import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';
import { connect } from '../../support/server.js';

describe('MCP logging notifications', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  it("reach only the session whose call produced them, never the others'", async () => {
    // A second session on the same process logger (as HTTP sessions share one).
    const second = await connect(f.api, { logger: f.logger });
    try {
      const mine: string[] = [];
      const theirs: string[] = [];
      f.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
        mine.push(JSON.stringify(n.params.data));
      });
      second.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
        theirs.push(JSON.stringify(n.params.data));
      });
      await f.client.setLoggingLevel('debug');
      await second.client.setLoggingLevel('debug');
      f.sandbox.failNext({ status: 503, times: 1 });
      await call(f, 'get_personnel', { personnel: 1 });
      await new Promise((r) => setTimeout(r, 50));
      expect(mine.length).toBeGreaterThan(0);
      expect(theirs).toEqual([]);
      expect(mine.join('\n')).not.toContain(f.sandbox.apiKey);
    } finally {
      await second.close();
    }
  });
});
