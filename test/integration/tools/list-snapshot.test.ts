/**
 * The org snapshot behind list_personnel: a question the API cannot filter exactly walks its scope once;
 * later pages, other questions and the report come from that snapshot at no request; a cursor names its
 * snapshot (and says so plainly once it is gone); fresh: true walks again; a write through the server
 * re-reads the person it changed; "data as of" in both channels.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_SNAPSHOTS, SnapshotStore } from '../../../src/personnel/snapshot.js';
import { type ListPage, textIds } from '../../support/rows.js';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';

type Page = ListPage & { asOf?: string; details?: Array<{ id: number; matchedIdentities?: unknown[] }> };

describe('list_personnel answers from one org snapshot', () => {
  let f: Fixture | undefined;
  let clock = 0;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });
  const start = async () => {
    const fx = await startFixture({ sandbox: { size: 300 }, elicit: 'accept', now: () => new Date(clock) });
    clock = fx.sandbox.org.now;
    f = fx;
    return fx;
  };
  const gets = (fx: Fixture) => fx.sandbox.requests.filter((q) => q.method === 'GET');

  it('walks the scope once; the next pages, other questions and the report cost no request', async () => {
    const fx = await start();
    const q = { employmentStatus: ['ALL_CURRENT_PERSONNEL'], identity: { provider: 'GITHUB', connected: true }, limit: 10 };
    const first = await call(fx, 'list_personnel', q);
    const s1 = first.structuredContent as Page;
    const current = fx.sandbox.org.people.filter((p) => p.employmentStatus.startsWith('CURRENT_')).length;
    expect(gets(fx)).toHaveLength(Math.ceil(current / 50));
    expect(s1.asOf).toBe(new Date(clock).toISOString());
    expect(first.content[0]?.text).toContain(`data as of ${s1.asOf}`);
    expect(s1.nextCursor).toBeDefined();
    fx.sandbox.clearLogs();
    const second = await call(fx, 'list_personnel', { cursor: s1.nextCursor });
    const s2 = second.structuredContent as Page;
    expect(s2.asOf).toBe(s1.asOf);
    expect(textIds(second.content[0]?.text ?? '').some((id) => textIds(first.content[0]?.text ?? '').includes(id))).toBe(false);
    await call(fx, 'list_personnel', { employmentStatus: ['CURRENT_CONTRACTOR'], groupBy: 'provider' });
    const report = await call(fx, 'personnel_compliance_report', {});
    expect((report.structuredContent as { pagesFetched: number }).pagesFetched).toBe(0);
    expect(fx.sandbox.requests).toHaveLength(0);
  });

  it('a cursor whose snapshot expired or was replaced says so; fresh: true walks again', async () => {
    const fx = await start();
    const q = { device: { failing: ['HDD_ENCRYPTION'] }, limit: 5 };
    const s1 = (await call(fx, 'list_personnel', q)).structuredContent as Page;
    fx.sandbox.clearLogs();
    const again = (await call(fx, 'list_personnel', { ...q, fresh: true })).structuredContent as Page;
    expect(gets(fx).length).toBe(Math.ceil(fx.sandbox.org.people.length / 50));
    expect(again.total).toBe(s1.total);
    const replaced = await call(fx, 'list_personnel', { cursor: s1.nextCursor });
    expect(replaced.isError).toBe(true);
    expect(replaced.content[0]?.text).toMatch(/snapshot this cursor pages through has expired or was replaced/);
    clock += 301_000; // past DRATA_SNAPSHOT_TTL (300 s by default)
    const expired = await call(fx, 'list_personnel', { cursor: again.nextCursor });
    expect(expired.isError).toBe(true);
    expect(expired.content[0]?.text).toMatch(/ask again without cursor/);
  });

  it('a write through the server re-reads the person it changed (one request), not the org', async () => {
    const fx = await start();
    const q = { employmentStatus: ['ALL_FORMER_PERSONNEL'], identity: { connected: true } };
    const before = (await call(fx, 'list_personnel', { ...q, countOnly: true })).structuredContent as Page;
    const person = fx.sandbox.org.people.find(
      (p) => p.employmentStatus === 'CURRENT_EMPLOYEE' && p.identities.some((i) => i.disconnectedAt === null),
    );
    if (!person) throw new Error('the sandbox org has no current employee with a connected identity');
    const w = await call(fx, 'update_personnel', { personnel: person.id, employmentStatus: 'FORMER_EMPLOYEE', separatedAt: '2026-10-30' });
    expect(w.isError, w.content[0]?.text).toBeFalsy();
    fx.sandbox.clearLogs();
    const after = (await call(fx, 'list_personnel', { ...q, countOnly: true })).structuredContent as Page;
    expect(after.total).toBe((before.total ?? 0) + 1);
    expect(gets(fx).map((r) => r.path)).toEqual([`/public/personnel/${person.id}`]);
  });
});

describe('the snapshot store keeps memory bounded', () => {
  it('holds at most 4 snapshots (least recently used out first); a wider scope replaces those it covers', async () => {
    const fx = await startFixture({ sandbox: { size: 200 } });
    try {
      const store = new SnapshotStore(60_000, () => new Date(fx.sandbox.org.now));
      const one = (s: string) => store.get(fx.api, [s], { maxPages: 100 });
      const first = await one('CURRENT_EMPLOYEE');
      for (const s of ['FORMER_EMPLOYEE', 'CURRENT_CONTRACTOR', 'FORMER_CONTRACTOR', 'OUT_OF_SCOPE']) await one(s);
      expect(store.stats().snapshots).toBe(MAX_SNAPSHOTS);
      expect(store.byId(first.id)).toBeUndefined();
      const wide = await store.get(fx.api, ['CURRENT_CONTRACTOR', 'FORMER_CONTRACTOR', 'OUT_OF_SCOPE'], { maxPages: 100 });
      expect(store.stats().snapshots).toBe(2);
      expect(store.find(['OUT_OF_SCOPE'])?.id).toBe(wide.id);
      const people = fx.sandbox.org.people.filter((p) => wide.statuses.has(p.employmentStatus)).length;
      expect(wide.people.size).toBe(people);
    } finally {
      await fx.close();
    }
  });
});
