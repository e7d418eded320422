import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  V1PersonnelLeanPageSchema,
  V1PersonnelPageSchema,
  V1PersonnelSchema,
  V1ResetSyncResultSchema,
  V2ActionResultSchema,
  V2PersonnelLeanPageSchema,
  V2PersonnelPageSchema,
  V2PersonSchema,
} from '../../../src/drata/schemas.js';
import { fromV1 } from '../../../src/personnel/normalize.js';

/** Response samples from the API docs (reference/seeds), converted to JSON verbatim. */
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

/**
 * The docs' V1 sample lost `user.email` to the docs site's e-mail obfuscation; the spec marks it
 * required, so the fixtures get one back.
 */
function withEmail(record: Record<string, unknown>): Record<string, unknown> {
  return { ...record, user: { ...(record.user as object), email: 'sally@example.com' } };
}

describe('V1 schemas on the documented samples', () => {
  it('parses the list sample, coercing the quirks instead of failing', () => {
    const raw = fixture('v1-list-seed.json');
    const page = V1PersonnelPageSchema.parse({
      ...raw,
      data: (raw.data as Array<Record<string, unknown>>).map(withEmail),
    });
    expect(page).toMatchObject({ page: 1, limit: 10, total: 100 });
    const p = page.data[0];
    expect(p).toBeDefined();
    if (!p) return;
    expect(p.id).toBe(1);
    expect(p.employmentStatus).toBe('CURRENT_EMPLOYEE');
    expect(p.complianceChecks).toEqual([]); // sent as the string "[]"
    expect(p.complianceTests).toEqual([]);
    expect(p.devices).toEqual([]);
    expect(p.data?.screenLockTime).toBe(60); // sent as "60"
    expect(p.devicesCount).toBe(0);
    expect(p.user.identities?.[0]?.connection?.id).toBe(1); // sent as "1"
    expect(p.user.identities?.[0]).toMatchObject({ username: 'Username', hasMfa: true, hasIdp: true });
    expect(p.user.identities?.[0]?.connection).toMatchObject({ clientType: 'GOOGLE', connected: false });
    expect(p.user.backgroundChecks?.[0]).toMatchObject({ status: 'OK', type: 'CERTN', source: 'DRATA' });
    // A documents page whose entries are all null survives with nulls.
    expect(p.user.documents?.[0]?.data?.[0]).toMatchObject({ id: null, type: null });
    expect(p.reasonProvider?.firstName).toBe('Sally');
    // Unknown fields are kept.
    expect((p as Record<string, unknown>).agentEnabled).toBe(false);
    expect((p.user as Record<string, unknown>).roles).toEqual(['ROLE', 'ANOTHER_ROLE']);
  });

  it('parses the detail sample', () => {
    const p = V1PersonnelSchema.parse(withEmail(fixture('v1-get-seed.json')));
    expect(p.user.documents?.[0]?.data?.[0]).toMatchObject({
      type: 'SEC_TRAINING',
      renewalDate: '2026-10-27',
    });
    expect(p.startDate).toBe('2020-07-06');
  });

  it('requires the minimal shape: id, employmentStatus, user.id, user.email', () => {
    const ok = { id: 1, employmentStatus: 'CURRENT_EMPLOYEE', user: { id: 2, email: 'a@b.c' } };
    expect(V1PersonnelSchema.safeParse(ok).success).toBe(true);
    expect(V1PersonnelSchema.safeParse({ ...ok, id: '17' }).data?.id).toBe(17);
    for (const broken of [
      { ...ok, id: undefined },
      { ...ok, id: 'abc' },
      { ...ok, employmentStatus: undefined },
      { ...ok, user: undefined },
      { ...ok, user: { id: 2 } },
      fixture('v1-get-seed.json'), // the docs sample as is: no user.email
    ]) {
      expect(V1PersonnelSchema.safeParse(broken).success).toBe(false);
    }
    expect(V1PersonnelPageSchema.safeParse({ data: [ok], page: 1, limit: 20 }).success).toBe(false);
    expect(V1PersonnelPageSchema.safeParse({ data: 'nope', page: 1, limit: 20, total: 1 }).success).toBe(
      false,
    );
  });

  it('drops nested parts that do not fit instead of failing the record', () => {
    const p = V1PersonnelSchema.parse({
      id: 1,
      employmentStatus: 'SOME_NEW_STATUS',
      user: {
        id: 2,
        email: 'a@b.c',
        firstName: 42,
        identities: 'garbage',
        backgroundChecks: [null, 5, { status: 'OK' }],
      },
      complianceChecks: [
        { type: 'IDENTITY_MFA', status: 'FAIL', expiresAt: { weird: true } },
        { status: 'PASS' }, // no type: dropped
        { type: 'BRAND_NEW_CHECK', status: 'SOMETHING_NEW' },
      ],
      devices: [{ id: '9', isDeviceCompliant: 'true', screenLockTime: 'never', complianceChecks: '[]' }],
      reasonProvider: 'not an object',
      data: [],
    });
    expect(p.employmentStatus).toBe('SOME_NEW_STATUS');
    expect(p.user.firstName).toBe('42');
    expect(p.user.identities).toBeUndefined();
    expect(p.user.backgroundChecks).toEqual([{ status: 'OK' }]);
    expect(p.complianceChecks).toEqual([
      { type: 'IDENTITY_MFA', status: 'FAIL', expiresAt: undefined },
      { type: 'BRAND_NEW_CHECK', status: 'SOMETHING_NEW' },
    ]);
    expect(p.devices?.[0]).toMatchObject({
      id: 9,
      isDeviceCompliant: true,
      screenLockTime: undefined,
      complianceChecks: [],
    });
    expect(p.reasonProvider).toBeUndefined();
    expect(p.data).toBeUndefined();
  });

  it('reads the reset-sync responses leniently', () => {
    expect(V1ResetSyncResultSchema.parse(undefined)).toBeNull();
    expect(V1ResetSyncResultSchema.parse({ ok: true })).toBeNull();
    expect(V1ResetSyncResultSchema.parse(withEmail(fixture('v1-get-seed.json')))?.id).toBe(1);
  });
});

describe('V2 schemas', () => {
  it('parses the documented list sample', () => {
    const page = V2PersonnelPageSchema.parse(fixture('v2-list-seed.json'));
    expect(page.pagination.cursor).toBe('string');
    const p = page.data[0];
    expect(p).toMatchObject({
      id: 1,
      userId: 1,
      employmentStatus: 'CURRENT_EMPLOYEE',
      startedAt: '2023-01-01T00:00:00.000Z',
    });
    expect(p?.user?.firstName).toBe('Sally');
    expect(p?.complianceChecks?.[0]).toMatchObject({ type: 'FULL_COMPLIANCE', status: 'MISCONFIGURED' });
    expect(p?.customFields).toEqual([{ customFieldId: 1, name: 'Stakeholders', value: 'Security & IT' }]);
  });

  it('accepts slim records (nothing expanded), null cursors, totalCount, and exclusions', () => {
    const page = V2PersonnelPageSchema.parse({
      data: [
        { id: 1, employmentStatus: 'OUT_OF_SCOPE' },
        {
          id: 2,
          employmentStatus: 'CURRENT_EMPLOYEE',
          separatedAt: null,
          complianceChecks: [
            {
              id: 3,
              type: 'BG_CHECK',
              status: 'EXCLUDED',
              exclusion: { reason: 'contractor', endDate: null },
            },
          ],
          customFields: [{ customFieldId: '4', name: 'Team', value: null }],
        },
      ],
      pagination: { cursor: null, totalCount: 2 },
    });
    expect(page.pagination).toEqual({ cursor: null, totalCount: 2 });
    expect(page.data[1]?.complianceChecks?.[0]?.exclusion?.reason).toBe('contractor');
    expect(page.data[1]?.customFields?.[0]).toEqual({ customFieldId: 4, name: 'Team', value: null });
  });

  it('reads an empty-string cursor as the end', () => {
    expect(
      V2PersonnelPageSchema.parse({ data: [], pagination: { cursor: '' } }).pagination.cursor,
    ).toBeNull();
  });

  it('requires the minimal shape', () => {
    expect(V2PersonSchema.safeParse({ id: 1 }).success).toBe(false);
    expect(V2PersonSchema.safeParse({ employmentStatus: 'UNKNOWN' }).success).toBe(false);
    expect(V2PersonnelPageSchema.safeParse({ data: [] }).success).toBe(false);
    expect(V2PersonnelPageSchema.safeParse({ data: [], pagination: {} }).success).toBe(false);
    expect(V2ActionResultSchema.safeParse({}).success).toBe(false);
    expect(V2ActionResultSchema.parse({ count: '3' })).toEqual({ count: 3 });
  });
});

describe('lean page schemas (org-wide walks)', () => {
  it('keep every field the normalizer reads from the V1 sample (the org snapshot) and drop the heavy rest', () => {
    const raw = {
      ...fixture('v1-list-seed.json'),
      data: (fixture('v1-list-seed.json').data as Array<Record<string, unknown>>).map(withEmail),
    };
    const lean = V1PersonnelLeanPageSchema.parse(raw).data[0];
    const full = V1PersonnelPageSchema.parse(raw).data[0];
    if (!lean || !full) throw new Error('the V1 sample has no record');
    expect(lean.user.email).toBe('sally@example.com');
    expect(lean.user.identities?.[0]).toMatchObject({ hasMfa: true, connection: { clientType: 'GOOGLE' } });
    expect(lean).not.toHaveProperty('complianceTests');
    // The same Person either way, but for the checks' lastCheckedAt (not kept: nothing in a snapshot reads it).
    const expected = fromV1(full);
    expected.checks = expected.checks?.map(({ lastCheckedAt: _, ...c }) => c);
    expect(JSON.parse(JSON.stringify(fromV1(lean)))).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('keep id, status, names and checks of the V2 sample', () => {
    const page = V2PersonnelLeanPageSchema.parse(fixture('v2-list-seed.json'));
    expect(page.data[0]).toMatchObject({ id: 1, employmentStatus: 'CURRENT_EMPLOYEE', user: { firstName: 'Sally' } });
    expect(page.data[0]?.complianceChecks?.[0]).toEqual({
      type: 'FULL_COMPLIANCE',
      status: 'MISCONFIGURED',
      expiresAt: '2019-08-24T14:15:22Z',
    });
    expect(page.data[0]).not.toHaveProperty('customFields');
    expect(page.pagination.cursor).toBe('string');
  });

  it('still require the minimal shape', () => {
    expect(V2PersonnelLeanPageSchema.safeParse({ data: [{ employmentStatus: 'X' }], pagination: { cursor: null } }).success).toBe(false);
    expect(V1PersonnelLeanPageSchema.safeParse({ data: [], page: 1, limit: 50 }).success).toBe(false);
  });
});
