/**
 * Every count the tools print for the same question agrees: list_personnel's total equals the report's
 * figure and the sandbox's ground truth, for every check type in the default scope (failing and excluded),
 * and the list never returns an EXCLUDED person as failing although V1's filter does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPLIANCE_CHECK_TYPES, CURRENT_STATUSES } from '../../../src/drata/catalog.js';
import { type ListPage, rowsOf } from '../../support/rows.js';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';
import { reportTruth } from '../../support/truth.js';

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
    expect(s.trainingExpired).toBeUndefined();
    expect(s.noDevice).toBeUndefined();
    expect(s.notComputed?.join(' ')).toMatch(/training: .*devices|devices: .*training/s);
    expect(r.content[0]?.text).not.toMatch(/Training expired \(0\)/);
    expect(r.content[0]?.text).toMatch(/Not computed: training/);
  });

  it('training: expired, never completed and due soon, each counted and equal to truth', async () => {
    const truth = reportTruth(f.sandbox.org, CURRENT_STATUSES);
    const r = await call(f, 'personnel_compliance_report', { maxNames: 0 });
    const s = r.structuredContent as Record<string, PeopleList>;
    expect(s.trainingExpired?.count).toBe(truth.trainingExpired.length);
    expect(s.trainingNeverCompleted?.count).toBe(truth.trainingNeverCompleted.length);
    expect(s.trainingDueSoon?.count).toBe(truth.trainingDueSoon.length);
    expect(truth.trainingExpired.length + truth.trainingNeverCompleted.length).toBeGreaterThan(0);
  });
});
