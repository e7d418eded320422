import { afterEach, describe, expect, it } from 'vitest';
import { PERMISSIONS, type PermissionKey } from '../../../src/drata/catalog.js';
import type { DrataError } from '../../../src/drata/errors.js';
import type { PersonnelApi } from '../../../src/drata/personnel.js';
import { type Harness, harness, replySequence, V1_PAGE, V1_PERSON, V2_PAGE, V2_PERSON } from './helpers.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

interface Case {
  name: string;
  call: (api: PersonnelApi) => Promise<unknown>;
  response: unknown;
  status?: number;
  method: string;
  path: string;
  body?: unknown;
  operation: PermissionKey;
}

const CASES: Case[] = [
  {
    name: 'v1List (every parameter)',
    call: (api) =>
      api.v1List({
        page: 2,
        limit: 50,
        q: 'Ada Lovelace',
        employmentStatus: 'CURRENT_EMPLOYEE',
        employmentStatuses: ['ALL_CURRENT_PERSONNEL', 'FUTURE_HIRE'],
        checks: { IDENTITY_MFA: false, HDD_ENCRYPTION: true, OFFBOARDING: false },
        deviceCompliance: true,
        multiTrainingComplianceType: 'HIPAA_TRAINING',
        groupIds: [4, 5],
        sort: 'START_DATE',
        sortDir: 'DESC',
        mdmSourceType: 'JAMF',
        inverseMdmSourceTypes: ['AGENT', 'KANDJI'],
      }),
    response: V1_PAGE,
    method: 'GET',
    path:
      '/public/personnel?page=2&limit=50&q=Ada%20Lovelace&employmentStatus=CURRENT_EMPLOYEE' +
      '&employmentStatuses[]=ALL_CURRENT_PERSONNEL&employmentStatuses[]=FUTURE_HIRE' +
      '&identityMfaCompliance=false&hdEncryptionCompliance=true&offboardingEvidence=false' +
      '&deviceCompliance=true&multiTrainingComplianceType=HIPAA_TRAINING&groupIds=4&groupIds=5' +
      '&sort=START_DATE&sortDir=DESC&mdmSourceType=JAMF&inverseMdmSourceTypes[]=AGENT&inverseMdmSourceTypes[]=KANDJI',
    operation: 'list',
  },
  {
    name: 'v1List (no parameters)',
    call: (api) => api.v1List(),
    response: V1_PAGE,
    method: 'GET',
    path: '/public/personnel',
    operation: 'list',
  },
  {
    name: 'v1Get',
    call: (api) => api.v1Get(12),
    response: V1_PERSON,
    method: 'GET',
    path: '/public/personnel/12',
    operation: 'get',
  },
  {
    name: 'v1GetByEmail',
    call: (api) => api.v1GetByEmail('ada+1@example.com'),
    response: V1_PERSON,
    method: 'GET',
    path: '/public/personnel/ada%2B1%40example.com/email',
    operation: 'get',
  },
  {
    name: 'v1UpdateContractDates',
    call: (api) => api.v1UpdateContractDates(12, { startDate: '2024-01-02', separationDate: '2024-06-30' }),
    response: V1_PERSON,
    method: 'PUT',
    path: '/public/personnel/12/contract-dates',
    body: { startDate: '2024-01-02', separationDate: '2024-06-30' },
    operation: 'updateDatesV1',
  },
  {
    name: 'v1UpdateStatus',
    call: (api) =>
      api.v1UpdateStatus(12, { employmentStatus: 'OUT_OF_SCOPE', notHumanReason: 'shared mailbox' }),
    response: V1_PERSON,
    method: 'PUT',
    path: '/public/personnel/12/status',
    body: { employmentStatus: 'OUT_OF_SCOPE', notHumanReason: 'shared mailbox' },
    operation: 'updateStatusV1',
  },
  {
    name: 'v1ResetSync',
    call: (api) => api.v1ResetSync(12),
    response: V1_PERSON,
    method: 'PUT',
    path: '/public/personnel/reset-sync/12',
    operation: 'resync',
  },
  {
    name: 'v1ResetSyncSome',
    call: (api) => api.v1ResetSyncSome([1, 2, 3]),
    response: {},
    method: 'PUT',
    path: '/public/personnel/some/reset-sync',
    body: { personnelIds: [1, 2, 3] },
    operation: 'resync',
  },
  {
    name: 'v1ResetSyncAll',
    call: (api) => api.v1ResetSyncAll(),
    response: {},
    method: 'PUT',
    path: '/public/personnel/all/reset-sync',
    operation: 'resync',
  },
  {
    name: 'v2List (every parameter)',
    call: (api) =>
      api.v2List({
        cursor: 'abc/+=',
        size: 50,
        sort: 'updatedAt',
        sortDir: 'ASC',
        includeTotalCount: true,
        expand: ['user', 'complianceChecks'],
        employmentStatus: ['FORMER_EMPLOYEE', 'FORMER_CONTRACTOR'],
      }),
    response: V2_PAGE,
    method: 'GET',
    path:
      '/public/v2/personnel?cursor=abc%2F%2B%3D&size=50&sort=updatedAt&sortDir=ASC&includeTotalCount=true' +
      '&expand[]=user&expand[]=complianceChecks&employmentStatus[]=FORMER_EMPLOYEE&employmentStatus[]=FORMER_CONTRACTOR',
    operation: 'list',
  },
  {
    name: 'v2Get by id with expand',
    call: (api) => api.v2Get(12, ['customFields']),
    response: V2_PERSON,
    method: 'GET',
    path: '/public/v2/personnel/12?expand[]=customFields',
    operation: 'get',
  },
  {
    name: 'v2Get by email',
    call: (api) => api.v2Get({ kind: 'email', email: 'ada@example.com' }),
    response: V2_PERSON,
    method: 'GET',
    path: '/public/v2/personnel/email%3Aada%40example.com',
    operation: 'get',
  },
  {
    name: 'v2Update',
    call: (api) =>
      api.v2Update({ kind: 'email', email: 'ada@example.com' }, {
        employmentStatus: 'FORMER_EMPLOYEE',
        separatedAt: '2024-06-30',
        customFields: [{ name: 'Team', value: null }],
      }),
    response: V2_PERSON,
    method: 'PUT',
    path: '/public/v2/personnel/email%3Aada%40example.com',
    body: {
      employmentStatus: 'FORMER_EMPLOYEE',
      separatedAt: '2024-06-30',
      customFields: [{ name: 'Team', value: null }],
    },
    operation: 'updateV2',
  },
  {
    name: 'v2Action reset-sync-all',
    call: (api) => api.v2Action({ action: 'reset-sync-all' }),
    response: { count: 250 },
    status: 201,
    method: 'POST',
    path: '/public/v2/personnel/actions',
    body: { action: 'reset-sync-all' },
    operation: 'resync',
  },
];

describe('PersonnelApi endpoints', () => {
  it.each(CASES)('$name → $method $path', async (c) => {
    h = harness();
    replySequence(h.pool, [{ status: c.status ?? 200, body: c.response }]);
    await c.call(h.api);
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0]).toMatchObject({ method: c.method, path: c.path });
    expect(h.calls[0]?.body === undefined ? undefined : JSON.parse(h.calls[0].body)).toEqual(c.body);
  });

  it.each(CASES)('$name names the $operation permission on 403', async (c) => {
    h = harness();
    replySequence(h.pool, [{ status: 403, body: { statusCode: 403, message: 'Forbidden', code: 1 } }]);
    const err = (await c.call(h.api).catch((e: unknown) => e)) as DrataError;
    expect(err.kind).toBe('forbidden');
    expect(err.permission).toEqual(PERMISSIONS[c.operation]);
  });

  it('returns typed, validated records', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 200, body: { ...V1_PAGE, total: '1' } }]);
    const page = await h.api.v1List();
    expect(page.total).toBe(1);
    expect(page.data[0]?.user.email).toBe('ada@example.com');
  });

  it('returns the reset-sync record when Drata sends one, null otherwise', async () => {
    h = harness();
    replySequence(h.pool, [
      { status: 200, body: V1_PERSON },
      { status: 200, body: { status: 'ok' } },
    ]);
    await expect(h.api.v1ResetSync(7)).resolves.toMatchObject({ id: 7 });
    await expect(h.api.v1ResetSyncAll()).resolves.toBeNull();
  });
});
