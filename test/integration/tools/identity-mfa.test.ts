/**
 * MFA on every identity, as the API reports it, against the realistic sandbox org: get_personnel shows each
 * identity's MFA (GitHub and other non-IdP connections included) and which identities decide IDENTITY_MFA,
 * names FULL_COMPLIANCE among failing checks and says "Identities: none"; the report answers MFA questions
 * about service accounts whose IDENTITY_MFA check is excluded from what their identities say.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxPerson } from '../../../src/sandbox/index.js';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';
import { reportTruth } from '../../support/truth.js';

interface Identity {
  provider: string;
  username?: string;
  mfa?: boolean;
  idp?: boolean;
  connected: boolean;
}
interface Summary {
  person: { identities?: Identity[]; failingChecks?: Array<{ type: string; reason?: string }> };
}
interface List {
  count: number;
  people: Array<{ id: number; name: string; detail?: string }>;
}

describe('MFA on every identity (realistic org of 600)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ sandbox: { size: 600, profile: 'realistic' } });
  });
  afterAll(() => f.close());

  const providerOf = (id: number) => f.sandbox.org.connection(id);

  it('get_personnel shows the MFA of a GitHub identity as reported, and that it does not decide IDENTITY_MFA', async () => {
    const withGithub = f.sandbox.org.people.filter((p) =>
      p.identities.some((i) => providerOf(i.connectionId).clientType === 'GITHUB'),
    );
    // Both MFA values occur among GitHub identities: check one of each.
    for (const mfa of [true, false]) {
      const p = withGithub.find((x) =>
        x.identities.some((i) => providerOf(i.connectionId).clientType === 'GITHUB' && i.hasMfa === mfa),
      ) as SandboxPerson;
      expect(p).toBeDefined();
      const gh = p.identities.find((i) => providerOf(i.connectionId).clientType === 'GITHUB' && i.hasMfa === mfa);
      const r = await call(f, 'get_personnel', { personnel: p.id });
      const s = r.structuredContent as unknown as Summary;
      const shown = s.person.identities?.find((i) => i.provider === 'GITHUB' && i.username === gh?.username);
      expect(shown).toMatchObject({ provider: 'GITHUB', mfa, connected: gh?.disconnectedAt === null });
      expect(shown?.idp).toBe(false);
      const text = r.content[0]?.text ?? '';
      expect(text).toMatch(new RegExp(`GITHUB ${gh?.username} MFA ${mfa ? 'on' : 'OFF'} (connected|disconnected)`));
      expect(text).toContain('IdP: decides IDENTITY_MFA');
      // Google is the identity provider here: marked as the one that decides the check.
      const google = s.person.identities?.find((i) => i.provider === 'GOOGLE');
      if (google) expect(google.idp).toBe(true);
    }
  });

  it('FULL_COMPLIANCE is named among the failing checks', async () => {
    const p = f.sandbox.org.people.find(
      (x) => x.checks.FULL_COMPLIANCE === 'FAIL' && Object.values(x.checks).filter((s) => s === 'FAIL').length >= 3,
    ) as SandboxPerson;
    const r = await call(f, 'get_personnel', { personnel: p.id });
    const s = r.structuredContent as unknown as Summary;
    const failing = s.person.failingChecks?.map((c) => c.type) ?? [];
    expect(failing.at(-1)).toBe('FULL_COMPLIANCE');
    expect(failing.length).toBe(Object.values(p.checks).filter((x) => x === 'FAIL' || x === 'MISCONFIGURED').length);
    expect(r.content[0]?.text).toMatch(/Failing checks: .*, FULL_COMPLIANCE(\n|$)/);
  });

  it('a person without identities: "Identities: none" in the text, an empty list in structuredContent', async () => {
    const p = f.sandbox.org.people.find((x) => x.identities.length === 0) as SandboxPerson;
    expect(p).toBeDefined();
    const r = await call(f, 'get_personnel', { personnel: p.id });
    expect(r.content[0]?.text).toContain('Identities: none');
    expect((r.structuredContent as unknown as Summary).person.identities).toEqual([]);
    // Someone with identities never says none.
    const other = await call(f, 'get_personnel', { personnel: f.sandbox.org.people[0]?.id ?? 1 });
    expect(other.content[0]?.text).not.toContain('Identities: none');
  });

  it('the summary counts each training on its own: expired with the renewal date, never completed', async () => {
    const today = new Date(f.sandbox.org.now).toISOString().slice(0, 10);
    const renewal = (p: SandboxPerson, type: string) =>
      p.documents.filter((d) => d.type === type).map((d) => d.renewalDate).sort().at(-1);
    const p = f.sandbox.org.people.find(
      (x) =>
        x.checks.SECURITY_TRAINING === 'FAIL' &&
        !renewal(x, 'SEC_TRAINING') &&
        x.checks.HIPAA_TRAINING === 'FAIL' &&
        (renewal(x, 'HIPAA_TRAINING_EVIDENCE') ?? '9') < today,
    ) as SandboxPerson;
    expect(p).toBeDefined();
    const r = await call(f, 'get_personnel', { personnel: p.id });
    const training = (r.structuredContent as { person: { training?: Array<{ type: string; state: string }> } }).person
      .training;
    const hipaa = renewal(p, 'HIPAA_TRAINING_EVIDENCE');
    expect(training).toEqual(
      expect.arrayContaining([
        { type: 'SECURITY_TRAINING', state: 'never_completed' },
        { type: 'HIPAA_TRAINING', state: 'expired', renewalOn: hipaa },
      ]),
    );
    expect(r.content[0]?.text).toMatch(
      new RegExp(`Training: .*SECURITY_TRAINING never completed.*HIPAA_TRAINING EXPIRED \\(renewal ${hipaa}\\)`),
    );
  });

  it('the report answers service accounts whose IDENTITY_MFA is excluded from what their identities say', async () => {
    const r = await call(f, 'personnel_compliance_report', { employmentStatus: ['SERVICE_ACCOUNT'], maxNames: 500 });
    const s = r.structuredContent as Record<string, unknown> & { notComputed?: string[] };
    const text = r.content[0]?.text ?? '';
    expect(text).not.toMatch(/Not computed: MFA/);
    const truth = reportTruth(f.sandbox.org, ['SERVICE_ACCOUNT']);
    expect(truth.mfaOffExcluded.length).toBeGreaterThan(0);
    const list = s.mfaOffExcluded as List;
    expect(list.count).toBe(truth.mfaOffExcluded.length);
    expect(list.people.map((p) => p.id)).toEqual(truth.mfaOffExcluded);
    expect(text).toContain(`IDENTITY_MFA excluded, identities report MFA off (${list.count})`);
    for (const p of list.people) {
      const person = f.sandbox.org.get(p.id) as SandboxPerson;
      const off = person.identities.filter(
        (i) => i.disconnectedAt === null && !i.hasMfa && !providerOf(i.connectionId).isHris,
      );
      expect(p.detail).toBe(
        `MFA off: ${off.map((i) => `${providerOf(i.connectionId).clientType} ${i.username}`).join(', ')}`,
      );
      expect(text).toContain(`#${p.id} (${p.detail})`);
    }
    // Every IDENTITY_MFA check of these service accounts is excluded: none is a failing gap.
    expect((s.mfaGaps as List).count).toBe(0);
  });
});
