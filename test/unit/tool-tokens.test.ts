/** The tool definitions every conversation pays for: name + description + inputSchema of all tools. */
import { encode } from 'gpt-tokenizer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { apiFor, type Connected, connect } from '../support/server.js';

let conn: Connected;
beforeAll(async () => {
  conn = await connect(apiFor('http://127.0.0.1:9', 'unused-key-123456', silentLogger()));
});
afterAll(async () => conn.close());

it('all tool definitions together stay within 3,000 tokens', async () => {
  const { tools } = await conn.client.listTools();
  const total = tools
    .map((t) => encode(JSON.stringify({ name: t.name, description: t.description, inputSchema: t.inputSchema })).length)
    .reduce((a, b) => a + b, 0);
  console.log(`tool definitions: ${total} tokens`);
  expect(total).toBeLessThanOrEqual(3000);
});
