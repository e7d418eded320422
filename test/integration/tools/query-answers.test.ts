/**
 * What list_personnel's answers say beyond the rows, on the realistic sandbox org, each channel on its own:
 * counts and groups leave out what applies to rows only (columns, rows, order); a device clause says how
 * many people it leaves out for having no device at all; an unknown provider or a non-device check in a
 * device clause is never answered with a bare 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_STATUSES } from '../../../src/drata/catalog.js';
import type { SandboxPerson } from '../../../src/sandbox/index.js';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture({ sandbox: { size: 600, profile: 'realistic' } });
});
afterAll(() => f.close());

const text = (r: { content: Array<{ text?: string }> }) => r.content[0]?.text ?? '';

describe('counts and groups', () => {
  it('carry no columns, rows or sort order, in either channel; rows still do', async () => {
    for (const args of [{ countOnly: true }, { groupBy: 'status' }, { groupBy: 'mfa', sort: 'startDate' }]) {
      const r = await call(f, 'list_personnel', { employmentStatus: ['ALL_CURRENT_PERSONNEL'], ...args });
      expect(r.isError, text(r)).toBeFalsy();
      const s = r.structuredContent as Record<string, unknown>;
      expect(s).not.toHaveProperty('columns');
      expect(s).not.toHaveProperty('rows');
      expect(s).not.toHaveProperty('order');
      expect(typeof s.total).toBe('number');
      expect(text(r)).toMatch(/^Count: \d+ personnel/);
      expect(text(r)).not.toMatch(/sorted by/);
    }
    const rows = await call(f, 'list_personnel', { employmentStatus: ['ALL_CURRENT_PERSONNEL'], limit: 2 });
    const s = rows.structuredContent as Record<string, unknown>;
    expect(s.columns).toContain('id');
    expect(s.rows).toHaveLength(2);
    expect(s.order).toBe('name ASC (default)');
    expect(text(rows)).toMatch(/sorted by name ASC/);
  });

  it('a grouping of no one says none, in both channels', async () => {
    const args = { employmentStatus: ['CURRENT_CONTRACTOR'], startedFrom: '2999-01-01', groupBy: 'startMonth' };
    const r = await call(f, 'list_personnel', args);
    expect(r.isError, text(r)).toBeFalsy();
    expect(text(r)).toMatch(/^Count: 0 personnel/);
    expect(text(r)).toContain('Groups by startMonth: none');
    expect(text(r)).not.toContain('0 of 0');
    expect(r.structuredContent).toMatchObject({ total: 0, groups: [] });
  });
});

type Answer = { total?: number; notes?: string[] };
const notesOf = (r: { structuredContent?: unknown }) => (r.structuredContent as Answer).notes ?? [];
const current = ['ALL_CURRENT_PERSONNEL'];

describe('a device clause answers for people with such a device', () => {
  it('says how many fail the check with no device at all, exactly, in both channels', async () => {
    const org = f.sandbox.org;
    const failing = (s: string | undefined) => s === 'FAIL' || s === 'MISCONFIGURED';
    const noDevice = org.people.filter(
      (p) =>
        (CURRENT_STATUSES as readonly string[]).includes(p.employmentStatus) &&
        p.devices.length === 0 &&
        failing(p.checks.HDD_ENCRYPTION),
    ).length;
    expect(noDevice).toBeGreaterThan(0);
    const note = `${noDevice} more people fail HDD_ENCRYPTION with no device at all (not matched by a device clause, which needs a device; ask failing:["HDD_ENCRYPTION"] without device to include them).`;
    for (const extra of [{}, { countOnly: true }, { groupBy: 'model' }]) {
      const r = await call(f, 'list_personnel', { employmentStatus: current, device: { failing: ['HDD_ENCRYPTION'] }, ...extra });
      expect(r.isError, text(r)).toBeFalsy();
      expect(notesOf(r)).toContain(note);
      expect(text(r)).toContain(`Note: ${note}`);
    }
    // The same N as the question asked directly: failing the check, no device.
    const direct = await call(f, 'list_personnel', { employmentStatus: current, failing: ['HDD_ENCRYPTION'], devices: 'none', countOnly: true });
    expect((direct.structuredContent as Answer).total).toBe(noDevice);
    // A clause that allows no device (max only: from 0) leaves no one out: no note.
    const upTo = await call(f, 'list_personnel', { employmentStatus: current, device: { failing: ['HDD_ENCRYPTION'], max: 1 } });
    expect(notesOf(upTo).some((n) => n.includes('no device at all'))).toBe(false);
  });
});

describe('names that match nothing', () => {
  it('an unknown provider answers with the field and the providers present, sorted, not a bare 0', async () => {
    const r = await call(f, 'list_personnel', { employmentStatus: current, identity: { provider: 'OKTA' }, countOnly: true });
    expect(r.isError, text(r)).toBeFalsy();
    expect((r.structuredContent as Answer).total).toBe(0);
    const present = [
      ...new Set(
        f.sandbox.org.people
          .filter((p) => (CURRENT_STATUSES as readonly string[]).includes(p.employmentStatus))
          .flatMap((p) => p.identities.map((i) => f.sandbox.org.connection(i.connectionId).clientType)),
      ),
    ].sort();
    expect(present).toContain('OKTA_IDENTITY');
    const note = `identity.provider "OKTA" matches no identity of anyone in scope, so no one can match: the providers in scope are ${present.join(', ')}.`;
    expect(notesOf(r)).toContain(note);
    expect(text(r)).toContain(`Note: ${note}`);
    // Rows too; and a provider that exists (any case) has no such note.
    const rows = await call(f, 'list_personnel', { employmentStatus: current, identity: { provider: 'OKTA' } });
    expect(text(rows)).toContain(`Note: ${note}`);
    const okta = await call(f, 'list_personnel', { employmentStatus: current, identity: { provider: 'okta_identity' }, countOnly: true });
    expect(notesOf(okta).some((n) => n.includes('identity.provider'))).toBe(false);
    // What the caller typed is echoed bounded and sanitized.
    const odd = await call(f, 'list_personnel', { employmentStatus: current, identity: { provider: `<script>${'x'.repeat(90)}` }, countOnly: true });
    const echoed = notesOf(odd).find((n) => n.startsWith('identity.provider')) ?? '';
    expect(echoed).toContain('"?script?xxxx');
    expect(echoed).not.toContain('<script>');
    expect(echoed).not.toContain('x'.repeat(50));
  });

  it('device.failing refuses a check that is not a device check, naming the field and the device checks', async () => {
    const r = await call(f, 'list_personnel', { employmentStatus: current, device: { failing: ['IDENTITY_MFA'] } });
    expect(r.isError).toBe(true);
    const t = text(r);
    expect(t).toContain('device');
    expect(t).toContain('failing');
    expect(t).toContain('not a device check: use one of AGENT_INSTALLED, PASSWORD_MANAGER, HDD_ENCRYPTION, ANTIVIRUS, AUTO_UPDATES, LOCK_SCREEN, LOCATION_SERVICES');
    const pasted = await call(f, 'list_personnel', { employmentStatus: current, device: { failing: ['sk-live-SECRET123'] } });
    expect(pasted.isError).toBe(true);
    expect(text(pasted)).not.toContain('SECRET123');
    const ok = await call(f, 'list_personnel', { employmentStatus: current, device: { failing: ['LOCK_SCREEN'] }, countOnly: true });
    expect(ok.isError, text(ok)).toBeFalsy();
  });
});

describe('MFA for an officer: HRIS records are not logins', () => {
  type Id = { provider: string; username?: string; mfa: string; reported?: string };
  type Detail = { id: number; matchedIdentities?: Id[]; identities?: Id[] };
  const isCurrent = (s: string) => (CURRENT_STATUSES as readonly string[]).includes(s);
  const hris = (connectionId: number) => f.sandbox.org.connection(connectionId).isHris;
  const DECIDES = 'IDENTITY_MFA is decided by identity-provider identities only (GOOGLE, OKTA_IDENTITY).';

  it('mfa "off" matches logins only; HRIS records are "n/a", with what the API reports kept on the identity', async () => {
    const org = f.sandbox.org;
    const having = (keep: (i: SandboxPerson['identities'][number]) => boolean) =>
      org.people.filter((p) => isCurrent(p.employmentStatus) && p.identities.some(keep));
    const offLogin = having((i) => !hris(i.connectionId) && !i.hasMfa);
    const hrisOff = having((i) => hris(i.connectionId) && !i.hasMfa);
    expect(hrisOff.length).toBeGreaterThan(0);
    const off = await call(f, 'list_personnel', { employmentStatus: current, identity: { mfa: 'off' }, limit: 50 });
    expect((off.structuredContent as Answer).total).toBe(offLogin.length);
    expect(text(off)).toMatch(/^Personnel \S+ of (\d+) /);
    expect(Number(/ of (\d+) /.exec(text(off))?.[1])).toBe(offLogin.length);
    const offDetails = (off.structuredContent as { details?: Detail[] }).details ?? [];
    const matched = offDetails.flatMap((d) => d.matchedIdentities ?? []);
    expect(matched.length).toBeGreaterThan(0);
    for (const i of matched) expect(i.provider).not.toBe('BAMBOO_HR');
    expect(text(off).split('\n').filter((l) => l.startsWith('  matched identity:') && l.includes('BAMBOO_HR'))).toEqual([]);
    expect(notesOf(off).join('\n')).toContain(DECIDES);
    expect(text(off)).toContain(DECIDES);

    const na = await call(f, 'list_personnel', { employmentStatus: current, identity: { mfa: 'n/a' }, limit: 5 });
    const details = (na.structuredContent as { details?: Detail[] }).details ?? [];
    expect(details.length).toBeGreaterThan(0);
    for (const d of details) {
      const p = org.get(d.id);
      for (const i of d.matchedIdentities ?? []) {
        const real = p?.identities.find((x) => x.username === i.username && hris(x.connectionId));
        expect(i).toMatchObject({ provider: 'BAMBOO_HR', mfa: 'n/a', reported: real?.hasMfa ? 'on' : 'off' });
        expect(text(na)).toContain(`BAMBOO_HR ${i.username} HRIS record, MFA n/a (reports ${i.reported})`);
      }
    }
  });

  it('groupBy mfa puts HRIS records in their own group, and says which identities decide IDENTITY_MFA', async () => {
    const r = await call(f, 'list_personnel', { employmentStatus: current, groupBy: 'mfa', limit: 50 });
    const groups = (r.structuredContent as { groups: Array<{ key: string; count: number }> }).groups;
    const keys = groups.map((g) => g.key);
    expect(keys).toContain('BAMBOO_HR:n/a');
    expect(keys.filter((k) => /^BAMBOO_HR:(on|off|unknown)$/.test(k))).toEqual([]);
    const withHris = f.sandbox.org.people.filter(
      (p) => isCurrent(p.employmentStatus) && p.identities.some((i) => hris(i.connectionId)),
    );
    expect(groups.find((g) => g.key === 'BAMBOO_HR:n/a')?.count).toBe(withHris.length);
    expect(text(r)).toContain(`BAMBOO_HR:n/a: ${withHris.length}`);
    expect(text(r)).not.toMatch(/^BAMBOO_HR:(on|off)/m);
    expect(text(r)).toContain(DECIDES);
    expect(notesOf(r).join('\n')).toContain('HRIS records (BAMBOO_HR) are not logins');
  });

  it('get_personnel marks an HRIS identity, its MFA still as reported', async () => {
    const p = f.sandbox.org.people.find((x) => x.identities.some((i) => hris(i.connectionId) && !i.hasMfa));
    const i = p?.identities.find((x) => hris(x.connectionId));
    const r = await call(f, 'get_personnel', { personnel: p?.id });
    const ids = (r.structuredContent as { person: { identities: Array<Record<string, unknown>> } }).person.identities;
    expect(ids.find((x) => x.provider === 'BAMBOO_HR')).toMatchObject({ hris: true, mfa: false });
    expect(text(r)).toContain(`BAMBOO_HR ${i?.username} HRIS record, MFA n/a (reports off)`);
    expect(text(r)).toContain('IdP: decides IDENTITY_MFA');
  });
});
