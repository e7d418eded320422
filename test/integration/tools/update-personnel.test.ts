/** update_personnel via V2 and V1: previews, confirmed writes, confirmation, validation before any request. */
import { afterEach, describe, expect, it } from 'vitest';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';
import { current, writes } from '../../support/writes.js';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

type UpdateOut = {
  outcome: string;
  changes: Array<{ field: string; before: string | null; after: string | null }>;
  now?: Record<string, string | null>;
  writeApi: string;
  notes?: string[];
};

describe.each(['v2', 'v1'] as const)('update_personnel via %s', (writeApi) => {
  it('dry run shows before → after and writes nothing', async () => {
    f = await startFixture({ config: { writeApi }, elicit: 'accept' });
    const p = current(f);
    f.sandbox.clearLogs();
    const r = await call(f, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03', dryRun: true });
    const s = r.structuredContent as UpdateOut;
    expect(s.outcome).toBe('dry_run');
    expect(s.changes).toEqual([{ field: 'startedAt', before: p.startDate, after: '2020-02-03' }]);
    expect(writes(f)).toHaveLength(0);
    expect(f.elicitations).toHaveLength(0);
    expect(r.content[0]?.text).toContain(`startedAt: ${p.startDate} → 2020-02-03`);
  });

  it('"already matches" writes nothing', async () => {
    f = await startFixture({ config: { writeApi }, elicit: 'accept' });
    const p = current(f);
    f.sandbox.clearLogs();
    const r = await call(f, 'update_personnel', { personnel: p.email, startedAt: p.startDate });
    expect((r.structuredContent as UpdateOut).outcome).toBe('unchanged');
    expect(r.content[0]?.text).toMatch(/Already matches/);
    expect(writes(f)).toHaveLength(0);
  });

  it('a confirmed write applies, reads back and notes the sync pause', async () => {
    f = await startFixture({ config: { writeApi }, elicit: 'accept' });
    const p = current(f);
    const startBefore = p.startDate;
    f.sandbox.clearLogs();
    const r = await call(f, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    const s = r.structuredContent as UpdateOut;
    expect(s.outcome, r.content[0]?.text).toBe('updated');
    expect(s.writeApi).toBe(writeApi);
    expect(s.now).toEqual({ startedAt: '2020-02-03' });
    expect(f.elicitations[0]).toContain(`startedAt: ${startBefore} → 2020-02-03`);
    expect(s.notes?.join(' ')).toMatch(/pause IdP\/HRIS sync for startedAt/);
    const w = writes(f);
    expect(w).toHaveLength(1);
    if (writeApi === 'v2') {
      expect(w[0]).toMatchObject({
        method: 'PUT',
        path: `/public/v2/personnel/${p.id}`,
        body: { startedAt: '2020-02-03' },
      });
    } else {
      expect(w[0]).toMatchObject({
        method: 'PUT',
        path: `/public/personnel/${p.id}/contract-dates`,
        body: { startDate: '2020-02-03' },
      });
    }
    expect(f.sandbox.org.get(p.id)?.startDate).toBe('2020-02-03');
  });

  it('OUT_OF_SCOPE with a reason (the service-account case)', async () => {
    f = await startFixture({ config: { writeApi }, elicit: 'accept' });
    const svc = f.sandbox.org.people.find((p) => p.email.startsWith('svc-')) ?? current(f);
    const r = await call(f, 'update_personnel', {
      personnel: svc.email,
      employmentStatus: 'OUT_OF_SCOPE',
      notHumanReason: 'Deploy bot, no human behind it',
    });
    const s = r.structuredContent as UpdateOut;
    expect(s.outcome, r.content[0]?.text).toBe('updated');
    expect(f.sandbox.org.get(svc.id)).toMatchObject({
      employmentStatus: 'OUT_OF_SCOPE',
      notHumanReason: 'Deploy bot, no human behind it',
    });
  });

  it('FORMER_EMPLOYEE with a separation date', async () => {
    f = await startFixture({ config: { writeApi }, elicit: 'accept' });
    const p = current(f);
    const r = await call(f, 'update_personnel', {
      personnel: p.id,
      employmentStatus: 'FORMER_EMPLOYEE',
      separatedAt: '2026-10-31',
    });
    expect((r.structuredContent as UpdateOut).outcome, r.content[0]?.text).toBe('updated');
    expect(f.sandbox.org.get(p.id)).toMatchObject({
      employmentStatus: 'FORMER_EMPLOYEE',
      separationDate: '2026-10-31',
    });
  });
});

describe('update_personnel confirmation', () => {
  it.each([
    ['decline', 'declined'],
    ['cancel', 'cancelled'],
    ['accept-false', 'declined'],
  ] as const)('%s writes nothing and says so', async (answer, outcome) => {
    f = await startFixture({ elicit: answer });
    const p = current(f);
    f.sandbox.clearLogs();
    const r = await call(f, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    expect((r.structuredContent as UpdateOut).outcome).toBe(outcome);
    expect(r.content[0]?.text).toMatch(/nothing was written/);
    expect(writes(f)).toHaveLength(0);
    expect(f.sandbox.org.get(p.id)?.startDate).toBe(p.startDate);
  });

  it('without elicitation support a single update writes nothing (see approval-paths.test.ts)', async () => {
    f = await startFixture();
    const p = current(f);
    f.sandbox.clearLogs();
    const r = await call(f, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    expect((r.structuredContent as UpdateOut).outcome).toBe('needs_approval');
    expect(writes(f)).toHaveLength(0);
  });
});

describe('update_personnel validation names the field and sends nothing', () => {
  it.each(
    [
      [{ personnel: 1 }, /arguments: nothing to change/],
      [{ personnel: 1, startedAt: '2025-02-30' }, /startedAt/],
      [{ personnel: 1, startedAt: '2025-13-01' }, /startedAt/],
      [{ personnel: 1, startedAt: '01/02/2025' }, /startedAt/],
      [
        { personnel: 1, employmentStatus: 'OUT_OF_SCOPE' },
        /notHumanReason: required when employmentStatus is OUT_OF_SCOPE/,
      ],
      [
        { personnel: 1, employmentStatus: 'OUT_OF_SCOPE', notHumanReason: 'x'.repeat(30001) },
        /notHumanReason/,
      ],
      [
        { personnel: 1, startedAt: '2024-05-02', separatedAt: '2024-05-01' },
        /separatedAt: must not be before startedAt/,
      ],
      [{ personnel: 1, employmentStatus: 'RETIRED' }, /employmentStatus/],
      [{ personnel: 'nope', startedAt: '2024-05-02' }, /personnel/],
      [{ personnel: 1, customFields: [{ value: 'x' }] }, /custom field id or name/],
    ].map(
      ([args, pattern]) =>
        [JSON.stringify(args).slice(0, 90), args as Record<string, unknown>, pattern as RegExp] as const,
    ),
  )('%s', async (_label, args, pattern) => {
    f = await startFixture({ elicit: 'accept' });
    f.sandbox.clearLogs();
    const r = await call(f, 'update_personnel', args);
    expect(r.isError).toBe(true);
    expect(r.content[0]?.text).toMatch(pattern);
    expect(f.sandbox.requests).toHaveLength(0);
  });

  it('rules that need the record: FORMER_* without any separation date, separation before the current start', async () => {
    f = await startFixture({ elicit: 'accept' });
    const p = current(f);
    const former = await call(f, 'update_personnel', {
      personnel: p.id,
      employmentStatus: 'FORMER_EMPLOYEE',
    });
    expect(former.isError).toBe(true);
    expect(former.content[0]?.text).toMatch(/separatedAt: required when setting FORMER_EMPLOYEE/);
    const early = await call(f, 'update_personnel', { personnel: p.id, separatedAt: '1990-01-01' });
    expect(early.isError).toBe(true);
    expect(early.content[0]?.text).toMatch(/separatedAt: separation \(1990-01-01\) must not be before start/);
    expect(writes(f)).toHaveLength(0);
  });

  it('unknown custom fields are reported with the defined ones; known ones are written (V2)', async () => {
    f = await startFixture({ elicit: 'accept' });
    const p = current(f);
    const field = f.sandbox.org.customFields[0];
    const bad = await call(f, 'update_personnel', {
      personnel: p.id,
      customFields: [{ name: 'Shoe Size', value: '44' }],
    });
    expect(bad.isError).toBe(true);
    expect(bad.content[0]?.text).toMatch(
      new RegExp(
        `customFields\\[0\\]\\.name: unknown custom field "Shoe Size"; defined fields: .*${field?.name}`,
      ),
    );
    const good = await call(f, 'update_personnel', {
      personnel: p.id,
      customFields: [{ name: field?.name.toUpperCase(), value: 'Zeta' }],
    });
    expect((good.structuredContent as UpdateOut).now).toEqual({ [`customFields.${field?.name}`]: 'Zeta' });
  });

  it('custom fields need the V2 write API', async () => {
    f = await startFixture({ elicit: 'accept', config: { writeApi: 'v1' } });
    const r = await call(f, 'update_personnel', {
      personnel: 1,
      customFields: [{ name: 'Department', value: 'x' }],
    });
    expect(r.isError).toBe(true);
    expect(r.content[0]?.text).toMatch(/DRATA_WRITE_API=v2/);
  });
});
