/**
 * Writes whose outcome is always known: a write whose answer is lost (late past the timeout, 5xx or an
 * unreadable body after Drata applied it, or a failure before processing) is sent once, read back and
 * reported as applied, not applied or unknown. Uses the sandbox's after-faults (the write is applied, then
 * the answer is held back or spoiled) and its forced failures (before processing: nothing applied).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { applyPatch } from '../../../src/sandbox/mutations.js';
import { type ToolResult } from '../../support/sandbox.js';
import { apiFor, type Connected, connect, type ElicitAnswer } from '../../support/server.js';

let sandbox: Sandbox | undefined;
let conn: Connected | undefined;
afterEach(async () => {
  await conn?.close();
  await sandbox?.close();
  conn = undefined;
  sandbox = undefined;
});

/** A sandbox and a client whose timeout (250 ms) is far below the sandbox's late answer (5 s). */
async function rig(writeApi: 'v1' | 'v2', elicit: ElicitAnswer = 'accept') {
  sandbox = await startSandbox({ size: 40 });
  const logger = createLogger({ level: 'error', write: () => {} });
  const api = apiFor(sandbox.url, sandbox.apiKey, logger, { timeoutMs: 250, maxRetryWaitMs: 100 });
  conn = await connect(api, { config: { writeApi }, elicit, logger, now: () => new Date(sandbox!.org.now) });
  const sb = sandbox;
  const p = sb.org.people.find((x) => x.employmentStatus === 'CURRENT_EMPLOYEE' && x.startDate !== null)!;
  return { sb, p, c: conn };
}

const run = async (c: Connected, name: string, args: Record<string, unknown>) =>
  (await c.client.callTool({ name, arguments: args })) as ToolResult;
const text = (r: ToolResult) => r.content.map((x) => x.text ?? '').join('\n');
const sent = (sb: Sandbox, method: string) => sb.requests.filter((r) => r.method === method).length;

describe.each(['v2', 'v1'] as const)('update_personnel via %s with a lost answer', (writeApi) => {
  it.each([
    ['late', /did not answer the write in time, but reading the record back shows the change applied/],
    ['applied500', /internal error \(500\), but reading the record back shows the change applied/],
    ['appliedMalformed', /unreadable, but reading the record back shows the change applied/],
  ] as const)('%s after applying: reported as applied, sent once', async (after, says) => {
    const { sb, p, c } = await rig(writeApi);
    sb.clearLogs();
    sb.failNext({ method: 'PUT', status: 500, after });
    const r = await run(c, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    expect(r.isError).toBeFalsy();
    const s = r.structuredContent as { outcome: string; now?: Record<string, string | null> };
    expect(s.outcome).toBe('updated');
    expect(s.now).toEqual({ startedAt: '2020-02-03' });
    expect(text(r)).toMatch(says);
    expect(sent(sb, 'PUT')).toBe(1);
    expect(sb.writes).toHaveLength(1);
  });

  it.each([500, 503])('%d before processing: reported as not applied, sent once', async (status) => {
    const { sb, p, c } = await rig(writeApi);
    sb.clearLogs();
    sb.failNext({ method: 'PUT', status });
    const r = await run(c, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/^NOT APPLIED: .*internal error|^NOT APPLIED: /);
    expect(text(r)).toContain(`startedAt=${p.startDate} (wanted 2020-02-03)`);
    expect(text(r)).toMatch(/safe to try again/);
    expect(sent(sb, 'PUT')).toBe(1);
    expect(sb.writes).toHaveLength(0);
  });

  it('a refusal (409) is not read back as a lost write and is sent once', async () => {
    const { sb, p, c } = await rig(writeApi);
    sb.clearLogs();
    sb.failNext({ method: 'PUT', status: 409, message: 'conflict with the HRIS record' });
    const r = await run(c, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/business rule \(409\)/);
    expect(sent(sb, 'PUT')).toBe(1);
  });

  it('a lost answer whose read-back fails too is reported as unknown, with the call to check', async () => {
    const { sb, p, c } = await rig(writeApi, () => {
      // Approved: from now on every read fails, so the read-back cannot settle it.
      sandbox?.failNext({ method: 'GET', status: 500, times: 1000 });
      return { action: 'accept', content: { confirm: true } };
    });
    sb.clearLogs();
    sb.failNext({ method: 'PUT', status: 500, after: 'late' });
    const r = await run(c, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/^OUTCOME UNKNOWN: Drata did not answer the write in time/);
    expect(text(r)).toContain(`get_personnel {"personnel": ${p.id}}`);
    expect(sent(sb, 'PUT')).toBe(1);
  });
});

/** A synced person given a manual edit now (so a resync has something to clear), and one fully synced. */
function resyncPeople(sb: Sandbox) {
  const synced = sb.org.people.filter((x) => x.synced !== null && x.startDate !== null);
  const manual = synced.find((x) => x.statusUpdatedAt === null && x.overridden.length === 0)!;
  applyPatch(sb.org, manual, { startDate: manual.startDate === '2019-01-02' ? '2019-01-03' : '2019-01-02' }, 1);
  const clean = synced.find((x) => x !== manual && x.statusUpdatedAt === null && x.overridden.length === 0)!;
  return { manual, clean };
}

describe.each(['v2', 'v1'] as const)('resync_personnel via %s with a lost answer', (writeApi) => {
  const method = writeApi === 'v2' ? 'POST' : 'PUT';

  it.each(['applied500', 'late', 'appliedMalformed'] as const)(
    '%s, a person with manual edits: the read-back shows it ran (marker cleared), sent once',
    async (after) => {
      const { sb, c } = await rig(writeApi);
      const { manual } = resyncPeople(sb);
      sb.clearLogs();
      sb.failNext({ method, status: 500, after });
      const r = await run(c, 'resync_personnel', { personnel: [manual.id] });
      expect(r.isError).toBeFalsy();
      expect((r.structuredContent as { outcome: string }).outcome).toBe('resynced');
      expect(text(r)).toMatch(new RegExp(`but reading the people back shows the resync ran: #${manual.id} .*: resynced`));
      expect(manual.statusUpdatedAt).toBeNull();
      expect(sent(sb, method)).toBe(1);
    },
  );

  it.each([500, 503])('%d before processing, a person with manual edits: NOT APPLIED, safe to retry', async (status) => {
    const { sb, c } = await rig(writeApi);
    const { manual } = resyncPeople(sb);
    const marker = manual.statusUpdatedAt;
    sb.clearLogs();
    sb.failNext({ method, status });
    const r = await run(c, 'resync_personnel', { personnel: [manual.id] });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/^NOT APPLIED: .*shows the resync did not run: .*its manual edits are still in place.*safe to try again/);
    expect(manual.statusUpdatedAt).toBe(marker);
    expect(sent(sb, method)).toBe(1);
  });

  it.each([
    ['after', 'applied500'],
    ['before', undefined],
  ] as const)('a person without manual edits, answer lost %s processing: NO DIFFERENCE, said so', async (_when, after) => {
    const { sb, c } = await rig(writeApi);
    const { clean } = resyncPeople(sb);
    sb.clearLogs();
    sb.failNext({ method, status: 500, ...(after ? { after } : {}) });
    const r = await run(c, 'resync_personnel', { personnel: [clean.id] });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/^NO DIFFERENCE: .*whether it ran is not known, but none of these people had manual edits.*Nothing needs repeating/);
    expect(sent(sb, method)).toBe(1);
  });

  it.each([
    ['applied500', 'the resync ran', false],
    [undefined, 'the resync did not run', true],
  ] as const)('two people, one with manual edits, lost %s: the one with edits settles the request for both', async (after, says, isError) => {
    const { sb, c } = await rig(writeApi);
    const { manual, clean } = resyncPeople(sb);
    sb.clearLogs();
    sb.failNext({ method, status: 500, ...(after ? { after } : {}) });
    const r = await run(c, 'resync_personnel', { personnel: [manual.id, clean.id] });
    expect(r.isError === true).toBe(isError);
    expect(text(r)).toContain(says);
    expect(text(r)).toContain(`#${manual.id} ${manual.firstName}`);
    expect(text(r)).toMatch(new RegExp(`#${clean.id} [^;]*: no manual edits, the same either way`));
  });

  it('the read-back fails too: OUTCOME UNKNOWN, with what to check', async () => {
    const { sb, c } = await rig(writeApi, () => {
      sandbox?.failNext({ method: 'GET', status: 500, times: 1000 });
      return { action: 'accept', content: { confirm: true } };
    });
    const { manual } = resyncPeople(sb);
    sb.clearLogs();
    sb.failNext({ method, status: 500, after: 'applied500' });
    const r = await run(c, 'resync_personnel', { personnel: [manual.id] });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/^OUTCOME UNKNOWN: .*cannot tell \(not readable/);
    expect(sent(sb, method)).toBe(1);
  });

  it('all: true keeps no per-person state: OUTCOME UNKNOWN, saying why', async () => {
    const { sb, c } = await rig(writeApi);
    sb.clearLogs();
    sb.failNext({ method: writeApi === 'v2' ? 'POST' : 'PUT', status: 500, after: 'applied500' });
    const r = await run(c, 'resync_personnel', { all: true });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/^OUTCOME UNKNOWN: .*the resync of all personnel may have run\. An account-wide resync keeps no per-person state/);
  });
});

/** A rig whose client waits long enough (10 s) for a held answer to be cancelled rather than timed out. */
async function cancelRig(writeApi: 'v1' | 'v2', elicit: ElicitAnswer = 'accept') {
  sandbox = await startSandbox({ size: 40 });
  const logLines: string[] = [];
  const logger = createLogger({ level: 'warning', write: (line) => logLines.push(line) });
  const api = apiFor(sandbox.url, sandbox.apiKey, logger, { timeoutMs: 10_000, maxRetryWaitMs: 100 });
  conn = await connect(api, { config: { writeApi }, elicit, logger, now: () => new Date(sandbox!.org.now) });
  const sb = sandbox;
  const p = sb.org.people.find((x) => x.employmentStatus === 'CURRENT_EMPLOYEE' && x.startDate !== null)!;
  return { sb, p, c: conn, logLines };
}

/** Call a tool and cancel the call once `sentWhen` holds (the write has reached the sandbox). */
async function cancelAfterSend(c: Connected, name: string, args: Record<string, unknown>, sentWhen: () => boolean) {
  const abort = new AbortController();
  const call = c.client.callTool({ name, arguments: args }, undefined, { signal: abort.signal });
  const settled = call.then(
    () => 'answered',
    () => 'rejected',
  );
  await waitUntil(sentWhen);
  abort.abort();
  expect(await settled).toBe('rejected');
}

async function waitUntil(predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(['v2', 'v1'] as const)('update_personnel via %s cancelled after the write was sent', (writeApi) => {
  it('applied: logged as applied, and the repeat says so instead of a bare "already matches"', async () => {
    const { sb, p, c, logLines } = await cancelRig(writeApi);
    sb.clearLogs();
    sb.failNext({ method: 'PUT', status: 500, after: 'late' });
    await cancelAfterSend(c, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' }, () => sb.writes.length === 1);
    await waitUntil(() => logLines.some((l) => l.includes('cancelled after its write was sent')));
    expect(logLines.join('\n')).toMatch(/reading back showed Drata applied it \(startedAt=2020-02-03\)/);
    const again = await run(c, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    expect((again.structuredContent as { outcome: string }).outcome).toBe('unchanged');
    expect(text(again)).toMatch(new RegExp(`Earlier update_personnel call for #${p.id}: cancelled after its write was sent; reading back showed Drata applied it`));
    expect(text(again)).toMatch(/Already matches/);
    expect(sent(sb, 'PUT')).toBe(1);
    expect(sb.writes).toHaveLength(1);
    // Told once: a third call does not repeat it.
    expect(text(await run(c, 'get_personnel', { personnel: p.id }))).not.toMatch(/Earlier update_personnel/);
    expect(text(await run(c, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' }))).not.toMatch(/Earlier/);
  });

  it('not applied (cancelled while Drata had not processed it): the repeat says nothing changed and asks again', async () => {
    const { sb, p, c, logLines } = await cancelRig(writeApi);
    sb.clearLogs();
    sb.setLatency(1_500);
    await cancelAfterSend(c, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' }, () =>
      sb.requests.some((r) => r.method === 'PUT'),
    );
    sb.setLatency(0);
    await waitUntil(() => logLines.some((l) => l.includes('cancelled after its write was sent')));
    expect(logLines.join('\n')).toMatch(new RegExp(`Drata did not apply it; nothing changed \\(startedAt=${p.startDate}\\)`));
    expect(sb.writes).toHaveLength(0);
    const again = await run(c, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' });
    expect(text(again)).toMatch(/Earlier update_personnel call .*Drata did not apply it/);
    expect((again.structuredContent as { outcome: string }).outcome).toBe('updated');
    expect(sb.writes).toHaveLength(1);
  });

  it('unknown (the read-back fails too): the repeat says to check first', async () => {
    const { sb, p, c, logLines } = await cancelRig(writeApi);
    sb.clearLogs();
    sb.failNext({ method: 'PUT', status: 500, after: 'late' });
    await cancelAfterSend(c, 'update_personnel', { personnel: p.id, startedAt: '2020-02-03' }, () => {
      if (sb.writes.length !== 1) return false;
      sb.failNext({ method: 'GET', status: 500, times: 1000 });
      return true;
    });
    await waitUntil(() => logLines.some((l) => l.includes('cancelled after its write was sent')));
    expect(logLines.join('\n')).toMatch(/could not be settled: check with get_personnel/);
  });
});

describe('resync_personnel cancelled after the resync was sent', () => {
  it('a person with manual edits: logged as applied and told on the next resync call', async () => {
    const { sb, c, logLines } = await cancelRig('v2');
    const { manual } = resyncPeople(sb);
    sb.clearLogs();
    sb.failNext({ method: 'POST', status: 500, after: 'late' });
    await cancelAfterSend(c, 'resync_personnel', { personnel: [manual.id] }, () => sb.writes.length > 0);
    await waitUntil(() => logLines.some((l) => l.includes('cancelled after its write was sent')));
    expect(logLines.join('\n')).toMatch(/resync_personnel call for #\d+: cancelled after its write was sent; reading back showed Drata applied it \(#\d+ .*resynced/);
    const again = await run(c, 'resync_personnel', { personnel: [manual.id], dryRun: true });
    expect(text(again)).toMatch(/Earlier resync_personnel call for #\d+: cancelled after its write was sent/);
    expect(sent(sb, 'POST')).toBe(1);
  });
});
