/** Why a check fails, where the record shows it: the identity, device or training behind it. */
import type { Person } from './model.js';
import { offboardingGap } from './offboarding.js';
import { isTrainingCheck, trainingStatuses } from './training.js';

const DEVICE_CHECKS = new Set(['PASSWORD_MANAGER', 'HDD_ENCRYPTION', 'ANTIVIRUS', 'AUTO_UPDATES', 'LOCK_SCREEN']);

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
  if (isTrainingCheck(type) && p.trainings) {
    const t = trainingStatuses(p, today).find((x) => x.type === type);
    if (t?.state === 'expired') return `expired ${t.renewalOn}`;
    if (t?.state === 'never_completed') return 'never completed';
  }
  return undefined;
}
