/**
 * The dashboard's data layer, the one place that knows the report's shape: what it reads from a result, and
 * how it follows a list's continuation (namesFrom) to the end, or stops where a server does not continue.
 */
import { describe, expect, it } from 'vitest';
import { dashboardModel, loadList } from '../../../src/apps/ui/report-model.js';

const people = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: from + i + 1, name: `Person ${String(from + i + 1).padStart(3, '0')}` }));

/** A report that names `page` people per call from namesFrom, over `count` failing MFA. */
function server(count: number, page: number, continues = true) {
  const calls: Array<Record<string, unknown>> = [];
  const call = async (args: Record<string, unknown>) => {
    calls.push(args);
    const from = continues ? Number(args.namesFrom ?? 0) : 0;
    const shown = people(from, Math.min(page, count - from));
    const more = count - from - shown.length;
    const next = continues && more ? { namesFrom: from + shown.length } : {};
    const failing = { count, from: from + 1, people: shown, more, ...next };
    return { checks: [{ type: 'IDENTITY_MFA', pass: 1, fail: count, misconfigured: 0, excluded: 0, failing }] };
  };
  return { call, calls };
}

const SCOPE = { employmentStatus: ['CURRENT_EMPLOYEE'] };

describe('dashboard data layer', () => {
  it('reads counts, statuses, bars and the lists present as cards; what was not computed becomes a note', () => {
    const m = dashboardModel({
      scope: { employmentStatus: ['CURRENT_EMPLOYEE'], defaulted: true },
      complete: true,
      dataAsOf: '2026-11-01T00:00:00.000Z',
      total: 7,
      byStatus: { CURRENT_EMPLOYEE: 7 },
      checks: [{ type: 'IDENTITY_MFA', pass: 5, fail: 1, misconfigured: 1, excluded: 0 }],
      mfaGaps: { count: 2, from: 1, people: [], more: 2, namesFrom: 0 },
      noDevice: { count: 0, from: 1, people: [], more: 0 },
      notComputed: ['offboarding gaps: no former statuses in scope'],
    });
    expect(m.total).toBe(7);
    expect(m.byStatus).toEqual([['CURRENT_EMPLOYEE', 7]]);
    expect(m.checks[0]?.failing).toEqual({ list: 'failing', check: 'IDENTITY_MFA', label: 'Failing IDENTITY_MFA', count: 2 });
    expect(m.cards.map((c) => [c.list, c.count])).toEqual([['noDevice', 0], ['mfaGaps', 2]]);
    expect(m.notes).toEqual(['Not computed: offboarding gaps: no former statuses in scope']);
  });

  it('follows namesFrom to the last name, one call per part, focused on the check', async () => {
    const { call, calls } = server(130, 50);
    const progress: number[] = [];
    const spec = { list: 'failing', check: 'IDENTITY_MFA', label: 'x', count: 130 };
    const { people: got, missing } = await loadList(call, SCOPE, spec, (n) => progress.push(n));
    expect(got.map((p) => p.id)).toEqual(people(0, 130).map((p) => p.id));
    expect(missing).toBe(0);
    expect(calls.map((c) => c.namesFrom)).toEqual([0, 50, 100]);
    expect(calls.every((c) => JSON.stringify(c.checks) === '["IDENTITY_MFA"]' && JSON.stringify(c.lists) === '["failing"]')).toBe(true);
    expect(progress).toEqual([50, 100, 130]);
  });

  it('stops where the server does not continue, and counts the people it did not name', async () => {
    const { call, calls } = server(130, 50, false);
    const spec = { list: 'failing', check: 'IDENTITY_MFA', label: 'x', count: 130 };
    const { people: got, missing } = await loadList(call, SCOPE, spec, () => {});
    expect(got).toHaveLength(50);
    expect(missing).toBe(80);
    expect(calls).toHaveLength(1);
  });
});
