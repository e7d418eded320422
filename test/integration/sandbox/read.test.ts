import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxPerson, Sandbox } from '../../../src/sandbox/index.js';
import { type Json, start, v1, v2 } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.close());

const person = (pred: (p: SandboxPerson) => boolean): SandboxPerson => {
  const p = sb.org.people.find(pred);
  if (!p) throw new Error('no such person in the org');
  return p;
};

describe('sandbox reads over real HTTP', () => {
  it('V1 list: defaults, paging, total, and the request as recorded', async () => {
    sb.clearLogs();
    const r = await v1(sb, 'GET', '/personnel');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect(r.body).toMatchObject({ page: 1, limit: 20, total: sb.org.size, dataAll: {} });
    expect(r.body.data).toHaveLength(20);
    const page3 = await v1(sb, 'GET', '/personnel?page=3&limit=50');
    expect(page3.body.data).toHaveLength(sb.org.size - 100);
    const beyond = await v1(sb, 'GET', '/personnel?page=9&limit=50');
    expect(beyond.body).toMatchObject({ data: [], page: 9, total: sb.org.size });
    expect(sb.requests[1]).toMatchObject({
      method: 'GET',
      rawPath: '/public/personnel',
      path: '/public/personnel',
      rawQuery: 'page=3&limit=50',
      query: { page: ['3'], limit: ['50'] },
      api: 'v1',
      status: 200,
    });
    expect(typeof sb.requests[1]?.at).toBe('number');
    expect(sb.stats).toMatchObject({ requests: 3, responses: { 200: 3 } });
  });

  it('V1 get by id and by email (case-insensitive, + and @ percent-encoded) return the same record', async () => {
    const anna = person((p) => p.email === 'Anna.Schmidt@Example.com');
    const byId = await v1(sb, 'GET', `/personnel/${anna.id}`);
    expect(byId.status).toBe(200);
    expect(byId.body.user.email).toBe('Anna.Schmidt@Example.com');
    const byEmail = await v1(sb, 'GET', `/personnel/${encodeURIComponent('anna.schmidt@example.com')}/email`);
    expect(byEmail.text).toBe(byId.text);
    const plus = person((p) => p.email.includes('+'));
    const r = await v1(sb, 'GET', `/personnel/${encodeURIComponent(plus.email)}/email`);
    expect(r.body.id).toBe(plus.id);
    expect(sb.requests.at(-1)).toMatchObject({
      rawPath: `/public/personnel/${encodeURIComponent(plus.email)}/email`,
      path: `/public/personnel/${plus.email}/email`,
    });
  });

  it('V1 records are heavy and complete: identities with connections, devices, checks, tests, documents', async () => {
    const r = await v1(sb, 'GET', '/personnel?limit=50');
    for (const row of r.body.data) {
      const size = Buffer.byteLength(JSON.stringify(row));
      expect(size).toBeGreaterThan(4096);
      expect(size).toBeLessThan(15_500);
      expect(row.devicesCount).toBe(row.devices.length);
      expect(row.user.identities[0].connection.clientType).toBe('GOOGLE');
    }
    const withDevice = r.body.data.find((row: Json) => row.devices.length > 0);
    expect(withDevice.devices[0].complianceChecks.length).toBeGreaterThan(0);
    expect(withDevice.data.serialNumber).toBe(withDevice.devices[0].serialNumber);
  });

  it('V2 list: default size 50, expands only when asked, totalCount only on the first page', async () => {
    const r = await v2(sb, 'GET', '/personnel');
    expect(r.status).toBe(200);
    expect(r.body.data).toHaveLength(50);
    expect(r.body.pagination.cursor).toEqual(expect.any(String));
    expect(r.body.pagination).not.toHaveProperty('totalCount');
    for (const key of ['user', 'reasonProvider', 'complianceChecks', 'customFields']) {
      expect(r.body.data[0]).not.toHaveProperty(key);
    }
    const first = await v2(
      sb,
      'GET',
      '/personnel?size=5&includeTotalCount=true&expand[]=user&expand[]=customFields',
    );
    expect(first.body.pagination.totalCount).toBe(sb.org.size);
    expect(first.body.data[0].user.email).toEqual(expect.any(String));
    expect(first.body.data[0].customFields.map((f: Json) => f.name)).toEqual(
      sb.org.customFields.map((f) => f.name),
    );
    const next = await v2(
      sb,
      'GET',
      `/personnel?size=5&includeTotalCount=true&cursor=${encodeURIComponent(first.body.pagination.cursor)}`,
    );
    expect(next.body.pagination).not.toHaveProperty('totalCount');
    expect(sb.requests.at(-2)).toMatchObject({
      query: { size: ['5'], includeTotalCount: ['true'], 'expand[]': ['user', 'customFields'] },
      api: 'v2',
    });
  });

  it('V2 get by id and by email: prefix, with every expand', async () => {
    const oos = person((p) => p.employmentStatus === 'OUT_OF_SCOPE' && p.notHumanReason !== null);
    const all = 'expand[]=user&expand[]=reasonProvider&expand[]=complianceChecks&expand[]=customFields';
    const byId = await v2(sb, 'GET', `/personnel/${oos.id}?${all}`);
    expect(byId.status).toBe(200);
    expect(byId.body.reasonProvider).toMatchObject({ id: sb.org.admin.id, email: sb.org.admin.email });
    expect(byId.body.notHumanReason).toBe(oos.notHumanReason);
    const byEmail = await v2(
      sb,
      'GET',
      `/personnel/${encodeURIComponent(`email:${oos.email.toUpperCase()}`)}?${all}`,
    );
    expect(byEmail.text).toBe(byId.text);
    const excluded = person((p) => Object.values(p.checks).includes('EXCLUDED'));
    const ex = await v2(sb, 'GET', `/personnel/${excluded.id}?expand[]=complianceChecks`);
    const check = ex.body.complianceChecks.find((c: Json) => c.status === 'EXCLUDED');
    expect(check.exclusion).toMatchObject({ reason: expect.any(String), createdByEmail: sb.org.admin.email });
    expect(ex.body.complianceChecks.filter((c: Json) => c.status !== 'EXCLUDED' && c.exclusion)).toEqual([]);
  });

  it('V1 and V2 agree on the same person: ids, status, dates, checks', async () => {
    const sample = [
      person((p) => p.employmentStatus === 'FORMER_EMPLOYEE'),
      person((p) => p.employmentStatus === 'OUT_OF_SCOPE'),
      person((p) => p.email === 'jose.nunez@example.com'),
      person((p) => p.employmentStatus === 'FUTURE_HIRE'),
    ];
    for (const p of sample) {
      const a = (await v1(sb, 'GET', `/personnel/${p.id}`)).body;
      const b = (await v2(sb, 'GET', `/personnel/${p.id}?expand[]=user&expand[]=complianceChecks`)).body;
      expect(b.id).toBe(a.id);
      expect(b.userId).toBe(a.user.id);
      expect(b.user.email).toBe(a.user.email);
      expect(b.employmentStatus).toBe(a.employmentStatus);
      expect(b.notHumanReason).toBe(a.notHumanReason);
      expect(b.startedAt.slice(0, 10)).toBe(a.startDate);
      expect(b.separatedAt?.slice(0, 10) ?? null).toBe(a.separationDate);
      expect(b.statusUpdatedAt).toBe(a.statusUpdatedAt);
      expect(b.createdAt).toBe(a.createdAt);
      expect(b.updatedAt).toBe(a.updatedAt);
      const strip = (c: Json) => ({ id: c.id, type: c.type, status: c.status, expiresAt: c.expiresAt });
      expect(b.complianceChecks.map(strip)).toEqual(a.complianceChecks.map(strip));
      expect(Object.fromEntries(a.complianceChecks.map((c: Json) => [c.type, c.status]))).toEqual(p.checks);
    }
  });

  it('the V1 record reflects the model: identities, MFA, devices, documents, background check', async () => {
    const former = person((p) => p.email === 'marcus.webb@example.com');
    const r = (await v1(sb, 'GET', `/personnel/${former.id}`)).body;
    expect(r.employmentStatus).toBe('FORMER_EMPLOYEE');
    const google = r.user.identities.find((i: Json) => i.connection.clientType === 'GOOGLE');
    expect(google.disconnectedAt).toBeNull();
    expect(Date.parse(r.devices[0].lastCheckedAt)).toBeGreaterThan(sb.org.now - 3 * 86_400_000);
    const soren = person((p) => p.firstName === 'Søren');
    const s = (await v1(sb, 'GET', `/personnel/${soren.id}`)).body;
    expect(s.user.identities.some((i: Json) => i.hasIdp && !i.hasMfa)).toBe(true);
    expect(s.user.identities.map((i: Json) => i.connection.clientType)).toContain('GITHUB');
    const fang = person((p) => p.firstName === '芳');
    const f = (await v1(sb, 'GET', `/personnel/${fang.id}`)).body;
    const training = f.user.documents[0].data.find((d: Json) => d.type === 'SEC_TRAINING');
    expect(training.renewalDate < new Date(sb.org.now).toISOString().slice(0, 10)).toBe(true);
    expect(f.complianceChecks.find((c: Json) => c.type === 'SECURITY_TRAINING').status).toBe('FAIL');
    const yuki = person((p) => p.firstName === 'Yuki' && p.lastName === 'Tanaka');
    const y = (await v1(sb, 'GET', `/personnel/${yuki.id}`)).body;
    expect(y.devicesFailingComplianceCount).toBeUndefined();
    const row = (await v1(sb, 'GET', `/personnel?q=${encodeURIComponent('yuki tanaka')}`)).body.data[0];
    expect(row.devicesCount).toBe(2);
    expect(row.devicesFailingComplianceCount).toBeGreaterThanOrEqual(1);
    expect(
      row.devices.some(
        (d: Json) => !d.isDeviceCompliant && d.complianceChecks.some((c: Json) => c.status === 'FAIL'),
      ),
    ).toBe(true);
  });
});
