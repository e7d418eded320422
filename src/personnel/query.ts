/**
 * The query model: one predicate over whole normalized records, used by list_personnel (exact totals,
 * pages, groups) and the compliance report alike, so their counts cannot disagree.
 *
 * Conditions on the person (statuses, search, check states, dates, reason text, manual override, job
 * title, devices, offboarding gaps) all hold at once; "has an identity matching …" and "has a device
 * matching …" clauses hold for the SAME identity or device: every sub-condition of one clause is tested
 * against one identity (or device) at a time.
 */
import { COMPLIANCE_CHECK_STATUSES, type ComplianceCheckType, isFormerStatus } from '../drata/catalog.js';
import { type ListQuery, MFA_STATES, type MfaState } from './list-query.js';
import {
  checkStatus,
  FAILING_STATUSES,
  matchesDeviceFilter,
  type Person,
  type PersonDevice,
  type PersonIdentity,
} from './model.js';
import { hasGap } from './offboarding.js';
import { expandStatuses } from './status.js';

export { MFA_STATES, type MfaState };
export const CHECK_STATES = COMPLIANCE_CHECK_STATUSES;

/** "Has an identity matching …": every given field holds for the same identity. */
export interface IdentityClause {
  /** Connection client type (GITHUB, GOOGLE, OKTA_IDENTITY…), compared case-insensitively. */
  provider?: string;
  connected?: boolean;
  mfa?: MfaState;
  /** Part of the username, case-insensitive. */
  username?: string;
}

/** "Has a device matching …": every given field holds for the same device; min/max bound how many do. */
export interface DeviceClause {
  /** The device fails (FAIL or MISCONFIGURED) at least one of these checks. */
  failing?: string[];
  /** MDM source (AGENT, JAMF, INTUNE…), case-insensitive. */
  source?: string;
  /** Part of the OS version, case-insensitive. */
  os?: string;
  /** Part of the model, case-insensitive. */
  model?: string;
  /** Last seen on or before / on or after this day (YYYY-MM-DD). */
  seenBefore?: string;
  seenAfter?: string;
  /** How many devices must match (default at least 1; with only max given, from 0). */
  min?: number;
  max?: number;
}

const lower = (s: string | undefined) => (s ?? '').normalize('NFC').toLowerCase();
const contains = (value: string | undefined, part: string | undefined) =>
  part === undefined || lower(value).includes(lower(part));
const equalsCi = (value: string | undefined, want: string | undefined) =>
  want === undefined || lower(value) === lower(want);

/** An identity's MFA exactly as the API reports it. */
export const reportedMfa = (i: PersonIdentity): Exclude<MfaState, 'n/a'> =>
  i.hasMfa === true ? 'on' : i.hasMfa === false ? 'off' : 'unknown';

/** The MFA state a question reads: as reported, but n/a for an HRIS record (not a login). */
export const mfaState = (i: PersonIdentity): MfaState => (i.isHris ? 'n/a' : reportedMfa(i));

export function identityMatches(i: PersonIdentity, c: IdentityClause): boolean {
  return (
    equalsCi(i.provider, c.provider) &&
    (c.connected === undefined || i.connected === c.connected) &&
    (c.mfa === undefined || mfaState(i) === c.mfa) &&
    contains(i.username, c.username)
  );
}

export function deviceMatches(d: PersonDevice, c: DeviceClause): boolean {
  const seen = d.lastCheckedAt?.slice(0, 10);
  return (
    (!c.failing?.length || c.failing.some((t) => d.failingChecks.includes(t))) &&
    equalsCi(d.source, c.source) &&
    contains(d.osVersion, c.os) &&
    contains(d.name, c.model) &&
    (c.seenBefore === undefined || (seen !== undefined && seen <= c.seenBefore)) &&
    (c.seenAfter === undefined || (seen !== undefined && seen >= c.seenAfter))
  );
}

/** The identities of `p` that match the clause (empty when the record carries no identities). */
export const matchedIdentities = (p: Person, c: IdentityClause): PersonIdentity[] =>
  (p.identities ?? []).filter((i) => identityMatches(i, c));

/** The devices of `p` that match the clause. */
export const matchedDevices = (p: Person, c: DeviceClause): PersonDevice[] =>
  (p.devices ?? []).filter((d) => deviceMatches(d, c));

/** Whether the number of matching devices is within the clause's bounds (false when devices are unknown). */
function deviceCountHolds(p: Person, c: DeviceClause): boolean {
  if (!p.devices) return false;
  const n = matchedDevices(p, c).length;
  const min = c.min ?? (c.max !== undefined ? 0 : 1);
  return n >= min && (c.max === undefined || n <= c.max);
}

/** Whether the check of `type` is in one of `states` (false when the person has no such check). */
export const checkIn = (p: Pick<Person, 'checks'>, type: string, states: ReadonlySet<string>): boolean => {
  const s = checkStatus(p, type);
  return s !== undefined && states.has(s);
};

const PASSING: ReadonlySet<string> = new Set(['PASS', 'EXCLUDED']);
const EXCLUDED: ReadonlySet<string> = new Set(['EXCLUDED']);
export { FAILING_STATUSES };

/** What the V1 `q` parameter searches: first, last and full name, and email (NFC, lower case). */
export function searchMatches(p: Person, search: string | undefined): boolean {
  const s = search?.trim();
  if (!s) return true;
  const needle = lower(s);
  const first = lower(p.firstName);
  const last = lower(p.lastName);
  return [first, last, `${first} ${last}`, lower(p.email)].some((f) => f.includes(needle));
}

/** The statuses a query covers; an offboarding question is about former personnel only. */
export function queryScope(q: ListQuery): string[] {
  const statuses = expandStatuses(q.employmentStatus);
  return q.offboardingGap ? statuses.filter(isFormerStatus) : statuses;
}

const within = (v: string | undefined, from: string | undefined, to: string | undefined) =>
  (!from && !to) || (v !== undefined && (!from || v >= from) && (!to || v <= to));

/**
 * A device clause answers for people WITH such a device: who would fail its `failing` checks but has no
 * device at all is not matched. This is the rule for them (the rest of `q` met, no device, one of the
 * clause's checks failing), or undefined when the clause does not leave them out (no `failing`, or a
 * device count that may be 0).
 */
export function deviceLessFailing(q: ListQuery, today: string): ((p: Person) => boolean) | undefined {
  const d = q.device;
  if (!d?.failing?.length || (d.min ?? (d.max !== undefined ? 0 : 1)) === 0) return undefined;
  const rest = queryPredicate({ ...q, device: undefined }, today);
  const failing = d.failing;
  return (p) => rest(p) && matchesDeviceFilter(p, 'none') && failing.some((t) => checkIn(p, t, FAILING_STATUSES));
}

/** The one rule a person must meet to answer `q`. */
export function queryPredicate(q: ListQuery, today: string): (p: Person) => boolean {
  const statuses = new Set<string>(queryScope(q));
  const all = (types: readonly ComplianceCheckType[] | undefined, states: ReadonlySet<string>) => (p: Person) =>
    (types ?? []).every((t) => checkIn(p, t, states));
  const failing = all(q.failing, FAILING_STATUSES);
  const passing = all(q.passing, PASSING);
  const excluded = all(q.excluded, EXCLUDED);
  const states = Object.entries(q.checkStatus ?? {}).map(([t, s]) => [t, new Set<string>(s)] as const);
  return (p) =>
    statuses.has(p.employmentStatus) &&
    searchMatches(p, q.search) &&
    failing(p) &&
    passing(p) &&
    excluded(p) &&
    states.every(([t, s]) => checkIn(p, t, s)) &&
    (!q.devices || matchesDeviceFilter(p, q.devices)) &&
    (!q.offboardingGap || hasGap(p, q.offboardingGap, today)) &&
    within(p.startDate, q.startedFrom, q.startedTo) &&
    within(p.separationDate, q.separatedFrom, q.separatedTo) &&
    (q.reason === undefined || contains(p.notHumanReason, q.reason)) &&
    (q.jobTitle === undefined || contains(p.jobTitle, q.jobTitle)) &&
    (q.manual === undefined || (p.statusUpdatedAt !== undefined) === q.manual) &&
    (!q.identity || matchedIdentities(p, q.identity).length > 0) &&
    (!q.device || deviceCountHolds(p, q.device));
}
