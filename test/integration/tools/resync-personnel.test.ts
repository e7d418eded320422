/** resync_personnel via V2 and V1: named people and everyone, and its safety: approval, decline, dry run. */
import { afterEach, describe, expect, it } from 'vitest';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';
import { current, writes } from '../../support/writes.js';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

type ResyncOut = {
  outcome: string;
  count?: number;
  personnel?: Array<{ id: number; before: { startDate?: string }; after?: { startDate?: string } }>;
};

describe.each(['v2', 'v1'] as const)('resync_personnel via %s', (writeApi) => {
  it('restores the synced values of named people and shows before → after', async () => {
    f = await startFixture({ config: { writeApi }, elicit: 'accept' });
    const p = current(f);
    const q = f.sandbox.org.people.find(
      (x) => x.id !== p.id && x.synced !== null && x.employmentStatus === 'CURRENT_CONTRACTOR',
    )!;
    await call(f, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    f.sandbox.clearLogs();
    const r = await call(f, 'resync_personnel', { personnel: [p.email, q.id] });
    const s = r.structuredContent as ResyncOut;
    expect(s.outcome, r.content[0]?.text).toBe('resynced');
    expect(s.count).toBe(2);
    const entry = s.personnel?.find((e) => e.id === p.id);
    expect(entry?.before.startDate).toBe('2020-02-03');
    expect(entry?.after?.startDate).toBe(p.synced?.startDate);
    expect(f.sandbox.org.get(p.id)?.startDate).toBe(p.synced?.startDate);
    const w = writes(f);
    expect(w).toHaveLength(1);
    if (writeApi === 'v2') {
      expect(w[0]).toMatchObject({
        method: 'POST',
        path: '/public/v2/personnel/actions',
        body: { action: 'reset-sync', personnelIds: [p.id, q.id] },
      });
    } else {
      expect(w[0]).toMatchObject({
        method: 'PUT',
        path: '/public/personnel/some/reset-sync',
        body: { personnelIds: [p.id, q.id] },
      });
    }
  });

  it('one person through V1 uses reset-sync/{id}', async () => {
    f = await startFixture({ config: { writeApi }, elicit: 'accept' });
    const p = current(f);
    f.sandbox.clearLogs();
    const r = await call(f, 'resync_personnel', { personnel: [p.id] });
    expect((r.structuredContent as ResyncOut).outcome).toBe('resynced');
    expect(writes(f)[0]?.path).toBe(
      writeApi === 'v2' ? '/public/v2/personnel/actions' : `/public/personnel/reset-sync/${p.id}`,
    );
  });

  it('all: true with elicitation accept resyncs everyone', async () => {
    f = await startFixture({ config: { writeApi }, elicit: 'accept' });
    f.sandbox.clearLogs();
    const r = await call(f, 'resync_personnel', { all: true });
    expect((r.structuredContent as ResyncOut).outcome).toBe('resynced');
    // The dialog counts the account's records; the result says how many Drata resynced, and of what.
    expect(f.elicitations[0]).toMatch(/Resync ALL personnel in Drata \(the account has 120 personnel records;/);
    const s = r.structuredContent as ResyncOut & { accountTotal?: number; count?: number };
    expect(s.accountTotal).toBe(120);
    if (writeApi === 'v2') {
      expect(r.content[0]?.text).toContain(`Drata reports ${s.count} personnel resynced (of 120 records in the account)`);
    }
    expect(writes(f)[0]?.path).toBe(
      writeApi === 'v2' ? '/public/v2/personnel/actions' : '/public/personnel/all/reset-sync',
    );
  });
});

describe('resync_personnel safety', () => {
  it.each([false, true])('all: true without elicitation writes nothing (approval relay %s)', async (approvalRelay) => {
    f = await startFixture({ config: { approvalRelay } });
    f.sandbox.clearLogs();
    const r = await call(f, 'resync_personnel', { all: true });
    expect((r.structuredContent as ResyncOut).outcome).toBe('needs_approval');
    // Off: why nothing was written; on: a token for the model to relay once the user agrees.
    expect(r.content[0]?.text).toMatch(approvalRelay ? /show the user this preview and ask/ : /cannot ask the user/);
    expect(writes(f)).toHaveLength(0);
  });

  it.each(['decline', 'cancel'] as const)(
    'all: true and %s writes nothing, even with an approval token',
    async (answer) => {
      f = await startFixture({ elicit: answer, config: { approvalRelay: true } });
      f.sandbox.clearLogs();
      const r = await call(f, 'resync_personnel', { all: true, approvalToken: 'x.y.z' });
      expect((r.structuredContent as ResyncOut).outcome).toBe(
        answer === 'decline' ? 'declined' : 'cancelled',
      );
      expect(writes(f)).toHaveLength(0);
    },
  );

  it('dry run lists who would be resynced and writes nothing', async () => {
    f = await startFixture({ elicit: 'accept' });
    f.sandbox.clearLogs();
    const r = await call(f, 'resync_personnel', { personnel: [1, 2], dryRun: true });
    expect((r.structuredContent as ResyncOut).outcome).toBe('dry_run');
    expect((r.structuredContent as ResyncOut).personnel).toHaveLength(2);
    expect(writes(f)).toHaveLength(0);
  });

  it.each([
    [{}, /personnel: give the people to resync/],
    [{ all: true, personnel: [1] }, /all: give either personnel or all/],
    [{ personnel: [] }, /personnel/],
    [{ personnel: ['../all/reset-sync'] }, /personnel\[0\]/],
  ])('%j is rejected before any request', async (args, pattern) => {
    f = await startFixture({ elicit: 'accept' });
    f.sandbox.clearLogs();
    const r = await call(f, 'resync_personnel', args);
    expect(r.isError).toBe(true);
    expect(r.content[0]?.text).toMatch(pattern);
    expect(f.sandbox.requests).toHaveLength(0);
  });

  it('an unknown person fails the whole call before anything is written', async () => {
    f = await startFixture({ elicit: 'accept' });
    f.sandbox.clearLogs();
    const r = await call(f, 'resync_personnel', { personnel: [1, 'ghost@example.com'] });
    expect(r.isError).toBe(true);
    expect(writes(f)).toHaveLength(0);
  });
});
