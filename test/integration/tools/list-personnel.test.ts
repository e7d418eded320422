/**
 * list_personnel against the sandbox's ground truth: V1 by name and cursor walks, compliance filters,
 * search, budgets and cursors; its question-shaped filters and rows: out-of-scope reasons and manual
 * overrides (both channels), inclusive date ranges, a sort that holds across the page.
 */
import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_STATUSES } from '../../../src/drata/catalog.js';
import { type ListPage, rowsOf, textIds } from '../../support/rows.js';
import { call, type Fixture, realTokens, startFixture, type ToolResult } from '../../support/sandbox.js';

type Page = ListPage;
const itemsOf = rowsOf;
const day = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(0, 10));

describe('list_personnel against the default sandbox org (250)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ sandbox: { size: 250 } });
  });
  afterAll(() => f.close());

  it('plain listing uses V1 by name and the cursor walks everyone exactly once, labels counting on', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let first: ToolResult | undefined;
    for (let i = 0; i < 20; i++) {
      const r = await call(f, 'list_personnel', cursor ? { cursor } : { limit: 50 });
      expect(r.isError).toBeFalsy();
      first ??= r;
      const s = r.structuredContent as Page;
      expect(s.api).toBe('v1');
      expect(s.from).toBe(seen.length + 1);
      expect(r.content[0]?.text).toMatch(new RegExp(`^Personnel ${seen.length + 1}–`));
      expect(textIds(r.content[0]?.text ?? '')).toEqual(itemsOf(s).map((x) => x.id));
      seen.push(...itemsOf(s).map((x) => x.id));
      cursor = s.nextCursor;
      if (!cursor) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(f.sandbox.org.people.length);
    expect((first?.structuredContent as { total?: number }).total).toBe(f.sandbox.org.people.length);
    expect((first?.structuredContent as { notes?: string[] }).notes?.[0]).toMatch(/every status is included/);
  });

  it('an offboarding gap without employmentStatus says it lists former statuses, not every status', async () => {
    const r = await call(f, 'list_personnel', { offboardingGap: 'identityConnected', limit: 50 });
    const s = r.structuredContent as Page & { notes?: string[] };
    expect(itemsOf(s).length).toBeGreaterThan(0);
    expect(itemsOf(s).every((x) => x.status.startsWith('FORMER_') || x.status.startsWith('SPECIAL_FORMER_'))).toBe(true);
    const text = r.content[0]?.text ?? '';
    expect(text).toMatch(/^Personnel 1–\d+ of \d+ \(former statuses; offboarding gap: identityConnected;/);
    expect(text).not.toMatch(/all statuses|every status is included/);
    expect(s.notes ?? []).not.toContainEqual(expect.stringMatching(/every status is included/));
  });

  it('limit 50 fits the default budget; prints its token count', async () => {
    const r = await call(f, 'list_personnel', {
      limit: 50,
      employmentStatus: ['ALL_CURRENT_PERSONNEL'],
      sort: 'name',
    });
    const s = r.structuredContent as Page;
    expect(itemsOf(s)).toHaveLength(50);
    expect(s.truncated).toBe(false);
    const tokens = realTokens(r);
    // Each channel is complete on its own and pays for itself: at most 45 tokens a row in each.
    const text = encode(r.content[0]?.text ?? '').length;
    const structured = encode(JSON.stringify(r.structuredContent)).length;
    console.log(`list_personnel limit 50: text ${(text / 50).toFixed(1)}, structured ${(structured / 50).toFixed(1)} tokens/row (cl100k)`);
    expect(text / 50).toBeLessThanOrEqual(45);
    expect(structured / 50).toBeLessThanOrEqual(45);
    expect(tokens).toBeLessThanOrEqual(8000);
  });

  it('compliance filters use V1 and match the org exactly', async () => {
    const truth = f.sandbox.org.people.filter(
      (p) =>
        p.employmentStatus === 'CURRENT_EMPLOYEE' &&
        ['FAIL', 'MISCONFIGURED'].includes(p.checks.IDENTITY_MFA ?? ''),
    );
    f.sandbox.clearLogs();
    const r = await call(f, 'list_personnel', {
      employmentStatus: ['CURRENT_EMPLOYEE'],
      failing: ['IDENTITY_MFA'],
      limit: 50,
    });
    const s = { ...(r.structuredContent as Page), items: itemsOf(r.structuredContent) };
    expect(s.api).toBe('v1');
    expect(s.total).toBe(truth.length);
    expect(s.items.map((x) => x.id).sort((a, b) => a - b)).toEqual(
      truth
        .map((p) => p.id)
        .sort((a, b) => a - b)
        .slice(0, 50)
        .filter((id) => s.items.some((x) => x.id === id)),
    );
    for (const item of s.items) expect(item.failing).toContain('IDENTITY_MFA');
    // Not an exact V1 filter (V1's false is "anything but PASS"): answered from one walk of the scope.
    const reqs = f.sandbox.requests.filter((q) => q.api === 'v1' && q.method === 'GET');
    expect(reqs.every((q) => q.query.identityMfaCompliance === undefined)).toBe(true);
    expect(reqs.every((q) => q.query.employmentStatus?.[0] === 'CURRENT_EMPLOYEE')).toBe(true);
  });

  it('search finds names with accents and apostrophes (V1 q)', async () => {
    const target = f.sandbox.org.people.find((p) =>
      /[^\x00-\x7f]/.test(`${p.firstName ?? ''}${p.lastName ?? ''}`),
    );
    expect(target).toBeDefined();
    const r = await call(f, 'list_personnel', { search: target?.lastName ?? '' });
    const s = r.structuredContent as Page;
    expect(s.api).toBe('v1');
    expect(itemsOf(s).map((x) => x.id)).toContain(target?.id);
  });

  it('a small budget cuts whole rows; walking on with the cursor loses and repeats no one', async () => {
    const small = await startFixture({ sandbox: { size: 250 }, config: { maxOutputTokens: 1000 } });
    const walk = async (fx: Fixture) => {
      const ids: number[] = [];
      let cursor: string | undefined;
      let cuts = 0;
      for (let i = 0; i < 100; i++) {
        const r = await call(fx, 'list_personnel', cursor ? { cursor } : { limit: 50, sort: 'name' });
        expect(realTokens(r)).toBeLessThanOrEqual(fx === small ? 1000 : 8000);
        const s = r.structuredContent as Page;
        if (s.truncated) cuts++;
        ids.push(...itemsOf(s).map((x) => x.id));
        cursor = s.nextCursor;
        if (!cursor) break;
      }
      return { ids, cuts };
    };
    try {
      const full = await walk(f);
      const cut = await walk(small);
      expect(full.cuts).toBe(0);
      expect(cut.cuts).toBeGreaterThan(0);
      expect(new Set(cut.ids).size).toBe(cut.ids.length);
      expect([...cut.ids].sort((a, b) => a - b)).toEqual([...full.ids].sort((a, b) => a - b));
      expect(cut.ids).toHaveLength(250);
    } finally {
      await small.close();
    }
  });

  it.each([
    [{ limit: 0 }, /limit/],
    [{ limit: 51 }, /limit/],
    [{ failing: ['IDENTITY_MFA'], passing: ['IDENTITY_MFA'] }, /failing: a check cannot be in two states/],
    [{ startedFrom: '2024-05-01', startedTo: '2024-04-01' }, /startedFrom 2024-05-01 is after/],
    [{ startedFrom: '2024-02-30' }, /startedFrom/],
    [{ failing: ['NOT_A_CHECK'] }, /failing/],
    [{ employmentStatus: ['RETIRED'] }, /employmentStatus/],
    [{ cursor: 'garbage' }, /cursor: not a cursor/],
    [{ search: 'ann', sort: 'createdAt' }, /sort: createdAt order cannot be combined with search/],
    [{ search: '' }, /search/],
  ])('rejects %j before any request', async (args, pattern) => {
    f.sandbox.clearLogs();
    const r = await call(f, 'list_personnel', args);
    expect(r.isError).toBe(true);
    expect(r.content[0]?.text).toMatch(pattern);
    expect(f.sandbox.requests).toHaveLength(0);
  });

  it('a cursor accepts the same filters again and refuses only those that differ, by name', async () => {
    const args = { employmentStatus: ['ALL_CURRENT_PERSONNEL'], failing: ['IDENTITY_MFA'], limit: 5 };
    const first = (await call(f, 'list_personnel', args)).structuredContent as Page;
    const again = await call(f, 'list_personnel', { ...args, cursor: first.nextCursor });
    expect(again.isError, again.content[0]?.text).toBeFalsy();
    const s = again.structuredContent as Page;
    expect(s.from).toBe(6);
    expect(s.total).toBe(first.total);
    expect(again.content[0]?.text).toMatch(/^Personnel 6–10 of /);
    const r = await call(f, 'list_personnel', { ...args, failing: ['BG_CHECK'], search: 'x', cursor: first.nextCursor });
    expect(r.isError).toBe(true);
    expect(r.content[0]?.text).toMatch(/^Invalid argument search: search, failing differ from the query/);
  });
});

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
});
