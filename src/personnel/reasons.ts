/** Why a check fails, where the record shows it: the identity, device or training behind it. */
import { daysBetween } from './dates.js';
import type { Person } from './model.js';
import { offboardingGap } from './offboarding.js';

const DEVICE_CHECKS = new Set(['PASSWORD_MANAGER', 'HDD_ENCRYPTION', 'ANTIVIRUS', 'AUTO_UPDATES', 'LOCK_SCREEN']);
const TRAINING_DOCS: Record<string, string> = {
  SECURITY_TRAINING: 'SEC_TRAINING',
  HIPAA_TRAINING: 'HIPAA_TRAINING_EVIDENCE',
  NIST_AI_TRAINING: 'NIST_AI_TRAINING_EVIDENCE',
};

export function failureReason(p: Person, type: string, today: string): string | undefined {
  if (type === 'IDENTITY_MFA' && p.identities) {
    const lacking = p.identities.filter((i) => i.hasMfa === false && i.isIdp !== false);
    if (lacking.length) return `no MFA on ${lacking.map((i) => `${i.provider}${i.username ? ` ${i.username}` : ''}`).join(', ')}`;
    return p.identities.some((i) => i.isIdp && i.connected) ? undefined : 'no IdP identity linked';
  }
  if (type === 'OFFBOARDING' && p.identities) return offboardingGap(p, today)?.summary;
  if ((DEVICE_CHECKS.has(type) || type === 'AGENT_INSTALLED') && p.devices) {
    if (p.devices.length === 0) return 'no device';
    const failing = p.devices.filter((d) => d.failingChecks.includes(type));
    if (failing.length) return `on device ${failing.map((d) => `#${d.id}${d.name ? ` ${d.name}` : ''}`).join(', ')}`;
  }
  const doc = TRAINING_DOCS[type];
  if (doc && p.trainings) {
    const t = p.trainings.find((x) => x.type === doc);
    if (!t) return 'never completed';
    if (t.renewalOn && daysBetween(today, t.renewalOn) < 0) return `expired ${t.renewalOn}`;
  }
  return undefined;
}
