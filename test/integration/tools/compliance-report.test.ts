/**
 * personnel_compliance_report against the sandbox's ground truth: every scope, focused checks, lists,
 * the V2/V1 request plan, 20,000 personnel, progress, cancellation, the page cap and the cache. And every
 * count the tools print for the same question agrees: list_personnel's total equals the report's figure
 * and the ground truth, for every check type in the default scope (failing and excluded), and the list
 * never returns an EXCLUDED person as failing although V1's filter does.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  COMPLIANCE_CHECK_TYPES,
  CURRENT_STATUSES,
  EMPLOYMENT_STATUSES,
  type EmploymentStatus,
  FORMER_STATUSES,
} from '../../../src/drata/catalog.js';
import { type ListPage, rowsOf } from '../../support/rows.js';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';
import { reportTruth, type Truth } from '../../support/truth.js';

type List = { count: number; people: Array<{ id: number }>; more?: number };
type Report = {
  scope: { employmentStatus: string[]; defaulted: boolean };
  complete: boolean;
  fromCache: boolean;
  pagesFetched: number;
  devicePagesFetched?: number;
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
  mfaOffExcluded?: List;
  offboardingGaps?: List;
  offboardingIdentity?: List;
  offboardingDevice?: List;
  training?: Array<{ type: string; expired: List; neverCompleted: List; dueSoon: List }>;
  noDevice?: List;
  failingDevice?: List;
  outOfScopeWithoutReason?: List;
  notes?: string[];
};

const ids = (l: List | undefined) => l?.people.map((p) => p.id) ?? [];

/** Compare a report with ground truth: every count, and every list's first `max` names in order. */
function expectMatches(r: Report, truth: Truth, max: number, named: readonly string[] = []) {
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
  for (const t of r.training ?? []) {
    const want = truth.training[t.type] ?? { expired: [], neverCompleted: [], dueSoon: [] };
    for (const key of ['expired', 'neverCompleted', 'dueSoon'] as const)
      expect({ type: t.type, key, count: t[key].count, ids: ids(t[key]) }).toEqual({
        type: t.type,
        key,
        count: want[key].length,
        // Training lists are counted by default and named on request (lists).
        ids: want[key].slice(0, named.includes(key) ? max : 0),
      });
  }
  expect((r.training ?? []).map((t) => t.type).sort()).toEqual(r.training ? Object.keys(truth.training).sort() : []);
  for (const key of [
    'mfaGaps',
    'mfaOffExcluded',
    'offboardingGaps',
    'offboardingIdentity',
    'offboardingDevice',
    'noDevice',
    'failingDevice',
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
    for (const t of report.training ?? []) {
      expect(ids(t.dueSoon)).toEqual(truth.training[t.type]?.dueSoon);
      expect(t.dueSoon.more).toBeUndefined();
      expect(t.expired).toMatchObject({ count: truth.training[t.type]?.expired.length, people: [] });
    }
    expect(report.training?.length).toBe(3);
    for (const c of report.checks) expect(c.failing?.people ?? []).toEqual([]);
  });

  it('walks the scope once on V1, 50 a page, and answers the next questions from that snapshot', async () => {
    f.sandbox.clearLogs();
    await call(f, 'personnel_compliance_report', { employmentStatus: ['ALL_PERSONNEL'], refresh: true });
    const v1 = f.sandbox.requests.filter((q) => q.api === 'v1');
    expect(f.sandbox.requests.filter((q) => q.api === 'v2')).toHaveLength(0);
    expect(v1.length).toBe(Math.ceil(f.sandbox.org.people.length / 50));
    for (const q of v1) expect(q.query.limit).toEqual(['50']);
    f.sandbox.clearLogs();
    // A narrower scope, a filtered list and a grouping: all answered by the same snapshot, no request.
    await call(f, 'personnel_compliance_report', { employmentStatus: ['ALL_FORMER_PERSONNEL'] });
    const list = await call(f, 'list_personnel', { employmentStatus: ['ALL_CURRENT_PERSONNEL'], failing: ['HDD_ENCRYPTION'] });
    const groups = await call(f, 'list_personnel', { groupBy: 'status' });
    expect(list.isError).toBeFalsy();
    expect(groups.isError).toBeFalsy();
    expect(f.sandbox.requests).toHaveLength(0);
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
    // One V1 walk of the scope, 50 a page: every page counts.
    const pages = report.pagesFetched;
    expect(pages).toBe(Math.ceil(1200 / 50));
    expect(f.sandbox.requests.filter((q) => q.api === 'v1' && q.method === 'GET')).toHaveLength(pages);
    expect(progress).toHaveLength(pages);
    expect(progress.map((p) => p.progress)).toEqual(progress.map((_, i) => i + 1));
    expect(progress.at(-1)?.total).toBe(pages);
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
    // The cancel is a notification: a loaded machine may take a little while to deliver it, and a request
    // that starts before it arrives is legitimate. A walk that went on would send one every ~40 ms.
    const after = f.sandbox.requests.filter((q) => q.at > cancelledAt + 150);
    expect(after).toEqual([]);
    expect(f.sandbox.requests.length).toBeLessThan(20);
  });

  it('the page cap ends the walk with complete: false and says not to present it as complete', async () => {
    f = await startFixture({ sandbox: { size: 600, v2MaxPageSize: 50 }, config: { reportMaxPages: 3 } });
    const r = await call(f, 'personnel_compliance_report', {});
    const report = r.structuredContent as Report & { coverage?: string[] };
    expect(report.complete).toBe(false);
    // One cap for the whole report, the device walk's pages included.
    expect(report.pagesFetched + (report.devicePagesFetched ?? 0)).toBe(3);
    expect(report.coverage?.join(' ')).toMatch(/page cap \(3 pages\)/);
    expect(r.content[0]?.text).toMatch(/INCOMPLETE.*Do not present them as complete/s);
  });

  it('serves a follow-up from the cache, and any write through the server invalidates it', async () => {
    f = await startFixture({ elicit: 'accept' });
    const fetched = await call(f, 'personnel_compliance_report', {});
    const first = fetched.structuredContent as Report;
    expect(first.fromCache).toBe(false);
    expect(fetched.content[0]?.text).toContain(`(fetched now: ${first.pagesFetched} pages`);
    f.sandbox.clearLogs();
    const second = await call(f, 'personnel_compliance_report', { maxNames: 2 });
    expect((second.structuredContent as Report).fromCache).toBe(true);
    // Read literally, "0 pages" or the first run's page count would misstate what this answer cost.
    expect(second.content[0]?.text).toMatch(/data as of \S+ \(held, \d+ s old; no request for this answer\)/);
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

type Check = { type: string; fail: number; misconfigured: number; excluded: number };

describe('list totals equal report counts (default scope, sandbox org of 400)', () => {
  let f: Fixture;
  let checks: Check[];
  beforeAll(async () => {
    f = await startFixture({ sandbox: { size: 400 } });
    const report = await call(f, 'personnel_compliance_report', {});
    checks = (report.structuredContent as { checks: Check[] }).checks;
  });
  afterAll(() => f.close());

  const current = () => f.sandbox.org.people.filter((p) => CURRENT_STATUSES.includes(p.employmentStatus));

  it('the sandbox answers <check>Compliance=false with EXCLUDED people too (as Drata does)', () => {
    const excludedMfa = current().filter((p) => p.checks.IDENTITY_MFA === 'EXCLUDED');
    expect(excludedMfa.length).toBeGreaterThan(0);
  });

  it.each(COMPLIANCE_CHECK_TYPES)('%s: failing and excluded totals', async (type) => {
    const truth = reportTruth(f.sandbox.org, CURRENT_STATUSES).checks[type];
    const c = checks.find((x) => x.type === type);
    const base = { employmentStatus: ['ALL_CURRENT_PERSONNEL'], limit: 50 };
    const failing = await call(f, 'list_personnel', { ...base, failing: [type] });
    const excluded = await call(f, 'list_personnel', { ...base, excluded: [type] });
    const fs = failing.structuredContent as ListPage;
    const es = excluded.structuredContent as ListPage;
    expect(fs.total).toBe((c?.fail ?? 0) + (c?.misconfigured ?? 0));
    expect(fs.total).toBe(truth ? truth.fail + truth.misconfigured : 0);
    expect(es.total).toBe(c?.excluded ?? 0);
    const byId = new Map(f.sandbox.org.people.map((p) => [p.id, p]));
    for (const r of rowsOf(fs)) expect(['FAIL', 'MISCONFIGURED']).toContain(byId.get(r.id)?.checks[type]);
    for (const r of rowsOf(es)) {
      expect(byId.get(r.id)?.checks[type]).toBe('EXCLUDED');
      expect(r.excluded).toContain(type);
    }
    // The text says the same total.
    expect(failing.content[0]?.text).toMatch(new RegExp(`^Personnel (0|1–\\d+) of ${fs.total} `));
  });
});

type PeopleList = {
  count: number;
  from?: number;
  people: Array<{ id: number; detail?: string }>;
  more?: number;
  namesFrom?: number;
};

describe('devices and offboarding: list totals equal report counts and ground truth', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ sandbox: { size: 400 }, config: { maxOutputTokens: 200_000 } });
  });
  afterAll(() => f.close());

  it('no device / a failing device / all compliant: list totals = report = truth', async () => {
    const truth = reportTruth(f.sandbox.org, CURRENT_STATUSES);
    const r = await call(f, 'personnel_compliance_report', { maxNames: 500, lists: ['noDevice', 'failingDevice'] });
    const s = r.structuredContent as { noDevice: PeopleList; failingDevice: PeopleList };
    expect(truth.noDevice.length).toBeGreaterThan(0);
    expect(s.noDevice.count).toBe(truth.noDevice.length);
    expect(s.noDevice.people.map((p) => p.id)).toEqual(truth.noDevice);
    expect(s.failingDevice.count).toBe(truth.failingDevice.length);
    expect(s.failingDevice.people.map((p) => p.id)).toEqual(truth.failingDevice);
    expect(r.content[0]?.text).toContain(`No device (${truth.noDevice.length}): `);
    const base = { employmentStatus: ['ALL_CURRENT_PERSONNEL'], limit: 50 };
    const none = await call(f, 'list_personnel', { ...base, devices: 'none' });
    const failing = await call(f, 'list_personnel', { ...base, devices: 'anyFailing' });
    const compliant = await call(f, 'list_personnel', { ...base, devices: 'allCompliant' });
    expect((none.structuredContent as ListPage).total).toBe(truth.noDevice.length);
    expect((failing.structuredContent as ListPage).total).toBe(truth.failingDevice.length);
    const current = f.sandbox.org.people.filter((p) => CURRENT_STATUSES.includes(p.employmentStatus));
    expect((compliant.structuredContent as ListPage).total).toBe(
      current.length - truth.noDevice.length - truth.failingDevice.length,
    );
    for (const row of rowsOf(none.structuredContent)) expect([row.devices, row.failingDevices]).toEqual([0, 0]);
    for (const row of rowsOf(failing.structuredContent)) expect(row.failingDevices).toBeGreaterThan(0);
    expect(none.content[0]?.text).toMatch(/; no device/);
  });

  it('offboarding gaps by cause: identity connected, device reporting, any; totals agree with truth', async () => {
    const truth = reportTruth(f.sandbox.org, ['FORMER_EMPLOYEE', 'FORMER_CONTRACTOR', 'SPECIAL_FORMER_EMPLOYEE', 'SPECIAL_FORMER_CONTRACTOR']);
    const r = await call(f, 'personnel_compliance_report', {
      employmentStatus: ['ALL_FORMER_PERSONNEL'],
      maxNames: 500,
      lists: ['offboardingGaps', 'offboardingIdentity', 'offboardingDevice'],
    });
    const s = r.structuredContent as Record<string, PeopleList>;
    for (const key of ['offboardingGaps', 'offboardingIdentity', 'offboardingDevice'] as const) {
      expect({ key, count: s[key]?.count, ids: s[key]?.people.map((p) => p.id) }).toEqual({
        key,
        count: truth[key].length,
        ids: truth[key],
      });
    }
    expect(truth.offboardingIdentity.length).toBeLessThan(truth.offboardingGaps.length);
    // The same figures from list_personnel: totals equal the report's counts.
    const byFilter = { any: 'offboardingGaps', identityConnected: 'offboardingIdentity', deviceReporting: 'offboardingDevice' };
    for (const [filter, key] of Object.entries(byFilter)) {
      const l = await call(f, 'list_personnel', { offboardingGap: filter, limit: 50 });
      expect({ filter, total: (l.structuredContent as ListPage).total }).toEqual({ filter, total: s[key]?.count });
    }
    expect(s.offboardingIdentity?.people[0]?.detail).toMatch(/[A-Z_]+/);
    expect(s.offboardingDevice?.people[0]?.detail).toMatch(/last check-in \d{4}-\d{2}-\d{2}/);
    expect(r.content[0]?.text).toContain(`Offboarding: identity still connected (${truth.offboardingIdentity.length}): `);
  });

  it('a list cut by maxNames says how many are missing, and namesFrom continues it to the end', async () => {
    const truth = reportTruth(f.sandbox.org, CURRENT_STATUSES).failingDevice;
    const seen: number[] = [];
    let from = 0;
    for (let i = 0; i < 50 && from !== undefined; i++) {
      const r = await call(f, 'personnel_compliance_report', { lists: ['failingDevice'], maxNames: 7, namesFrom: from });
      const l = (r.structuredContent as { failingDevice: PeopleList }).failingDevice;
      expect(l.from ?? 1).toBe(from + 1);
      expect(l.more ?? 0).toBe(truth.length - from - l.people.length);
      seen.push(...l.people.map((p) => p.id));
      if (l.more) expect(r.content[0]?.text).toContain(`${l.more} more: namesFrom ${l.namesFrom} with lists ["failingDevice"]`);
      if (l.namesFrom === undefined) break;
      from = l.namesFrom;
    }
    expect(seen).toEqual(truth);
  });

  it('a focused report names what it did not compute instead of printing 0', async () => {
    const r = await call(f, 'personnel_compliance_report', { checks: ['IDENTITY_MFA'] });
    const s = r.structuredContent as Record<string, unknown> & { notComputed?: string[] };
    expect(s.training).toBeUndefined();
    expect(s.noDevice).toBeUndefined();
    expect(s.notComputed?.join(' ')).toMatch(/training: .*devices|devices: .*training/s);
    expect(r.content[0]?.text).not.toMatch(/Training expired \(0\)/);
    expect(r.content[0]?.text).toMatch(/Not computed: training/);
  });

  it('training: expired, never completed and due soon, counted per training type and equal to truth', async () => {
    const truth = reportTruth(f.sandbox.org, CURRENT_STATUSES);
    const r = await call(f, 'personnel_compliance_report', { maxNames: 0 });
    const s = r.structuredContent as Report;
    const text = r.content[0]?.text ?? '';
    expect(s.training?.map((t) => t.type)).toEqual(['SECURITY_TRAINING', 'HIPAA_TRAINING', 'NIST_AI_TRAINING']);
    for (const t of s.training ?? []) {
      const want = truth.training[t.type];
      expect([t.expired.count, t.neverCompleted.count, t.dueSoon.count]).toEqual([
        want?.expired.length,
        want?.neverCompleted.length,
        want?.dueSoon.length,
      ]);
      // Each number in the text says which training it counts; no mixed "Training expired (N)".
      expect(text).toContain(
        `${t.type}: expired (${t.expired.count}), never completed (${t.neverCompleted.count}), due within 30 days (${t.dueSoon.count})`,
      );
    }
    expect(text).not.toMatch(/^Training (expired|never completed|due)/m);
    expect(truth.training.SECURITY_TRAINING?.expired.length).toBeGreaterThan(0);
    expect(truth.training.HIPAA_TRAINING?.expired.length).toBeGreaterThan(0);
  });

  it('expired training names carry the renewal date', async () => {
    const r = await call(f, 'personnel_compliance_report', { checks: ['SECURITY_TRAINING'], lists: ['trainingExpired'], maxNames: 500 });
    const s = r.structuredContent as Report;
    const expired = s.training?.[0]?.expired;
    expect(expired?.people.length).toBeGreaterThan(0);
    for (const p of expired?.people ?? []) {
      const doc = f.sandbox.org.get(p.id)?.documents.filter((d) => d.type === 'SEC_TRAINING').map((d) => d.renewalDate).sort().at(-1);
      expect((p as { detail?: string }).detail).toBe(`renewal ${doc}`);
      expect(r.content[0]?.text).toContain(`#${p.id} (renewal ${doc})`);
    }
  });
});
