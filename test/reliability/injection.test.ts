/**
 * Path injection, end to end: ids and emails built to reach other endpoints (`../`, `%2e%2e`, encoded
 * slashes, `/all/reset-sync`, query and fragment markers) are rejected before any request by every entry
 * point that puts a person into a URL path (get_personnel, update_personnel, resync_personnel, the
 * drata://personnel/{personnel} resource), as the sandbox's own request log shows. Values that travel in the
 * query string (search, a forged cursor) stay inside their one parameter of the list endpoint.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Rig, startRig, type ToolResult, text, unclear } from './helpers.js';

const HOSTILE = [
  '../all/reset-sync',
  '../../personnel/all/reset-sync',
  '..%2Fall%2Freset-sync',
  '%2e%2e/all/reset-sync',
  '%2e%2e%2fall%2freset-sync',
  '%252e%252e%252fall%252freset-sync',
  '/all/reset-sync',
  'all/reset-sync',
  'all',
  'some',
  'reset-sync',
  '..',
  '.',
  '1/status',
  '1%2Fstatus',
  '1%2fcontract-dates',
  '1/../all/reset-sync',
  '1?limit=500',
  '1%3Flimit%3D500',
  '1#frag',
  '1%23frag',
  '1\\status',
  '1%5Cstatus',
  '1;status',
  '1 OR 1=1',
  'a@b.com/../../all/reset-sync',
  'a@b.com%2F..%2F..%2Fall%2Freset-sync',
  'a@b.com%252F..%252Fall',
  'a@b.com?employmentStatus=FORMER_EMPLOYEE',
  'a@b.com%3FemploymentStatus%3DFORMER_EMPLOYEE',
  'a@b.com#x',
  'a@b.com%23x',
  'email:../../all/reset-sync@x.com',
  'email:a@b.com/status',
  'email:%2e%2e%2f@x.com',
  'a@b.com\r\nX-Injected: 1',
  'a@b.com\u0000',
] as const;

/** Where a person reference goes into a path. */
const ENTRY_POINTS: Array<[string, (v: string) => [string, Record<string, unknown>]]> = [
  ['get_personnel', (v) => ['get_personnel', { personnel: v }]],
  ['get_personnel full', (v) => ['get_personnel', { personnel: v, detail: 'full' }]],
  ['update_personnel', (v) => ['update_personnel', { personnel: v, startedAt: '2020-01-01' }]],
  ['update_personnel (status)', (v) => ['update_personnel', { personnel: v, employmentStatus: 'UNKNOWN' }]],
  ['resync_personnel', (v) => ['resync_personnel', { personnel: [v] }]],
  ['resync_personnel (dry run)', (v) => ['resync_personnel', { personnel: [v], dryRun: true }]],
];

const LIST_ENDPOINTS = new Set(['/public/personnel', '/public/v2/personnel']);

describe('path injection through the tools', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig({ sandbox: { size: 20 }, elicit: 'accept' });
  });
  afterAll(() => rig?.close());
  beforeEach(() => rig.sandbox.clearLogs());

  it.each(ENTRY_POINTS)('%s rejects every hostile reference before any request', async (_name, build) => {
    for (const value of HOSTILE) {
      rig.sandbox.clearLogs();
      const [tool, args] = build(value);
      const r = (await rig.client.callTool({ name: tool, arguments: args })) as ToolResult;
      const where = `${tool} ${JSON.stringify(args)}`;
      expect(r.isError, `${where}: ${text(r).slice(0, 200)}`).toBe(true);
      expect(unclear(r), where).toBeUndefined();
      expect(
        rig.sandbox.requests.map((q) => `${q.method} ${q.rawPath}`),
        `${where} reached the API`,
      ).toEqual([]);
    }
    expect(rig.sandbox.writes).toEqual([]);
  });

  it('the personnel resource rejects every hostile reference before any request', async () => {
    for (const value of HOSTILE) {
      rig.sandbox.clearLogs();
      const uri = `drata://personnel/${encodeURIComponent(value)}`;
      let answer: string;
      try {
        answer = JSON.stringify(await rig.client.readResource({ uri }));
      } catch (err) {
        answer = err instanceof Error ? err.message : String(err);
      }
      expect(answer, uri).not.toContain('Status:');
      expect(
        rig.sandbox.requests.map((q) => `${q.method} ${q.rawPath}`),
        `${uri} reached the API`,
      ).toEqual([]);
    }
  });

  it('search text with query and path fragments stays one query parameter of the list endpoint', async () => {
    const searches = [
      'a&employmentStatus=FORMER_EMPLOYEE&limit=50',
      '../all/reset-sync',
      '?sort=NAME#x',
      '%26limit%3D50',
      'x\u0000y',
      'ann;q=1',
    ];
    for (const search of searches) {
      rig.sandbox.clearLogs();
      const r = (await rig.client.callTool({
        name: 'list_personnel',
        arguments: { search, limit: 5 },
      })) as ToolResult;
      expect(r.isError, text(r)).toBeFalsy();
      expect(rig.sandbox.requests.length, search).toBeGreaterThan(0);
      for (const q of rig.sandbox.requests) {
        expect(q.method).toBe('GET');
        expect(LIST_ENDPOINTS.has(q.path), `${search} → ${q.rawPath}`).toBe(true);
        expect(q.query.q, search).toEqual([search.trim()]);
        expect(q.query.limit, search).toEqual(['5']);
        expect(q.query.employmentStatus, search).toBeUndefined();
      }
    }
  });

  it('a forged cursor cannot leave the list endpoint', async () => {
    const forge = (upstream: string, page = 0) =>
      Buffer.from(JSON.stringify([1, {}, 5, page, upstream, 0, -1]), 'utf8').toString('base64url');
    const cursors = [
      '../../all/reset-sync',
      '..%2F..%2Fall%2Freset-sync',
      forge('../../all/reset-sync'),
      forge('x&size=500&expand[]=customFields'),
      forge('', 99999),
      forge('/public/personnel/all/reset-sync'),
    ];
    for (const cursor of cursors) {
      rig.sandbox.clearLogs();
      const r = (await rig.client.callTool({ name: 'list_personnel', arguments: { cursor } })) as ToolResult;
      expect(unclear(r)).toBeUndefined();
      for (const q of rig.sandbox.requests) {
        expect(q.method).toBe('GET');
        expect(LIST_ENDPOINTS.has(q.path), `${cursor} → ${q.rawPath}`).toBe(true);
        expect(q.query.size ?? ['5'], cursor).toEqual(['5']);
      }
    }
    expect(rig.sandbox.writes).toEqual([]);
  });
});
