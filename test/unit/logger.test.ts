import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

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
