/**
 * Renders the API's DTOs from the compact org model, on demand (nothing heavy is stored). V1 records follow
 * PersonnelDetailsResponsePublicDto / PersonnelDetailsTableResponsePublicDto and weigh 4–15 KB like the seed
 * samples; V2 records follow PersonResponsePublicV2Dto with `expand[]` sections present only when asked for.
 * Cosmetic values (UUIDs, case ids, timestamps of checks) are hashed from the org seed and entity ids, so the
 * same org always renders the same bytes. URLs never contain the sandbox's own port.
 */
import { COMPLIANCE_CHECK_TYPES, type ComplianceCheckType, type V2PersonnelExpand } from '../drata/catalog.js';
import { checkEntries, checkFacts, userUpdatedAt } from './dto-shared.js';
import { EXCLUSION_REASON, type Json, SALT, TESTS } from './dto-tables.js';
import { v1Device } from './dto-v1-device.js';
import { v1AdminUser, v1User } from './dto-v1-user.js';
import { type AdminUser, isDeviceCompliant, type Org, type SandboxPerson } from './org.js';
import { EXCLUSION_REASONS } from './people-data.js';
import { hash32 } from './random.js';
import { DAY_MS, dayToIsoTime, dayToMs, HOUR_MS, isoTime } from './time.js';

// --- V1 ---------------------------------------------------------------------------------------------------

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

type Names = Pick<AdminUser, 'email'> & Pick<SandboxPerson, 'firstName' | 'lastName'>;

/** V2 `user` / `reasonProvider`: a user's id, email, names and timestamps. */
function v2User(id: number, u: Names, createdAt: number, updatedAt: number): Json {
  return {
    id,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    createdAt: isoTime(createdAt),
    updatedAt: isoTime(updatedAt),
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
  if (expand.has('user')) out.user = v2User(p.userId, p, p.createdAt, userUpdatedAt(p));
  out.employmentStatus = p.employmentStatus;
  out.notHumanReason = p.notHumanReason;
  if (expand.has('reasonProvider') && p.reasonProviderUserId !== null)
    out.reasonProvider = v2User(org.admin.id, org.admin, org.admin.createdAt, org.admin.createdAt + HOUR_MS);
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
