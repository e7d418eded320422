/**
 * The dashboard's data layer, the one place that knows the report's shape: what it reads from a result, and
 * how it follows a list's continuation (namesFrom) to the end, or stops where a server does not continue.
 */
import { describe, expect, it } from 'vitest';
import { cardKey, dashboardModel, loadList } from '../../../src/apps/ui/report-model.js';

const people = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: from + i + 1, name: `Person ${String(from + i + 1).padStart(3, '0')}` }));

interface RawList {
  count: number;
  from?: number;
  people: Array<{ id: number; name: string }>;
  more?: number;
  namesFrom?: number;
}
/** Where a list sits in a result: by default, IDENTITY_MFA's failing people. */
type Place = (list: RawList, count: number) => Record<string, unknown>;
const failingMfa: Place = (failing, count) => ({
  checks: [{ type: 'IDENTITY_MFA', pass: 1, fail: count, misconfigured: 0, excluded: 0, failing }],
});

/** A report that names `page` people per call from namesFrom, over `count` people in the list `place` puts. */
function server(count: number, page: number, continues = true, place = failingMfa) {
  const calls: Array<Record<string, unknown>> = [];
  const call = async (args: Record<string, unknown>) => {
    calls.push(args);
    const from = continues ? Number(args.namesFrom ?? 0) : 0;
    const shown = people(from, Math.min(page, count - from));
    const more = count - from - shown.length;
    const next: Pick<RawList, 'namesFrom'> = continues && more ? { namesFrom: from + shown.length } : {};
    return place({ count, from: from + 1, people: shown, more, ...next }, count);
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
    expect(m.training).toEqual([]);
  });

  it('reads training per type: three cards per training, each naming it, with that training’s counts', () => {
    const list = (count: number) => ({ count, people: [], more: count || undefined, namesFrom: count ? 0 : undefined });
    const m = dashboardModel({
      scope: { employmentStatus: ['CURRENT_EMPLOYEE'], defaulted: true },
      total: 9,
      checks: [],
      training: [
        { type: 'SECURITY_TRAINING', expired: list(3), neverCompleted: list(2), dueSoon: list(0) },
        { type: 'HIPAA_TRAINING', expired: list(1), neverCompleted: list(4), dueSoon: list(5) },
        { type: 'NIST_AI_TRAINING', expired: list(0), neverCompleted: list(7), dueSoon: list(6) },
      ],
    });
    expect(m.cards).toEqual([]);
    expect(m.training.map((t) => [t.type, t.label])).toEqual([
      ['SECURITY_TRAINING', 'Security training'],
      ['HIPAA_TRAINING', 'HIPAA training'],
      ['NIST_AI_TRAINING', 'NIST AI training'],
    ]);
    expect(m.training[1]?.cards).toEqual([
      { list: 'trainingExpired', training: 'HIPAA_TRAINING', label: 'HIPAA training expired', count: 1 },
      { list: 'trainingNeverCompleted', training: 'HIPAA_TRAINING', label: 'HIPAA training never completed', count: 4 },
      { list: 'trainingDueSoon', training: 'HIPAA_TRAINING', label: 'HIPAA training due within 30 days', count: 5 },
    ]);
    const cards = m.training.flatMap((t) => t.cards);
    expect(cards.map((c) => c.count)).toEqual([3, 2, 0, 1, 4, 5, 0, 7, 6]);
    // Nine cards, nine keys and nine labels: no two trainings share a card.
    expect(new Set(cards.map(cardKey)).size).toBe(9);
    expect(new Set(cards.map((c) => c.label)).size).toBe(9);
    expect(cardKey(cards[0]!)).toBe('SECURITY_TRAINING:trainingExpired');
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

  it('follows a training list to the last name, focused on that training, reading only its list', async () => {
    // The result holds another training's list too (as a report focused on several would): never read it.
    const other = { count: 1, people: [{ id: 999, name: 'Someone else' }] };
    const hipaaDueSoon: Place = (dueSoon) => ({
      training: [
        { type: 'SECURITY_TRAINING', expired: other, neverCompleted: other, dueSoon: other },
        { type: 'HIPAA_TRAINING', expired: other, neverCompleted: other, dueSoon },
      ],
    });
    const { call, calls } = server(70, 30, true, hipaaDueSoon);
    const spec = { list: 'trainingDueSoon', training: 'HIPAA_TRAINING', label: 'x', count: 70 };
    const { people: got, missing } = await loadList(call, SCOPE, spec, () => {});
    expect(got.map((p) => p.id)).toEqual(people(0, 70).map((p) => p.id));
    expect(missing).toBe(0);
    expect(calls.map((c) => c.namesFrom)).toEqual([0, 30, 60]);
    for (const c of calls) {
      expect(c.checks).toEqual(['HIPAA_TRAINING']);
      expect(c.lists).toEqual(['trainingDueSoon']);
      expect(c.employmentStatus).toEqual(SCOPE.employmentStatus);
    }
  });

  it('says so when the result lacks the training list asked for', async () => {
    const { call } = server(5, 5, true, (dueSoon) => ({ training: [{ type: 'SECURITY_TRAINING', dueSoon }] }));
    const spec = { list: 'trainingDueSoon', training: 'HIPAA_TRAINING', label: 'HIPAA training due within 30 days', count: 5 };
    await expect(loadList(call, SCOPE, spec, () => {})).rejects.toThrow(/no longer has the list HIPAA training due/);
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
