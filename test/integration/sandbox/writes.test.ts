import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SandboxPerson, Sandbox } from '../../../src/sandbox/index.js';
import { start, v1, v2 } from './helpers.js';

let sb: Sandbox;
beforeEach(async () => {
  sb = await start();
});
afterEach(() => sb.close());

const find = (pred: (p: SandboxPerson) => boolean): SandboxPerson => {
  const p = sb.org.people.find(pred);
  if (!p) throw new Error('no such person');
  return p;
};
/** A current employee fully in sync with the IdP/HRIS. */
const synced = () =>
  find((p) => p.employmentStatus === 'CURRENT_EMPLOYEE' && p.synced !== null && p.overridden.length === 0);

describe('V1 writes', () => {
  it('PUT contract-dates persists, overrides sync, is logged with before/after, and returns the record', async () => {
    const p = synced();
    const before = p.startDate;
    const r = await v1(sb, 'PUT', `/personnel/${p.id}/contract-dates`, { body: { startDate: '2020-02-03' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: p.id, startDate: '2020-02-03', separationDate: null });
    expect(r.body.statusUpdatedAt).toEqual(expect.any(String));
    expect(sb.org.get(p.id)).toMatchObject({ startDate: '2020-02-03', overridden: ['startDate'] });
    expect(sb.requests.at(-1)).toMatchObject({
      method: 'PUT',
      body: { startDate: '2020-02-03' },
      status: 200,
    });
    expect(sb.writes).toEqual([
      expect.objectContaining({
        method: 'PUT',
        path: `/public/personnel/${p.id}/contract-dates`,
        api: 'v1',
        personnelIds: [p.id],
        changes: [{ personnelId: p.id, field: 'startDate', before, after: '2020-02-03' }],
      }),
    ]);
    const again = await v1(sb, 'GET', `/personnel/${p.id}`);
    expect(again.body.startDate).toBe('2020-02-03');
  });

  it('PUT status to FORMER_EMPLOYEE with a separation date, and to OUT_OF_SCOPE with a reason', async () => {
    const p = synced();
    const r = await v1(sb, 'PUT', `/personnel/${p.id}/status`, {
      body: { employmentStatus: 'FORMER_EMPLOYEE', separationDate: '2026-10-31' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ employmentStatus: 'FORMER_EMPLOYEE', separationDate: '2026-10-31' });
    const reason = 'Deploy bot, no human behind it';
    const svc = find((x) => x.email === 'svc-deploy@example.com');
    const o = await v1(sb, 'PUT', `/personnel/${svc.id}/status`, {
      body: { employmentStatus: 'OUT_OF_SCOPE', notHumanReason: reason, unknownField: 1 },
    });
    expect(o.status).toBe(200);
    expect(o.body).toMatchObject({ employmentStatus: 'OUT_OF_SCOPE', notHumanReason: reason });
    expect(o.body.reasonProvider.email).toBe(sb.org.admin.email);
    expect(sb.org.get(svc.id)).toMatchObject({ employmentStatus: 'OUT_OF_SCOPE', notHumanReason: reason });
  });

  it('409 when the separation date precedes the start date; nothing is written', async () => {
    const p = synced();
    const a = await v1(sb, 'PUT', `/personnel/${p.id}/contract-dates`, {
      body: { startDate: '2024-05-01', separationDate: '2024-04-30' },
    });
    expect(a.status).toBe(409);
    expect(a.body).toEqual({
      statusCode: 409,
      message: expect.stringMatching(/separation date/),
      code: 40900,
    });
    const b = await v1(sb, 'PUT', `/personnel/${p.id}/status`, {
      body: { employmentStatus: 'FORMER_EMPLOYEE', separationDate: '1999-01-01' },
    });
    expect(b.status).toBe(409);
    expect(sb.writes).toEqual([]);
    expect(sb.org.get(p.id)?.overridden).toEqual([]);
  });

  it('resync one restores synced values and clears overrides; custom fields are untouched', async () => {
    const p = synced();
    const synced0 = { ...p.synced };
    await v1(sb, 'PUT', `/personnel/${p.id}/status`, {
      body: { employmentStatus: 'FORMER_EMPLOYEE', separationDate: '2026-10-30' },
    });
    await v2(sb, 'PUT', `/personnel/${p.id}`, {
      body: { customFields: [{ name: 'Office', value: 'Lisbon' }] },
    });
    const r = await v1(sb, 'PUT', `/personnel/reset-sync/${p.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: p.id,
      employmentStatus: synced0.employmentStatus,
      separationDate: synced0.separationDate,
      statusUpdatedAt: null,
    });
    expect(sb.org.get(p.id)).toMatchObject({ overridden: [], statusUpdatedAt: null });
    expect(sb.org.get(p.id)?.customFields[3]).toBe('Lisbon');
    expect(
      sb.writes
        .at(-1)
        ?.changes.map((c) => c.field)
        .sort(),
    ).toEqual(['employmentStatus', 'separationDate']);
  });

  it('resync some returns the first affected record; resync all restores every managed person', async () => {
    const oos = sb.org.people.filter((p) => p.employmentStatus === 'OUT_OF_SCOPE' && p.synced !== null);
    const [a, b] = oos;
    if (!a || !b) throw new Error('need two out-of-scope people');
    const some = await v1(sb, 'PUT', '/personnel/some/reset-sync', { body: { personnelIds: [b.id, a.id] } });
    expect(some.status).toBe(200);
    expect(some.body.id).toBe(b.id);
    expect(sb.org.get(a.id)?.employmentStatus).toBe(a.synced?.employmentStatus);
    expect(sb.org.get(a.id)?.notHumanReason).toBeNull();
    const all = await v1(sb, 'PUT', '/personnel/all/reset-sync');
    expect(all.status).toBe(200);
    for (const p of sb.org.people) {
      if (p.synced)
        expect([p.id, p.employmentStatus, p.startDate]).toEqual([
          p.id,
          p.synced.employmentStatus,
          p.synced.startDate,
        ]);
    }
    expect(sb.writes.at(-1)?.personnelIds).toHaveLength(sb.org.people.filter((p) => p.synced).length);
  });

  it('409 on resync of a manually created person (deprecated SPECIAL_FORMER_*); nothing applied', async () => {
    const manual = find((p) => p.synced === null);
    expect(manual.employmentStatus).toMatch(/^SPECIAL_FORMER_/);
    const one = await v1(sb, 'PUT', `/personnel/reset-sync/${manual.id}`);
    expect(one.status).toBe(409);
    const other = find((p) => p.overridden.length > 0);
    const some = await v1(sb, 'PUT', '/personnel/some/reset-sync', {
      body: { personnelIds: [other.id, manual.id] },
    });
    expect(some.status).toBe(409);
    expect(some.body.message).toContain(String(manual.id));
    expect(sb.org.get(other.id)?.overridden.length).toBeGreaterThan(0);
    const v2r = await v2(sb, 'POST', '/personnel/actions', {
      body: { action: 'reset-sync', personnelIds: [manual.id] },
    });
    expect(v2r.status).toBe(409);
    expect(v2r.body.name).toBe('ConflictException');
    expect(sb.writes).toEqual([]);
  });
});

describe('V2 writes', () => {
  it('PUT by id: dates (date or date-time), status and reason, custom fields set and deleted', async () => {
    const p = synced();
    const r = await v2(sb, 'PUT', `/personnel/${p.id}`, {
      body: {
        startedAt: '2021-04-05T22:30:00-05:00',
        employmentStatus: 'OUT_OF_SCOPE',
        notHumanReason: 'Advisor',
        customFields: [
          { id: 1, value: 'Research' },
          { name: 'stakeholders', value: null },
        ],
      },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: p.id,
      startedAt: '2021-04-06T00:00:00.000Z',
      employmentStatus: 'OUT_OF_SCOPE',
      notHumanReason: 'Advisor',
    });
    expect(r.body).not.toHaveProperty('customFields');
    const got = await v2(sb, 'GET', `/personnel/${p.id}?expand[]=customFields&expand[]=reasonProvider`);
    expect(got.body.customFields).toEqual([
      { customFieldId: 1, name: 'Department', value: 'Research' },
      { customFieldId: 2, name: 'Cost Center', value: p.customFields[1] ?? null },
      { customFieldId: 3, name: 'Stakeholders', value: null },
      { customFieldId: 4, name: 'Office', value: p.customFields[3] ?? null },
    ]);
    expect(got.body.reasonProvider.id).toBe(sb.org.admin.id);
    expect(sb.org.get(p.id)?.overridden.sort()).toEqual(['employmentStatus', 'startDate']);
    expect(sb.writes[0]?.changes.map((c) => c.field)).toEqual(
      expect.arrayContaining(['startDate', 'employmentStatus', 'notHumanReason', 'customFields.Department']),
    );
  });

  it('PUT by email: prefix; a body with nothing to change still answers 200 with the record and changes nothing', async () => {
    const p = synced();
    const path = `/personnel/${encodeURIComponent(`email:${p.email}`)}`;
    const before = (await v2(sb, 'GET', path)).text;
    const r = await v2(sb, 'PUT', path, {
      body: { startedAt: p.startDate, employmentStatus: p.employmentStatus },
    });
    expect(r.status).toBe(200);
    expect(r.text).toBe(before);
    const empty = await v2(sb, 'PUT', path, { body: {} });
    expect(empty.status).toBe(200);
    expect(sb.writes.map((w) => w.changes)).toEqual([[], []]);
    expect(sb.org.get(p.id)).toMatchObject({ overridden: [], statusUpdatedAt: null });
  });

  it('400 (not 409) when separatedAt precedes startedAt', async () => {
    const p = synced();
    const r = await v2(sb, 'PUT', `/personnel/${p.id}`, {
      body: { startedAt: '2024-01-02', separatedAt: '2024-01-01' },
    });
    expect(r.status).toBe(400);
    expect(r.body.name).toBe('BadRequestException');
  });

  it('POST actions reset-sync and reset-sync-all answer 201 {count} and restore', async () => {
    const changed = sb.org.people.filter((p) => p.overridden.length > 0 && p.synced);
    expect(changed.length).toBeGreaterThan(0);
    const ids = changed.map((p) => p.id);
    const r = await v2(sb, 'POST', '/personnel/actions', {
      body: { action: 'reset-sync', personnelIds: [...ids, ids[0]] },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ count: ids.length });
    for (const id of ids) expect(sb.org.get(id)?.overridden).toEqual([]);
    const all = await v2(sb, 'POST', '/personnel/actions', { body: { action: 'reset-sync-all' } });
    expect(all.status).toBe(201);
    expect(all.body.count).toBe(sb.org.people.filter((p) => p.synced).length);
    expect(sb.writes.map((w) => w.path)).toEqual([
      '/public/v2/personnel/actions',
      '/public/v2/personnel/actions',
    ]);
  });

  it('writes move updatedAt forward on the logical clock and re-sort updatedAt lists', async () => {
    const p = synced();
    await v2(sb, 'PUT', `/personnel/${p.id}`, { body: { separatedAt: '2026-11-20' } });
    const r = await v2(sb, 'GET', '/personnel?size=1&sort=updatedAt&sortDir=DESC');
    expect(r.body.data[0]).toMatchObject({ id: p.id, separatedAt: '2026-11-20T00:00:00.000Z' });
    expect(Date.parse(r.body.data[0].updatedAt)).toBeGreaterThan(sb.org.now);
  });
});
