/**
 * Check statuses derived from a drafted person's traits (a device without encryption fails HDD_ENCRYPTION,
 * an expired SEC_TRAINING document fails SECURITY_TRAINING, …), with a few MISCONFIGURED / EXCLUDED overlays;
 * FULL_COMPLIANCE passes only when every other check is PASS or EXCLUDED.
 */
import {
  COMPLIANCE_CHECK_TYPES,
  type ComplianceCheckStatus,
  type ComplianceCheckType,
  type EmploymentStatus,
  isCurrentStatus,
  isFormerStatus,
} from '../drata/catalog.js';
import type { Draft, DrawContext } from './generate-context.js';
import type { Department } from './generate-tables.js';
import { DEVICE_CHECK_TYPES, devicePasses, type UserDocumentType } from './org.js';
import type { CastTraits } from './people-data.js';

export function deriveChecks(
  g: DrawContext,
  d: Draft,
  department: Department | null,
  policiesAccepted: boolean,
  traits: CastTraits,
): Partial<Record<ComplianceCheckType, ComplianceCheckStatus>> {
  const rng = g.rng;
  if (g.profile.serviceAccountsAllExcluded && d.person.employmentStatus === 'SERVICE_ACCOUNT')
    return allExcluded();
  const applicable = applicableChecks(d.person.employmentStatus, department);
  const pass = (ok: boolean): ComplianceCheckStatus => (ok ? 'PASS' : 'FAIL');
  const docValid = (type: UserDocumentType) =>
    d.documents.some((doc) => doc.type === type && doc.renewalDate >= g.nowDay);
  const idp = d.identities.filter((i) => g.connections[i.connectionId - 1]?.hasIdp);
  const out: Partial<Record<ComplianceCheckType, ComplianceCheckStatus>> = {};
  for (const type of applicable) {
    switch (type) {
      case 'FULL_COMPLIANCE':
        continue;
      case 'ACCEPTED_POLICIES':
        out[type] = pass(policiesAccepted);
        break;
      case 'IDENTITY_MFA':
        out[type] = pass(idp.length > 0 && idp.every((i) => i.hasMfa));
        break;
      case 'BG_CHECK':
        out[type] = pass(d.backgroundCheck?.status === 'OK');
        break;
      case 'AGENT_INSTALLED':
        out[type] = pass(d.devices.length > 0);
        break;
      case 'SECURITY_TRAINING':
        out[type] = pass(docValid('SEC_TRAINING'));
        break;
      case 'HIPAA_TRAINING':
        out[type] = pass(docValid('HIPAA_TRAINING_EVIDENCE'));
        break;
      case 'NIST_AI_TRAINING':
        out[type] = pass(docValid('NIST_AI_TRAINING_EVIDENCE'));
        break;
      case 'OFFBOARDING':
        out[type] = pass(d.documents.some((doc) => doc.type === 'OFFBOARDING_EVIDENCE'));
        break;
      case 'LOCATION_SERVICES':
        out[type] = pass(d.devices.length > 0 && d.devices.every((dev) => dev.locationServicesEnabled));
        break;
      default:
        out[type] = pass(d.devices.length > 0 && d.devices.every((dev) => devicePasses(dev, type)));
    }
  }
  const candidates = applicable.filter((t) => t !== 'FULL_COMPLIANCE');
  const misconfigurable = candidates.filter((t) => MISCONFIGURABLE.has(t));
  const misconfigured =
    traits.misconfigured ??
    (misconfigurable.length > 0 && rng.chance(0.025) ? rng.pick(misconfigurable) : undefined);
  if (misconfigured && out[misconfigured] !== undefined) out[misconfigured] = 'MISCONFIGURED';
  const excluded =
    traits.excluded ?? (candidates.length > 0 && rng.chance(0.03) ? rng.pick(candidates) : undefined);
  if (excluded && out[excluded] !== undefined) out[excluded] = 'EXCLUDED';
  if (applicable.includes('FULL_COMPLIANCE')) {
    out.FULL_COMPLIANCE = pass(candidates.every((t) => out[t] === 'PASS' || out[t] === 'EXCLUDED'));
  }
  return out;
}

/** A service account of the realistic profile: every check a current employee can have, all EXCLUDED. */
function allExcluded(): Partial<Record<ComplianceCheckType, ComplianceCheckStatus>> {
  const out: Partial<Record<ComplianceCheckType, ComplianceCheckStatus>> = {};
  for (const type of COMPLIANCE_CHECK_TYPES) {
    if (type === 'FULL_COMPLIANCE' || type === 'OFFBOARDING') continue;
    out[type] = 'EXCLUDED';
  }
  out.FULL_COMPLIANCE = 'PASS';
  return out;
}

const MISCONFIGURABLE = new Set<ComplianceCheckType>([
  'IDENTITY_MFA',
  'AGENT_INSTALLED',
  'LOCATION_SERVICES',
  ...DEVICE_CHECK_TYPES,
]);

/** Which checks apply to a person, by employment status and department (FULL_COMPLIANCE last). */
const applicableCache = new Map<string, ComplianceCheckType[]>();

function applicableChecks(s: EmploymentStatus, department: Department | null): ComplianceCheckType[] {
  const key = `${s}|${department?.name ?? ''}`;
  let cached = applicableCache.get(key);
  if (!cached) {
    cached = computeApplicableChecks(s, department);
    applicableCache.set(key, cached);
  }
  return cached;
}

function computeApplicableChecks(s: EmploymentStatus, department: Department | null): ComplianceCheckType[] {
  const set = new Set<ComplianceCheckType>(['FULL_COMPLIANCE']);
  const add = (...types: ComplianceCheckType[]) => {
    for (const t of types) set.add(t);
  };
  if (isCurrentStatus(s)) {
    add(
      'ACCEPTED_POLICIES',
      'IDENTITY_MFA',
      'BG_CHECK',
      'AGENT_INSTALLED',
      'SECURITY_TRAINING',
      ...DEVICE_CHECK_TYPES,
    );
    if (department?.locationServices) add('LOCATION_SERVICES');
    if (department?.hipaa) add('HIPAA_TRAINING');
    if (department?.nistAi) add('NIST_AI_TRAINING');
  } else if (s === 'FORMER_EMPLOYEE' || s === 'FORMER_CONTRACTOR') {
    // Devices of former personnel are no longer monitored; what matters is offboarding.
    add('ACCEPTED_POLICIES', 'IDENTITY_MFA', 'BG_CHECK', 'SECURITY_TRAINING', 'OFFBOARDING');
  } else if (s === 'FUTURE_HIRE') {
    add('ACCEPTED_POLICIES', 'BG_CHECK', 'SECURITY_TRAINING');
  } else if (s === 'UNKNOWN') {
    add('ACCEPTED_POLICIES', 'IDENTITY_MFA');
  } else if (s === 'SPECIAL_FORMER_EMPLOYEE' || s === 'SPECIAL_FORMER_CONTRACTOR') {
    add('ACCEPTED_POLICIES', 'BG_CHECK', 'OFFBOARDING');
  } else {
    // OUT_OF_SCOPE and SERVICE_ACCOUNT are not assessed, except MFA on service accounts.
    set.clear();
    if (s === 'SERVICE_ACCOUNT') add('IDENTITY_MFA');
  }
  return COMPLIANCE_CHECK_TYPES.filter((t) => set.has(t));
}

export function policyRate(status: EmploymentStatus): number {
  if (status === 'FUTURE_HIRE') return 0.4;
  if (status === 'UNKNOWN') return 0.3;
  if (status.startsWith('SPECIAL')) return 1;
  return isFormerStatus(status) ? 0.95 : 0.91;
}
