/**
 * Brute-force answers to list_personnel queries, straight from the sandbox's in-memory org (not through the
 * API, the normalizer or the query model): who matches, in which order, which identities and devices
 * matched, and the group counts. The definitions follow the tool's documentation; the order is the
 * sandbox's own sort.
 */
import {
  type ComplianceCheckType,
  EMPLOYMENT_STATUSES,
  isFormerStatus,
  V1_STATUS_AGGREGATES,
  type V1Sort,
} from '../../src/drata/catalog.js';
import { DEVICE_CHECK_TYPES, type Device, devicePasses, type Identity, isDeviceCompliant, type Org, type SandboxPerson } from '../../src/sandbox/index.js';
import { compareEntries, v1SortKey, v2SortKey } from '../../src/sandbox/sort.js';

const DAY = 86_400_000;

export interface TruthQuery {
  employmentStatus?: string[];
  search?: string;
  failing?: string[];
  passing?: string[];
  excluded?: string[];
  checkStatus?: Record<string, string[]>;
  devices?: 'none' | 'anyFailing' | 'allCompliant';
  offboardingGap?: 'any' | 'identityConnected' | 'deviceReporting';
  startedFrom?: string;
  startedTo?: string;
  separatedFrom?: string;
  separatedTo?: string;
  reason?: string;
  jobTitle?: string;
  manual?: boolean;
  identity?: { provider?: string; connected?: boolean; mfa?: 'on' | 'off' | 'unknown' | 'n/a'; username?: string };
  device?: {
    failing?: string[];
    source?: string;
    os?: string;
    model?: string;
    seenBefore?: string;
    seenAfter?: string;
    min?: number;
    max?: number;
  };
  include?: string[];
  groupBy?: string;
  countOnly?: boolean;
  sort?: string;
  sortDir?: 'ASC' | 'DESC';
}

const low = (s: string | null | undefined) => (s ?? '').normalize('NFC').toLowerCase();
/** Text conditions are trimmed by the tool's input schema. */
const has = (v: string | null | undefined, part: string | undefined) =>
  part === undefined || low(v).includes(low(part.trim()));
const day = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString().slice(0, 10));

export function statusesOf(q: TruthQuery): Set<string> {
  const out = new Set<string>();
  for (const v of q.employmentStatus?.length ? q.employmentStatus : EMPLOYMENT_STATUSES) {
    for (const s of (V1_STATUS_AGGREGATES as Record<string, readonly string[]>)[v] ?? [v]) out.add(s);
  }
  if (q.offboardingGap) for (const s of [...out]) if (!isFormerStatus(s as never)) out.delete(s);
  return out;
}

export const deviceFailing = (d: Device): string[] => DEVICE_CHECK_TYPES.filter((t) => !devicePasses(d, t));

/**
 * The MFA state the tool documents: a connection that is an HRIS (BambooHR) holds records, not logins, so
 * its identities' MFA is "n/a" whatever they report; every other identity's MFA is as the sandbox holds it.
 */
export const mfaTruth = (org: Org, i: Identity): string =>
  org.connection(i.connectionId).isHris ? 'n/a' : i.hasMfa ? 'on' : 'off';

export function identityOk(org: Org, i: Identity, c: NonNullable<TruthQuery['identity']>): boolean {
  const provider = org.connection(i.connectionId).clientType;
  const mfa = mfaTruth(org, i);
  return (
    (c.provider === undefined || low(provider) === low(c.provider)) &&
    (c.connected === undefined || (i.disconnectedAt === null) === c.connected) &&
    (c.mfa === undefined || c.mfa === mfa) &&
    has(i.username, c.username)
  );
}

export function deviceOk(d: Device, c: NonNullable<TruthQuery['device']>): boolean {
  const seen = day(d.lastCheckedAt) ?? '';
  return (
    (!c.failing?.length || c.failing.some((t) => deviceFailing(d).includes(t))) &&
    (c.source === undefined || low(d.sourceType) === low(c.source)) &&
    has(d.osVersion, c.os) &&
    has(d.model, c.model) &&
    (c.seenBefore === undefined || seen <= c.seenBefore) &&
    (c.seenAfter === undefined || seen >= c.seenAfter)
  );
}

function gap(p: SandboxPerson, kind: string, todayMs: number): boolean {
  const connected = p.identities.some((i) => i.disconnectedAt === null);
  const sepMs = p.separationDate ? Date.parse(`${p.separationDate}T00:00:00Z`) : undefined;
  const reporting = p.devices.some((d) =>
    sepMs !== undefined ? d.lastCheckedAt > sepMs + 3 * DAY : d.lastCheckedAt >= todayMs - 30 * DAY,
  );
  return kind === 'identityConnected' ? connected : kind === 'deviceReporting' ? reporting : connected || reporting;
}

const within = (v: string | null, from?: string, to?: string) =>
  (!from && !to) || (v !== null && (!from || v >= from) && (!to || v <= to));

function matches(org: Org, p: SandboxPerson, q: TruthQuery, statuses: Set<string>, todayMs: number): boolean {
  const st = (t: string) => p.checks[t as ComplianceCheckType];
  const name = (s: string | null) => low(s);
  const search = q.search?.trim();
  const hay = [name(p.firstName), name(p.lastName), `${name(p.firstName)} ${name(p.lastName)}`, low(p.email)];
  const nDevices = q.device ? p.devices.filter((d) => deviceOk(d, q.device ?? {})).length : 0;
  const min = q.device?.min ?? (q.device?.max !== undefined ? 0 : 1);
  const deviceFail = p.devices.some((d) => !isDeviceCompliant(d));
  return (
    statuses.has(p.employmentStatus) &&
    (!search || hay.some((h) => h.includes(low(search)))) &&
    (q.failing ?? []).every((t) => st(t) === 'FAIL' || st(t) === 'MISCONFIGURED') &&
    (q.passing ?? []).every((t) => st(t) === 'PASS' || st(t) === 'EXCLUDED') &&
    (q.excluded ?? []).every((t) => st(t) === 'EXCLUDED') &&
    Object.entries(q.checkStatus ?? {}).every(([t, s]) => s.includes(st(t) ?? '-')) &&
    (q.devices === undefined ||
      (q.devices === 'none' ? p.devices.length === 0 : q.devices === 'anyFailing' ? deviceFail : p.devices.length > 0 && !deviceFail)) &&
      (q.offboardingGap === undefined || gap(p, q.offboardingGap, todayMs)) &&
      within(p.startDate, q.startedFrom, q.startedTo) &&
      within(p.separationDate, q.separatedFrom, q.separatedTo) &&
      (q.reason === undefined || has(p.notHumanReason, q.reason)) &&
      (q.jobTitle === undefined || has(p.jobTitle, q.jobTitle)) &&
      (q.manual === undefined || (p.statusUpdatedAt !== null) === q.manual) &&
      (!q.identity || p.identities.some((i) => identityOk(org, i, q.identity ?? {}))) &&
      (!q.device || (nDevices >= min && (q.device.max === undefined || nDevices <= q.device.max)))
  );
}

const V1: Record<string, V1Sort> = {
  name: 'NAME',
  employmentStatus: 'EMPLOYMENT_STATUS',
  startDate: 'START_DATE',
  separationDate: 'SEPARATION_DATE',
};

/** The people answering `q`, in the order asked (the sandbox's own sort). */
export function queryTruth(org: Org, q: TruthQuery): SandboxPerson[] {
  const todayMs = Date.parse(`${new Date(org.now).toISOString().slice(0, 10)}T00:00:00Z`);
  const statuses = statusesOf(q);
  const hit = org.people.filter((p) => matches(org, p, q, statuses, todayMs));
  const sort = q.sort ?? 'name';
  const key = V1[sort] ? v1SortKey(V1[sort]) : v2SortKey(sort as 'createdAt' | 'updatedAt');
  const dir = q.sortDir ?? 'ASC';
  return hit
    .map((p) => ({ p, k: key(p) }))
    .sort((a, b) => compareEntries(a.k, a.p.id, b.k, b.p.id, dir))
    .map((x) => x.p);
}

/** Group counts of `q`'s answer, as `key → count`. */
export function groupTruth(org: Org, q: TruthQuery): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of queryTruth(org, q)) {
    const ids = q.identity ? p.identities.filter((i) => identityOk(org, i, q.identity ?? {})) : p.identities;
    const devs = q.device ? p.devices.filter((d) => deviceOk(d, q.device ?? {})) : p.devices;
    const provider = (i: Identity) => org.connection(i.connectionId).clientType;
    const keys: Record<string, () => string[]> = {
      status: () => [p.employmentStatus],
      check: () => Object.entries(p.checks).map(([t, s]) => `${t}:${s}`),
      provider: () => ids.map(provider),
      mfa: () => ids.map((i) => `${provider(i)}:${mfaTruth(org, i)}`),
      source: () => devs.map((d) => d.sourceType),
      os: () => devs.map((d) => d.osVersion),
      model: () => devs.map((d) => d.model),
      reason: () => [p.notHumanReason?.trim() || 'none'],
      startMonth: () => [p.startDate.slice(0, 7)],
      separationMonth: () => [p.separationDate?.slice(0, 7) ?? 'none'],
    };
    const set = new Set((keys[q.groupBy ?? 'status'] ?? (() => []))());
    if (set.size === 0) set.add('none');
    for (const k of set) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}
