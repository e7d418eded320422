/**
 * Approval by a relayed token (the DRATA_APPROVAL_RELAY opt-in): a client without elicitation or MCP Apps
 * gets the preview and an approval token; only the same call with that token writes, once. Foreign, stale
 * and expired tokens are refused with a new preview. (Without the opt-in: approval-paths.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApprovals, REFUSED_TEXT } from '../../../src/tools/approval.js';
import { call, type Fixture, startFixture, type ToolResult } from '../../support/sandbox.js';

type Out = { outcome: string; approvalToken?: string; approvalExpiresAt?: string; notes?: string[] };

const RELAY = { approvalRelay: true };
let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

const writes = (fx: Fixture) => fx.sandbox.requests.filter((r) => r.method !== 'GET');
const out = (r: ToolResult) => r.structuredContent as Out;
const text = (r: ToolResult) => r.content.map((c) => c.text ?? '').join('\n');
const person = (fx: Fixture, n = 0) =>
  fx.sandbox.org.people.filter((p) => p.employmentStatus === 'CURRENT_EMPLOYEE' && p.startDate !== null)[n]!;

describe('approval token (no elicitation)', () => {
  it('no write reaches the sandbox before the token; the token writes once', async () => {
    f = await startFixture({ config: RELAY });
    const p = person(f);
    const original = p.startDate;
    f.sandbox.clearLogs();
    const toB = { personnel: p.id, startedAt: '2020-02-03' };
    const preview = await call(f, 'update_personnel', toB);
    expect(out(preview).outcome).toBe('needs_approval');
    const token = out(preview).approvalToken!;
    expect(token).toMatch(/^[0-9a-z]+\.[\w-]+\.[\w-]+$/);
    // Both channels carry the token and the instruction.
    expect(text(preview)).toContain(token);
    expect(text(preview)).toMatch(/show the user this preview and ask/);
    expect(text(preview)).toContain(`startedAt: ${original} → 2020-02-03`);
    expect(writes(f)).toHaveLength(0);

    const done = await call(f, 'update_personnel', { ...toB, approvalToken: token });
    expect(out(done).outcome).toBe('updated');
    expect(writes(f)).toHaveLength(1);

    // Back to the original value (approved), then the first token again for the same change: refused.
    const back = { personnel: p.id, startedAt: original };
    const backPreview = await call(f, 'update_personnel', back);
    await call(f, 'update_personnel', { ...back, approvalToken: out(backPreview).approvalToken });
    expect(writes(f)).toHaveLength(2);
    const replay = await call(f, 'update_personnel', { ...toB, approvalToken: token });
    expect(out(replay).outcome).toBe('needs_approval');
    expect(text(replay)).toMatch(/already used/);
    expect(out(replay).approvalToken).toBeDefined();
    expect(out(replay).approvalToken).not.toBe(token);
    expect(writes(f)).toHaveLength(2);
  });

  it('a token for another change (person, value or tool) is refused with a fresh preview', async () => {
    f = await startFixture({ config: RELAY });
    const a = person(f, 0);
    const b = person(f, 1);
    f.sandbox.clearLogs();
    const token = out(await call(f, 'update_personnel', { personnel: a.id, startedAt: '2020-02-03' }))
      .approvalToken!;
    for (const [tool, args] of [
      ['update_personnel', { personnel: b.id, startedAt: '2020-02-03' }],
      ['update_personnel', { personnel: a.id, startedAt: '2020-02-04' }],
      ['resync_personnel', { personnel: [a.id] }],
      ['resync_personnel', { all: true }],
    ] as const) {
      const r = await call(f, tool, { ...args, approvalToken: token });
      expect(out(r).outcome, `${tool} ${JSON.stringify(args)}`).toBe('needs_approval');
      expect(text(r)).toMatch(/does not match this change/);
    }
    expect(writes(f)).toHaveLength(0);
  });

  it('a token whose record changed since the preview is refused (stale)', async () => {
    f = await startFixture({ config: RELAY });
    const p = person(f);
    const args = { personnel: p.id, startedAt: '2020-02-03' };
    const token = out(await call(f, 'update_personnel', args)).approvalToken!;
    // Someone else edits the record meanwhile: the before-value the preview showed is gone.
    await f.api.v2Update(p.id, { startedAt: '2019-09-09' });
    f.sandbox.clearLogs();
    const r = await call(f, 'update_personnel', { ...args, approvalToken: token });
    expect(out(r).outcome).toBe('needs_approval');
    expect(text(r)).toMatch(/record has changed since the preview/);
    expect(text(r)).toContain('startedAt: 2019-09-09 → 2020-02-03');
    expect(writes(f)).toHaveLength(0);
  });

  it('an expired token is refused; a resync token works once even though the record does not change', async () => {
    let clock = Date.parse('2026-11-01T00:00:00Z');
    f = await startFixture({ config: RELAY, approvals: createApprovals({ now: () => clock }) });
    const p = person(f);
    f.sandbox.clearLogs();
    const args = { personnel: [p.id] };
    const first = out(await call(f, 'resync_personnel', args));
    expect(first.outcome).toBe('needs_approval');
    clock += 5 * 60_000 + 1;
    const late = await call(f, 'resync_personnel', { ...args, approvalToken: first.approvalToken });
    expect(out(late).outcome).toBe('needs_approval');
    expect(text(late)).toMatch(/has expired/);
    expect(writes(f)).toHaveLength(0);

    const fresh = out(late).approvalToken!;
    expect(out(await call(f, 'resync_personnel', { ...args, approvalToken: fresh })).outcome).toBe('resynced');
    expect(writes(f)).toHaveLength(1);
    // A resynced person looks the same afterwards: the spent-token memory refuses the replay.
    const again = await call(f, 'resync_personnel', { ...args, approvalToken: fresh });
    expect(out(again).outcome).toBe('needs_approval');
    expect(writes(f)).toHaveLength(1);
  });

  it('all: true needs a token too, and a token from another process secret is refused', async () => {
    f = await startFixture({ config: RELAY });
    f.sandbox.clearLogs();
    const other = createApprovals({ secret: 'another-replica-secret-of-32-chars!!' });
    const forged = other.issue({ tool: 'resync_personnel', scope: 'all', writeApi: 'v2', total: 120 }).token;
    const r = await call(f, 'resync_personnel', { all: true, approvalToken: forged });
    expect(out(r).outcome).toBe('needs_approval');
    // The refusal names the secret, not the arguments.
    expect(JSON.stringify(r.content)).toMatch(/Replicas \(and restarts\) need the same DRATA_APPROVAL_SECRET/);
    expect(JSON.stringify(r.content)).not.toMatch(/issued for other arguments/);
    expect(writes(f)).toHaveLength(0);
    const ok = await call(f, 'resync_personnel', { all: true, approvalToken: out(r).approvalToken });
    expect(out(ok).outcome).toBe('resynced');
    expect(writes(f)).toHaveLength(1);
  });

  it('replicas sharing DRATA_APPROVAL_SECRET accept each other’s tokens; another secret is named as the cause', async () => {
    const secret = 'shared-secret-shared-secret-shared';
    const subject = { tool: 'update_personnel', id: 1, changes: [{ field: 'startedAt', before: null, after: 'x' }] };
    const token = createApprovals({ secret }).issue(subject).token;
    expect(await createApprovals({ secret: `${secret}!` }).redeem(token, subject)).toBe('foreign');
    expect(await createApprovals({ secret }).redeem(token, { ...subject, id: 2 })).toBe('mismatch');
    expect(await createApprovals({ secret }).redeem(token, subject)).toBe('ok');
    expect(REFUSED_TEXT.foreign).toMatch(/same DRATA_APPROVAL_SECRET/);
    expect(REFUSED_TEXT.foreign).not.toMatch(/arguments/);
  });
});
