/**
 * V1 and V2 records → one Person. The only place that reads Drata's field names; everything after this
 * works from the Person model.
 */
import type { V1Personnel, V2Person } from '../drata/schemas.js';
import { FAILING_STATUSES, type Person, type PersonCheck, type PersonTraining } from './model.js';

/** Document types that record a training (the rest are device evidence). */
export const TRAINING_DOCUMENT_TYPES: ReadonlySet<string> = new Set([
  'SEC_TRAINING',
  'HIPAA_TRAINING_EVIDENCE',
  'NIST_AI_TRAINING_EVIDENCE',
]);

const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

/** `2023-01-04T00:00:00.000Z` or `2023-01-04` → `2023-01-04`; anything unparsable → undefined. */
export function toDay(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  if (m) return m[1];
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 10);
}

function displayName(
  first: string | undefined,
  last: string | undefined,
  email: string | undefined,
  id: number,
) {
  const name = [first, last]
    .filter((s) => s?.trim())
    .join(' ')
    .trim();
  return name || email || `Personnel #${id}`;
}

/** Keep the latest training record of each type (by renewal date, then completion). */
function latestPerType(trainings: PersonTraining[]): PersonTraining[] {
  const byType = new Map<string, PersonTraining>();
  for (const t of trainings) {
    const prev = byType.get(t.type);
    const key = (x: PersonTraining) => `${x.renewalOn ?? ''}|${x.completedOn ?? ''}`;
    if (!prev || key(t) > key(prev)) byType.set(t.type, t);
  }
  return [...byType.values()].sort((a, b) => a.type.localeCompare(b.type));
}

export function fromV1(r: V1Personnel): Person {
  const user = r.user;
  const firstName = opt(user.firstName);
  const lastName = opt(user.lastName);
  const checks: PersonCheck[] | undefined = r.complianceChecks?.map((c) => ({
    type: c.type,
    status: c.status,
    completedOn: toDay(c.completionDate),
    expiresOn: toDay(c.expiresAt),
    lastCheckedAt: opt(c.lastCheckedAt),
  }));
  const liveDevices = (r.devices ?? []).filter((d) => !d.deletedAt);
  const trainings: PersonTraining[] = [];
  for (const page of user.documents ?? []) {
    for (const doc of page.data ?? []) {
      if (doc.type && TRAINING_DOCUMENT_TYPES.has(doc.type)) {
        trainings.push({
          type: doc.type,
          name: opt(doc.name),
          completedOn: toDay(doc.createdAt),
          renewalOn: toDay(doc.renewalDate),
        });
      }
    }
  }
  return {
    id: r.id,
    userId: user.id,
    firstName,
    lastName,
    name: displayName(firstName, lastName, user.email, r.id),
    email: user.email,
    jobTitle: opt(user.jobTitle),
    employmentStatus: r.employmentStatus,
    notHumanReason: opt(r.notHumanReason),
    reasonProvider: opt(r.reasonProvider?.email) ?? undefined,
    startDate: toDay(r.startDate),
    separationDate: toDay(r.separationDate),
    statusUpdatedAt: opt(r.statusUpdatedAt),
    createdAt: opt(r.createdAt),
    updatedAt: opt(r.updatedAt),
    checks,
    identities: user.identities?.map((i) => ({
      provider: opt(i.connection?.clientType) ?? opt(i.connection?.clientAlias) ?? 'UNKNOWN',
      username: opt(i.username),
      hasMfa: opt(i.hasMfa),
      connected: Boolean(i.connectedAt) && !i.disconnectedAt,
      connectedAt: opt(i.connectedAt),
      disconnectedAt: opt(i.disconnectedAt),
      isIdp: opt(i.hasIdp),
      isHris: i.connection?.providerTypes?.includes('HRIS') || undefined,
    })),
    devices: r.devices
      ? liveDevices.map((d) => ({
          id: d.id ?? 0,
          name: opt(d.model),
          osVersion: opt(d.osVersion),
          serialNumber: opt(d.serialNumber),
          source: opt(d.sourceType),
          lastCheckedAt: opt(d.lastCheckedAt),
          compliant: opt(d.isDeviceCompliant),
          failingChecks: (d.complianceChecks ?? [])
            .filter((c) => FAILING_STATUSES.has(c.status))
            .map((c) => c.type),
        }))
      : undefined,
    deviceCount: opt(r.devicesCount) ?? (r.devices ? liveDevices.length : undefined),
    failingDeviceCount: opt(r.devicesFailingComplianceCount),
    backgroundChecks: user.backgroundChecks?.map((b) => ({
      status: b.status ?? 'UNKNOWN',
      type: opt(b.type),
      source: opt(b.source),
      date: toDay(b.manualCheckDate) ?? toDay(b.linkedAt) ?? toDay(b.updatedAt),
      outOfScopeReason: opt(b.outOfScopeReason),
    })),
    trainings: user.documents ? latestPerType(trainings) : undefined,
    sources: ['v1'],
  };
}

export function fromV2(r: V2Person): Person {
  const firstName = opt(r.user?.firstName);
  const lastName = opt(r.user?.lastName);
  const email = opt(r.user?.email);
  return {
    id: r.id,
    userId: opt(r.userId) ?? opt(r.user?.id),
    firstName,
    lastName,
    name: displayName(firstName, lastName, email, r.id),
    email,
    employmentStatus: r.employmentStatus,
    notHumanReason: opt(r.notHumanReason),
    reasonProvider: opt(r.reasonProvider?.email),
    startDate: toDay(r.startedAt),
    separationDate: toDay(r.separatedAt),
    statusUpdatedAt: opt(r.statusUpdatedAt),
    createdAt: opt(r.createdAt),
    updatedAt: opt(r.updatedAt),
    checks: r.complianceChecks?.map((c) => ({
      type: c.type,
      status: c.status,
      completedOn: toDay(c.completionDate),
      expiresOn: toDay(c.expiresAt),
      lastCheckedAt: opt(c.lastCheckedAt),
      exclusion: c.exclusion
        ? {
            reason: opt(c.exclusion.reason),
            by: opt(c.exclusion.createdByEmail),
            from: opt(c.exclusion.startDate),
            until: opt(c.exclusion.endDate),
          }
        : undefined,
    })),
    customFields: r.customFields?.map((f) => ({
      id: f.customFieldId ?? 0,
      name: f.name ?? `#${f.customFieldId}`,
      value: f.value ?? null,
    })),
    sources: ['v2'],
  };
}

/**
 * One person seen through both APIs: V1 brings identities, devices, documents and background checks; V2
 * brings custom fields and check exclusions. Where both carry a field, V2 wins only for checks (it has the
 * exclusion details) and fills gaps elsewhere.
 */
export function mergePerson(v1: Person, v2: Person | undefined): Person {
  if (!v2) return v1;
  return {
    ...v1,
    reasonProvider: v1.reasonProvider ?? v2.reasonProvider,
    statusUpdatedAt: v1.statusUpdatedAt ?? v2.statusUpdatedAt,
    checks: v2.checks ?? v1.checks,
    customFields: v2.customFields ?? v1.customFields,
    sources: ['v1', 'v2'],
  };
}
