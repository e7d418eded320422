import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { type RequestOptions, request, start, v1, v2 } from './helpers.js';

let sb: Sandbox;
let id: number;
let formerStart: string;
beforeAll(async () => {
  sb = await start();
  const p = sb.org.people.find((x) => x.employmentStatus === 'CURRENT_EMPLOYEE' && x.synced);
  id = p?.id ?? 1;
  formerStart = p?.startDate ?? '2020-01-01';
});
afterAll(() => sb.close());

const V1_ERROR = { statusCode: expect.any(Number), message: expect.any(String), code: expect.any(Number) };
const V2_ERROR = { name: expect.any(String), ...V1_ERROR };

type Case = [
  label: string,
  api: 'v1' | 'v2',
  method: string,
  path: string,
  opts: RequestOptions | undefined,
  message: RegExp,
];

const long = 'x'.repeat(30_001);
const cases = (): Case[] => [
  ['page 0', 'v1', 'GET', '/personnel?page=0', undefined, /page must not be less than 1/],
  ['limit 51', 'v1', 'GET', '/personnel?limit=51', undefined, /limit must not be greater than 50/],
  ['limit not a number', 'v1', 'GET', '/personnel?limit=ten', undefined, /limit must be an integer/],
  ['limit repeated', 'v1', 'GET', '/personnel?limit=1&limit=2', undefined, /single value/],
  [
    'unknown status',
    'v1',
    'GET',
    '/personnel?employmentStatus=RETIRED',
    undefined,
    /employmentStatus must be one of/,
  ],
  [
    'unknown aggregate',
    'v1',
    'GET',
    '/personnel?employmentStatuses[]=ALL_ROBOTS',
    undefined,
    /employmentStatuses/,
  ],
  ['unknown sort', 'v1', 'GET', '/personnel?sort=SALARY', undefined, /sort must be one of/],
  ['unknown sortDir', 'v1', 'GET', '/personnel?sortDir=UP', undefined, /sortDir must be one of/],
  [
    'non-boolean filter',
    'v1',
    'GET',
    '/personnel?fullCompliance=yes',
    undefined,
    /fullCompliance must be a boolean/,
  ],
  [
    'non-boolean deviceCompliance',
    'v1',
    'GET',
    '/personnel?deviceCompliance=1',
    undefined,
    /deviceCompliance/,
  ],
  ['non-numeric id', 'v1', 'GET', '/personnel/abc', undefined, /numeric string is expected/],
  [
    'dates: Feb 30',
    'v1',
    'PUT',
    '/personnel/ID/contract-dates',
    { body: { startDate: '2025-02-30' } },
    /not a valid calendar date/,
  ],
  [
    'dates: month 13',
    'v1',
    'PUT',
    '/personnel/ID/contract-dates',
    { body: { startDate: '2025-13-01' } },
    /not a valid calendar date/,
  ],
  [
    'dates: not YYYY-MM-DD',
    'v1',
    'PUT',
    '/personnel/ID/contract-dates',
    { body: { startDate: '03/01/2025' } },
    /YYYY-MM-DD/,
  ],
  [
    'dates: date-time on V1',
    'v1',
    'PUT',
    '/personnel/ID/contract-dates',
    { body: { startDate: '2025-03-01T00:00:00Z' } },
    /YYYY-MM-DD/,
  ],
  [
    'dates: missing startDate',
    'v1',
    'PUT',
    '/personnel/ID/contract-dates',
    { body: { separationDate: '2025-01-01' } },
    /startDate is required/,
  ],
  [
    'dates: number',
    'v1',
    'PUT',
    '/personnel/ID/contract-dates',
    { body: { startDate: 20250101 } },
    /startDate must be/,
  ],
  ['status: missing', 'v1', 'PUT', '/personnel/ID/status', { body: {} }, /employmentStatus is required/],
  [
    'status: unknown',
    'v1',
    'PUT',
    '/personnel/ID/status',
    { body: { employmentStatus: 'RETIRED' } },
    /must be one of/,
  ],
  [
    'status: OOS without reason',
    'v1',
    'PUT',
    '/personnel/ID/status',
    { body: { employmentStatus: 'OUT_OF_SCOPE' } },
    /notHumanReason is required/,
  ],
  [
    'status: OOS blank reason',
    'v1',
    'PUT',
    '/personnel/ID/status',
    { body: { employmentStatus: 'OUT_OF_SCOPE', notHumanReason: '  ' } },
    /notHumanReason is required/,
  ],
  [
    'status: reason too long',
    'v1',
    'PUT',
    '/personnel/ID/status',
    { body: { employmentStatus: 'OUT_OF_SCOPE', notHumanReason: long } },
    /30000/,
  ],
  [
    'status: FORMER without date',
    'v1',
    'PUT',
    '/personnel/ID/status',
    { body: { employmentStatus: 'FORMER_CONTRACTOR' } },
    /separationDate is required/,
  ],
  [
    'status: malformed JSON',
    'v1',
    'PUT',
    '/personnel/ID/status',
    { rawBody: '{"employmentStatus":' },
    /Malformed JSON/,
  ],
  ['status: array body', 'v1', 'PUT', '/personnel/ID/status', { body: ['CURRENT_EMPLOYEE'] }, /JSON object/],
  ['status: no body', 'v1', 'PUT', '/personnel/ID/status', undefined, /body is required/],
  ['some: ids missing', 'v1', 'PUT', '/personnel/some/reset-sync', { body: {} }, /personnelIds is required/],
  [
    'some: ids empty',
    'v1',
    'PUT',
    '/personnel/some/reset-sync',
    { body: { personnelIds: [] } },
    /at least 1/,
  ],
  [
    'some: ids not numbers',
    'v1',
    'PUT',
    '/personnel/some/reset-sync',
    { body: { personnelIds: ['1'] } },
    /positive integer/,
  ],
  ['v2 size 0', 'v2', 'GET', '/personnel?size=0', undefined, /size must not be less than 1/],
  ['v2 size 501', 'v2', 'GET', '/personnel?size=501', undefined, /size must not be greater than 500/],
  ['v2 unknown sort', 'v2', 'GET', '/personnel?sort=email', undefined, /sort must be one of/],
  ['v2 unknown expand', 'v2', 'GET', '/personnel?expand[]=devices', undefined, /expand must be one of/],
  [
    'v2 unknown status',
    'v2',
    'GET',
    '/personnel?employmentStatus[]=ALL_PERSONNEL',
    undefined,
    /employmentStatus must be one of/,
  ],
  [
    'v2 non-boolean total',
    'v2',
    'GET',
    '/personnel?includeTotalCount=1',
    undefined,
    /includeTotalCount must be a boolean/,
  ],
  ['v2 bad cursor', 'v2', 'GET', '/personnel?cursor=not-a-cursor', undefined, /cursor is invalid/],
  ['v2 bad personnelId', 'v2', 'GET', '/personnel/abc', undefined, /personnelId must be/],
  [
    'v2 get unknown expand',
    'v2',
    'GET',
    '/personnel/ID?expand[]=devices',
    undefined,
    /expand must be one of/,
  ],
  [
    'v2 put: bad date',
    'v2',
    'PUT',
    '/personnel/ID',
    { body: { startedAt: '2025-02-29' } },
    /not a valid calendar date/,
  ],
  [
    'v2 put: bad date-time',
    'v2',
    'PUT',
    '/personnel/ID',
    { body: { separatedAt: '2025-02-01T25:00:00Z' } },
    /not a valid date-time/,
  ],
  [
    'v2 put: unknown status',
    'v2',
    'PUT',
    '/personnel/ID',
    { body: { employmentStatus: 'ALUMNI' } },
    /must be one of/,
  ],
  [
    'v2 put: OOS without reason',
    'v2',
    'PUT',
    '/personnel/ID',
    { body: { employmentStatus: 'OUT_OF_SCOPE' } },
    /notHumanReason is required/,
  ],
  ['v2 put: reason too long', 'v2', 'PUT', '/personnel/ID', { body: { notHumanReason: long } }, /30000/],
  [
    'v2 put: custom field id',
    'v2',
    'PUT',
    '/personnel/ID',
    { body: { customFields: [{ id: 99, value: 'x' }] } },
    /Unknown custom field id 99/,
  ],
  [
    'v2 put: custom field name',
    'v2',
    'PUT',
    '/personnel/ID',
    { body: { customFields: [{ name: 'Shoe Size', value: '42' }] } },
    /Unknown custom field name "Shoe Size"/,
  ],
  [
    'v2 put: custom field no value',
    'v2',
    'PUT',
    '/personnel/ID',
    { body: { customFields: [{ id: 1 }] } },
    /value is required/,
  ],
  [
    'v2 put: custom field neither',
    'v2',
    'PUT',
    '/personnel/ID',
    { body: { customFields: [{ value: 'x' }] } },
    /needs an id or a name/,
  ],
  [
    'v2 put: malformed JSON',
    'v2',
    'PUT',
    '/personnel/ID',
    { rawBody: '{"startedAt": "2020-01-01"' },
    /Malformed JSON/,
  ],
  [
    'v2 actions: unknown action',
    'v2',
    'POST',
    '/personnel/actions',
    { body: { action: 'delete' } },
    /action must be one of/,
  ],
  ['v2 actions: no action', 'v2', 'POST', '/personnel/actions', { body: {} }, /action is required/],
  [
    'v2 actions: reset-sync without ids',
    'v2',
    'POST',
    '/personnel/actions',
    { body: { action: 'reset-sync' } },
    /personnelIds is required/,
  ],
  [
    'v2 actions: reset-sync empty ids',
    'v2',
    'POST',
    '/personnel/actions',
    { body: { action: 'reset-sync', personnelIds: [] } },
    /at least 1/,
  ],
  [
    'v2 actions: all with ids',
    'v2',
    'POST',
    '/personnel/actions',
    { body: { action: 'reset-sync-all', personnelIds: [1] } },
    /must not be provided/,
  ],
];

describe('400: invalid parameters and bodies, with the version-specific error shape', () => {
  it.each(cases())('%s', async (_label, api, method, path, opts, message) => {
    const before = sb.writes.length;
    const r = await (api === 'v1' ? v1 : v2)(sb, method, path.replace('ID', String(id)), opts);
    expect(r.status, r.text).toBe(400);
    expect(r.body).toEqual(api === 'v1' ? V1_ERROR : V2_ERROR);
    expect(r.body.statusCode).toBe(400);
    expect(r.body.message).toMatch(message);
    if (api === 'v2') expect(r.body.name).toBe('BadRequestException');
    expect(sb.writes.length).toBe(before);
  });

  it('a V1 status change to FORMER_* with a separation date before the start date is a 409, not a 400', async () => {
    const r = await v1(sb, 'PUT', `/personnel/${id}/status`, {
      body: { employmentStatus: 'FORMER_EMPLOYEE', separationDate: formerStart.replace(/^\d{4}/, '1990') },
    });
    expect(r.status).toBe(409);
  });
});

describe('401, 404 and forced statuses', () => {
  it.each([
    ['missing key', null],
    ['wrong key', 'not-the-key'],
  ])('401 on a %s, for V1 and V2, before any validation', async (_label, key) => {
    const a = await v1(sb, 'GET', '/personnel?limit=999', { key });
    expect(a.status).toBe(401);
    expect(a.body).toEqual({ statusCode: 401, message: 'Invalid Authorization', code: 40100 });
    const b = await v2(sb, 'PUT', `/personnel/${id}`, { key, body: { startedAt: '2001-01-01' } });
    expect(b.status).toBe(401);
    expect(b.body).toEqual({
      name: 'UnauthorizedException',
      statusCode: 401,
      message: 'Invalid Authorization',
      code: 40100,
    });
    expect(sb.org.get(id)?.startDate).not.toBe('2001-01-01');
  });

  it('the scheme is case-insensitive', async () => {
    const r = await fetch(`${sb.url}/public/personnel?limit=1`, {
      headers: { authorization: `bearer ${sb.apiKey}` },
    });
    expect(r.status).toBe(200);
    await r.text();
  });

  it.each([
    ['v1', '/personnel/999999'],
    ['v1', `/personnel/${encodeURIComponent('nobody@example.com')}/email`],
    ['v1', '/personnel/reset-sync/999999'],
    ['v2', '/personnel/999999'],
    ['v2', `/personnel/${encodeURIComponent('email:nobody@example.com')}`],
    ['v2', '/personnel/email%3A'],
    ['v1', '/nothing-here'],
    ['v2', '/personnel/1/devices'],
  ] as const)('404 on %s %s', async (api, path) => {
    const method = path.includes('reset-sync') ? 'PUT' : 'GET';
    const r = await (api === 'v1' ? v1 : v2)(sb, method, path);
    expect(r.status).toBe(404);
    expect(r.body).toEqual(api === 'v1' ? V1_ERROR : V2_ERROR);
  });

  it('404 for unknown routes and methods outside the API, and for unknown ids in resync lists', async () => {
    expect((await request(sb, 'GET', '/')).status).toBe(404);
    expect((await request(sb, 'DELETE', `/public/personnel/${id}`)).status).toBe(404);
    const some = await v1(sb, 'PUT', '/personnel/some/reset-sync', { body: { personnelIds: [id, 424242] } });
    expect(some.status).toBe(404);
    expect(some.body.message).toMatch(/424242/);
    const v2some = await v2(sb, 'POST', '/personnel/actions', {
      body: { action: 'reset-sync', personnelIds: [424242] },
    });
    expect(v2some.status).toBe(404);
  });

  it.each([402, 403, 412, 500, 503] as const)(
    'failNext(%i) answers once with a correct body on V1 and V2',
    async (status) => {
      sb.failNext({ status, times: 2 });
      const a = await v1(sb, 'GET', '/personnel?limit=1');
      const b = await v2(sb, 'GET', '/personnel?size=1');
      const c = await v2(sb, 'GET', '/personnel?size=1');
      expect([a.status, b.status, c.status]).toEqual([status, status, 200]);
      expect(a.body).toEqual({ ...V1_ERROR, statusCode: status });
      expect(b.body).toEqual({ ...V2_ERROR, statusCode: status });
      expect(sb.requests.at(-2)?.outcome).toBe('forced');
    },
  );

  it('failNext matches method and path, adds Retry-After when asked, and times: 0 clears the queue', async () => {
    sb.failNext({ status: 403, method: 'PUT', pathIncludes: '/status', message: 'Missing permission' });
    const get = await v1(sb, 'GET', `/personnel/${id}`);
    expect(get.status).toBe(200);
    const put = await v1(sb, 'PUT', `/personnel/${id}/status`, {
      body: { employmentStatus: 'CURRENT_CONTRACTOR' },
    });
    expect(put.status).toBe(403);
    expect(put.body.message).toBe('Missing permission');
    expect(sb.org.get(id)?.employmentStatus).toBe('CURRENT_EMPLOYEE');
    sb.failNext({ status: 429, retryAfterSeconds: 7 });
    const limited = await v2(sb, 'GET', '/personnel?size=1');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    sb.failNext({ status: 500, times: 5 });
    sb.failNext({ status: 200, times: 0 });
    expect((await v2(sb, 'GET', '/personnel?size=1')).status).toBe(200);
  });

  it('forceStatus answers every authenticated request (402 plan, 412 terms), 401 still wins', async () => {
    const forced = await start({ size: 10, forceStatus: 412 });
    try {
      expect((await v1(forced, 'GET', '/personnel')).body).toEqual({
        statusCode: 412,
        message: 'You must accept the Drata terms and conditions to use the API',
        code: 41200,
      });
      expect((await v2(forced, 'GET', '/personnel/1')).body.name).toBe('PreconditionFailedException');
      expect((await v1(forced, 'GET', '/personnel', { key: 'nope' })).status).toBe(401);
      forced.setForceStatus(402);
      expect((await v2(forced, 'GET', '/personnel')).body).toMatchObject({
        name: 'PaymentRequiredException',
        statusCode: 402,
        message: 'You must upgrade your plan to use this feature',
      });
      forced.setForceStatus(null);
      expect((await v2(forced, 'GET', '/personnel')).status).toBe(200);
    } finally {
      await forced.close();
    }
  });
});
