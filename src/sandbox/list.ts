/**
 * Listing semantics: V1 page/limit lists with search, status and compliance filters and every V1 sort;
 * V2 keyset-cursor lists. Sorted orders are cached per org version (a write invalidates them), so walking
 * 20 000 people page by page stays cheap.
 *
 * Sorting: the primary key in the requested direction, nulls (e.g. no device for OS_VERSION, no such check)
 * always last, ties broken by id ascending. Check sorts rank FAIL < MISCONFIGURED < EXCLUDED < PASS.
 */
import {
  CHECK_FILTER_PARAM,
  COMPLIANCE_CHECK_TYPES,
  type ComplianceCheckType,
  DEVICE_COMPLIANCE_PARAM,
  EMPLOYMENT_STATUSES,
  type EmploymentStatus,
  LIMITS,
  MDM_SOURCE_TYPES,
  SORT_DIRECTIONS,
  type SortDirection,
  V1_EMPLOYMENT_STATUSES_FILTER,
  V1_SORTS,
  V1_STATUS_AGGREGATES,
  type V1Sort,
  V2_PERSONNEL_EXPAND,
  V2_SORTS,
  type V2PersonnelExpand,
  type V2Sort,
} from '../drata/catalog.js';
import { hasCompliantDevices, matchesCheckFilter, type Org, type Person } from './org.js';
import {
  arrayParam,
  badRequest,
  boolParam,
  enumArrayParam,
  enumParam,
  intParam,
  type QueryMap,
  singleParam,
} from './validate.js';

type SortKey = string | number | null;

interface SortedEntry {
  readonly person: Person;
  readonly key: SortKey;
}

const STATUS_RANK = { FAIL: 0, MISCONFIGURED: 1, EXCLUDED: 2, PASS: 3 } as const;

const nameKeys = new WeakMap<Person, string>();
/** Lower-cased "first last" (the email when the person has no name): the NAME / name sort key. */
function nameKey(p: Person): string {
  let key = nameKeys.get(p);
  if (key === undefined) {
    const name = [p.firstName, p.lastName].filter((x) => x).join(' ');
    key = (name || p.email).normalize('NFC').toLowerCase();
    nameKeys.set(p, key);
  }
  return key;
}

const haystacks = new WeakMap<Person, readonly string[]>();
/** What `q` searches: first name, last name, full name, email (NFC, lower case). */
function haystack(p: Person): readonly string[] {
  let h = haystacks.get(p);
  if (h === undefined) {
    const norm = (s: string | null) => (s ?? '').normalize('NFC').toLowerCase();
    h = [norm(p.firstName), norm(p.lastName), `${norm(p.firstName)} ${norm(p.lastName)}`, norm(p.email)];
    haystacks.set(p, h);
  }
  return h;
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
function v1SortKey(sort: V1Sort): (p: Person) => SortKey {
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

function v2SortKey(sort: V2Sort): (p: Person) => SortKey {
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

function compareEntries(a: SortKey, aId: number, b: SortKey, bId: number, dir: SortDirection): number {
  return compareKeys(a, b, dir) || aId - bId;
}

const sortCache = new WeakMap<Org, { version: number; orders: Map<string, SortedEntry[]> }>();

/** Every person in the order of `cacheKey`, cached until the next write. */
function sorted(org: Org, cacheKey: string, key: (p: Person) => SortKey, dir: SortDirection): SortedEntry[] {
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

// --- V1 -------------------------------------------------------------------------------------------------

/** A validated V1 `GET /personnel` query. */
export interface V1ListQuery {
  page: number;
  limit: number;
  predicates: Array<(p: Person) => boolean>;
  sort: V1Sort;
  sortDir: SortDirection;
}

const TRAINING_TYPES = ['SECURITY_TRAINING', 'HIPAA_TRAINING', 'NIST_AI_TRAINING'] as const;

/** Validate the V1 list query (400 on any invalid parameter); unknown parameters are ignored. */
export function parseV1ListQuery(q: QueryMap): V1ListQuery {
  const predicates: Array<(p: Person) => boolean> = [];
  const page = intParam(q, 'page', 1, Number.MAX_SAFE_INTEGER, 1);
  const limit = intParam(q, 'limit', 1, LIMITS.v1PageSizeMax, LIMITS.v1PageSizeDefault);

  const search = singleParam(q, 'q')?.trim().normalize('NFC').toLowerCase();
  if (search) predicates.push((p) => haystack(p).some((field) => field.includes(search)));

  const status = enumParam(q, 'employmentStatus', EMPLOYMENT_STATUSES);
  if (status) predicates.push((p) => p.employmentStatus === status);
  const statuses = enumArrayParam(q, 'employmentStatuses', V1_EMPLOYMENT_STATUSES_FILTER);
  if (statuses) {
    const set = new Set<EmploymentStatus>();
    for (const s of statuses) {
      if (s in V1_STATUS_AGGREGATES)
        for (const x of V1_STATUS_AGGREGATES[s as keyof typeof V1_STATUS_AGGREGATES]) set.add(x);
      else set.add(s as EmploymentStatus);
    }
    predicates.push((p) => set.has(p.employmentStatus));
  }

  for (const type of COMPLIANCE_CHECK_TYPES) {
    const wanted = boolParam(q, CHECK_FILTER_PARAM[type]);
    if (wanted !== undefined) predicates.push((p) => matchesCheckFilter(p, type, wanted));
  }
  const devices = boolParam(q, DEVICE_COMPLIANCE_PARAM);
  if (devices !== undefined) predicates.push((p) => hasCompliantDevices(p) === devices);

  const multi = boolParam(q, 'multiSecurityTrainingCompliance');
  const trainingType = enumParam(q, 'multiTrainingComplianceType', TRAINING_TYPES) ?? 'SECURITY_TRAINING';
  if (multi !== undefined) predicates.push((p) => matchesCheckFilter(p, trainingType, multi));

  const mdm = enumParam(q, 'mdmSourceType', MDM_SOURCE_TYPES);
  if (mdm) predicates.push((p) => p.devices.some((d) => d.sourceType === mdm));
  const inverse = enumArrayParam(q, 'inverseMdmSourceTypes', MDM_SOURCE_TYPES);
  if (inverse) predicates.push((p) => !p.devices.some((d) => inverse.includes(d.sourceType)));

  // Accepted and validated; the sandbox has no groups, so the filter is a no-op.
  for (const g of arrayParam(q, 'groupIds') ?? []) {
    if (!/^\d+$/.test(g))
      throw badRequest(`each value in groupIds must be a number, got ${JSON.stringify(g)}`);
  }

  return {
    page,
    limit,
    predicates,
    sort: enumParam(q, 'sort', V1_SORTS) ?? 'NAME',
    sortDir: enumParam(q, 'sortDir', SORT_DIRECTIONS) ?? 'ASC',
  };
}

/** One V1 page and the total number of matches. */
export function listV1(org: Org, query: V1ListQuery): { people: Person[]; total: number } {
  const order = sorted(org, `v1:${query.sort}:${query.sortDir}`, v1SortKey(query.sort), query.sortDir);
  const from = (query.page - 1) * query.limit;
  const people: Person[] = [];
  let total = 0;
  for (const { person } of order) {
    if (!query.predicates.every((match) => match(person))) continue;
    if (total >= from && people.length < query.limit) people.push(person);
    total++;
  }
  return { people, total };
}

// --- V2 -------------------------------------------------------------------------------------------------

/** A validated V2 `GET /personnel` query. */
export interface V2ListQuery {
  size: number;
  sort: V2Sort;
  sortDir: SortDirection;
  includeTotalCount: boolean;
  expand: Set<V2PersonnelExpand>;
  statuses: Set<EmploymentStatus> | undefined;
  after: { key: SortKey; id: number } | undefined;
}

interface CursorData {
  s: V2Sort;
  d: SortDirection;
  k: SortKey;
  i: number;
}

function encodeCursor(data: CursorData): string {
  return Buffer.from(JSON.stringify(data)).toString('base64url');
}

function decodeCursor(raw: string): CursorData {
  try {
    const data = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<CursorData>;
    const keyOk = data.k === null || typeof data.k === 'string' || typeof data.k === 'number';
    if (
      (V2_SORTS as readonly unknown[]).includes(data.s) &&
      (SORT_DIRECTIONS as readonly unknown[]).includes(data.d) &&
      keyOk &&
      Number.isSafeInteger(data.i)
    ) {
      return data as CursorData;
    }
  } catch {
    // fall through
  }
  throw badRequest('cursor is invalid: pass the pagination.cursor value of the previous page unchanged');
}

/** The `expand[]` values of a V2 request. */
export function parseExpand(q: QueryMap): Set<V2PersonnelExpand> {
  return new Set(enumArrayParam(q, 'expand', V2_PERSONNEL_EXPAND) ?? []);
}

/** Validate the V2 list query; `maxSize` is the sandbox's `v2MaxPageSize`. */
export function parseV2ListQuery(q: QueryMap, maxSize: number): V2ListQuery {
  // Spec: 1..500, default 50. Seed docs (v2MaxPageSize ≤ 50): 1..50, default 20.
  const fallback = maxSize <= LIMITS.v2PageSizeMaxSeed ? Math.min(20, maxSize) : 50;
  const size = intParam(q, 'size', 1, maxSize, fallback);
  const sort = enumParam(q, 'sort', V2_SORTS) ?? 'createdAt';
  const sortDir = enumParam(q, 'sortDir', SORT_DIRECTIONS) ?? 'ASC';
  const statuses = enumArrayParam(q, 'employmentStatus', EMPLOYMENT_STATUSES);
  const rawCursor = singleParam(q, 'cursor');
  let after: V2ListQuery['after'];
  if (rawCursor !== undefined && rawCursor !== '') {
    const c = decodeCursor(rawCursor);
    if (c.s !== sort || c.d !== sortDir) {
      throw badRequest(
        `cursor was issued for sort=${c.s}&sortDir=${c.d}: repeat the same sort and sortDir on every page`,
      );
    }
    after = { key: c.k, id: c.i };
  }
  return {
    size,
    sort,
    sortDir,
    includeTotalCount: boolParam(q, 'includeTotalCount') ?? false,
    expand: parseExpand(q),
    statuses: statuses ? new Set(statuses) : undefined,
    after,
  };
}

/** One V2 page: the people, the next cursor (null on the last page), and the total on the first page. */
export function pageV2(
  org: Org,
  query: V2ListQuery,
): { people: Person[]; cursor: string | null; totalCount: number | undefined } {
  const { sort, sortDir } = query;
  const order = sorted(org, `v2:${sort}:${sortDir}`, v2SortKey(sort), sortDir);
  const match = (p: Person) => !query.statuses || query.statuses.has(p.employmentStatus);
  let start = 0;
  const after = query.after;
  if (after) {
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const e = order[mid] as SortedEntry;
      if (compareEntries(e.key, e.person.id, after.key, after.id, sortDir) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const people: Person[] = [];
  let last: SortedEntry | undefined;
  let more = false;
  for (let i = start; i < order.length; i++) {
    const e = order[i] as SortedEntry;
    if (!match(e.person)) continue;
    if (people.length === query.size) {
      more = true;
      break;
    }
    people.push(e.person);
    last = e;
  }
  const cursor = more && last ? encodeCursor({ s: sort, d: sortDir, k: last.key, i: last.person.id }) : null;
  const totalCount =
    query.includeTotalCount && !after ? org.people.reduce((n, p) => n + (match(p) ? 1 : 0), 0) : undefined;
  return { people, cursor, totalCount };
}
