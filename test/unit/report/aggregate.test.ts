import { describe, expect, it } from 'vitest';
import type { Person } from '../../../src/personnel/model.js';
import { offboardingGap, ReportAggregate, TopList } from '../../../src/report/aggregate.js';

const person = (id: number, name: string, extra: Partial<Person> = {}): Person => ({
  id,
  name,
  email: `${name.toLowerCase().replace(/\s/g, '.')}@example.com`,
  employmentStatus: 'CURRENT_EMPLOYEE',
  sources: ['v2'],
  ...extra,
});

describe('TopList', () => {
  it('keeps the first names in (name, id) order whatever the arrival order, and counts all', () => {
    const list = new TopList(3);
    for (const [id, name] of [
      [5, 'Zoë'],
      [2, 'anna'],
      [9, 'Bob'],
      [1, 'Anna'],
      [7, 'Carl'],
      [3, 'Bob'],
    ] as const) {
      list.add({ id, name });
    }
    expect(list.count).toBe(6);
    expect(list.items().map((r) => `${r.name}#${r.id}`)).toEqual(['Anna#1', 'anna#2', 'Bob#3']);
    expect(list.items(2)).toHaveLength(2);
  });
});

describe('ReportAggregate', () => {
  it('counts each person once, by status and by check, and lists failing people', () => {
    const a = new ReportAggregate(undefined, '2026-11-01');
    const p1 = person(1, 'Anna', {
      checks: [
        { type: 'IDENTITY_MFA', status: 'FAIL' },
        { type: 'SECURITY_TRAINING', status: 'PASS', expiresOn: '2026-11-20' },
      ],
    });
    a.addPerson(p1);
    a.addPerson(p1);
    a.addPerson(
      person(2, 'Bob', {
        employmentStatus: 'CURRENT_CONTRACTOR',
        checks: [
          { type: 'IDENTITY_MFA', status: 'MISCONFIGURED' },
          { type: 'SECURITY_TRAINING', status: 'FAIL', expiresOn: '2026-01-01' },
        ],
      }),
    );
    a.addPerson(
      person(3, 'Svc', {
        employmentStatus: 'OUT_OF_SCOPE',
        checks: [{ type: 'IDENTITY_MFA', status: 'EXCLUDED' }],
      }),
    );
    expect(a.total).toBe(3);
    expect(a.byStatus).toEqual({ CURRENT_EMPLOYEE: 1, CURRENT_CONTRACTOR: 1, OUT_OF_SCOPE: 1 });
    const mfa = a.checks.get('IDENTITY_MFA');
    expect(mfa && { pass: mfa.pass, fail: mfa.fail, mis: mfa.misconfigured, exc: mfa.excluded }).toEqual({
      pass: 0,
      fail: 1,
      mis: 1,
      exc: 1,
    });
    expect(mfa?.failing.items().map((r) => r.id)).toEqual([1, 2]);
    const security = a.training.get('SECURITY_TRAINING');
    expect(security?.dueSoon.items().map((r) => r.id)).toEqual([1]);
    expect(security?.expired.items().map((r) => r.id)).toEqual([2]);
    expect(a.outOfScopeWithoutReason.items().map((r) => r.id)).toEqual([3]);
  });

  it('a check given twice counts the person once, in the state the list is drawn from', () => {
    const a = new ReportAggregate(undefined, '2026-11-01');
    a.addPerson(
      person(1, 'Anna', {
        checks: [
          { type: 'IDENTITY_MFA', status: 'FAIL' },
          { type: 'IDENTITY_MFA', status: 'PASS' },
        ],
      }),
    );
    a.addPerson(person(2, 'Bob', { checks: [{ type: 'IDENTITY_MFA', status: 'FAIL' }] }));
    const mfa = a.checks.get('IDENTITY_MFA');
    expect(mfa && { pass: mfa.pass, fail: mfa.fail }).toEqual({ pass: 0, fail: 2 });
    expect(mfa?.failing.count).toBe(2);
    expect(mfa?.failing.items().map((r) => r.id)).toEqual([1, 2]);
  });

  it('focus limits the checks tallied', () => {
    const a = new ReportAggregate(['BG_CHECK'], '2026-11-01');
    a.addPerson(
      person(1, 'Anna', {
        checks: [
          { type: 'IDENTITY_MFA', status: 'FAIL' },
          { type: 'BG_CHECK', status: 'PASS' },
        ],
      }),
    );
    expect([...a.checks.keys()]).toEqual(['BG_CHECK']);
  });
});

describe('offboardingGap', () => {
  const today = '2026-11-01';
  it('flags connected identities and devices reporting after the grace period', () => {
    const p = person(1, 'Gone', {
      employmentStatus: 'FORMER_EMPLOYEE',
      separationDate: '2026-09-01',
      identities: [
        { provider: 'OKTA', connected: true },
        { provider: 'GITHUB', connected: false },
      ],
      devices: [
        { id: 1, lastCheckedAt: '2026-10-30T00:00:00Z', failingChecks: [] },
        { id: 2, lastCheckedAt: '2026-09-02T12:00:00Z', failingChecks: [] },
      ],
    });
    expect(offboardingGap(p, today)).toEqual({
      connected: ['OKTA'],
      reporting: 1,
      lastCheckIn: '2026-10-30',
      summary: 'left 2026-09-01; connected: OKTA; 1 device reporting (last 2026-10-30)',
    });
  });
  it('is undefined when access is gone', () => {
    const p = person(1, 'Gone', {
      employmentStatus: 'FORMER_EMPLOYEE',
      separationDate: '2026-09-01',
      identities: [{ provider: 'OKTA', connected: false }],
      devices: [{ id: 1, lastCheckedAt: '2026-09-03T23:00:00Z', failingChecks: [] }],
    });
    expect(offboardingGap(p, today)).toBeUndefined();
  });
});
