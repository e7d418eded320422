import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHECK_FILTER_PARAM,
  COMPLIANCE_CHECK_TYPES,
  type EmploymentStatus,
  V1_SORTS,
  V2_SORTS,
} from '../../../src/drata/catalog.js';
import type { SandboxPerson, Sandbox } from '../../../src/sandbox/index.js';
import { type Json, sorted, start, v1, v1Ids, v2, v2Walk } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.close());

const ids = (pred: (p: SandboxPerson) => boolean) => sb.org.people.filter(pred).map((p) => p.id);

describe('V1 list filters against the org model', () => {
  it.each([
    ['Ñúñez', (p: SandboxPerson) => p.lastName === 'Ñúñez'],
    ['ñúñez', (p: SandboxPerson) => p.lastName === 'Ñúñez'],
    ['王', (p: SandboxPerson) => p.lastName === '王'],
    ['zoë', (p: SandboxPerson) => p.firstName === 'Zoë'],
    ["o'brien", (p: SandboxPerson) => (p.lastName ?? '').toLowerCase() === "o'brien"],
    ['JOSÉ ÑÚÑEZ', (p: SandboxPerson) => p.firstName === 'José' && p.lastName === 'Ñúñez'],
    ['alex+drata@', (p: SandboxPerson) => p.email === 'alex+drata@example.com'],
    ['anna.schmidt@example.com', (p: SandboxPerson) => p.email === 'Anna.Schmidt@Example.com'],
  ])('q=%s searches first, last, full name and email, case-insensitively', async (q, pred) => {
    const got = await v1Ids(sb, `q=${encodeURIComponent(q)}`);
    const needle = q.toLowerCase();
    const expected = ids((p) => {
      const f = (p.firstName ?? '').toLowerCase();
      const l = (p.lastName ?? '').toLowerCase();
      return [f, l, `${f} ${l}`, p.email.toLowerCase()].some((s) => s.includes(needle));
    });
    expect(sorted(got)).toEqual(sorted(expected));
    expect(got.length).toBeGreaterThan(0);
    expect(expected).toEqual(expect.arrayContaining(ids(pred)));
  });

  it('q matching nobody returns an empty page with total 0', async () => {
    const r = await v1(sb, 'GET', '/personnel?q=zzzz-nobody');
    expect(r.body).toMatchObject({ data: [], total: 0 });
  });

  it.each(COMPLIANCE_CHECK_TYPES.flatMap((t) => [[t, true] as const, [t, false] as const]))(
    '%s filter=%s: true → PASS, false → anything but PASS (EXCLUDED too, as Drata), no check → neither',
    async (type, wanted) => {
      const got = await v1Ids(sb, `${CHECK_FILTER_PARAM[type]}=${wanted}`);
      const ok = wanted ? ['PASS'] : ['FAIL', 'MISCONFIGURED', 'EXCLUDED'];
      const expected = ids((p) => ok.includes(p.checks[type] ?? 'none'));
      expect(sorted(got)).toEqual(sorted(expected));
    },
  );

  it('every check type has someone on each side of its filter in the default org', async () => {
    for (const type of COMPLIANCE_CHECK_TYPES) {
      expect(ids((p) => p.checks[type] === 'FAIL').length, type).toBeGreaterThan(0);
      expect(ids((p) => p.checks[type] === 'PASS').length, type).toBeGreaterThan(0);
    }
  });

  it('deviceCompliance: true → has devices and all compliant; false → everyone else', async () => {
    const yes = await v1Ids(sb, 'deviceCompliance=true');
    const no = await v1Ids(sb, 'deviceCompliance=false');
    const compliant = (p: SandboxPerson) =>
      p.devices.length > 0 &&
      p.devices.every(
        (d) =>
          d.encryptionEnabled &&
          d.antivirusEnabled &&
          d.autoUpdateEnabled &&
          d.passwordManagerEnabled &&
          d.screenLockTime <= 900,
      );
    expect(sorted(yes)).toEqual(sorted(ids(compliant)));
    expect(sorted(no)).toEqual(sorted(ids((p) => !compliant(p))));
  });

  it('filters combine with AND', async () => {
    const got = await v1Ids(sb, 'employmentStatus=CURRENT_EMPLOYEE&identityMfaCompliance=false&q=a');
    const expected = ids(
      (p) =>
        p.employmentStatus === 'CURRENT_EMPLOYEE' &&
        ['FAIL', 'MISCONFIGURED', 'EXCLUDED'].includes(p.checks.IDENTITY_MFA ?? '') &&
        [p.firstName, p.lastName, p.email].some((s) => (s ?? '').toLowerCase().includes('a')),
    );
    expect(sorted(got)).toEqual(sorted(expected));
  });

  const statusCases: Array<[string, EmploymentStatus[]]> = [
    ['employmentStatus=SPECIAL_FORMER_EMPLOYEE', ['SPECIAL_FORMER_EMPLOYEE']],
    ['employmentStatuses[]=FUTURE_HIRE&employmentStatuses[]=UNKNOWN', ['FUTURE_HIRE', 'UNKNOWN']],
    ['employmentStatuses[]=ALL_CURRENT_PERSONNEL', ['CURRENT_EMPLOYEE', 'CURRENT_CONTRACTOR']],
    [
      'employmentStatuses[]=ALL_FORMER_PERSONNEL',
      ['FORMER_EMPLOYEE', 'FORMER_CONTRACTOR', 'SPECIAL_FORMER_EMPLOYEE', 'SPECIAL_FORMER_CONTRACTOR'],
    ],
    ['employmentStatuses[]=ALL_PERSONNEL&employmentStatuses[]=SERVICE_ACCOUNT', []],
    ['employmentStatuses=OUT_OF_SCOPE', ['OUT_OF_SCOPE']],
  ];
  it.each(statusCases)('%s', async (query, statuses) => {
    const got = await v1Ids(sb, query);
    const expected =
      statuses.length === 0 ? ids(() => true) : ids((p) => statuses.includes(p.employmentStatus));
    expect(sorted(got)).toEqual(sorted(expected));
    expect(got.length).toBeGreaterThan(0);
  });

  it('documented but model-less parameters are accepted', async () => {
    const r = await v1(
      sb,
      'GET',
      '/personnel?groupIds=1&groupIds=2&mdmSourceType=JAMF&multiTrainingComplianceType=HIPAA_TRAINING',
    );
    expect(r.status).toBe(200);
    expect(r.body.data.every((row: Json) => row.devices.some((d: Json) => d.sourceType === 'JAMF'))).toBe(
      true,
    );
  });
});

describe('V1 sorts', () => {
  /** Key of a row for a sort, read from the response (nulls last). */
  const RANK: Record<string, number> = { FAIL: 0, MISCONFIGURED: 1, EXCLUDED: 2, PASS: 3 };
  const rowKey = (sort: string, row: Json): string | number | null => {
    const check = (type: string) => {
      const c = row.complianceChecks.find((x: Json) => x.type === type);
      return c ? (RANK[c.status] ?? null) : null;
    };
    switch (sort) {
      case 'NAME': {
        const n = [row.user.firstName, row.user.lastName].filter(Boolean).join(' ');
        return (n || row.user.email).toLowerCase();
      }
      case 'EMPLOYMENT_STATUS':
        return row.employmentStatus;
      case 'OS_VERSION':
        return row.devices[0]?.osVersion ?? null;
      case 'SERIAL_NUM':
        return row.devices[0]?.serialNumber ?? null;
      case 'APPS_COUNT':
        return row.devices[0]?.appsCount ?? null;
      case 'START_DATE':
        return row.startDate;
      case 'SEPARATION_DATE':
        return row.separationDate;
      case 'HDD_ENCRYPTION':
        return check('HDD_ENCRYPTION');
      default:
        return check(sort);
    }
  };

  it.each(V1_SORTS.flatMap((s) => [[s, 'ASC'] as const, [s, 'DESC'] as const]))(
    'sort=%s sortDir=%s',
    async (sort, dir) => {
      const rows: Json[] = [];
      for (let page = 1; page <= 3; page++) {
        const r = await v1(sb, 'GET', `/personnel?limit=50&page=${page}&sort=${sort}&sortDir=${dir}`);
        expect(r.status).toBe(200);
        rows.push(...r.body.data);
      }
      expect(sorted(rows.map((r) => r.id))).toEqual(sb.org.people.map((p) => p.id));
      for (let i = 1; i < rows.length; i++) {
        const a = rowKey(sort, rows[i - 1]);
        const b = rowKey(sort, rows[i]);
        if (a === null) expect(b, `nulls last at ${i}`).toBeNull();
        if (a === null || b === null) continue;
        if (a === b) expect(rows[i].id).toBeGreaterThan(rows[i - 1].id);
        else expect(dir === 'ASC' ? a < b : a > b, `${sort} ${dir} at ${i}: ${a} vs ${b}`).toBe(true);
      }
    },
  );

  it('default sort is NAME ascending', async () => {
    const a = await v1(sb, 'GET', '/personnel?limit=50');
    const b = await v1(sb, 'GET', '/personnel?limit=50&sort=NAME&sortDir=ASC');
    expect(a.text).toBe(b.text);
  });
});

describe('V2 cursor pagination', () => {
  it.each(V2_SORTS.flatMap((s) => [[s, 'ASC'] as const, [s, 'DESC'] as const]))(
    'sort=%s sortDir=%s walks everyone exactly once and ends with cursor null',
    async (sort, dir) => {
      const { people, pages, last } = await v2Walk(sb, `size=7&sort=${sort}&sortDir=${dir}`);
      expect(people.map((p) => p.id).length).toBe(sb.org.size);
      expect(sorted(people.map((p) => p.id))).toEqual(sb.org.people.map((p) => p.id));
      expect(pages).toBe(Math.ceil(sb.org.size / 7));
      expect(last.pagination.cursor).toBeNull();
      const nameOf = (id: number) => {
        const q = sb.org.get(id);
        const n = [q?.firstName, q?.lastName].filter(Boolean).join(' ');
        return (n || q?.email || '').toLowerCase();
      };
      const key = (p: Json) => (sort === 'name' ? nameOf(p.id) : p[sort]);
      for (let i = 1; i < people.length; i++) {
        const a = key(people[i - 1]);
        const b = key(people[i]);
        if (a === b) expect(people[i].id).toBeGreaterThan(people[i - 1].id);
        else expect(dir === 'ASC' ? a < b : a > b).toBe(true);
      }
    },
  );

  it('employmentStatus[] filters the walk; an exact multiple of size still ends with cursor null', async () => {
    const want: EmploymentStatus[] = ['FORMER_EMPLOYEE', 'FORMER_CONTRACTOR'];
    const expected = ids((p) => want.includes(p.employmentStatus));
    const { people } = await v2Walk(
      sb,
      'size=3&employmentStatus[]=FORMER_EMPLOYEE&employmentStatus[]=FORMER_CONTRACTOR',
    );
    expect(people.map((p) => p.id)).toEqual(expected);
    const exact = await v2(
      sb,
      'GET',
      `/personnel?size=${expected.length}&${want.map((s) => `employmentStatus[]=${s}`).join('&')}`,
    );
    expect(exact.body.data).toHaveLength(expected.length);
    expect(exact.body.pagination.cursor).toBeNull();
  });

  it('the default order is creation order (ids ascending)', async () => {
    const r = await v2(sb, 'GET', '/personnel?size=500');
    expect(r.body.data.map((p: Json) => p.id)).toEqual(sb.org.people.map((p) => p.id));
    expect(r.body.pagination.cursor).toBeNull();
  });

  it('v2MaxPageSize 50 emulates the seed docs: default 20, size > 50 is a 400', async () => {
    const seedLike = await start({ v2MaxPageSize: 50 });
    try {
      expect((await v2(seedLike, 'GET', '/personnel')).body.data).toHaveLength(20);
      expect((await v2(seedLike, 'GET', '/personnel?size=50')).body.data).toHaveLength(50);
      const r = await v2(seedLike, 'GET', '/personnel?size=51');
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/size must not be greater than 50/);
    } finally {
      await seedLike.close();
    }
  });
});
