/**
 * What list_personnel's answers say beyond the rows, on the realistic sandbox org, each channel on its own:
 * counts and groups leave out what applies to rows only (columns, rows, order).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture({ sandbox: { size: 600, profile: 'realistic' } });
});
afterAll(() => f.close());

const text = (r: { content: Array<{ text?: string }> }) => r.content[0]?.text ?? '';

describe('counts and groups', () => {
  it('carry no columns, rows or sort order, in either channel; rows still do', async () => {
    for (const args of [{ countOnly: true }, { groupBy: 'status' }, { groupBy: 'mfa', sort: 'startDate' }]) {
      const r = await call(f, 'list_personnel', { employmentStatus: ['ALL_CURRENT_PERSONNEL'], ...args });
      expect(r.isError, text(r)).toBeFalsy();
      const s = r.structuredContent as Record<string, unknown>;
      expect(s).not.toHaveProperty('columns');
      expect(s).not.toHaveProperty('rows');
      expect(s).not.toHaveProperty('order');
      expect(typeof s.total).toBe('number');
      expect(text(r)).toMatch(/^Count: \d+ personnel/);
      expect(text(r)).not.toMatch(/sorted by/);
    }
    const rows = await call(f, 'list_personnel', { employmentStatus: ['ALL_CURRENT_PERSONNEL'], limit: 2 });
    const s = rows.structuredContent as Record<string, unknown>;
    expect(s.columns).toContain('id');
    expect(s.rows).toHaveLength(2);
    expect(s.order).toBe('name ASC (default)');
    expect(text(rows)).toMatch(/sorted by name ASC/);
  });
});
