import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CURRENT_STATUSES,
  EMPLOYMENT_STATUSES,
  type EmploymentStatus,
  FORMER_STATUSES,
} from '../../../src/drata/catalog.js';
import { isDeviceCompliant } from '../../../src/sandbox/index.js';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';
import { reportTruth, type Truth } from '../../support/truth.js';

type List = { count: number; people: Array<{ id: number }>; more?: number };
type Report = {
  scope: { employmentStatus: string[]; defaulted: boolean };
  complete: boolean;
  fromCache: boolean;
  pagesFetched: number;
  total: number;
  byStatus: Record<string, number>;
  checks: Array<{
    type: string;
    pass: number;
    fail: number;
    misconfigured: number;
    excluded: number;
    failing?: List;
  }>;
  mfaGaps?: List;
  offboardingGaps?: List;
  offboardingIdentity?: List;
  offboardingDevice?: List;
  trainingExpired?: List;
  trainingNeverCompleted?: List;
  noDevice?: List;
  failingDevice?: List;
  trainingDueSoon?: List;
  outOfScopeWithoutReason?: List;
  notes?: string[];
};

const ids = (l: List | undefined) => l?.people.map((p) => p.id) ?? [];

/** Compare a report with ground truth: every count, and every list's first `max` names in order. */
function expectMatches(r: Report, truth: Truth, max: number) {
  expect(r.total).toBe(truth.total);
  expect(r.byStatus).toEqual(truth.byStatus);
  for (const c of r.checks) {
    const t = truth.checks[c.type] ?? { pass: 0, fail: 0, misconfigured: 0, excluded: 0, failing: [] };
    expect({
      type: c.type,
      pass: c.pass,
      fail: c.fail,
      misconfigured: c.misconfigured,
      excluded: c.excluded,
    }).toEqual({
      type: c.type,
      pass: t.pass,
      fail: t.fail,
      misconfigured: t.misconfigured,
      excluded: t.excluded,
    });
    if (c.type !== 'FULL_COMPLIANCE') {
      expect(c.failing?.count ?? 0).toBe(t.failing.length);
      expect(ids(c.failing)).toEqual(t.failing.slice(0, max));
    }
  }
  for (const key of [
    'mfaGaps',
    'offboardingGaps',
    'offboardingIdentity',
    'offboardingDevice',
    'trainingExpired',
    'trainingNeverCompleted',
    'noDevice',
    'failingDevice',
    'trainingDueSoon',
    'outOfScopeWithoutReason',
  ] as const) {
    const list = r[key];
    if (list === undefined) continue;
    // Gaps of any cause are counted; their names come in the lists by cause (and on request).
    const shown = key === 'offboardingGaps' ? 0 : max;
    expect({ key, count: list.count, ids: ids(list) }).toEqual({
      key,
      count: truth[key].length,
      ids: truth[key].slice(0, shown),
    });
  }
}

describe('personnel_compliance_report matches ground truth', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ sandbox: { size: 400 }, config: { maxOutputTokens: 200_000 } });
  });
  afterAll(() => f.close());

  const scopes: Array<[string, Record<string, unknown>, readonly EmploymentStatus[]]> = [
    ['default scope', {}, CURRENT_STATUSES],
    ['former personnel', { employmentStatus: ['ALL_FORMER_PERSONNEL'] }, FORMER_STATUSES],
    ['everyone', { employmentStatus: ['ALL_PERSONNEL'] }, EMPLOYMENT_STATUSES],
    [
      'contractors and out of scope',
      { employmentStatus: ['CURRENT_CONTRACTOR', 'OUT_OF_SCOPE', 'FORMER_CONTRACTOR'] },
      ['CURRENT_CONTRACTOR', 'OUT_OF_SCOPE', 'FORMER_CONTRACTOR'],
    ],
  ];
  it.each(scopes)('%s', async (_name, args, statuses) => {
    const r = await call(f, 'personnel_compliance_report', { ...args, maxNames: 100, refresh: true });
    expect(r.isError, r.content[0]?.text).toBeFalsy();
    const report = r.structuredContent as Report;
    expect(report.complete).toBe(true);
    expect(report.scope.defaulted).toBe(Object.keys(args).length === 0);
    expectMatches(report, reportTruth(f.sandbox.org, statuses), 100);
  });

  it('focused on two checks', async () => {
    const r = await call(f, 'personnel_compliance_report', {
      checks: ['IDENTITY_MFA', 'SECURITY_TRAINING'],
      maxNames: 100,
    });
    const report = r.structuredContent as Report;
    expect(report.checks.map((c) => c.type)).toEqual(['IDENTITY_MFA', 'SECURITY_TRAINING']);
    expectMatches(
      report,
      reportTruth(f.sandbox.org, CURRENT_STATUSES, ['IDENTITY_MFA', 'SECURITY_TRAINING']),
      100,
    );
  });

  it('lists: names everyone in the chosen list, counts only in the others', async () => {
    const r = await call(f, 'personnel_compliance_report', { lists: ['trainingDueSoon'], maxNames: 500 });
    const report = r.structuredContent as Report;
    const truth = reportTruth(f.sandbox.org, CURRENT_STATUSES);
    expect(ids(report.trainingDueSoon)).toEqual(truth.trainingDueSoon);
    expect(report.trainingDueSoon?.more).toBeUndefined();
    expect(report.trainingExpired).toMatchObject({ count: truth.trainingExpired.length, people: [] });
    for (const c of report.checks) expect(c.failing?.people ?? []).toEqual([]);
  });

  it('uses V2 for everyone and V1 only for the people who need it', async () => {
    f.sandbox.clearLogs();
    await call(f, 'personnel_compliance_report', { employmentStatus: ['ALL_PERSONNEL'], refresh: true });
    const v1 = f.sandbox.requests.filter((q) => q.api === 'v1');
    const v2 = f.sandbox.requests.filter((q) => q.api === 'v2');
    const truth = reportTruth(f.sandbox.org, EMPLOYMENT_STATUSES);
    const former = f.sandbox.org.people.filter((p) => FORMER_STATUSES.includes(p.employmentStatus)).length;
    // 400 people fit one page of 500: the first pages of both directions (createdAt ASC and DESC) go out at
    // once, so the second one brings nobody new, the one extra request the two-ended walk may cost.
    expect(v2).toHaveLength(2);
    expect(v2.map((q) => q.query.sortDir?.[0]).sort()).toEqual(['ASC', 'DESC']);
    expect(v2[0]?.query.size).toEqual(['500']);
    // V1's MFA filter also returns EXCLUDED people (dropped from the gaps); the device walk reads current
    // personnel without a fully compliant fleet.
    const current = f.sandbox.org.people.filter((p) => CURRENT_STATUSES.includes(p.employmentStatus));
    const mfaWalk = current.filter((p) => (p.checks.IDENTITY_MFA ?? 'PASS') !== 'PASS').length;
    const deviceWalk = current.filter(
      (p) => p.devices.length === 0 || p.devices.some((d) => !isDeviceCompliant(d)),
    ).length;
    expect(truth.mfaGaps.length).toBeLessThan(mfaWalk);
    expect(v1.length).toBe(Math.ceil(mfaWalk / 50) + Math.ceil(former / 50) + Math.ceil(deviceWalk / 50));
    for (const q of v1) expect(q.query.limit).toEqual(['50']);
  });
});

describe('personnel_compliance_report at 20,000 personnel', () => {
  it('counts and first names match ground truth, within the budget', async () => {
    const f = await startFixture({ sandbox: { size: 20_000 } });
    try {
      const statuses = [...CURRENT_STATUSES, ...FORMER_STATUSES];
      const r = await call(f, 'personnel_compliance_report', {
        employmentStatus: ['ALL_CURRENT_PERSONNEL', 'ALL_FORMER_PERSONNEL'],
      });
      expect(r.isError, r.content[0]?.text).toBeFalsy();
      const report = r.structuredContent as Report & { namesPerList: number };
      expect(report.complete).toBe(true);
      expectMatches(report, reportTruth(f.sandbox.org, statuses), report.namesPerList);
      const { encode } = await import('gpt-tokenizer/encoding/cl100k_base');
      const tokens =
        encode(r.content[0]?.text ?? '').length + encode(JSON.stringify(r.structuredContent)).length;
      console.log(`report over 20,000 personnel: ${tokens} tokens, ${report.pagesFetched} pages`);
      expect(tokens).toBeLessThanOrEqual(8000);
    } finally {
      await f.close();
    }
  }, 120_000);
});

describe('personnel_compliance_report: progress, cancellation, cap, cache', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('sends one progress notification per page fetched, with a total once known', async () => {
    f = await startFixture({ sandbox: { size: 1200, v2MaxPageSize: 50 }, elicit: 'accept' });
    const progress: Array<{ progress: number; total?: number }> = [];
    f.sandbox.clearLogs();
    const r = await f.client.callTool(
      { name: 'personnel_compliance_report', arguments: { employmentStatus: ['ALL_PERSONNEL'] } },
      undefined,
      { onprogress: (p) => progress.push(p) },
    );
    const report = r.structuredContent as Report;
    // The first V2 page of each direction at size 500 is refused by a seed-conforming API (400); each is
    // retried at 50, and later pages use 50 straight away.
    expect(f.sandbox.requests.filter((q) => q.api === 'v2' && q.status === 400)).toHaveLength(2);
    expect(f.sandbox.requests.filter((q) => q.api === 'v2' && q.status === 200).every((q) => q.query.size?.[0] === '50')).toBe(true);
    expect(progress).toHaveLength(report.pagesFetched);
    expect(progress.map((p) => p.progress)).toEqual(progress.map((_, i) => i + 1));
    expect(progress.at(-1)?.total).toBe(report.pagesFetched);
  });

  it('cancellation stops fetching: no request starts after the cancel', async () => {
    f = await startFixture({ sandbox: { size: 3000, latencyMs: 40, v2MaxPageSize: 50 } });
    const controller = new AbortController();
    let cancelledAt = 0;
    const pending = f.client.callTool(
      { name: 'personnel_compliance_report', arguments: { employmentStatus: ['ALL_PERSONNEL'] } },
      undefined,
      {
        signal: controller.signal,
        onprogress: (p) => {
          if (p.progress === 3 && !cancelledAt) {
            cancelledAt = Date.now();
            controller.abort('user cancelled');
          }
        },
      },
    );
    await expect(pending).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 400));
    const after = f.sandbox.requests.filter((q) => q.at > cancelledAt + 25);
    expect(after).toEqual([]);
    expect(f.sandbox.requests.length).toBeLessThan(20);
  });

  it('the page cap ends the walk with complete: false and says not to present it as complete', async () => {
    f = await startFixture({ sandbox: { size: 600, v2MaxPageSize: 50 }, config: { reportMaxPages: 3 } });
    const r = await call(f, 'personnel_compliance_report', {});
    const report = r.structuredContent as Report & { coverage?: string[] };
    expect(report.complete).toBe(false);
    expect(report.pagesFetched).toBe(3);
    expect(report.coverage?.join(' ')).toMatch(/page cap \(3 pages\)/);
    expect(r.content[0]?.text).toMatch(/INCOMPLETE.*Do not present them as complete/s);
  });

  it('serves a follow-up from the cache, and any write through the server invalidates it', async () => {
    f = await startFixture({ elicit: 'accept' });
    const first = (await call(f, 'personnel_compliance_report', {})).structuredContent as Report;
    expect(first.fromCache).toBe(false);
    f.sandbox.clearLogs();
    const second = await call(f, 'personnel_compliance_report', { maxNames: 2 });
    expect((second.structuredContent as Report).fromCache).toBe(true);
    expect(second.content[0]?.text).toMatch(/cached, \d+ s old/);
    expect(f.sandbox.requests).toHaveLength(0);

    const person = f.sandbox.org.people.find((p) => p.employmentStatus === 'CURRENT_EMPLOYEE');
    await call(f, 'update_personnel', {
      personnel: person?.id ?? 1,
      employmentStatus: 'FORMER_EMPLOYEE',
      separatedAt: '2026-10-30',
    });
    const third = (await call(f, 'personnel_compliance_report', {})).structuredContent as Report;
    expect(third.fromCache).toBe(false);
    expect(third.total).toBe(first.total - 1);

    await call(f, 'personnel_compliance_report', {});
    await call(f, 'resync_personnel', { personnel: [person?.id ?? 1] });
    const fourth = (await call(f, 'personnel_compliance_report', {})).structuredContent as Report;
    expect(fourth.fromCache).toBe(false);
    expect(fourth.total).toBe(first.total);
  });
});
