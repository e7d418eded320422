/**
 * Real sandbox responses against the DTOs of Drata's published specs (test/reference/*.openapi.json): every
 * object has every `required` property, primitive types match, `nullable` is honoured. Each response is
 * checked against the schema the spec declares for that operation and status. All mismatches are reported
 * at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { type Json, type Reply, start, v1, v2 } from './helpers.js';
import { conformance, loadSpec, type OpenApi, responseSchema } from './openapi.js';

/**
 * Properties the specs declare as non-nullable strings/numbers that Drata leaves null when they do not apply
 * (an identity still linked has no disconnectedAt; provider-specific connection fields; manual vs provider
 * background checks). The sandbox returns null there, like the real API; every entry must be exercised.
 */
const KNOWN_NULLS = new Set([
  'UserIdentityResponsePublicDto.disconnectedAt',
  'UserIdentityResponsePublicDto.startedAt',
  'UserIdentityResponsePublicDto.separatedAt',
  'UserIdentityResponsePublicDto.secondaryEmail',
  'UserIdentityResponsePublicDto.jobTitle',
  'UserIdentityResponsePublicDto.managerId',
  'UserIdentityResponsePublicDto.managerName',
  'ConnectionResponsePublicDto.companyId',
  'ConnectionResponsePublicDto.assignmentId',
  'ConnectionResponsePublicDto.manuallyUpdatedAt',
  'ConnectionResponsePublicDto.aliasUpdatedAt',
  'ConnectionResponsePublicDto.deletedAt',
  'ConnectionResponsePublicDto.requestorId',
  'ConnectionResponsePublicDto.sourcePreference',
  'ConnectionResponsePublicDto.securityLabel',
  'ConnectionResponsePublicDto.jqlQuery',
  'BackgroundCheckResponsePublicDto.caseId',
  'BackgroundCheckResponsePublicDto.caseInvitationId',
  'BackgroundCheckResponsePublicDto.url',
  'BackgroundCheckResponsePublicDto.manualCheckDate',
  'BackgroundCheckResponsePublicDto.manuallyCheckUrl',
  'BackgroundCheckResponsePublicDto.reportData',
  'BackgroundCheckResponsePublicDto.outOfScopeReason',
  'BackgroundCheckResponsePublicDto.outOfScopeAt',
  'BackgroundCheckResponsePublicDto.invitationEmail',
]);

interface Sample {
  label: string;
  spec: OpenApi;
  path: string;
  method: string;
  reply: Reply;
}

let sb: Sandbox;
let specV1: OpenApi;
let specV2: OpenApi;
const samples: Sample[] = [];

const ALL_EXPANDS = 'expand[]=customFields&expand[]=complianceChecks&expand[]=reasonProvider&expand[]=user';

beforeAll(async () => {
  specV1 = loadSpec('drata-v1-personnel.openapi.json');
  specV2 = loadSpec('drata-v2-personnel.openapi.json');
  sb = await start();
  const add = (label: string, spec: OpenApi, path: string, method: string, reply: Reply) =>
    samples.push({ label, spec, path, method, reply });
  const org = sb.org;
  const current =
    org.people.find((p) => p.employmentStatus === 'CURRENT_EMPLOYEE' && p.synced) ?? org.people[0];
  const manual = org.people.find((p) => p.synced === null);
  const id = current?.id ?? 1;

  // V1 reads: every list page and every person's details.
  for (let page = 1; page <= Math.ceil(org.size / 50); page++) {
    add(
      `V1 list page ${page}`,
      specV1,
      '/personnel',
      'GET',
      await v1(sb, 'GET', `/personnel?limit=50&page=${page}`),
    );
  }
  for (const p of org.people)
    add(`V1 details #${p.id}`, specV1, '/personnel/{id}', 'GET', await v1(sb, 'GET', `/personnel/${p.id}`));
  add(
    'V1 by email',
    specV1,
    '/personnel/{email}/email',
    'GET',
    await v1(sb, 'GET', `/personnel/${encodeURIComponent(current?.email ?? '')}/email`),
  );
  // V2 reads: the whole org with every expand, a bare page, one person.
  add(
    'V2 list, every expand',
    specV2,
    '/personnel',
    'GET',
    await v2(sb, 'GET', `/personnel?size=500&includeTotalCount=true&${ALL_EXPANDS}`),
  );
  add('V2 list, bare', specV2, '/personnel', 'GET', await v2(sb, 'GET', '/personnel?size=5'));
  add(
    'V2 get',
    specV2,
    '/personnel/{personnelId}',
    'GET',
    await v2(sb, 'GET', `/personnel/${id}?${ALL_EXPANDS}`),
  );
  // Writes.
  add(
    'V1 contract-dates',
    specV1,
    '/personnel/{id}/contract-dates',
    'PUT',
    await v1(sb, 'PUT', `/personnel/${id}/contract-dates`, { body: { startDate: '2019-01-02' } }),
  );
  add(
    'V1 status',
    specV1,
    '/personnel/{id}/status',
    'PUT',
    await v1(sb, 'PUT', `/personnel/${id}/status`, {
      body: { employmentStatus: 'OUT_OF_SCOPE', notHumanReason: 'Advisor' },
    }),
  );
  add(
    'V1 reset-sync one',
    specV1,
    '/personnel/reset-sync/{personnelId}',
    'PUT',
    await v1(sb, 'PUT', `/personnel/reset-sync/${id}`),
  );
  add(
    'V1 reset-sync some',
    specV1,
    '/personnel/some/reset-sync',
    'PUT',
    await v1(sb, 'PUT', '/personnel/some/reset-sync', { body: { personnelIds: [id] } }),
  );
  add(
    'V1 reset-sync all',
    specV1,
    '/personnel/all/reset-sync',
    'PUT',
    await v1(sb, 'PUT', '/personnel/all/reset-sync'),
  );
  add(
    'V2 update',
    specV2,
    '/personnel/{personnelId}',
    'PUT',
    await v2(sb, 'PUT', `/personnel/${id}`, {
      body: { separatedAt: '2026-12-01', customFields: [{ id: 1, value: null }] },
    }),
  );
  add(
    'V2 actions',
    specV2,
    '/personnel/actions',
    'POST',
    await v2(sb, 'POST', '/personnel/actions', { body: { action: 'reset-sync', personnelIds: [id] } }),
  );
  // Errors, each against the schema the spec declares for that operation and status.
  add('V1 400', specV1, '/personnel', 'GET', await v1(sb, 'GET', '/personnel?limit=0'));
  add('V1 401', specV1, '/personnel', 'GET', await v1(sb, 'GET', '/personnel', { key: 'wrong' }));
  add('V1 404', specV1, '/personnel/{id}', 'GET', await v1(sb, 'GET', '/personnel/99999'));
  add(
    'V1 409 dates',
    specV1,
    '/personnel/{id}/contract-dates',
    'PUT',
    await v1(sb, 'PUT', `/personnel/${id}/contract-dates`, {
      body: { startDate: '2020-01-02', separationDate: '2020-01-01' },
    }),
  );
  add(
    'V1 409 resync',
    specV1,
    '/personnel/reset-sync/{personnelId}',
    'PUT',
    await v1(sb, 'PUT', `/personnel/reset-sync/${manual?.id ?? 0}`),
  );
  for (const status of [403, 412, 500]) {
    sb.failNext({ status });
    add(
      `V1 ${status}`,
      specV1,
      '/personnel/{id}/status',
      'PUT',
      await v1(sb, 'PUT', `/personnel/${id}/status`, { body: { employmentStatus: 'CURRENT_EMPLOYEE' } }),
    );
    sb.failNext({ status });
    add(`V2 ${status}`, specV2, '/personnel', 'GET', await v2(sb, 'GET', '/personnel'));
  }
  add('V2 400', specV2, '/personnel', 'GET', await v2(sb, 'GET', '/personnel?expand[]=nope'));
  add(
    'V2 400 update',
    specV2,
    '/personnel/{personnelId}',
    'PUT',
    await v2(sb, 'PUT', `/personnel/${id}`, { body: { startedAt: 'soon' } }),
  );
  add(
    'V2 401',
    specV2,
    '/personnel/{personnelId}',
    'GET',
    await v2(sb, 'GET', `/personnel/${id}`, { key: null }),
  );
  add(
    'V2 404',
    specV2,
    '/personnel/{personnelId}',
    'GET',
    await v2(sb, 'GET', '/personnel/email%3Anobody%40example.com'),
  );
  add(
    'V2 409',
    specV2,
    '/personnel/actions',
    'POST',
    await v2(sb, 'POST', '/personnel/actions', {
      body: { action: 'reset-sync', personnelIds: [manual?.id ?? 0] },
    }),
  );
});
afterAll(() => sb.close());

describe('sandbox responses conform to the OpenAPI DTOs', () => {
  it('every sampled response (reads, writes, errors; V1 and V2) has every required field with the right type', () => {
    const used = new Set<string>();
    const problems: string[] = [];
    const statuses = new Set<string>();
    for (const s of samples) {
      statuses.add(`${s.spec === specV1 ? 'v1' : 'v2'} ${s.reply.status}`);
      const schema = responseSchema(s.spec, s.path, s.method, s.reply.status);
      for (const p of conformance(s.spec, s.reply.body, schema, {
        knownNulls: KNOWN_NULLS,
        usedKnownNulls: used,
      })) {
        problems.push(`${s.label} (${s.method} ${s.path} → ${s.reply.status}) ${p}`);
      }
    }
    expect(problems.slice(0, 200).join('\n')).toBe('');
    expect([...statuses].sort()).toEqual(
      ['v1 200', 'v1 400', 'v1 401', 'v1 403', 'v1 404', 'v1 409', 'v1 412', 'v1 500'].concat([
        'v2 200',
        'v2 201',
        'v2 400',
        'v2 401',
        'v2 403',
        'v2 404',
        'v2 409',
        'v2 412',
        'v2 500',
      ]),
    );
    expect(
      [...KNOWN_NULLS].filter((k) => !used.has(k)),
      'known nulls never exercised',
    ).toEqual([]);
  });

  it('the V2 page with every expand carries every expandable section', () => {
    const page = samples.find((s) => s.label === 'V2 list, every expand')?.reply.body as Json;
    expect(page.pagination.totalCount).toBe(sb.org.size);
    for (const p of page.data) {
      expect(Object.keys(p)).toEqual(expect.arrayContaining(['user', 'complianceChecks', 'customFields']));
    }
    expect(page.data.some((p: Json) => p.reasonProvider)).toBe(true);
  });

  it('the walker itself reports missing required fields, wrong types and bad nulls, all at once', () => {
    const schema = responseSchema(specV2, '/personnel/{personnelId}', 'GET', 200);
    const problems = conformance(
      specV2,
      { id: '1', userId: 1, employmentStatus: 'ALUMNI', startedAt: null, user: { id: 1 } },
      schema,
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\$\.id: expected number/),
        expect.stringMatching(/ALUMNI" is not one of/),
        expect.stringMatching(/missing required PersonResponsePublicV2Dto\.statusUpdatedAt/),
        expect.stringMatching(/\$\.user: missing required UserCompactResponsePublicV2Dto\.email/),
      ]),
    );
    const v1Schema = responseSchema(specV1, '/personnel/{id}', 'GET', 200);
    expect(
      conformance(specV1, { user: { identities: [{ disconnectedAt: null }] } }, v1Schema).join('\n'),
    ).toMatch(/disconnectedAt: null, but UserIdentityResponsePublicDto\.disconnectedAt is not nullable/);
  });
});
