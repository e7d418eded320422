/**
 * get_personnel against the sandbox's ground truth: lookups by id and email, summaries within the budget,
 * degraded and failed V2 lookups, refused references; "Devices: none", failure reasons and exclusions
 * grouped by reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_STATUSES, isCurrentStatus } from '../../../src/drata/catalog.js';
import { call, type Fixture, realTokens, startFixture } from '../../support/sandbox.js';

describe('get_personnel against the default sandbox org (250)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ sandbox: { size: 250 } });
  });
  afterAll(() => f.close());

  it('get_personnel by id, email in any case, email: prefix and + tags', async () => {
    const plus = f.sandbox.org.people.find((p) => p.email.includes('+'));
    const mixed = f.sandbox.org.people.find((p) => p.email !== p.email.toLowerCase());
    expect(plus && mixed).toBeTruthy();
    for (const [ref, id] of [
      [plus?.id, plus?.id],
      [plus?.email, plus?.id],
      [`email:${plus?.email}`, plus?.id],
      [mixed?.email.toUpperCase(), mixed?.id],
      [String(mixed?.id), mixed?.id],
    ] as const) {
      const r = await call(f, 'get_personnel', { personnel: ref });
      expect(r.isError, r.content[0]?.text).toBeFalsy();
      expect((r.structuredContent as { person: { id: number } }).person.id).toBe(id);
    }
  });

  it('the summary of a former employee with a connected identity says so', async () => {
    const p = f.sandbox.org.people.find(
      (x) => x.employmentStatus === 'FORMER_EMPLOYEE' && x.identities.some((i) => i.disconnectedAt === null),
    );
    expect(p).toBeDefined();
    const r = await call(f, 'get_personnel', { personnel: p?.id ?? 0 });
    const person = (
      r.structuredContent as {
        person: { identities?: Array<{ connected: boolean }>; separationDate?: string };
      }
    ).person;
    expect(person.identities?.some((i) => i.connected)).toBe(true);
    expect(person.separationDate).toBe(p?.separationDate);
    expect(r.content[0]?.text).toMatch(/connected/);
  });

  it('the heaviest record fits the default budget in summary and full; prints token counts', async () => {
    const heaviest = [...f.sandbox.org.people].sort(
      (a, b) => f.sandbox.v1RecordSize(b.id) - f.sandbox.v1RecordSize(a.id),
    )[0];
    expect(heaviest).toBeDefined();
    const id = heaviest?.id ?? 0;
    const summary = await call(f, 'get_personnel', { personnel: id });
    const full = await call(f, 'get_personnel', { personnel: id, detail: 'full' });
    const raw = f.sandbox.v1RecordSize(id);
    console.log(
      `get_personnel heaviest (#${id}, raw V1 ${raw} bytes): summary ${realTokens(summary)} tokens, full ${realTokens(full)} tokens (cl100k)`,
    );
    expect(realTokens(summary)).toBeLessThanOrEqual(8000);
    expect(realTokens(full)).toBeLessThanOrEqual(8000);
    expect(realTokens(full)).toBeGreaterThan(realTokens(summary));
  });

  it('a tiny budget shortens sections and says what was left out', async () => {
    const small = await startFixture({ sandbox: { size: 250 }, config: { maxOutputTokens: 500 } });
    try {
      const heavy = f.sandbox.org.people.find(
        (p) => p.devices.length >= 3 && isCurrentStatus(p.employmentStatus),
      );
      const r = await call(small, 'get_personnel', { personnel: heavy?.id ?? 1, detail: 'full' });
      const s = r.structuredContent as { truncated: boolean; person: { omitted?: string[] } };
      expect(s.truncated).toBe(true);
      expect(s.person.omitted?.join(' ')).toMatch(/of \d+ shown \(output budget\)/);
      expect(realTokens(r)).toBeLessThanOrEqual(500);
    } finally {
      await small.close();
    }
  });

  it('a plan without V2 custom fields degrades the summary with a note; a V2 outage is an error', async () => {
    f.sandbox.failNext({ status: 402, pathIncludes: '/public/v2/personnel/5' });
    const degraded = await call(f, 'get_personnel', { personnel: 5 });
    expect(degraded.isError).toBeFalsy();
    expect(degraded.content[0]?.text).toMatch(/Custom fields and check exclusions are missing: the V2 lookup failed/);
    f.sandbox.failNext({ status: 500, times: 5, pathIncludes: '/public/v2/personnel/5' });
    const outage = await call(f, 'get_personnel', { personnel: 5 });
    f.sandbox.failNext({ status: 0, times: 0 });
    expect(outage.isError).toBe(true);
    expect(outage.content[0]?.text).toMatch(/500.*Try again/s);
  });

  it('an unknown person is an error with the way to find them', async () => {
    const r = await call(f, 'get_personnel', { personnel: 'nobody@example.com' });
    expect(r.isError).toBe(true);
    expect(r.content[0]?.text).toMatch(/404.*list_personnel/s);
  });

  it.each([[0], [-1], [1.5], ['../all/reset-sync'], ['not an email'], ['a@b.com/../x']])(
    'get_personnel rejects %j before any request',
    async (ref) => {
      f.sandbox.clearLogs();
      const r = await call(f, 'get_personnel', { personnel: ref });
      expect(r.isError).toBe(true);
      expect(r.content[0]?.text).toMatch(/personnel/);
      expect(f.sandbox.requests).toHaveLength(0);
    },
  );
});

describe('get_personnel summaries (sandbox org of 400)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ sandbox: { size: 400 } });
  });
  afterAll(() => f.close());

  it('get_personnel says "Devices: none", why checks fail, and groups exclusions by reason', async () => {
    const noDevice = f.sandbox.org.people.find(
      (p) => CURRENT_STATUSES.includes(p.employmentStatus) && p.devices.length === 0,
    );
    const r = await call(f, 'get_personnel', { personnel: noDevice?.id ?? 1 });
    expect(r.content[0]?.text).toContain('Devices: none');
    const devices = (r.structuredContent as { person: { devices?: unknown } }).person.devices;
    expect(devices).toEqual({ count: 0, failingCount: 0 });

    const mfa = f.sandbox.org.people.find(
      (p) => CURRENT_STATUSES.includes(p.employmentStatus) && p.checks.IDENTITY_MFA === 'FAIL' && p.identities.length > 0,
    );
    const m = await call(f, 'get_personnel', { personnel: mfa?.id ?? 1 });
    type Failing = { person: { failingChecks?: Array<{ type: string; reason?: string }> } };
    const failing = (m.structuredContent as Failing).person.failingChecks;
    const reason = failing?.find((c) => c.type === 'IDENTITY_MFA')?.reason;
    expect(reason).toMatch(/^no MFA on |^no IdP identity linked$/);
    expect(m.content[0]?.text).toContain(`IDENTITY_MFA: ${reason}`);

    const service = f.sandbox.org.people.find(
      (p) => Object.values(p.checks).includes('EXCLUDED'),
    );
    const e = await call(f, 'get_personnel', { personnel: service?.id ?? 1 });
    type Excluded = { person: { excludedChecks?: Array<{ checks: string[]; exclusion?: string }> } };
    const groups = (e.structuredContent as Excluded).person.excludedChecks;
    expect(groups?.length).toBeGreaterThan(0);
    expect(new Set(groups?.map((g) => g.exclusion)).size).toBe(groups?.length);
    expect(groups?.flatMap((g) => g.checks).length).toBe(
      Object.values(service?.checks ?? {}).filter((x) => x === 'EXCLUDED').length,
    );
  });
});
