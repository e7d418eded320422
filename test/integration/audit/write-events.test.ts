/**
 * The audit trail of both write tools through a real MCP client and the sandbox: every path (preview, already
 * matches, dialog accepted / declined / cancelled, approval token issued / used / refused, lost answers, Drata's
 * refusal, resync of some and of all) writes exactly the expected lines, chained; an unwritable trail stops the
 * write before anything is sent; no secret is ever in the file.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { APPROVAL_META_KEY, type CardTicket } from '../../../src/apps/approval.js';
import { verifyChain } from '../../../src/audit/chain.js';
import { auditingDispatcher } from '../../../src/audit/upstream.js';
import type { AuditEntry } from '../../../src/audit/types.js';
import { DrataClient } from '../../../src/drata/client.js';
import { createPersonnelApi } from '../../../src/drata/personnel.js';
import { createLogger } from '../../../src/logger.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';
import { connect, type ElicitAnswer } from '../../support/server.js';
import { current, writes } from '../../support/writes.js';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

async function rig(elicit?: ElicitAnswer, writeApi: 'v1' | 'v2' = 'v2') {
  const auditLog = join(mkdtempSync(join(tmpdir(), 'audit-events-')), 'audit.jsonl');
  f = await startFixture({ config: { writeApi, auditLog, approvalRelay: true }, elicit, sandbox: { size: 40 } });
  const fx = f;
  const p = current(fx);
  fx.sandbox.clearLogs();
  const lines = (): AuditEntry[] => {
    let text: string;
    try {
      text = readFileSync(auditLog, 'utf8');
    } catch {
      return [];
    }
    expect(verifyChain(text).ok).toBe(true);
    return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEntry);
  };
  /** event/outcome/path of each line, the compact form the tests compare. */
  const events = () => lines().map((e) => [e.event, e.outcome, e.approvalPath ?? null]);
  return { fx, p, auditLog, lines, events };
}

const localPrincipal = { kind: 'local', subject: 'local' };

describe('update_personnel writes one audit line per event', () => {
  it('dry run: one preview line with the person, before → after, principal and client', async () => {
    const { p, lines } = await rig('accept');
    await call(f!, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03', dryRun: true });
    const [e, ...rest] = lines();
    expect(rest).toEqual([]);
    expect(e).toMatchObject({
      seq: 1,
      event: 'preview',
      outcome: 'dry_run',
      tool: 'update_personnel',
      principal: localPrincipal,
      client: { name: 'test-client', version: '1.0.0' },
      people: [{ id: p.id, email: p.email }],
      changes: [{ field: 'startedAt', before: p.startDate, after: '2020-02-03' }],
    });
    expect(typeof e?.principal.osUser).toBe('string');
    expect(Date.parse(e!.time)).not.toBeNaN();
  });

  it('already matches: a preview line with outcome unchanged', async () => {
    const { p, events } = await rig('accept');
    await call(f!, 'update_personnel', { personnel: p.id, startedAt: p.startDate });
    expect(events()).toEqual([['preview', 'unchanged', null]]);
  });

  it('dialog accepted: asked, approved, applied (in that order, chained)', async () => {
    const { fx, p, events, lines } = await rig('accept');
    const before = p.startDate;
    const r = await call(fx, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    expect(r.isError).toBeFalsy();
    expect(events()).toEqual([
      ['approval_asked', 'approval_asked', 'elicitation'],
      ['approved', 'approved', 'elicitation'],
      ['applied', 'updated', 'elicitation'],
    ]);
    expect(lines().map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(lines()[2]?.changes).toEqual([{ field: 'startedAt', before, after: '2020-02-03' }]);
  });

  it.each([
    ['decline', 'declined'],
    ['cancel', 'cancelled'],
    ['accept-false', 'declined'],
  ] as const)('dialog answered %s: asked, declined (%s), nothing sent', async (answer, outcome) => {
    const { fx, p, events } = await rig(answer);
    await call(fx, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    expect(events()).toEqual([
      ['approval_asked', 'approval_asked', 'elicitation'],
      ['declined', outcome, 'elicitation'],
    ]);
    expect(writes(fx)).toHaveLength(0);
  });

  it('approval token: asked (needs_approval), then approved and applied; a wrong token is refused', async () => {
    const { fx, p, events, auditLog } = await rig(undefined);
    const args = { personnel: p.id, startedAt: '2020-02-03' };
    const first = await call(fx, 'update_personnel', args);
    const token = (first.structuredContent as { approvalToken: string }).approvalToken;
    // A well-formed token whose MAC is wrong (the last character stays canonical): refused as a mismatch.
    const bad = `${token.slice(0, -3)}${token.at(-3) === 'A' ? 'B' : 'A'}${token.slice(-2)}`;
    await call(fx, 'update_personnel', { ...args, approvalToken: bad });
    await call(fx, 'update_personnel', { ...args, approvalToken: token });
    expect(events()).toEqual([
      ['approval_asked', 'needs_approval', 'approval-token'],
      ['refused', 'token_mismatch', 'approval-token'],
      ['approval_asked', 'needs_approval', 'approval-token'],
      ['approved', 'approved', 'approval-token'],
      ['applied', 'updated', 'approval-token'],
    ]);
    const text = readFileSync(auditLog, 'utf8');
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[2]);
  });

  it('lost answer, applied on read-back: approved, applied', async () => {
    const { fx, p, events } = await rig('accept');
    fx.sandbox.failNext({ method: 'PUT', status: 500, after: 'applied500' });
    await call(fx, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    expect(events().slice(1)).toEqual([
      ['approved', 'approved', 'elicitation'],
      ['applied', 'updated', 'elicitation'],
    ]);
  });

  it('lost answer, not applied on read-back: approved, not_applied with the reason', async () => {
    const { fx, p, lines } = await rig('accept');
    fx.sandbox.failNext({ method: 'PUT', status: 503 });
    await call(fx, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    const last = lines().at(-1)!;
    expect([last.event, last.outcome]).toEqual(['not_applied', 'not_applied']);
    expect(last.reason).toMatch(/^NOT APPLIED: /);
  });

  it('lost answer the read-back cannot settle: outcome_unknown', async () => {
    const { fx, p, lines } = await rig(() => {
      f?.sandbox.failNext({ method: 'GET', status: 500, times: 1000 });
      return { action: 'accept', content: { confirm: true } };
    });
    fx.sandbox.failNext({ method: 'PUT', status: 500, after: 'applied500' });
    await call(fx, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    expect(lines().map((e) => [e.event, e.outcome])).toEqual([
      ['approval_asked', 'approval_asked'],
      ['approved', 'approved'],
      ['outcome_unknown', 'unknown'],
    ]);
    expect(lines()[2]?.reason).toMatch(/^OUTCOME UNKNOWN: /);
  });

  it("Drata's refusal (409) after approval: not_applied, failed, with Drata's reason", async () => {
    const { fx, p, lines } = await rig('accept');
    fx.sandbox.failNext({ method: 'PUT', status: 409, message: 'conflict with the HRIS record' });
    await call(fx, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    const last = lines().at(-1)!;
    expect([last.event, last.outcome]).toEqual(['not_applied', 'failed']);
    expect(last.reason).toMatch(/409/);
  });
});

describe('resync_personnel writes one audit line per event', () => {
  it('some people, accepted: asked, approved, applied with before → after per person', async () => {
    const { fx, p, lines } = await rig('accept');
    const r = await call(fx, 'resync_personnel', { personnel: [p.id] });
    expect(r.isError).toBeFalsy();
    const got = lines();
    expect(got.map((e) => [e.event, e.outcome, e.approvalPath ?? null])).toEqual([
      ['approval_asked', 'approval_asked', 'elicitation'],
      ['approved', 'approved', 'elicitation'],
      ['applied', 'resynced', 'elicitation'],
    ]);
    expect(got.every((e) => e.people?.[0]?.id === p.id && e.people[0].email === p.email)).toBe(true);
    for (const c of got[2]?.changes ?? []) expect(c.person).toBe(p.id);
  });

  it('all, dry run then declined: preview, asked, declined', async () => {
    const { fx, events, lines } = await rig('decline');
    await call(fx, 'resync_personnel', { all: true, dryRun: true });
    await call(fx, 'resync_personnel', { all: true });
    expect(events()).toEqual([
      ['preview', 'dry_run', null],
      ['approval_asked', 'approval_asked', 'elicitation'],
      ['declined', 'declined', 'elicitation'],
    ]);
    expect(lines().every((e) => e.scope === 'all')).toBe(true);
    expect(writes(fx)).toHaveLength(0);
  });

  it('lost answer: approved, outcome_unknown (nothing in the before/after state tells)', async () => {
    const { fx, p, events } = await rig('accept');
    fx.sandbox.failNext({ method: 'POST', status: 500, after: 'applied500' });
    await call(fx, 'resync_personnel', { personnel: [p.id] });
    expect(events().slice(1)).toEqual([
      ['approved', 'approved', 'elicitation'],
      ['outcome_unknown', 'unknown', 'elicitation'],
    ]);
  });
});

describe('the approval card and clients with no human step', () => {
  const ticketOf = (r: object) => (r as { _meta?: Record<string, unknown> })._meta?.[APPROVAL_META_KEY] as CardTicket;

  it('card: asked, approved and applied with path approval-card; Decline is a declined line', async () => {
    const auditLog = join(mkdtempSync(join(tmpdir(), 'audit-card-')), 'audit.jsonl');
    f = await startFixture({ apps: true, config: { auditLog }, sandbox: { size: 40 } });
    const p = current(f);
    const events = () =>
      readFileSync(auditLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEntry)
        .map((e) => [e.event, e.outcome, e.approvalPath ?? null]);
    const card = ticketOf(await call(f, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' }));
    await call(f, 'approve_write', { ticket: card.approve });
    const other = ticketOf(await call(f, 'update_personnel', { personnel: p.id, startedAt: '2019-03-04' }));
    await call(f, 'approve_write', { ticket: other.decline });
    expect(events()).toEqual([
      ['approval_asked', 'needs_approval', 'approval-card'],
      ['approved', 'approved', 'approval-card'],
      ['applied', 'updated', 'approval-card'],
      ['approval_asked', 'needs_approval', 'approval-card'],
      ['declined', 'declined', 'approval-card'],
    ]);
    expect(writes(f)).toHaveLength(1);
  });

  it('no dialog, no card, no relay: one preview line (needs_approval), nothing sent', async () => {
    const auditLog = join(mkdtempSync(join(tmpdir(), 'audit-none-')), 'audit.jsonl');
    f = await startFixture({ config: { auditLog }, sandbox: { size: 40 } });
    const p = current(f);
    f.sandbox.clearLogs();
    await call(f, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    const lines = readFileSync(auditLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEntry);
    expect(lines.map((e) => [e.event, e.outcome])).toEqual([['preview', 'needs_approval']]);
    expect(writes(f)).toHaveLength(0);
  });
});

describe('fail closed and secret-free', () => {
  it.each(['accept', undefined] as const)(
    'an unwritable trail (elicitation: %s): the write is not sent, the error says why',
    async (elicit) => {
      // The trail's path is a directory: no process, root included, can append to it.
      const dir = mkdtempSync(join(tmpdir(), 'audit-blocked-'));
      f = await startFixture({ config: { auditLog: dir, approvalRelay: true }, elicit, sandbox: { size: 40 } });
      const who = current(f);
      f.sandbox.clearLogs();
      const r = await call(f, 'update_personnel', { personnel: who.id, startedAt: '2020-02-03' });
      expect(r.isError).toBe(true);
      const text = r.content.map((c) => c.text).join('\n');
      expect(text).toContain(`the audit trail ${dir} cannot be written (EISDIR): nothing was sent to Drata`);
      expect(writes(f)).toHaveLength(0);
      expect(f.elicitations).toHaveLength(0);
      expect(r.structuredContent?.approvalToken).toBeUndefined();
    },
  );

  it('no API key, approval token or its signature anywhere in the file', async () => {
    const { fx, p, auditLog } = await rig(undefined);
    const first = await call(fx, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    const token = (first.structuredContent as { approvalToken: string }).approvalToken;
    await call(fx, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03', approvalToken: token });
    const text = readFileSync(auditLog, 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(3);
    for (const secret of [fx.sandbox.apiKey, token, token.split('.')[1], token.split('.')[2]]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(Buffer.from(secret!).toString('base64'));
    }
  });
});

describe("Drata's request id", () => {
  it('the outcome line carries the request id of the write Drata answered', async () => {
    const auditLog = join(mkdtempSync(join(tmpdir(), 'audit-reqid-')), 'audit.jsonl');
    const sandbox = await startSandbox({ size: 30 });
    const logger = createLogger({ level: 'error', write: () => {} });
    const api = createPersonnelApi(
      new DrataClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, logger, dispatcher: auditingDispatcher() }),
    );
    const conn = await connect(api, { config: { auditLog }, elicit: 'accept', logger });
    try {
      const p = sandbox.org.people.find((x) => x.employmentStatus === 'CURRENT_EMPLOYEE' && x.startDate !== null)!;
      await conn.client.callTool({ name: 'update_personnel', arguments: { personnel: p.id, startedAt: '2016-01-02' } });
      const lines = readFileSync(auditLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEntry);
      expect(lines.map((e) => [e.event, e.requestId?.startsWith('sbx-') ?? false])).toEqual([
        ['approval_asked', false],
        ['approved', false],
        ['applied', true],
      ]);
      const write = sandbox.requests.find((r) => r.method !== 'GET');
      expect(write).toBeDefined();
    } finally {
      await conn.close();
      await sandbox.close();
    }
  });
});
