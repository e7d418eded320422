/**
 * Every endpoint of DESIGN.md §1 through the real client against the sandbox over real HTTP: what the
 * sandbox received (method, path, query, body) and each documented error status, as typed errors.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DrataClient } from '../../../src/drata/client.js';
import { type DrataError, isDrataError } from '../../../src/drata/errors.js';
import { walkV1Personnel, walkV2Personnel } from '../../../src/drata/pagination.js';
import { createPersonnelApi, type PersonnelApi } from '../../../src/drata/personnel.js';
import { createLogger } from '../../../src/logger.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';

let sandbox: Sandbox;
let api: PersonnelApi;
const logLines: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ size: 120 });
  const logger = createLogger({ level: 'debug', write: (l) => logLines.push(l) });
  api = createPersonnelApi(
    new DrataClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, logger, maxRetryWaitMs: 100 }),
  );
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sandbox.clearLogs();
  sandbox.failNext({ status: 0, times: 0 });
});

const last = () => sandbox.requests.at(-1);
const current = () =>
  sandbox.org.people.find(
    (p) => p.employmentStatus === 'CURRENT_EMPLOYEE' && p.synced !== null && !p.separationDate,
  )!;

describe('reads', () => {
  it('V1 list sends page, limit, q, statuses[], compliance booleans, sort', async () => {
    const page = await api.v1List({
      page: 2,
      limit: 5,
      q: "o'brien",
      employmentStatuses: ['ALL_CURRENT_PERSONNEL', 'FORMER_EMPLOYEE'],
      checks: { IDENTITY_MFA: false, SECURITY_TRAINING: true },
      deviceCompliance: true,
      sort: 'START_DATE',
      sortDir: 'DESC',
    });
    expect(page.page).toBe(2);
    expect(last()).toMatchObject({ method: 'GET', path: '/public/personnel', api: 'v1', status: 200 });
    expect(last()?.query).toEqual({
      page: ['2'],
      limit: ['5'],
      q: ["o'brien"],
      'employmentStatuses[]': ['ALL_CURRENT_PERSONNEL', 'FORMER_EMPLOYEE'],
      identityMfaCompliance: ['false'],
      securityTrainingCompliance: ['true'],
      deviceCompliance: ['true'],
      sort: ['START_DATE'],
      sortDir: ['DESC'],
    });
    expect(last()?.rawQuery).not.toContain('undefined');
  });

  it('V1 get by id and by email (+, unicode, mixed case) as one encoded segment', async () => {
    const p = sandbox.org.people.find((x) => x.email.includes('+')) ?? sandbox.org.people[0]!;
    expect((await api.v1Get(p.id)).id).toBe(p.id);
    expect(last()?.path).toBe(`/public/personnel/${p.id}`);
    expect((await api.v1GetByEmail(p.email.toUpperCase())).id).toBe(p.id);
    expect(last()?.path).toBe(`/public/personnel/${p.email.toUpperCase()}/email`);
    expect(last()?.rawPath).toBe(`/public/personnel/${encodeURIComponent(p.email.toUpperCase())}/email`);
  });

  it('V2 list with cursor, size, expand[], employmentStatus[], includeTotalCount, and a full cursor walk', async () => {
    const first = await api.v2List({
      size: 7,
      expand: ['user', 'complianceChecks'],
      employmentStatus: ['CURRENT_EMPLOYEE', 'FORMER_EMPLOYEE'],
      includeTotalCount: true,
      sort: 'createdAt',
      sortDir: 'ASC',
    });
    expect(last()?.query).toEqual({
      size: ['7'],
      'expand[]': ['user', 'complianceChecks'],
      'employmentStatus[]': ['CURRENT_EMPLOYEE', 'FORMER_EMPLOYEE'],
      includeTotalCount: ['true'],
      sort: ['createdAt'],
      sortDir: ['ASC'],
    });
    expect(first.data[0]?.user?.email).toBeTruthy();
    const ids: number[] = [];
    for await (const page of walkV2Personnel(api, { size: 50 }, { maxPages: 10 }))
      ids.push(...page.data.map((p) => p.id));
    expect(new Set(ids).size).toBe(sandbox.org.people.length);
  });

  it('V1 page walk with concurrency covers everyone once', async () => {
    const ids: number[] = [];
    const walk = walkV1Personnel(api, { limit: 50 }, { concurrency: 3 });
    for await (const page of walk) ids.push(...page.data.map((p) => p.id));
    expect(walk.complete).toBe(true);
    expect(new Set(ids).size).toBe(sandbox.org.people.length);
  });

  it('V2 get by id and by email (sent as email:<address>)', async () => {
    const p = sandbox.org.people[3]!;
    expect((await api.v2Get(p.id, ['customFields'])).customFields?.length).toBeGreaterThan(0);
    expect(last()).toMatchObject({
      path: `/public/v2/personnel/${p.id}`,
      query: { 'expand[]': ['customFields'] },
    });
    expect((await api.v2Get({ kind: 'email', email: p.email })).id).toBe(p.id);
    expect(last()?.path).toBe(`/public/v2/personnel/email:${p.email}`);
  });
});

describe('writes', () => {
  it('V2 PUT sends only the given fields', async () => {
    const p = current();
    const person = await api.v2Update(p.id, {
      startedAt: '2019-01-02',
      customFields: [{ name: 'Department', value: null }],
    });
    expect(person.id).toBe(p.id);
    expect(last()).toMatchObject({
      method: 'PUT',
      path: `/public/v2/personnel/${p.id}`,
      body: { startedAt: '2019-01-02', customFields: [{ name: 'Department', value: null }] },
      status: 200,
    });
    expect(sandbox.writes).toHaveLength(1);
  });

  it('V2 actions reset-sync and reset-sync-all answer 201 {count}', async () => {
    const p = current();
    expect((await api.v2Action({ action: 'reset-sync', personnelIds: [p.id] })).count).toBe(1);
    expect(last()).toMatchObject({
      method: 'POST',
      path: '/public/v2/personnel/actions',
      status: 201,
      body: { action: 'reset-sync', personnelIds: [p.id] },
    });
    expect((await api.v2Action({ action: 'reset-sync-all' })).count).toBeGreaterThan(0);
    expect(last()?.body).toEqual({ action: 'reset-sync-all' });
  });

  it('V1 contract-dates, status, reset-sync one/some/all', async () => {
    const p = current();
    await api.v1UpdateContractDates(p.id, { startDate: '2018-03-04' });
    expect(last()).toMatchObject({
      method: 'PUT',
      path: `/public/personnel/${p.id}/contract-dates`,
      body: { startDate: '2018-03-04' },
    });
    await api.v1UpdateStatus(p.id, { employmentStatus: 'FORMER_EMPLOYEE', separationDate: '2026-10-01' });
    expect(last()).toMatchObject({
      path: `/public/personnel/${p.id}/status`,
      body: { employmentStatus: 'FORMER_EMPLOYEE', separationDate: '2026-10-01' },
    });
    await api.v1ResetSync(p.id);
    expect(last()).toMatchObject({ method: 'PUT', path: `/public/personnel/reset-sync/${p.id}` });
    expect(sandbox.org.get(p.id)?.employmentStatus).toBe('CURRENT_EMPLOYEE');
    await api.v1ResetSyncSome([p.id, p.id + 1]);
    expect(last()).toMatchObject({
      path: '/public/personnel/some/reset-sync',
      body: { personnelIds: [p.id, p.id + 1] },
    });
    await api.v1ResetSyncAll();
    expect(last()).toMatchObject({ path: '/public/personnel/all/reset-sync' });
  });
});

describe('documented errors arrive as typed errors carrying status, Drata message, method and path', () => {
  const expectError = async (promise: Promise<unknown>, kind: DrataError['kind'], status?: number) => {
    const err = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isDrataError(err, kind), String(err)).toBe(true);
    const e = err as DrataError;
    if (status) expect(e.status).toBe(status);
    expect(e.method).toBeTruthy();
    expect(e.path).toMatch(/^\/public/);
    expect(JSON.stringify(e)).not.toContain(sandbox.apiKey);
    expect(e.message).not.toContain(sandbox.apiKey);
    return e;
  };

  it('400: invalid params and bodies', async () => {
    const e = await expectError(api.v1List({ limit: 51 }), 'bad_request', 400);
    expect(e.drataMessage).toMatch(/limit/);
    await expectError(
      api.v1UpdateContractDates(current().id, { startDate: '2025-02-30' }),
      'bad_request',
      400,
    );
    await expectError(
      api.v1UpdateStatus(current().id, { employmentStatus: 'OUT_OF_SCOPE' }),
      'bad_request',
      400,
    );
    await expectError(
      api.v1UpdateStatus(current().id, { employmentStatus: 'FORMER_EMPLOYEE' }),
      'bad_request',
      400,
    );
    await expectError(
      api.v2Update(current().id, { customFields: [{ name: 'Shoe size', value: '44' }] }),
      'bad_request',
      400,
    );
  });

  it('401: wrong key', async () => {
    const bad = createPersonnelApi(
      new DrataClient({ apiKey: 'not-the-key-0123456789', baseUrl: sandbox.url }),
    );
    await expectError(bad.v2List({}), 'unauthorized', 401);
  });

  it.each([
    [402, 'payment_required'],
    [403, 'forbidden'],
    [412, 'precondition_failed'],
    [500, 'server_error'],
  ] as const)('%i via failNext', async (status, kind) => {
    sandbox.failNext({ status, times: 5 });
    const e = await expectError(api.v1Get(1), kind, status);
    if (status === 403) expect(e.permission?.id).toBe('personnel-get-personnel-details');
  });

  it('404: unknown id and email', async () => {
    await expectError(api.v1Get(999_999), 'not_found', 404);
    await expectError(api.v2Get({ kind: 'email', email: 'nobody@example.com' }), 'not_found', 404);
  });

  it('409: separation before start on V1', async () => {
    const p = current();
    await expectError(
      api.v1UpdateContractDates(p.id, { startDate: '2024-05-02', separationDate: '2024-05-01' }),
      'conflict',
      409,
    );
  });

  it('429: retried, then the error says when to try again', async () => {
    sandbox.failNext({ status: 429, times: 20, retryAfterSeconds: 30 });
    const e = await expectError(api.v1Get(1), 'rate_limited', 429);
    expect(e.retryAfterSeconds).toBe(30);
    expect(e.message).toMatch(/try again in 30 s/i);
  });

  it('the key never reaches a log line', () => {
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(sandbox.apiKey);
  });
});

describe('path injection never reaches another endpoint', () => {
  it.each([
    '../all/reset-sync',
    '%2e%2e/all/reset-sync',
    '1/status',
    'a/b@x.com',
    'x@y.com?all=1',
    'x@y.com#f',
    '..',
    '',
  ])('%j is refused before any request', async (ref) => {
    await expect(api.v1GetByEmail(ref)).rejects.toSatisfy((e) => isDrataError(e, 'invalid_argument'));
    await expect(api.v2Update({ kind: 'email', email: ref }, { startedAt: '2020-01-01' })).rejects.toSatisfy((e) =>
      isDrataError(e, 'invalid_argument'),
    );
    expect(sandbox.requests).toHaveLength(0);
    expect(sandbox.writes).toHaveLength(0);
  });
});
