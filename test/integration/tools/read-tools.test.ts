import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCurrentStatus } from '../../../src/drata/catalog.js';
import { type ListPage, rowsOf, textIds } from '../../support/rows.js';
import { call, type Fixture, startFixture, type ToolResult } from '../../support/sandbox.js';

const realTokens = (r: ToolResult) =>
  r.content.reduce((n, c) => n + encode(c.text ?? '').length, 0) +
  (r.structuredContent ? encode(JSON.stringify(r.structuredContent)).length : 0);

type Page = ListPage;
const itemsOf = rowsOf;

describe('list_personnel and get_personnel against the default sandbox org (250)', () => {
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
    const req = f.sandbox.requests.find((q) => q.api === 'v1' && q.method === 'GET');
    expect(req?.query.identityMfaCompliance).toEqual(['false']);
    expect(req?.query.employmentStatus).toEqual(['CURRENT_EMPLOYEE']);
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
