/**
 * Sorted orders of the sandbox's people, shared by the V1 and V2 lists. Orders are cached per org version
 * (a write invalidates them), so walking 20 000 people page by page stays cheap.
 *
 * Sorting: the primary key in the requested direction, nulls (e.g. no device for OS_VERSION, no such check)
 * always last, ties broken by id ascending. Check sorts rank FAIL < MISCONFIGURED < EXCLUDED < PASS.
 */
import { type ComplianceCheckType, type SortDirection, type V1Sort, type V2Sort } from '../drata/catalog.js';
import type { Org, SandboxPerson } from './org.js';

export type SortKey = string | number | null;

export interface SortedEntry {
  readonly person: SandboxPerson;
  readonly key: SortKey;
}

const STATUS_RANK = { FAIL: 0, MISCONFIGURED: 1, EXCLUDED: 2, PASS: 3 } as const;

const nameKeys = new WeakMap<SandboxPerson, string>();
/** Lower-cased "first last" (the email when the person has no name): the NAME / name sort key. */
export function nameKey(p: SandboxPerson): string {
  let key = nameKeys.get(p);
  if (key === undefined) {
    const name = [p.firstName, p.lastName].filter((x) => x).join(' ');
    key = (name || p.email).normalize('NFC').toLowerCase();
    nameKeys.set(p, key);
  }
  return key;
}

const CHECK_SORT: Partial<Record<V1Sort, ComplianceCheckType>> = {
  ACCEPTED_POLICIES: 'ACCEPTED_POLICIES',
  FULL_COMPLIANCE: 'FULL_COMPLIANCE',
  IDENTITY_MFA: 'IDENTITY_MFA',
  BG_CHECK: 'BG_CHECK',
  AGENT_INSTALLED: 'AGENT_INSTALLED',
  PASSWORD_MANAGER: 'PASSWORD_MANAGER',
  AUTO_UPDATES: 'AUTO_UPDATES',
  HDD_ENCRYPTION: 'HDD_ENCRYPTION',
  ANTIVIRUS: 'ANTIVIRUS',
  LOCK_SCREEN: 'LOCK_SCREEN',
  SECURITY_TRAINING: 'SECURITY_TRAINING',
  HIPAA_TRAINING: 'HIPAA_TRAINING',
  NIST_AI_TRAINING: 'NIST_AI_TRAINING',
  OFFBOARDING: 'OFFBOARDING',
};

/** The sort key of a person for a V1 sort. */
export function v1SortKey(sort: V1Sort): (p: SandboxPerson) => SortKey {
  const check = CHECK_SORT[sort];
  if (check) {
    return (p) => {
      const s = p.checks[check];
      return s === undefined ? null : STATUS_RANK[s];
    };
  }
  switch (sort) {
    case 'EMPLOYMENT_STATUS':
      return (p) => p.employmentStatus;
    case 'OS_VERSION':
      return (p) => p.devices[0]?.osVersion ?? null;
    case 'SERIAL_NUM':
      return (p) => p.devices[0]?.serialNumber ?? null;
    case 'APPS_COUNT':
      return (p) => p.devices[0]?.appsCount ?? null;
    case 'START_DATE':
      return (p) => p.startDate;
    case 'SEPARATION_DATE':
      return (p) => p.separationDate;
    default:
      return nameKey;
  }
}

export function v2SortKey(sort: V2Sort): (p: SandboxPerson) => SortKey {
  if (sort === 'createdAt') return (p) => p.createdAt;
  if (sort === 'updatedAt') return (p) => p.updatedAt;
  return nameKey;
}

/** Compare two keys in `dir`, nulls last in both directions. */
function compareKeys(a: SortKey, b: SortKey, dir: SortDirection): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  const c = a < b ? -1 : 1;
  return dir === 'ASC' ? c : -c;
}

export function compareEntries(a: SortKey, aId: number, b: SortKey, bId: number, dir: SortDirection): number {
  return compareKeys(a, b, dir) || aId - bId;
}

const sortCache = new WeakMap<Org, { version: number; orders: Map<string, SortedEntry[]> }>();

/** Every person in the order of `cacheKey`, cached until the next write. */
export function sorted(
  org: Org,
  cacheKey: string,
  key: (p: SandboxPerson) => SortKey,
  dir: SortDirection,
): SortedEntry[] {
  let cache = sortCache.get(org);
  if (!cache || cache.version !== org.version) {
    cache = { version: org.version, orders: new Map() };
    sortCache.set(org, cache);
  }
  let entries = cache.orders.get(cacheKey);
  if (!entries) {
    entries = org.people.map((person) => ({ person, key: key(person) }));
    entries.sort((a, b) => compareEntries(a.key, a.person.id, b.key, b.person.id, dir));
    cache.orders.set(cacheKey, entries);
  }
  return entries;
}
