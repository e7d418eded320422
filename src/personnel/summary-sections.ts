/** The checks and devices sections of a person's summary (summarize.ts puts the summary together). */
import { day } from './dates.js';
import { FAILING_STATUSES, isFailingDevice, type Person } from './model.js';
import { plural } from './plural.js';
import { failureReason } from './reasons.js';
import type { PersonSummary } from './summary-schema.js';

type Checks = Pick<PersonSummary, 'failingChecks' | 'excludedChecks' | 'passingChecks'>;
type Devices = NonNullable<PersonSummary['devices']>;
type Identities = NonNullable<PersonSummary['identities']>;

/** Failing checks with the reason the record shows, excluded checks grouped by reason, passing checks. */
export function summarizeChecks(person: Person, full: boolean, today: string, omitted: string[]): Checks {
  const checks = person.checks ?? [];
  const out: Checks = {};
  const toCheck = (c: NonNullable<Person['checks']>[number]) => ({
    type: c.type,
    status: c.status,
    completedOn: full ? c.completedOn : undefined,
    expiresOn: c.expiresOn,
    exclusion: c.exclusion
      ? [
          c.exclusion.reason,
          c.exclusion.by && `by ${c.exclusion.by}`,
          c.exclusion.until && `until ${day(c.exclusion.until)}`,
        ]
          .filter(Boolean)
          .join(', ')
      : undefined,
  });
  // Every failing check, FULL_COMPLIANCE included (last: it fails whenever another one does).
  const failingChecks = checks
    .filter((c) => FAILING_STATUSES.has(c.status))
    .sort((a, b) => Number(a.type === 'FULL_COMPLIANCE') - Number(b.type === 'FULL_COMPLIANCE'))
    .map((c) => ({ ...toCheck(c), reason: failureReason(person, c.type, today) }));
  const groups = new Map<string, string[]>();
  for (const c of checks.filter((x) => x.status === 'EXCLUDED').map(toCheck)) {
    const key = c.exclusion ?? '';
    groups.set(key, [...(groups.get(key) ?? []), c.type]);
  }
  if (failingChecks.length) out.failingChecks = failingChecks;
  if (groups.size)
    out.excludedChecks = [...groups].map(([exclusion, checks]) => ({
      checks,
      exclusion: exclusion || undefined,
    }));
  const passing = checks.filter((c) => c.status === 'PASS').map((c) => c.type);
  if (full && passing.length) out.passingChecks = passing.sort();
  else if (passing.length) omitted.push(`${plural(passing.length, 'passing check')} (detail: "full" lists them)`);
  return out;
}

/**
 * Every identity with MFA exactly as the API reports it (identity-provider or not) and whether it is an
 * identity-provider (IdP) identity, the ones that decide IDENTITY_MFA.
 */
export function summarizeIdentities(identities: NonNullable<Person['identities']>, full: boolean): Identities {
  return identities.map((i) => ({
    provider: i.provider,
    username: i.username,
    mfa: i.hasMfa,
    // An HRIS record is not a login, so not an IdP identity either: `hris` says it (fewer tokens than both).
    idp: i.isHris ? undefined : i.isIdp,
    hris: i.isHris,
    connected: i.connected,
    since: full ? day(i.connected ? i.connectedAt : i.disconnectedAt) : i.connected ? undefined : day(i.disconnectedAt),
  }));
}

/** Device counts, and the failing devices (every device with detail "full"); undefined when unknown. */
export function summarizeDevices(person: Person, full: boolean, omitted: string[]): Devices | undefined {
  if (!person.devices && person.deviceCount === undefined) return undefined;
  const devices = person.devices ?? [];
  const failingDevices = devices.filter(isFailingDevice);
  const count = Math.max(person.deviceCount ?? 0, devices.length);
  if (count === 0) return { count: 0, failingCount: 0 };
  const listed = full ? devices : failingDevices;
  if (!full && devices.length > failingDevices.length) {
    omitted.push(`${plural(devices.length - failingDevices.length, 'compliant device')} (detail: "full" lists them)`);
  }
  return {
    count,
    failingCount: failingDevices.length,
    list: listed.length
      ? listed.map((d) => ({
          id: d.id,
          name: d.name,
          os: d.osVersion,
          source: full ? d.source : undefined,
          lastCheckedOn: day(d.lastCheckedAt),
          compliant: d.compliant,
          failing: d.failingChecks.length ? d.failingChecks : undefined,
        }))
      : undefined,
  };
}
