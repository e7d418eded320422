/**
 * Ground truth for the compliance report, computed straight from the sandbox's in-memory org (not through
 * the API, the normalizer or the aggregator), following the definitions the report documents.
 */
import {
  type ComplianceCheckType,
  type EmploymentStatus,
  isCurrentStatus,
  isFormerStatus,
} from '../../src/drata/catalog.js';
import { isDeviceCompliant, type Org, type SandboxPerson } from '../../src/sandbox/index.js';

const TRAINING: Partial<Record<ComplianceCheckType, string>> = {
  SECURITY_TRAINING: 'SEC_TRAINING',
  HIPAA_TRAINING: 'HIPAA_TRAINING_EVIDENCE',
  NIST_AI_TRAINING: 'NIST_AI_TRAINING_EVIDENCE',
};
const DAY = 86_400_000;

export const displayName = (p: SandboxPerson): string =>
  [p.firstName, p.lastName].filter((s) => s?.trim()).join(' ') || p.email;

export const sortIds = (people: SandboxPerson[]): number[] =>
  [...people]
    .sort((a, b) => {
      const an = displayName(a).toLowerCase();
      const bn = displayName(b).toLowerCase();
      return an < bn ? -1 : an > bn ? 1 : a.id - b.id;
    })
    .map((p) => p.id);

export interface Truth {
  total: number;
  byStatus: Record<string, number>;
  checks: Record<
    string,
    { pass: number; fail: number; misconfigured: number; excluded: number; failing: number[] }
  >;
  /** Not former, failing IDENTITY_MFA. */
  mfaGaps: number[];
  /** Not former, IDENTITY_MFA excluded, a connected identity (not an HRIS record) with hasMfa false. */
  mfaOffExcluded: number[];
  offboardingGaps: number[];
  offboardingIdentity: number[];
  offboardingDevice: number[];
  /** Per training check in focus (current personnel): each list counts that training only. */
  training: Record<string, { expired: number[]; neverCompleted: number[]; dueSoon: number[] }>;
  noDevice: number[];
  failingDevice: number[];
  outOfScopeWithoutReason: number[];
}

export function reportTruth(
  org: Org,
  statuses: readonly EmploymentStatus[],
  focus?: readonly ComplianceCheckType[],
): Truth {
  const today = new Date(org.now).toISOString().slice(0, 10);
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const inScope = org.people.filter((p) => statuses.includes(p.employmentStatus));
  const byStatus: Record<string, number> = {};
  for (const p of inScope) byStatus[p.employmentStatus] = (byStatus[p.employmentStatus] ?? 0) + 1;
  const checks: Truth['checks'] = {};
  for (const p of inScope) {
    for (const [type, status] of Object.entries(p.checks)) {
      if (focus && !focus.includes(type as ComplianceCheckType)) continue;
      checks[type] ??= { pass: 0, fail: 0, misconfigured: 0, excluded: 0, failing: [] };
      const t = checks[type];
      if (status === 'PASS') t.pass++;
      if (status === 'FAIL') t.fail++;
      if (status === 'MISCONFIGURED') t.misconfigured++;
      if (status === 'EXCLUDED') t.excluded++;
    }
  }
  for (const [type, t] of Object.entries(checks)) {
    t.failing = sortIds(
      inScope.filter((p) => ['FAIL', 'MISCONFIGURED'].includes(p.checks[type as ComplianceCheckType] ?? '')),
    );
  }
  const wantMfa = !focus || focus.includes('IDENTITY_MFA');
  const notFormer = inScope.filter((p) => !isFormerStatus(p.employmentStatus));
  const mfa = wantMfa
    ? notFormer.filter((p) => ['FAIL', 'MISCONFIGURED'].includes(p.checks.IDENTITY_MFA ?? ''))
    : [];
  const mfaOffExcluded = wantMfa
    ? notFormer.filter(
        (p) =>
          p.checks.IDENTITY_MFA === 'EXCLUDED' &&
          p.identities.some((i) => i.disconnectedAt === null && !i.hasMfa && !org.connection(i.connectionId).isHris),
      )
    : [];
  const former = inScope.filter((p) => isFormerStatus(p.employmentStatus));
  const connected = (p: SandboxPerson) => p.identities.some((i) => i.disconnectedAt === null);
  const reporting = (p: SandboxPerson) => {
    const sepMs = p.separationDate ? Date.parse(`${p.separationDate}T00:00:00Z`) : undefined;
    return p.devices.some((d) =>
      sepMs !== undefined ? d.lastCheckedAt > sepMs + 3 * DAY : d.lastCheckedAt >= todayMs - 30 * DAY,
    );
  };
  const current = inScope.filter((p) => isCurrentStatus(p.employmentStatus));
  const training: Record<string, { expired: SandboxPerson[]; never: SandboxPerson[]; dueSoon: SandboxPerson[] }> = {};
  for (const [type, docType] of Object.entries(TRAINING)) {
    if (focus && !focus.includes(type as ComplianceCheckType)) continue;
    const lists = { expired: [] as SandboxPerson[], never: [] as SandboxPerson[], dueSoon: [] as SandboxPerson[] };
    training[type] = lists;
    for (const p of current) {
      const status = p.checks[type as ComplianceCheckType];
      if (status === undefined || status === 'EXCLUDED') continue;
      const renewal = p.documents
        .filter((d) => d.type === docType)
        .map((d) => d.renewalDate)
        .sort()
        .at(-1);
      const days = renewal ? Math.round((Date.parse(`${renewal}T00:00:00Z`) - todayMs) / DAY) : undefined;
      if (days !== undefined && days < 0) lists.expired.push(p);
      else if (status === 'FAIL') lists.never.push(p);
      else if (days !== undefined && days <= 30) lists.dueSoon.push(p);
    }
  }
  return {
    total: inScope.length,
    byStatus,
    checks,
    mfaGaps: sortIds(mfa),
    mfaOffExcluded: sortIds(mfaOffExcluded),
    offboardingGaps: sortIds(former.filter((p) => connected(p) || reporting(p))),
    offboardingIdentity: sortIds(former.filter(connected)),
    offboardingDevice: sortIds(former.filter(reporting)),
    training: Object.fromEntries(
      Object.entries(training).map(([type, l]) => [
        type,
        { expired: sortIds(l.expired), neverCompleted: sortIds(l.never), dueSoon: sortIds(l.dueSoon) },
      ]),
    ),
    noDevice: sortIds(current.filter((p) => p.devices.length === 0)),
    failingDevice: sortIds(current.filter((p) => p.devices.some((d) => !isDeviceCompliant(d)))),
    outOfScopeWithoutReason: sortIds(
      inScope.filter((p) => p.employmentStatus === 'OUT_OF_SCOPE' && !p.notHumanReason?.trim()),
    ),
  };
}
