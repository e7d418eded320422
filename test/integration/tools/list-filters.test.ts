/**
 * list_personnel's question-shaped filters and rows against the sandbox's ground truth: out-of-scope
 * reasons and manual overrides in rows (both channels), inclusive date ranges, a sort that holds across
 * the page; get_personnel's "Devices: none", failure reasons and exclusions grouped by reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_STATUSES } from '../../../src/drata/catalog.js';
import { type ListPage, rowsOf, textIds } from '../../support/rows.js';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';

const day = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(0, 10));

describe('list_personnel filters and rows (sandbox org of 400)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ sandbox: { size: 400 } });
  });
  afterAll(() => f.close());

  it('every out-of-scope person and the reason, in one call, in both channels', async () => {
    const truth = f.sandbox.org.people.filter((p) => p.employmentStatus === 'OUT_OF_SCOPE');
    const r = await call(f, 'list_personnel', { employmentStatus: ['OUT_OF_SCOPE'], limit: 50 });
    const s = r.structuredContent as ListPage;
    expect(s.total).toBe(truth.length);
    const rows = rowsOf(s);
    expect(rows.map((x) => x.id).sort((a, b) => a - b)).toEqual(truth.map((p) => p.id).sort((a, b) => a - b));
    const text = r.content[0]?.text ?? '';
    for (const p of truth) {
      const row = rows.find((x) => x.id === p.id);
      const reason = p.notHumanReason?.trim() ? p.notHumanReason.trim().replace(/\s+/g, ' ') : null;
      if (reason === null) expect(row?.reason).toBeNull();
      else {
        expect(reason.startsWith((row?.reason ?? '').replace(/…$/, ''))).toBe(true);
        expect(text).toContain(`reason: ${row?.reason}`);
      }
    }
  });

  it('rows flag a manual status override (sync paused) with its date, in both channels', async () => {
    const manual = f.sandbox.org.people.find((p) => p.statusUpdatedAt !== null);
    expect(manual).toBeDefined();
    const r = await call(f, 'list_personnel', { search: manual?.email ?? '' });
    const row = rowsOf(r.structuredContent).find((x) => x.id === manual?.id);
    expect(row?.manualSince).toBe(day(manual?.statusUpdatedAt ?? null));
    expect(r.content[0]?.text).toContain(`status set manually ${row?.manualSince}`);
  });

  it('date ranges are inclusive, validated, and applied although V1 has no date filter', async () => {
    const current = f.sandbox.org.people.filter((p) => CURRENT_STATUSES.includes(p.employmentStatus));
    const starts = current.map((p) => p.startDate).filter((d): d is string => !!d).sort();
    const from = starts[Math.floor(starts.length / 3)] ?? '2020-01-01';
    const to = starts[Math.floor((2 * starts.length) / 3)] ?? '2030-01-01';
    const truth = current.filter((p) => p.startDate && p.startDate >= from && p.startDate <= to);
    const r = await call(f, 'list_personnel', {
      employmentStatus: ['ALL_CURRENT_PERSONNEL'],
      startedFrom: from,
      startedTo: to,
      sort: 'startDate',
      limit: 50,
    });
    const s = r.structuredContent as ListPage;
    expect(s.total).toBe(truth.length);
    const rows = rowsOf(s);
    expect(rows.map((x) => x.started)).toContain(from);
    for (const row of rows) expect(row.started && row.started >= from && row.started <= to).toBe(true);
    // The requested order holds across the whole page, statuses mixed.
    const got = rows.map((x) => x.started ?? '');
    expect(got).toEqual([...got].sort());
    expect(new Set(rows.map((x) => x.status)).size).toBeGreaterThan(1);
    expect(textIds(r.content[0]?.text ?? '')).toEqual(rows.map((x) => x.id));

    const former = f.sandbox.org.people.filter((p) => p.separationDate && p.separationDate >= '2026-08-01' && p.separationDate <= '2026-10-31');
    const left = await call(f, 'list_personnel', { separatedFrom: '2026-08-01', separatedTo: '2026-10-31', limit: 50 });
    expect((left.structuredContent as ListPage).total).toBe(former.length);
  });

  it('a sort by status holds across the page; DESC works', async () => {
    const r = await call(f, 'list_personnel', { sort: 'employmentStatus', sortDir: 'DESC', limit: 50 });
    const statuses = rowsOf(r.structuredContent).map((x) => x.status);
    expect(statuses).toEqual([...statuses].sort().reverse());
  });

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
