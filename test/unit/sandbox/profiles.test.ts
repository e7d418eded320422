/** The realistic org profile has what it promises; the default profile is the org the tests always had. */
import { describe, expect, it } from 'vitest';
import { isCurrentStatus } from '../../../src/drata/catalog.js';
import { DEFAULT_NOW, generateOrg } from '../../../src/sandbox/index.js';

const now = Date.parse(DEFAULT_NOW);

describe('org profiles', () => {
  it('default is the default: the same people as generating without a profile', () => {
    const plain = generateOrg({ size: 300, now });
    const named = generateOrg({ size: 300, now, profile: 'default' });
    expect(JSON.stringify(named.people)).toBe(JSON.stringify(plain.people));
  });

  it('realistic: service accounts with all 13 checks excluded, a quarter without a device, unprovisioned hires', () => {
    const org = generateOrg({ size: 1200, now, profile: 'realistic' });
    const services = org.people.filter((p) => p.employmentStatus === 'SERVICE_ACCOUNT');
    expect(services.length).toBeGreaterThan(20);
    for (const p of services) {
      const checks = Object.entries(p.checks);
      expect(checks.filter(([, s]) => s === 'EXCLUDED')).toHaveLength(13);
      expect(p.checks.FULL_COMPLIANCE).toBe('PASS');
    }
    // Their identities keep the MFA the API reports: some without it.
    expect(services.some((p) => p.identities.some((i) => !i.hasMfa))).toBe(true);
    const current = org.people.filter((p) => isCurrentStatus(p.employmentStatus));
    const noDevice = current.filter((p) => p.devices.length === 0).length / current.length;
    expect(noDevice).toBeGreaterThan(0.18);
    const severalFailing = current.filter((p) => Object.values(p.checks).filter((s) => s === 'FAIL').length >= 4);
    expect(severalFailing.length / current.length).toBeGreaterThan(0.25);
    expect(org.people.some((p) => p.employmentStatus === 'FUTURE_HIRE' && p.identities.length === 0)).toBe(true);
    expect(org.people.some((p) => (p.notHumanReason?.length ?? 0) > 90)).toBe(true);
  });
});
