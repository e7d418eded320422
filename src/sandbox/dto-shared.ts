/** Pieces both API versions render the same way, so the V1 and V2 views of a person agree. */
import {
  COMPLIANCE_CHECK_TYPES,
  type ComplianceCheckStatus,
  type ComplianceCheckType,
} from '../drata/catalog.js';
import { FREQUENCY, SALT, TRAINING_DOC } from './dto-tables.js';
import type { Org, SandboxPerson, UserDocument } from './org.js';
import { hash32 } from './random.js';
import { DAY_MS, dayToIsoTime, isoTime } from './time.js';

/** Timestamps and id of one personnel check (shared by V1 and V2 so both views agree). */
export function checkFacts(org: Org, p: SandboxPerson, type: ComplianceCheckType, status: ComplianceCheckStatus) {
  const idx = COMPLIANCE_CHECK_TYPES.indexOf(type);
  const h = hash32(org.seed, SALT.check, p.id, idx);
  const createdAt = p.createdAt + (h % 3600) * 1000;
  const lastCheckedAt = Math.max(createdAt, org.now - (h % (36 * 3600)) * 1000);
  const docType = TRAINING_DOC[type];
  const doc = docType ? latestDoc(p, docType) : undefined;
  const ok = status === 'PASS' || status === 'EXCLUDED';
  let completion: number | null = null;
  if (ok) {
    if (doc) completion = doc.createdAt;
    else if (type === 'BG_CHECK' && p.backgroundCheck) completion = p.backgroundCheck.createdAt + 7 * DAY_MS;
    else if (type === 'ACCEPTED_POLICIES') completion = p.drataTermsAgreedAt ?? createdAt;
    else completion = lastCheckedAt;
  }
  return {
    id: p.id * 16 + idx,
    type,
    status,
    checkFrequency: FREQUENCY[type],
    expiresAt: doc ? dayToIsoTime(doc.renewalDate) : null,
    lastCheckedAt: isoTime(lastCheckedAt),
    completionDate: isoTime(completion === null ? null : Math.min(completion, org.now)),
    createdAt: isoTime(createdAt),
    updatedAt: isoTime(lastCheckedAt),
  };
}

function latestDoc(p: SandboxPerson, type: UserDocument['type']): UserDocument | undefined {
  let best: UserDocument | undefined;
  for (const d of p.documents) if (d.type === type && (!best || d.renewalDate > best.renewalDate)) best = d;
  return best;
}

export function checkEntries(p: SandboxPerson): Array<[ComplianceCheckType, ComplianceCheckStatus]> {
  const out: Array<[ComplianceCheckType, ComplianceCheckStatus]> = [];
  for (const type of COMPLIANCE_CHECK_TYPES) {
    const status = p.checks[type];
    if (status !== undefined) out.push([type, status]);
  }
  return out;
}

export const userUpdatedAt = (p: SandboxPerson) => Math.max(p.createdAt, p.drataTermsAgreedAt ?? 0);

/** "First Last" (either part may be missing). */
export function fullName(p: Pick<SandboxPerson, 'firstName' | 'lastName'>): string {
  return [p.firstName, p.lastName].filter((x) => x !== null && x !== '').join(' ');
}
