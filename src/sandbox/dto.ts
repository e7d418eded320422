/**
 * Renders the API's DTOs from the compact org model, on demand (nothing heavy is stored). V1 records follow
 * PersonnelDetailsResponsePublicDto / PersonnelDetailsTableResponsePublicDto and weigh 4–15 KB like the seed
 * samples; V2 records follow PersonResponsePublicV2Dto with `expand[]` sections present only when asked for.
 * Cosmetic values (UUIDs, case ids, timestamps of checks) are hashed from the org seed and entity ids, so the
 * same org always renders the same bytes. URLs never contain the sandbox's own port.
 */

import type { V2PersonnelExpand } from '../drata/catalog.js';
import {
  COMPLIANCE_CHECK_TYPES,
  type ComplianceCheckStatus,
  type ComplianceCheckType,
} from '../drata/catalog.js';
import {
  type AdminUser,
  type BackgroundCheck,
  type Connection,
  DEVICE_CHECK_TYPES,
  type Device,
  devicePasses,
  type Identity,
  isDeviceCompliant,
  type Org,
  type SandboxPerson,
  type UserDocument,
} from './org.js';
import { EXCLUSION_REASONS } from './people-data.js';
import { hash32, hashHex, hashUuid } from './random.js';
import { DAY_MS, dayToIsoTime, dayToMs, isoTime } from './time.js';

type Json = Record<string, unknown>;

const FILES = 'https://cdn.drata.invalid';
const HOUR_MS = 3_600_000;

/** Salts keep the hashed cosmetic values of different kinds independent. */
const SALT = { entry: 1, check: 2, identity: 3, bg: 4, test: 5, exclusion: 6, avatar: 7 } as const;

const TRAINING_DOC: Partial<Record<ComplianceCheckType, UserDocument['type']>> = {
  SECURITY_TRAINING: 'SEC_TRAINING',
  HIPAA_TRAINING: 'HIPAA_TRAINING_EVIDENCE',
  NIST_AI_TRAINING: 'NIST_AI_TRAINING_EVIDENCE',
};

const FREQUENCY: Record<ComplianceCheckType, string> = {
  FULL_COMPLIANCE: 'DAILY',
  ACCEPTED_POLICIES: 'YEARLY',
  IDENTITY_MFA: 'DAILY',
  BG_CHECK: 'ONCE',
  AGENT_INSTALLED: 'DAILY',
  PASSWORD_MANAGER: 'DAILY',
  HDD_ENCRYPTION: 'DAILY',
  ANTIVIRUS: 'DAILY',
  AUTO_UPDATES: 'DAILY',
  LOCK_SCREEN: 'DAILY',
  SECURITY_TRAINING: 'YEARLY',
  LOCATION_SERVICES: 'DAILY',
  HIPAA_TRAINING: 'YEARLY',
  OFFBOARDING: 'ONCE',
  NIST_AI_TRAINING: 'YEARLY',
};

/** Autopilot tests (V1 `complianceTests`) backing some check types. */
const TESTS: Partial<Record<ComplianceCheckType, readonly [number, string, string]>> = {
  IDENTITY_MFA: [1, 'IDENTITY_PROVIDER_MFA_ENABLED', 'MFA on Identity Provider'],
  BG_CHECK: [12, 'EMPLOYEES_BACKGROUND_CHECK_COMPLIANCE', 'Background checks completed'],
  SECURITY_TRAINING: [41, 'EMPLOYEES_SECURITY_COMPLIANCE', 'Security awareness training completed'],
  OFFBOARDING: [52, 'FORMER_PERSONNEL_OFFBOARDED', 'Former personnel offboarded'],
};

const EXCLUSION_REASON: Partial<Record<ComplianceCheckType, string>> = {
  BG_CHECK: 'Background check performed by the staffing agency',
  SECURITY_TRAINING: 'Completed equivalent training at the parent company',
  HDD_ENCRYPTION: 'Linux workstation: agent not supported, reviewed manually each quarter',
};

const DOC_NAMES: Record<UserDocument['type'], string> = {
  SEC_TRAINING: 'Security Awareness Training Certificate',
  PASSWORD_MANAGER_EVIDENCE: 'Password Manager Evidence',
  AUTO_UPDATES_EVIDENCE: 'Auto Updates Evidence',
  HARD_DRIVE_ENCRYPTION_EVIDENCE: 'Hard Drive Encryption Evidence',
  ANTIVIRUS_EVIDENCE: 'Antivirus Evidence',
  LOCK_SCREEN_EVIDENCE: 'Lock Screen Evidence',
  MFA_EVIDENCE: 'MFA Evidence',
  HIPAA_TRAINING_EVIDENCE: 'HIPAA Training Certificate',
  OFFBOARDING_EVIDENCE: 'Offboarding Checklist',
  NIST_AI_TRAINING_EVIDENCE: 'AI Awareness Training Certificate',
};

// --- shared pieces --------------------------------------------------------------------------------------

/** Timestamps and id of one personnel check (shared by V1 and V2 so both views agree). */
function checkFacts(org: Org, p: SandboxPerson, type: ComplianceCheckType, status: ComplianceCheckStatus) {
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

function checkEntries(p: SandboxPerson): Array<[ComplianceCheckType, ComplianceCheckStatus]> {
  const out: Array<[ComplianceCheckType, ComplianceCheckStatus]> = [];
  for (const type of COMPLIANCE_CHECK_TYPES) {
    const status = p.checks[type];
    if (status !== undefined) out.push([type, status]);
  }
  return out;
}

const userUpdatedAt = (p: SandboxPerson) => Math.max(p.createdAt, p.drataTermsAgreedAt ?? 0);

// --- V1 ---------------------------------------------------------------------------------------------------

/**
 * A user as nested inside another DTO (identity, connection, background check): the required
 * UserResponsePublicDto fields only, with no identities (the spec's circular reference stops here).
 */
function v1NestedUser(
  org: Org,
  u: { userId: number; email: string; createdAt: number; updatedAt: number },
  roles: readonly string[],
): Json {
  return {
    id: u.userId,
    entryId: hashUuid(org.seed, SALT.entry, u.userId),
    email: u.email,
    createdAt: isoTime(u.createdAt),
    updatedAt: isoTime(u.updatedAt),
    roles: [...roles],
    identities: [],
  };
}

const nestedPerson = (org: Org, p: SandboxPerson) =>
  v1NestedUser(
    org,
    { userId: p.userId, email: p.email, createdAt: p.createdAt, updatedAt: userUpdatedAt(p) },
    p.roles,
  );

const ADMIN_ROLES = ['ADMIN', 'EMPLOYEE'] as const;

/** The admin (API key owner) as a full UserResponsePublicDto (V1 `reasonProvider`). */
function v1AdminUser(org: Org, a: AdminUser): Json {
  return {
    id: a.id,
    entryId: hashUuid(org.seed, SALT.entry, a.id),
    email: a.email,
    firstName: a.firstName,
    lastName: a.lastName,
    jobTitle: a.jobTitle,
    avatarUrl: null,
    drataTermsAgreedAt: isoTime(a.createdAt + HOUR_MS),
    createdAt: isoTime(a.createdAt),
    updatedAt: isoTime(a.createdAt + HOUR_MS),
    roles: [...ADMIN_ROLES],
    identities: [],
  };
}

function v1Connection(org: Org, c: Connection): Json {
  return {
    id: c.id,
    clientType: c.clientType,
    state: 'ACTIVE',
    connected: true,
    connectedAt: isoTime(c.connectedAt),
    failedAt: null,
    companyId: null,
    assignmentId: null,
    user: v1NestedUser(
      org,
      {
        userId: org.admin.id,
        email: org.admin.email,
        createdAt: org.admin.createdAt,
        updatedAt: org.admin.createdAt + HOUR_MS,
      },
      ADMIN_ROLES,
    ),
    accountId: c.isHris ? 'example-hr' : 'example.com',
    clientId: `${c.clientType.toLowerCase()}-${hashHex(12, org.seed, c.id)}`,
    clientAlias: c.alias,
    manuallyUpdatedAt: null,
    aliasUpdatedAt: null,
    deletedAt: null,
    requestorId: null,
    product: {},
    writeAccessEnabled: false,
    sourcePreference: null,
    securityLabel: null,
    jqlQuery: null,
    authorized: true,
    workspaces: !c.hasIdp
      ? []
      : [
          {
            id: 1,
            name: 'Drata',
            description: 'SOC 2 compliance workspace',
            howItWorks: 'Continuous control monitoring',
            url: 'https://drata.com',
            logo: `${FILES}/logos/workspace-1.png`,
            primary: true,
          },
        ],
    providerTypes: [{ value: c.providerType, isEnabled: true }],
    code: null,
    groupLabel: c.hasIdp ? 'Everyone' : null,
  };
}

function v1Identity(org: Org, p: SandboxPerson, i: Identity): Json {
  const c = org.connection(i.connectionId);
  const manager = c.isHris && p.managerId !== null ? org.get(p.managerId) : undefined;
  const hris = c.isHris && p.synced !== null;
  return {
    id: i.id,
    identityId: c.isHris ? i.username : hashHex(21, org.seed, SALT.identity, i.id),
    username: i.username,
    connectedAt: isoTime(i.connectedAt),
    disconnectedAt: isoTime(i.disconnectedAt),
    hasMfa: i.hasMfa,
    user: nestedPerson(org, p),
    connection: v1Connection(org, c),
    hasIdp: c.hasIdp,
    secondaryEmail: null,
    // Identity providers report empty strings, not nulls, for missing names.
    firstName: p.firstName ?? '',
    lastName: p.lastName ?? '',
    startedAt: hris ? dayToIsoTime(p.synced?.startDate ?? null) : null,
    separatedAt: hris ? dayToIsoTime(p.synced?.separationDate ?? null) : null,
    isContractor: p.isContractor,
    jobTitle: c.isHris ? p.jobTitle : null,
    managerId: manager ? `emp-${manager.id}` : null,
    managerName: manager ? fullName(manager) : null,
  };
}

function v1BackgroundCheck(org: Org, p: SandboxPerson, b: BackgroundCheck): Json {
  const manual = b.type === 'MANUAL';
  const caseId = hashHex(10, org.seed, SALT.bg, b.id);
  return {
    id: b.id,
    userId: p.userId,
    status: b.status,
    caseId: manual ? null : `case-${caseId}`,
    caseInvitationId: manual ? null : `inv-${caseId}`,
    url: manual
      ? null
      : `https://app.${b.type.toLowerCase()}.example/background_check/${hashUuid(org.seed, SALT.bg, b.id)}`,
    manualCheckDate: manual ? isoTime(b.createdAt)?.slice(0, 10) : null,
    manuallyCheckUrl: manual ? `${FILES}/background-checks/${b.id}.pdf` : null,
    type: b.type,
    source: manual ? 'MANUAL' : 'DRATA',
    reportData: manual ? null : JSON.stringify({ package: 'standard', result: b.status.toLowerCase() }),
    user: nestedPerson(org, p),
    outOfScopeReason: null,
    outOfScopeAt: null,
    invitationEmail: manual ? null : p.email.toLowerCase(),
    linkedAt: isoTime(b.createdAt + HOUR_MS),
    createdAt: isoTime(b.createdAt),
    updatedAt: isoTime(b.createdAt + 7 * DAY_MS),
  };
}

function v1Document(d: UserDocument): Json {
  return {
    id: d.id,
    name: DOC_NAMES[d.type],
    type: d.type,
    fileUrl: `${FILES}/download/documents/${d.id}`,
    renewalDate: d.renewalDate,
    createdAt: isoTime(d.createdAt),
    updatedAt: isoTime(d.createdAt),
  };
}

function v1User(org: Org, p: SandboxPerson): Json {
  return {
    id: p.userId,
    entryId: hashUuid(org.seed, SALT.entry, p.userId),
    email: p.email,
    firstName: p.firstName,
    lastName: p.lastName,
    jobTitle: p.jobTitle,
    avatarUrl: hash32(org.seed, SALT.avatar, p.userId) % 3 === 0 ? `${FILES}/avatars/${p.userId}.png` : null,
    drataTermsAgreedAt: isoTime(p.drataTermsAgreedAt),
    createdAt: isoTime(p.createdAt),
    updatedAt: isoTime(userUpdatedAt(p)),
    roles: [...p.roles],
    backgroundChecks: p.backgroundCheck ? [v1BackgroundCheck(org, p, p.backgroundCheck)] : [],
    identities: p.identities.map((i) => v1Identity(org, p, i)),
    documents: [{ data: p.documents.map(v1Document), page: 1, limit: 20, total: p.documents.length }],
  };
}

function deviceCheckStatus(d: Device, type: (typeof DEVICE_CHECK_TYPES)[number]): ComplianceCheckStatus {
  return devicePasses(d, type) ? 'PASS' : 'FAIL';
}

function v1Device(d: Device): Json {
  const checked = isoTime(d.lastCheckedAt);
  const ids = (kind: string, i: number, value: string) => ({
    id: d.id * 4 + i,
    type: kind,
    identifier: value,
    createdAt: isoTime(d.createdAt),
    updatedAt: isoTime(d.createdAt),
  });
  return {
    id: d.id,
    osVersion: d.osVersion,
    serialNumber: d.serialNumber,
    model: d.model,
    macAddress: d.macAddress,
    encryptionEnabled: d.encryptionEnabled,
    encryptionExplanation: d.encryptionEnabled ? null : { message: 'No encryption provided' },
    firewallEnabled: d.firewallEnabled,
    firewallExplanation: d.firewallEnabled ? null : { message: 'Firewall is turned off' },
    lastCheckedAt: checked,
    sourceType: d.sourceType,
    createdAt: isoTime(d.createdAt),
    updatedAt: checked,
    deletedAt: null,
    appsCount: d.appsCount,
    complianceChecks: DEVICE_CHECK_TYPES.map((type, i) => ({
      id: d.id * 8 + i,
      status: deviceCheckStatus(d, type),
      type,
      expiresAt: isoTime(d.lastCheckedAt + DAY_MS),
      checkFrequency: 'DAILY',
      lastCheckedAt: checked,
      createdAt: isoTime(d.createdAt),
      updatedAt: checked,
    })),
    identifiers: [ids('SERIAL_NUMBER', 0, d.serialNumber), ids('MAC_ADDRESS', 1, d.macAddress)],
    documents: d.sourceType === 'AGENT' ? [] : [deviceDocument(d)],
    isDeviceCompliant: isDeviceCompliant(d),
    screenLockTime: d.screenLockTime,
    screenLockExplanation: {
      minutesIdleBeforeSleep: String(Math.max(1, Math.round(d.screenLockTime / 60))),
      minutesSleepingBeforePasswordIsRequired: '0',
    },
    antivirusEnabled: d.antivirusEnabled,
    antivirusExplanation: d.antivirusEnabled ? null : { message: 'No matching app was found' },
    autoUpdateEnabled: d.autoUpdateEnabled,
    autoUpdateExplanation: d.autoUpdateEnabled ? null : { message: 'No compliances found' },
    passwordManagerEnabled: d.passwordManagerEnabled,
    passwordManagerExplanation: { passwordManagerApps: d.passwordManagerEnabled ? ['1Password 8'] : [] },
    agentVersion: d.agentVersion,
  };
}

function deviceDocument(d: Device): Json {
  return {
    id: d.id,
    type: 'HARD_DRIVE_ENCRYPTION_EVIDENCE',
    name: `${d.sourceType} encryption report`,
    fileUrl: `${FILES}/download/device-documents/${d.id}`,
    createdAt: isoTime(d.createdAt),
    updatedAt: isoTime(d.createdAt),
  };
}

function v1ComplianceTests(org: Org, p: SandboxPerson): Json[] {
  const out: Json[] = [];
  for (const [type, status] of checkEntries(p)) {
    const test = TESTS[type];
    if (!test) continue;
    const [testId, taskType, name] = test;
    const h = hash32(org.seed, SALT.test, p.id, testId);
    out.push({
      monitorId: 100 + testId,
      autopilotTaskType:
        p.isContractor && type === 'BG_CHECK' ? 'CONTRACTORS_BACKGROUND_CHECK_COMPLIANCE' : taskType,
      controlTestInstanceId: 1000 + testId,
      testId,
      name,
      checkStatus: 'ENABLED',
      checkResultStatus: status === 'MISCONFIGURED' ? 'ERROR' : status === 'FAIL' ? 'FAILED' : 'PASSED',
      lastCheck: isoTime(org.now - (h % (24 * 3600)) * 1000),
    });
  }
  return out;
}

/** V1 `PersonnelDetailsResponsePublicDto`. */
export function renderV1Details(org: Org, p: SandboxPerson): Json {
  const primary = p.devices[0];
  const out: Json = {
    id: p.id,
    employmentStatus: p.employmentStatus,
    notHumanReason: p.notHumanReason,
    osVersion: primary?.osVersion ?? null,
    serialNumber: primary?.serialNumber ?? null,
    user: v1User(org, p),
  };
  if (p.reasonProviderUserId !== null) out.reasonProvider = v1AdminUser(org, org.admin);
  out.complianceChecks = checkEntries(p).map(([type, status]) => {
    const { id, type: t, status: s, ...rest } = checkFacts(org, p, type, status);
    return { id, status: s, type: t, ...rest };
  });
  out.complianceTests = v1ComplianceTests(org, p);
  out.startDate = p.startDate;
  out.separationDate = p.separationDate;
  out.statusUpdatedAt = isoTime(p.statusUpdatedAt);
  out.data = {
    osVersion: primary?.osVersion ?? null,
    serialNumber: primary?.serialNumber ?? null,
    screenLockTime: primary?.screenLockTime ?? null,
    agentVersion: primary?.agentVersion ?? null,
    macAddress: primary?.macAddress ?? null,
    lastcheckedAt: isoTime(primary?.lastCheckedAt ?? null),
    createdAt: isoTime(p.createdAt),
    updatedAt: isoTime(Math.max(p.createdAt, primary?.lastCheckedAt ?? 0)),
  };
  out.createdAt = isoTime(p.createdAt);
  out.updatedAt = isoTime(p.updatedAt);
  out.devices = p.devices.map(v1Device);
  return out;
}

/** V1 `PersonnelDetailsTableResponsePublicDto` (a list row): the details plus agent and device counters. */
export function renderV1Row(org: Org, p: SandboxPerson): Json {
  return {
    ...renderV1Details(org, p),
    agentEnabled: p.devices.some((d) => d.sourceType === 'AGENT'),
    manualUploadEnabled: p.devices.length === 0 && p.isContractor,
    devicesCount: p.devices.length,
    devicesFailingComplianceCount: p.devices.filter((d) => !isDeviceCompliant(d)).length,
  };
}

/** Size in bytes of a person's V1 details record as JSON (the benchmark's "heavy record"). */
export function v1RecordSize(org: Org, p: SandboxPerson): number {
  return Buffer.byteLength(JSON.stringify(renderV1Details(org, p)));
}

// --- V2 ---------------------------------------------------------------------------------------------------

function v2User(p: SandboxPerson): Json {
  return {
    id: p.userId,
    email: p.email,
    firstName: p.firstName,
    lastName: p.lastName,
    createdAt: isoTime(p.createdAt),
    updatedAt: isoTime(userUpdatedAt(p)),
  };
}

function v2Admin(a: AdminUser): Json {
  return {
    id: a.id,
    email: a.email,
    firstName: a.firstName,
    lastName: a.lastName,
    createdAt: isoTime(a.createdAt),
    updatedAt: isoTime(a.createdAt + HOUR_MS),
  };
}

function v2Exclusion(org: Org, p: SandboxPerson, type: ComplianceCheckType): Json {
  const h = hash32(org.seed, SALT.exclusion, p.id, COMPLIANCE_CHECK_TYPES.indexOf(type));
  const createdAt = Math.max(p.createdAt, org.now - (20 + (h % 200)) * DAY_MS);
  const reason = EXCLUSION_REASON[type] ?? EXCLUSION_REASONS[h % EXCLUSION_REASONS.length] ?? 'Excluded';
  const startDay = dayToMs(isoTime(createdAt)?.slice(0, 10) ?? '');
  return {
    id: p.id * 16 + COMPLIANCE_CHECK_TYPES.indexOf(type),
    reason,
    createdById: org.admin.id,
    createdByEmail: org.admin.email,
    createdAt: isoTime(createdAt),
    startDate: isoTime(startDay),
    endDate: h % 2 === 0 ? null : isoTime(startDay + (90 + (h % 180)) * DAY_MS),
  };
}

/** V2 `PersonResponsePublicV2Dto`; `user`, `reasonProvider`, `complianceChecks`, `customFields` only when expanded. */
export function renderV2Person(org: Org, p: SandboxPerson, expand: ReadonlySet<V2PersonnelExpand>): Json {
  const out: Json = { id: p.id, userId: p.userId };
  if (expand.has('user')) out.user = v2User(p);
  out.employmentStatus = p.employmentStatus;
  out.notHumanReason = p.notHumanReason;
  if (expand.has('reasonProvider') && p.reasonProviderUserId !== null)
    out.reasonProvider = v2Admin(org.admin);
  if (expand.has('complianceChecks')) {
    out.complianceChecks = checkEntries(p).map(([type, status]) => {
      const facts: Json = checkFacts(org, p, type, status);
      if (status === 'EXCLUDED') facts.exclusion = v2Exclusion(org, p, type);
      return facts;
    });
  }
  out.startedAt = dayToIsoTime(p.startDate);
  out.separatedAt = dayToIsoTime(p.separationDate);
  out.statusUpdatedAt = isoTime(p.statusUpdatedAt);
  out.createdAt = isoTime(p.createdAt);
  out.updatedAt = isoTime(p.updatedAt);
  if (expand.has('customFields')) {
    out.customFields = org.customFields.map((f, i) => ({
      customFieldId: f.id,
      name: f.name,
      value: p.customFields[i] ?? null,
    }));
  }
  return out;
}

/** "First Last" (either part may be missing). */
export function fullName(p: Pick<SandboxPerson, 'firstName' | 'lastName'>): string {
  return [p.firstName, p.lastName].filter((x) => x !== null && x !== '').join(' ');
}
