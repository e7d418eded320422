/**
 * The list query planner: which API answers a list question, which API parameters narrow it, and what is
 * filtered here because the API cannot say it exactly. Tools give it a ListQuery and a window; it gives
 * back normalized people, the exact total and where the next page starts.
 *
 *  - V2 answers only createdAt/updatedAt orders (with no filter but statuses): its records carry no devices.
 *  - V1 answers everything else. When its filters select exactly what was asked (statuses, search and the
 *    name/status/date sorts) one page is fetched. Otherwise V1 is asked for a superset (`<check>Compliance
 *    =false` is "anything but PASS", so EXCLUDED too; `deviceCompliance=false` is "no device or a failing
 *    one"; dates are not filters at all), every page of it is walked in the requested order, and the rows
 *    are kept here by the exact rule: failing = FAIL or MISCONFIGURED, passing = PASS or EXCLUDED,
 *    excluded = EXCLUDED, devices and inclusive date bounds as asked.
 */
import { type ComplianceCheckType, isFormerStatus, LIMITS, type V1Sort } from '../drata/catalog.js';
import { walkV1Personnel } from '../drata/pagination.js';
import type { PersonnelApi, V1ListParams } from '../drata/personnel.js';
import { InputError } from '../errors.js';
import { type ListQuery, type ListSort, V2_ONLY_SORTS } from './list-query.js';
import { checkStatus, FAILING_STATUSES, matchesDeviceFilter, type Person } from './model.js';
import { fromV1, fromV2 } from './normalize.js';
import { hasGap } from './offboarding.js';
import { expandStatuses, v1StatusParams } from './status.js';

const V1_SORT: Partial<Record<ListSort, V1Sort>> = {
  name: 'NAME',
  employmentStatus: 'EMPLOYMENT_STATUS',
  startDate: 'START_DATE',
  separationDate: 'SEPARATION_DATE',
};

/** Where a page starts: the absolute row index, plus the V2 cursor and rows to skip on its page. */
export interface ListPosition {
  at: number;
  upstream?: string;
  skip?: number;
}

export interface ListPage {
  people: Person[];
  /** Absolute index of people[0] in the whole result. */
  start: number;
  total?: number;
  api: 'v1' | 'v2';
  /** True when V1's broader answer was filtered here (every page of it read). */
  filtered: boolean;
  /** Where to continue after the first `shown` people of this page; undefined at the end. */
  resume(shown: number): ListPosition | undefined;
}

export interface ListOptions {
  signal?: AbortSignal;
  /** Upstream pages a filtered walk may read before it gives up and asks for a narrower query. */
  maxPages: number;
  /** Today (`YYYY-MM-DD`), for offboarding gaps. */
  today: string;
}

/** The rule a person must meet, beyond what the V1 parameters already guarantee. */
export function listPredicate(q: ListQuery, today: string): (p: Person) => boolean {
  const statuses = new Set<string>(scopeOf(q));
  const has = (types: readonly ComplianceCheckType[] | undefined, ok: (s: string) => boolean) => (p: Person) =>
    (types ?? []).every((t) => {
      const s = checkStatus(p, t);
      return s !== undefined && ok(s);
    });
  const failing = has(q.failing, (s) => FAILING_STATUSES.has(s));
  const passing = has(q.passing, (s) => s === 'PASS' || s === 'EXCLUDED');
  const excluded = has(q.excluded, (s) => s === 'EXCLUDED');
  const within = (v: string | undefined, from: string | undefined, to: string | undefined) =>
    (!from && !to) || (v !== undefined && (!from || v >= from) && (!to || v <= to));
  return (p) =>
    statuses.has(p.employmentStatus) &&
    failing(p) &&
    passing(p) &&
    excluded(p) &&
    (!q.devices || matchesDeviceFilter(p, q.devices)) &&
    (!q.offboardingGap || hasGap(p, q.offboardingGap, today)) &&
    within(p.startDate, q.startedFrom, q.startedTo) &&
    within(p.separationDate, q.separatedFrom, q.separatedTo);
}

/** V1 parameters for the query, and whether they select exactly the query (else: a superset). */
/** The statuses asked for; an offboarding question is about former personnel only. */
function scopeOf(q: ListQuery) {
  const statuses = expandStatuses(q.employmentStatus);
  return q.offboardingGap ? statuses.filter(isFormerStatus) : statuses;
}

export function v1Plan(q: ListQuery): { params: V1ListParams; exact: boolean } {
  const status = v1StatusParams(scopeOf(q));
  const checks: Partial<Record<ComplianceCheckType, boolean>> = {};
  for (const c of [...(q.failing ?? []), ...(q.excluded ?? [])]) checks[c] = false;
  const params: V1ListParams = {
    q: q.search,
    ...status.params,
    checks,
    deviceCompliance: q.devices === undefined ? undefined : q.devices === 'allCompliant',
    sort: V1_SORT[q.sort ?? 'name'] ?? 'NAME',
    sortDir: q.sortDir ?? 'ASC',
  };
  const narrowed =
    q.failing?.length || q.passing?.length || q.excluded?.length || q.devices || q.offboardingGap ||
    q.startedFrom || q.startedTo || q.separatedFrom || q.separatedTo;
  return { params, exact: status.exact && !narrowed };
}

/** Fetches one page of the list `q`, `limit` rows from `position`. */
type PageFetch = (
  api: PersonnelApi,
  q: ListQuery,
  limit: number,
  position: ListPosition,
  options: ListOptions,
) => Promise<ListPage>;

/** One page of the list `q`, `limit` rows from `position`. */
export const listPersonnel: PageFetch = async (api, q, limit, position, options) => {
  if (q.sort && V2_ONLY_SORTS.includes(q.sort)) return v2Page(api, q, limit, position, options);
  const { params, exact } = v1Plan(q);
  const at = position.at;
  const resumeAt = (total: number) => (shown: number) => (at + shown < total ? { at: at + shown } : undefined);
  if (exact) {
    const page = Math.floor(at / limit) + 1;
    const result = await api.v1List({ ...params, page, limit }, options.signal);
    const people = result.data.slice(at % limit).map(fromV1);
    return { people, start: at, total: result.total, api: 'v1', filtered: false, resume: resumeAt(result.total) };
  }
  const keep = listPredicate(q, options.today);
  const matched: Person[] = [];
  const walk = walkV1Personnel(
    api,
    { ...params, limit: LIMITS.v1PageSizeMax },
    { signal: options.signal, concurrency: 4, maxPages: options.maxPages },
  );
  for await (const page of walk) {
    for (const r of page.data) {
      const p = fromV1(r);
      if (keep(p)) matched.push(p);
    }
  }
  if (walk.capped) {
    throw new InputError(
      'employmentStatus',
      `more than ${options.maxPages * LIMITS.v1PageSizeMax} people to filter: narrow the statuses or search, or use personnel_compliance_report for counts`,
    );
  }
  const total = matched.length;
  return { people: matched.slice(at, at + limit), start: at, total, api: 'v1', filtered: true, resume: resumeAt(total) };
};

const v2Page: PageFetch = async (api, q, limit, position, options) => {
  const result = await api.v2List(
    {
      cursor: position.upstream,
      size: limit,
      sort: q.sort as 'createdAt' | 'updatedAt',
      sortDir: q.sortDir ?? 'ASC',
      includeTotalCount: position.upstream === undefined,
      expand: ['user', 'complianceChecks'],
      employmentStatus: q.employmentStatus?.length ? expandStatuses(q.employmentStatus) : undefined,
    },
    options.signal,
  );
  const skip = position.skip ?? 0;
  const people = result.data.slice(skip).map(fromV2);
  const next = result.pagination.cursor ?? undefined;
  return {
    people,
    start: position.at,
    total: result.pagination.totalCount ?? undefined,
    api: 'v2',
    filtered: false,
    resume: (shown) =>
      shown < people.length
        ? { at: position.at + shown, upstream: position.upstream, skip: skip + shown }
        : next
          ? { at: position.at + shown, upstream: next, skip: 0 }
          : undefined,
  };
};
