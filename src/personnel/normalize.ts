/**
 * V1 and V2 records → one Person. The only place that reads Drata's field names; everything after this
 * works from the Person model.
 */
import type { V1Personnel, V2Person } from '../drata/schemas.js';
import { FAILING_STATUSES, type Person, type PersonCheck, type PersonTraining } from './model.js';
import { keyOf, NO_POOL, type Pool } from './pool.js';

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

/**
 * A V1 record as a Person. A walk passes its pool (pool.ts): repeated strings and small records are then
 * one shared copy across the walk's records (frozen); a record normalized alone keeps its own.
 */
export function fromV1(r: V1Personnel, pool: Pool = NO_POOL): Person {
  const user = r.user;
  const s = <T extends string | undefined>(v: T): T => pool.str(v);
  const firstName = s(opt(user.firstName));
  const lastName = s(opt(user.lastName));
  return {
    id: r.id,
    userId: user.id,
    firstName,
    lastName,
    name: s(displayName(firstName, lastName, user.email, r.id)),
    email: user.email,
    jobTitle: s(opt(user.jobTitle)),
    employmentStatus: s(r.employmentStatus),
    notHumanReason: s(opt(r.notHumanReason)),
    reasonProvider: s(opt(r.reasonProvider?.email) ?? undefined),
    startDate: s(toDay(r.startDate)),
    separationDate: s(toDay(r.separationDate)),
    statusUpdatedAt: opt(r.statusUpdatedAt),
    createdAt: opt(r.createdAt),
    updatedAt: opt(r.updatedAt),
    checks: r.complianceChecks?.map((c) => v1Check(c, pool)),
    identities: user.identities?.map((i) => ({
      provider: s(opt(i.connection?.clientType) ?? opt(i.connection?.clientAlias) ?? 'UNKNOWN'),
      username: opt(i.username),
      hasMfa: opt(i.hasMfa),
      connected: Boolean(i.connectedAt) && !i.disconnectedAt,
      connectedAt: opt(i.connectedAt),
      disconnectedAt: opt(i.disconnectedAt),
      isIdp: opt(i.hasIdp),
      isHris: i.connection?.providerTypes?.includes('HRIS') || undefined,
    })),
    ...v1Devices(r, pool),
    backgroundChecks: user.backgroundChecks?.map((b) => v1BackgroundCheck(b, pool)),
    trainings: user.documents ? v1Trainings(user.documents, pool) : undefined,
    sources: pool.record('sources:v1', (): Array<'v1' | 'v2'> => ['v1']),
  };
}

type V1Check = NonNullable<V1Personnel['complianceChecks']>[number];
type V1User = V1Personnel['user'];

function v1Check(c: V1Check, pool: Pool): PersonCheck {
  const completedOn = pool.str(toDay(c.completionDate));
  const expiresOn = pool.str(toDay(c.expiresAt));
  const lastCheckedAt = opt(c.lastCheckedAt);
  return pool.record(keyOf('check', c.type, c.status, completedOn, expiresOn, lastCheckedAt), () => ({
    type: pool.str(c.type),
    status: pool.str(c.status),
    completedOn,
    expiresOn,
    lastCheckedAt,
  }));
}

function v1Devices(r: V1Personnel, pool: Pool): Pick<Person, 'devices' | 'deviceCount' | 'failingDeviceCount'> {
  const liveDevices = (r.devices ?? []).filter((d) => !d.deletedAt);
  return {
    devices: r.devices
      ? liveDevices.map((d) => {
          const failing = (d.complianceChecks ?? []).filter((c) => FAILING_STATUSES.has(c.status)).map((c) => c.type);
          return {
            id: d.id ?? 0,
            name: pool.str(opt(d.model)),
            osVersion: pool.str(opt(d.osVersion)),
            serialNumber: opt(d.serialNumber),
            source: pool.str(opt(d.sourceType)),
            lastCheckedAt: opt(d.lastCheckedAt),
            compliant: opt(d.isDeviceCompliant),
            failingChecks: pool.record(keyOf('failing', ...failing), () => failing.map((t) => pool.str(t))),
          };
        })
      : undefined,
    deviceCount: opt(r.devicesCount) ?? (r.devices ? liveDevices.length : undefined),
    failingDeviceCount: opt(r.devicesFailingComplianceCount),
  };
}

function v1BackgroundCheck(b: NonNullable<V1User['backgroundChecks']>[number], pool: Pool) {
  const s = <T extends string | undefined>(v: T): T => pool.str(v);
  const status = s(b.status ?? 'UNKNOWN');
  const type = s(opt(b.type));
  const source = s(opt(b.source));
  const date = s(toDay(b.manualCheckDate) ?? toDay(b.linkedAt) ?? toDay(b.updatedAt));
  const outOfScopeReason = s(opt(b.outOfScopeReason));
  return pool.record(keyOf('background', status, type, source, date, outOfScopeReason), () => ({
    status,
    type,
    source,
    date,
    outOfScopeReason,
  }));
}

/** The latest training of each type among the person's documents (the other documents are device evidence). */
function v1Trainings(documents: NonNullable<V1User['documents']>, pool: Pool): PersonTraining[] {
  const trainings: PersonTraining[] = [];
  for (const page of documents) {
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
  return latestPerType(trainings).map((t) =>
    pool.record(keyOf('training', t.type, t.name, t.completedOn, t.renewalOn), () => ({
      type: pool.str(t.type),
      name: pool.str(t.name),
      completedOn: pool.str(t.completedOn),
      renewalOn: pool.str(t.renewalOn),
    })),
  );
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
