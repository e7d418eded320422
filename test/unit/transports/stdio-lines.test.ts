/** stdin framing before the SDK reads it: over-long lines, characters split across chunks, ids of skipped lines. */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { leadingId, screenUnparsable } from '../../../src/protocol/parse-error.js';

/** Feed `chunks` through the screen; what reaches the SDK and what was answered instead. */
async function screen(chunks: Buffer[], maxBytes?: number) {
  const answered: unknown[] = [];
  const logger = createLogger({ level: 'error', write: () => {} });
  const t = screenUnparsable(logger, (m) => answered.push(m), maxBytes);
  const out: string[] = [];
  t.on('data', (d: Buffer | string) => out.push(String(d)));
  for (const c of chunks) t.write(c);
  t.end();
  await new Promise((r) => t.once('end', r));
  return { out, answered };
}

describe('screenUnparsable', () => {
  it('skips a line over the limit, answers it with its id, and passes the next line on', async () => {
    const big = `{"jsonrpc":"2.0","id":7,"method":"ping","params":{"x":"${'a'.repeat(300)}"}}\n`;
    const next = '{"jsonrpc":"2.0","id":8,"method":"ping"}\n';
    const bytes = Buffer.from(big + next);
    // In small chunks, as a pipe delivers them.
    const chunks = Array.from({ length: Math.ceil(bytes.length / 64) }, (_, i) => bytes.subarray(i * 64, i * 64 + 64));
    const { out, answered } = await screen(chunks, 200);
    expect(out).toEqual([next]);
    expect(answered).toEqual([
      { jsonrpc: '2.0', id: 7, error: { code: -32600, message: expect.stringMatching(/over the 200-byte limit/) } },
    ]);
  });

  it('decodes a character split across two chunks whole', async () => {
    const line = Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping","params":{"n":"Zoë 🙂"}}\n');
    const cut = line.indexOf(Buffer.from('🙂')) + 2;
    const { out } = await screen([line.subarray(0, cut), line.subarray(cut)]);
    expect(JSON.parse(out[0]!)).toMatchObject({ params: { n: 'Zoë 🙂' } });
  });

  it('passes each line on separately', async () => {
    const { out } = await screen([Buffer.from('{"a":1}\n{"b":2}\n\n{"c":3}\n')]);
    expect(out).toEqual(['{"a":1}\n', '{"b":2}\n', '{"c":3}\n']);
  });
});

describe('leadingId', () => {
  it.each([
    ['{"jsonrpc":"2.0","id":"abc","method":"x"', 'abc'],
    ['{"jsonrpc":"2.0","method":"x","params":{"id":5,"deep":[{"id":6}]},"id":9', 9],
    [' { "id" : -3 , "method":"x"', -3],
    ['{"method":"x","params":{"q":"has \\"id\\": 4 inside"},"id":null', null],
  ])('%s → %s', (head, id) => {
    expect(leadingId(head)).toBe(id);
  });

  it('is null when the head ends before the top-level id', () => {
    expect(leadingId('{"jsonrpc":"2.0","params":{"id":5,"text":"aaaa')).toBeNull();
    expect(leadingId('[1,2]')).toBeNull();
  });
});
