/**
 * Update previews warn about what an officer wants to know before approving, against the sandbox: a
 * separation date in the future, the IdP/HRIS sync a manual edit pauses, another record with the same name
 * (with its id and status). In the dry run, the approval request and the confirmation dialog; in the text
 * and in structuredContent; nothing is written by a preview.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isCurrentStatus } from '../../../src/drata/catalog.js';
import { fullName, type SandboxPerson } from '../../../src/sandbox/index.js';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';
import { writes } from '../../support/writes.js';

let f: Fixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

type Out = { outcome: string; notes?: string[] };
const warningsOf = (r: { structuredContent?: unknown }) =>
  ((r.structuredContent as Out).notes ?? []).filter((n) => n.startsWith('Warning: '));
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Two or more records with the same display name, and the first of them. */
function namesakes(people: readonly SandboxPerson[]): SandboxPerson[] {
  const byName = new Map<string, SandboxPerson[]>();
  for (const p of people) byName.set(fullName(p).toLowerCase(), [...(byName.get(fullName(p).toLowerCase()) ?? []), p]);
  return [...byName.values()].find((group) => group.length > 1 && fullName(group[0] as SandboxPerson).includes(' ')) ?? [];
}

describe('update_personnel previews warn before approval', () => {
  it('a separation date in the future, with the days left; FORMER_* now while the date is ahead', async () => {
    f = await startFixture({ sandbox: { size: 250 } });
    const today = new Date(f.sandbox.org.now).toISOString().slice(0, 10);
    const p = f.sandbox.org.people.find((x) => x.employmentStatus === 'CURRENT_EMPLOYEE' && x.statusUpdatedAt === null) as SandboxPerson;
    const ahead = addDays(today, 45);
    f.sandbox.clearLogs();
    const r = await call(f, 'update_personnel', {
      personnel: p.id,
      separatedAt: ahead,
      employmentStatus: 'FORMER_EMPLOYEE',
      dryRun: true,
    });
    expect((r.structuredContent as Out).outcome).toBe('dry_run');
    const w = warningsOf(r);
    const sep = w.find((x) => x.includes(ahead));
    expect(sep).toBe(
      `Warning: The separation date ${ahead} is in the future (45 days from today, ${today}), yet the status becomes FORMER_EMPLOYEE now, before that day; check it is the planned last day and not a typo.`,
    );
    expect(r.content[0]?.text).toContain(sep);
    // Dates that are not ahead say nothing about it.
    const past = await call(f, 'update_personnel', { personnel: p.id, separatedAt: addDays(today, -3), employmentStatus: 'FORMER_EMPLOYEE', dryRun: true });
    expect(warningsOf(past).some((x) => x.includes('in the future'))).toBe(false);
    expect(writes(f)).toHaveLength(0);
  });

  it('the sync a manual edit pauses: which fields, from which connections, and whether it is already paused', async () => {
    f = await startFixture({ sandbox: { size: 250 } });
    const linked = (x: SandboxPerson) => x.identities.filter((i) => i.disconnectedAt === null);
    const synced = f.sandbox.org.people.find(
      (x) => isCurrentStatus(x.employmentStatus) && x.statusUpdatedAt === null && linked(x).length > 0,
    ) as SandboxPerson;
    const r = await call(f, 'update_personnel', { personnel: synced.id, startedAt: '2020-02-03', dryRun: true });
    const org = f.sandbox.org;
    const providers = [...new Set(linked(synced).map((i) => org.connection(i.connectionId).clientType))];
    const sync = warningsOf(r).find((x) => x.includes('pause IdP/HRIS sync'));
    // Said once, naming only the field that changes; a date edit says nothing about the status.
    expect(sync).toBe(
      `Warning: Manual edits pause IdP/HRIS sync for startedAt: Drata ignores changes from the IdP/HRIS connections (${providers.join(', ')}) for that field until resync_personnel restores them.`,
    );
    const text = r.content[0]?.text ?? '';
    expect(text).toContain(sync);
    expect(text.match(/pause IdP\/HRIS sync/g)).toHaveLength(1);
    expect(JSON.stringify(r.structuredContent).match(/pause IdP\/HRIS sync/g)).toHaveLength(1);
    expect(sync).not.toMatch(/status|employmentStatus/);

    const manual = org.people.find(
      (x) => x.statusUpdatedAt !== null && isCurrentStatus(x.employmentStatus),
    ) as SandboxPerson;
    const m = await call(f, 'update_personnel', { personnel: manual.id, startedAt: '2020-02-03', dryRun: true });
    expect(warningsOf(m).join(' ')).not.toMatch(/status/);
    const s = await call(f, 'update_personnel', { personnel: manual.id, employmentStatus: 'FORMER_EMPLOYEE', separatedAt: '2026-01-05', dryRun: true });
    expect(s.isError, s.content[0]?.text).toBeFalsy();
    const since = new Date(manual.statusUpdatedAt as number).toISOString().slice(0, 10);
    const statusSync = warningsOf(s).find((x) => x.includes('pause IdP/HRIS sync')) ?? '';
    expect(statusSync).toMatch(/^Warning: Manual edits pause IdP\/HRIS sync for [^:]*employmentStatus[^:]*:/);
    expect(statusSync).toContain(`The status was already set by hand on ${since}.`);
    expect(s.content[0]?.text).toContain(statusSync);
    // A custom field is not synced: no sync warning.
    const custom = await call(f, 'update_personnel', {
      personnel: synced.id,
      customFields: [{ name: 'Office', value: 'Lisbon' }],
      dryRun: true,
    });
    expect(warningsOf(custom).some((x) => x.includes('pause IdP/HRIS sync'))).toBe(false);
  });

  it('another record with the same name, with its id, email and status, in every preview', async () => {
    f = await startFixture({ sandbox: { size: 250 } });
    const group = namesakes(f.sandbox.org.people);
    expect(group.length).toBeGreaterThan(1);
    const [target, ...others] = group as [SandboxPerson, ...SandboxPerson[]];
    const r = await call(f, 'update_personnel', { personnel: target.id, startedAt: '2020-02-03', dryRun: true });
    const alike = warningsOf(r).find((x) => x.includes('named'));
    expect(alike).toBeDefined();
    for (const o of others) expect(alike).toContain(`#${o.id} ${o.email} ${o.employmentStatus}`);
    expect(alike).not.toContain(`#${target.id} ${target.email} ${target.employmentStatus}`);
    expect(alike).toContain(`Check this is the right one (#${target.id} ${target.email})`);
    expect(r.content[0]?.text).toContain(alike);

    // Someone with a unique name gets no such warning.
    const people = f.sandbox.org.people;
    const named = (p: SandboxPerson) => people.filter((x) => fullName(x).toLowerCase() === fullName(p).toLowerCase());
    const unique = people.find((p) => p.lastName && named(p).length === 1) as SandboxPerson;
    const u = await call(f, 'update_personnel', { personnel: unique.id, startedAt: '2020-02-03', dryRun: true });
    expect(warningsOf(u).some((x) => x.includes('named'))).toBe(false);
    expect(writes(f)).toHaveLength(0);
  });

  it('the approval request (no elicitation) and the confirmation dialog carry the same warnings', async () => {
    f = await startFixture({ sandbox: { size: 250 } });
    const group = namesakes(f.sandbox.org.people);
    const target = group[0] as SandboxPerson;
    const pending = await call(f, 'update_personnel', { personnel: target.id, startedAt: '2020-02-03' });
    expect((pending.structuredContent as Out).outcome).toBe('needs_approval');
    const w = warningsOf(pending);
    expect(w.some((x) => x.includes('named'))).toBe(true);
    expect(w.some((x) => x.includes('pause IdP/HRIS sync'))).toBe(true);
    for (const x of w) expect(pending.content[0]?.text).toContain(x);
    await f.close();

    f = await startFixture({ sandbox: { size: 250 }, elicit: 'decline' });
    const declined = await call(f, 'update_personnel', { personnel: target.id, startedAt: '2020-02-03' });
    expect((declined.structuredContent as Out).outcome).toBe('declined');
    for (const x of w) expect(f.elicitations[0]).toContain(x);
    // The dialog says the sync note once (the warning), not a second time in other words.
    expect(f.elicitations[0]?.match(/pause IdP\/HRIS sync/g)).toHaveLength(1);
    expect(writes(f)).toHaveLength(0);
  });
});
