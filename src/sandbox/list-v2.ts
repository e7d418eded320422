/** V2 `GET /personnel` listing: keyset-cursor pages over a cached sorted order. */
import {
  EMPLOYMENT_STATUSES,
  type EmploymentStatus,
  LIMITS,
  SORT_DIRECTIONS,
  type SortDirection,
  V2_PERSONNEL_EXPAND,
  V2_SORTS,
  type V2PersonnelExpand,
  type V2Sort,
} from '../drata/catalog.js';
import type { Org, SandboxPerson } from './org.js';
import { compareEntries, type SortedEntry, type SortKey, sorted, v2SortKey } from './sort.js';
import { badRequest, boolParam, enumArrayParam, enumParam, intParam, type QueryMap, singleParam } from './validate.js';

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
): { people: SandboxPerson[]; cursor: string | null; totalCount: number | undefined } {
  const { sort, sortDir } = query;
  const order = sorted(org, `v2:${sort}:${sortDir}`, v2SortKey(sort), sortDir);
  const match = (p: SandboxPerson) => !query.statuses || query.statuses.has(p.employmentStatus);
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
  const people: SandboxPerson[] = [];
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
