import { describe, expect, it } from 'vitest';
import { createLogger, secretForms } from '../../src/logger.js';

describe('logger', () => {
  it('writes to the injected stderr writer, never stdout, and redacts secrets and bearer values', () => {
    const lines: string[] = [];
    const sinkCalls: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l), secrets: ['sk-live-123456'] });
    logger.addSink((_level, message, data) => sinkCalls.push(message + JSON.stringify(data ?? {})));
    logger.info('calling with sk-live-123456', {
      header: 'Bearer abc.def-ghi',
      nested: { key: 'sk-live-123456' },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('sk-live-123456');
    expect(lines[0]).not.toContain('abc.def-ghi');
    expect(lines[0]).toContain('[REDACTED]');
    expect(sinkCalls[0]).not.toContain('sk-live-123456');
  });

  it('filters by level for stderr but still feeds sinks, and survives a throwing sink', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l), level: 'warning' });
    let seen = 0;
    logger.addSink(() => {
      seen++;
      throw new Error('closed');
    });
    logger.debug('hidden');
    logger.error('shown');
    expect(lines).toEqual([expect.stringContaining('error: shown')]);
    expect(seen).toBe(2);
  });
});

describe('secret encodings', () => {
  const key = 'drata-SECRET-key-5f3a9c1e7b2d4068';
  it('redacts the key base64-, base64url- and URL-encoded, at any byte alignment', () => {
    const logger = createLogger({ secrets: [key], write: () => {} });
    const samples = [
      Buffer.from(key).toString('base64'),
      Buffer.from(key).toString('base64url'),
      Buffer.from(`user:${key}`).toString('base64'),
      Buffer.from(`ab:${key}`).toString('base64'),
      Buffer.from(`x${key}`).toString('base64url'),
      encodeURIComponent(`${key}/ä`),
    ];
    for (const s of samples) {
      const out = logger.redact(`echo ${s} end`);
      expect(out, s).toContain('[REDACTED]');
      // Only edge characters that mix with the neighbours may be left: nothing from inside the encoding.
      expect(out, s).not.toContain(s.slice(8, -8));
    }
    expect(secretForms('ab')).toEqual([]);
  });
});
