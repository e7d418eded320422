import { describe, expect, it } from 'vitest';
import {
  COMPLIANCE_CHECK_TYPES,
  EMPLOYMENT_STATUSES,
  isCurrentStatus,
  isFormerStatus,
} from '../../../src/drata/catalog.js';
import { generateOrg, isDeviceCompliant, type Org, type SandboxPerson } from '../../../src/sandbox/index.js';

const NOW = Date.parse('2026-11-01T00:00:00.000Z');
const org: Org = generateOrg({ size: 250, seed: 42, now: NOW });
const today = '2026-11-01';
const find = (pred: (p: SandboxPerson) => boolean) => org.people.filter(pred);

describe('synthetic org', () => {
  it('is deterministic: same seed → same model; another seed → different people', () => {
    expect(generateOrg({ size: 250, seed: 42, now: NOW }).people).toEqual(org.people);
    expect(generateOrg({ size: 250, seed: 43, now: NOW }).people).not.toEqual(org.people);
  });

  it('has sequential ids in creation order, unique case-insensitive emails, and userIds apart from ids', () => {
    org.people.forEach((p, i) => {
      expect(p.id).toBe(i + 1);
      expect(p.userId).not.toBe(p.id);
      expect(p.createdAt).toBeLessThanOrEqual(p.updatedAt);
      expect(p.updatedAt).toBeLessThanOrEqual(NOW);
      if (i > 0) expect(p.createdAt).toBeGreaterThanOrEqual(org.people[i - 1]?.createdAt ?? 0);
    });
    expect(new Set(org.people.map((p) => p.email.toLowerCase())).size).toBe(org.size);
    expect(org.findByEmail('ANNA.SCHMIDT@example.COM')?.email).toBe('Anna.Schmidt@Example.com');
  });

  it('covers every employment status, mostly current personnel', () => {
    for (const s of EMPLOYMENT_STATUSES)
      expect(find((p) => p.employmentStatus === s).length, s).toBeGreaterThan(0);
    expect(find((p) => isCurrentStatus(p.employmentStatus)).length / org.size).toBeGreaterThan(0.6);
    for (const p of find((x) => isFormerStatus(x.employmentStatus))) {
      expect(p.separationDate).not.toBeNull();
      expect((p.separationDate ?? '') >= p.startDate).toBe(true);
    }
    for (const p of find((x) => x.employmentStatus === 'FUTURE_HIRE')) expect(p.startDate > today).toBe(true);
  });

  it('has out-of-scope people with and without reasons, service accounts, and manual deprecated statuses', () => {
    const oos = find((p) => p.employmentStatus === 'OUT_OF_SCOPE');
    expect(oos.filter((p) => p.notHumanReason).length).toBeGreaterThanOrEqual(2);
    expect(oos.filter((p) => !p.notHumanReason).length).toBeGreaterThanOrEqual(2);
    expect(org.findByEmail('svc-deploy@example.com')?.employmentStatus).toBe('SERVICE_ACCOUNT');
    for (const p of find((x) => x.employmentStatus.startsWith('SPECIAL_FORMER_')))
      expect(p.synced).toBeNull();
  });

  it('has the edge-case names and emails', () => {
    const names = org.people.map((p) => `${p.firstName ?? ''} ${p.lastName ?? ''}`);
    for (const n of ['José Ñúñez', 'Zoë', '王', 'Søren', "O'Brien"])
      expect(
        names.some((x) => x.includes(n)),
        n,
      ).toBe(true);
    expect(org.people.some((p) => p.email.includes('+'))).toBe(true);
    expect(org.people.some((p) => p.email !== p.email.toLowerCase())).toBe(true);
  });

  it('has failing checks of every type, MISCONFIGURED and EXCLUDED, and a consistent FULL_COMPLIANCE', () => {
    for (const t of COMPLIANCE_CHECK_TYPES)
      expect(find((p) => p.checks[t] === 'FAIL').length, t).toBeGreaterThan(0);
    const statuses = org.people.flatMap((p) => Object.values(p.checks));
    expect(statuses).toContain('MISCONFIGURED');
    expect(statuses).toContain('EXCLUDED');
    for (const p of org.people) {
      if (p.checks.FULL_COMPLIANCE === undefined) continue;
      const others = Object.entries(p.checks).filter(([t]) => t !== 'FULL_COMPLIANCE');
      const ok = others.every(([, s]) => s === 'PASS' || s === 'EXCLUDED');
      expect(p.checks.FULL_COMPLIANCE, `#${p.id}`).toBe(ok ? 'PASS' : 'FAIL');
    }
  });

  it('derives checks from traits: devices, MFA, training documents, background checks', () => {
    for (const p of org.people) {
      if (p.checks.HDD_ENCRYPTION === 'PASS')
        expect(p.devices.every((d) => d.encryptionEnabled) && p.devices.length > 0).toBe(true);
      if (p.checks.IDENTITY_MFA === 'FAIL') {
        expect(p.identities.some((i) => org.connection(i.connectionId).hasIdp && !i.hasMfa)).toBe(true);
      }
      const training = p.documents.find((d) => d.type === 'SEC_TRAINING');
      if (p.checks.SECURITY_TRAINING === 'PASS') expect((training?.renewalDate ?? '') >= today).toBe(true);
      if (p.checks.BG_CHECK === 'PASS') expect(p.backgroundCheck?.status).toBe('OK');
    }
    const renewals = org.people.flatMap((p) =>
      p.documents.filter((d) => d.type === 'SEC_TRAINING').map((d) => d.renewalDate),
    );
    expect(renewals.some((r) => r < today)).toBe(true);
    expect(renewals.some((r) => r >= today && r <= '2026-12-01')).toBe(true);
    expect(renewals.some((r) => r > '2026-12-01')).toBe(true);
    expect(org.people.some((p) => p.devices.some((d) => !isDeviceCompliant(d)))).toBe(true);
    expect(
      org.people.some((p) => p.identities.some((i) => !i.hasMfa && org.connection(i.connectionId).hasIdp)),
    ).toBe(true);
  });

  it('has former employees who still have access and devices still reporting', () => {
    const former = find(
      (p) => p.employmentStatus === 'FORMER_EMPLOYEE' || p.employmentStatus === 'FORMER_CONTRACTOR',
    );
    expect(
      former.some((p) =>
        p.identities.some((i) => org.connection(i.connectionId).hasIdp && i.disconnectedAt === null),
      ),
    ).toBe(true);
    expect(former.some((p) => p.devices.some((d) => d.lastCheckedAt > NOW - 3 * 86_400_000))).toBe(true);
    expect(former.some((p) => p.identities.every((i) => i.disconnectedAt !== null))).toBe(true);
  });

  it('has several identity providers per person, custom fields, and manual overrides to resync', () => {
    const clients = new Set(
      org.people.flatMap((p) => p.identities.map((i) => org.connection(i.connectionId).clientType)),
    );
    expect([...clients].sort()).toEqual(['BAMBOO_HR', 'GITHUB', 'GOOGLE', 'OKTA_IDENTITY']);
    expect(org.people.every((p) => p.identities.length >= 2)).toBe(true);
    expect(org.customFields.map((f) => f.name)).toEqual([
      'Department',
      'Cost Center',
      'Stakeholders',
      'Office',
    ]);
    expect(org.people.some((p) => p.customFields.includes(null))).toBe(true);
    const overridden = find((p) => p.overridden.length > 0);
    expect(overridden.length).toBeGreaterThan(0);
    for (const p of overridden) {
      expect(p.statusUpdatedAt).not.toBeNull();
      expect(p.overridden.some((f) => p[f] !== p.synced?.[f])).toBe(true);
    }
  });

  it('keeps small orgs valid and rejects impossible sizes', () => {
    const tiny = generateOrg({ size: 3, now: NOW });
    expect(tiny.people.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(() => generateOrg({ size: 0, now: NOW })).toThrow(/size/);
    expect(() => generateOrg({ size: 20_001, now: NOW })).toThrow(/size/);
  });
});
