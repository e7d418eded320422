/**
 * A write needs a step only a person can take, on every path: a client with elicitation (the dialog), one
 * pinned to 2026-07-28 (input_required), one with MCP Apps (the approval card's ticket, in `_meta` only,
 * redeemed by the app-only tool), and one with none (the preview and why nothing was written; a write only
 * with the DRATA_APPROVAL_RELAY opt-in). No token ever appears in a result's text or structuredContent
 * unless the opt-in is on.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { APPROVAL_META_KEY, type CardTicket } from '../../../src/apps/approval.js';
import { DrataClient } from '../../../src/drata/client.js';
import { createPersonnelApi } from '../../../src/drata/personnel.js';
import { createLogger } from '../../../src/logger.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import { createServer } from '../../../src/server.js';
import { APPROVAL_PATHS } from '../../../src/tools/approval-path.js';
import { runHttp } from '../../../src/transports/http.js';
import { httpConfig, TOKEN } from '../http/helpers.js';
import { call, type Fixture, startFixture, type ToolResult } from '../../support/sandbox.js';
import { current, writes } from '../../support/writes.js';

/** Anything shaped like an approval token (expiry.nonce.mac). */
const TOKEN_SHAPE = /[0-9a-z]{9}\.[\w-]{12}\.[\w-]{43}/;
/** What a model reads of a result: its text and its structured content (never `_meta`). */
const modelSees = (r: ToolResult) => JSON.stringify({ content: r.content, structuredContent: r.structuredContent });
const text = (r: ToolResult) => r.content.map((c) => c.text ?? '').join('\n');
const outcome = (r: ToolResult) => (r.structuredContent as { outcome?: string } | undefined)?.outcome;
const ticketOf = (r: ToolResult) =>
  (r as { _meta?: Record<string, unknown> })._meta?.[APPROVAL_META_KEY] as CardTicket | undefined;
const approvedVia = (f: Fixture) => f.logLines.filter((l) => l.includes('write approved via'));

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

it('the approval paths have exactly the four names the audit trail records', () => {
  expect(APPROVAL_PATHS).toEqual(['elicitation', 'input-required', 'approval-card', 'approval-token']);
});

describe('a client with elicitation', () => {
  it('writes once after the dialog, and no token appears anywhere', async () => {
    f = await startFixture({ elicit: 'accept', apps: false });
    const p = current(f);
    f.sandbox.clearLogs();
    const r = await call(f, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    expect(outcome(r)).toBe('updated');
    expect(f.elicitations).toHaveLength(1);
    expect(writes(f)).toHaveLength(1);
    expect(JSON.stringify(r)).not.toMatch(TOKEN_SHAPE);
    expect(approvedVia(f).join('\n')).toMatch(/write approved via elicitation/);
  });

  it('a decline writes nothing', async () => {
    f = await startFixture({ elicit: 'decline' });
    f.sandbox.clearLogs();
    const r = await call(f, 'resync_personnel', { personnel: [current(f).id] });
    expect(outcome(r)).toBe('declined');
    expect(writes(f)).toHaveLength(0);
  });
});

describe('a client pinned to 2026-07-28', () => {
  it('writes once after the input_required round, reported as input-required', async () => {
    const sandbox = await startSandbox({ size: 30 });
    const logs: string[] = [];
    const config = httpConfig({ sandbox: false, apiKey: sandbox.apiKey, baseUrl: sandbox.url, httpToken: TOKEN });
    const logger = createLogger({ level: 'debug', secrets: [config.apiKey], write: (l) => logs.push(l) });
    const api = createPersonnelApi(new DrataClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, logger }));
    const running = await runHttp((ctx) => createServer({ config, api, logger, era: ctx?.era }), { config, logger });
    const client = new Client(
      { name: 'pinned', version: '1.0.0' },
      { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    let asked = 0;
    client.setRequestHandler('elicitation/create', async () => {
      asked++;
      return { action: 'accept', content: { confirm: true } };
    });
    try {
      await client.connect(
        new StreamableHTTPClientTransport(new URL(running.url), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }),
      );
      const p = sandbox.org.people.find((x) => x.employmentStatus === 'CURRENT_EMPLOYEE' && x.separationDate === null)!;
      sandbox.clearLogs();
      const r = (await client.callTool({ name: 'update_personnel', arguments: { personnel: String(p.id), startedAt: '2020-02-03' } })) as ToolResult;
      expect(outcome(r)).toBe('updated');
      expect(asked).toBe(1);
      expect(sandbox.requests.filter((q) => q.method !== 'GET')).toHaveLength(1);
      expect(JSON.stringify(r)).not.toMatch(TOKEN_SHAPE);
      expect(logs.join('\n')).toMatch(/write approved via input-required/);
    } finally {
      await client.close();
      await running.close();
      await sandbox.close();
    }
  });
});

describe('a client with MCP Apps (the approval card)', () => {
  it('lists approve_write as app-only and points the write tools at the card', async () => {
    f = await startFixture({ apps: true });
    const tools = (await f.client.listTools()).tools;
    const meta = (name: string) => tools.find((t) => t.name === name)?._meta as { ui?: Record<string, unknown> };
    expect(meta('approve_write').ui).toEqual({ resourceUri: 'ui://drata-personnel/approval.html', visibility: ['app'] });
    expect(meta('update_personnel').ui).toEqual({ resourceUri: 'ui://drata-personnel/approval.html' });
    expect(meta('resync_personnel').ui).toEqual({ resourceUri: 'ui://drata-personnel/approval.html' });
  });

  it('the preview hands the ticket to _meta only; Approve writes once; the ticket never works twice', async () => {
    f = await startFixture({ apps: true });
    const p = current(f);
    f.sandbox.clearLogs();
    const args = { personnel: p.id, startedAt: '2020-02-03' };
    const preview = await call(f, 'update_personnel', args);
    expect(outcome(preview)).toBe('needs_approval');
    const card = ticketOf(preview)!;
    expect(card.approve).toMatch(TOKEN_SHAPE);
    expect(card.message).toContain('→ 2020-02-03');
    expect(modelSees(preview)).not.toMatch(TOKEN_SHAPE);
    expect(modelSees(preview)).not.toContain(card.approve.split('.')[0]);
    expect(text(preview)).toMatch(/approval card/);
    expect(writes(f)).toHaveLength(0);

    // The model cannot take the card's step: the write repeated, or the ticket's token sent as approvalToken.
    const again = await call(f, 'update_personnel', args);
    expect(outcome(again)).toBe('needs_approval');
    const relayed = await call(f, 'update_personnel', { ...args, approvalToken: card.approve.split('.').slice(1).join('.') });
    expect(relayed.isError).toBe(true);
    expect(text(relayed)).toMatch(/DRATA_APPROVAL_RELAY/);
    expect(writes(f)).toHaveLength(0);

    const done = await call(f, 'approve_write', { ticket: card.approve });
    expect(outcome(done)).toBe('updated');
    expect(writes(f)).toHaveLength(1);
    expect(modelSees(done)).not.toMatch(TOKEN_SHAPE);
    expect(approvedVia(f).join('\n')).toMatch(/write approved via approval-card/);
    const replay = await call(f, 'approve_write', { ticket: card.approve });
    expect(outcome(replay)).not.toBe('updated');
    expect(writes(f)).toHaveLength(1);
  });

  it('Decline writes nothing and spends the ticket; tampered or junk tickets write nothing', async () => {
    f = await startFixture({ apps: true });
    const [a, b] = f.sandbox.org.people.filter((p) => p.employmentStatus === 'CURRENT_EMPLOYEE' && p.separationDate === null);
    f.sandbox.clearLogs();
    const card = ticketOf(await call(f, 'resync_personnel', { personnel: [a!.id] }))!;
    const declined = await call(f, 'approve_write', { ticket: card.decline });
    expect(outcome(declined)).toBe('declined');
    // Both buttons' tickets share one token: after Decline, Approve's ticket is spent.
    const late = await call(f, 'approve_write', { ticket: card.approve });
    expect(outcome(late)).toBe('needs_approval');
    expect(text(late)).toMatch(/already used/);
    expect(writes(f)).toHaveLength(0);

    // The same token with the call swapped for another person's: the change differs, so it does not verify.
    const fresh = ticketOf(await call(f, 'update_personnel', { personnel: a!.id, startedAt: '2020-02-03' }))!;
    const token = fresh.approve.slice(fresh.approve.indexOf('.') + 1);
    const call2 = { tool: 'update_personnel', arguments: { personnel: String(b!.id), startedAt: '2020-02-03' }, answer: 'approve' };
    const other = Buffer.from(JSON.stringify(call2)).toString('base64url');
    const swapped = await call(f, 'approve_write', { ticket: `${other}.${token}` });
    expect(outcome(swapped)).toBe('needs_approval');
    expect(text(swapped)).toMatch(/does not match this change/);
    for (const junk of ['', 'x', `${fresh.approve}=`, `${fresh.approve}\u0000!*`, token]) {
      const r = await call(f, 'approve_write', { ticket: junk });
      expect(r.isError, JSON.stringify(junk)).toBe(true);
    }
    expect(writes(f)).toHaveLength(0);
  });
});

describe('a client with none of the three', () => {
  it('gets the preview and why nothing was written; no token anywhere; an approvalToken is refused', async () => {
    f = await startFixture();
    const p = current(f);
    f.sandbox.clearLogs();
    const args = { personnel: p.id, startedAt: '2020-02-03' };
    const r = await call(f, 'update_personnel', args);
    expect(outcome(r)).toBe('needs_approval');
    expect(text(r)).toMatch(/cannot ask the user/);
    expect(text(r)).toMatch(/DRATA_APPROVAL_RELAY/);
    expect(JSON.stringify(r)).not.toMatch(TOKEN_SHAPE);
    expect((r.structuredContent as { approvalToken?: string }).approvalToken).toBeUndefined();
    const refused = await call(f, 'update_personnel', { ...args, approvalToken: 'a'.repeat(66) });
    expect(refused.isError).toBe(true);
    expect(text(refused)).toMatch(/relayed by the model are turned off/);
    expect(writes(f)).toHaveLength(0);
  });

  it('with the opt-in, the preview carries a token the model relays, and it writes once', async () => {
    f = await startFixture({ config: { approvalRelay: true } });
    const p = current(f);
    f.sandbox.clearLogs();
    const args = { personnel: p.id, startedAt: '2020-02-03' };
    const preview = await call(f, 'update_personnel', args);
    const token = (preview.structuredContent as { approvalToken?: string }).approvalToken!;
    expect(token).toMatch(TOKEN_SHAPE);
    expect(text(preview)).toContain(token);
    expect(writes(f)).toHaveLength(0);
    expect(outcome(await call(f, 'update_personnel', { ...args, approvalToken: token }))).toBe('updated');
    expect(outcome(await call(f, 'update_personnel', { ...args, approvalToken: token }))).toBe('unchanged');
    expect(writes(f)).toHaveLength(1);
    expect(approvedVia(f).join('\n')).toMatch(/write approved via approval-token/);
  });

  it('even with the opt-in, a client with MCP Apps gets only the card, and the card’s token cannot be relayed', async () => {
    f = await startFixture({ apps: true, config: { approvalRelay: true } });
    const p = current(f);
    f.sandbox.clearLogs();
    const args = { personnel: p.id, startedAt: '2020-02-03' };
    const preview = await call(f, 'update_personnel', args);
    expect(modelSees(preview)).not.toMatch(TOKEN_SHAPE);
    const card = ticketOf(preview)!;
    const token = card.approve.slice(card.approve.indexOf('.') + 1);
    const relayed = await call(f, 'update_personnel', { ...args, approvalToken: token });
    expect(outcome(relayed)).toBe('needs_approval');
    expect(text(relayed)).toMatch(/does not match this change/);
    expect(writes(f)).toHaveLength(0);
  });
});
