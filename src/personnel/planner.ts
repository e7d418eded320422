/**
 * The list query planner: which API answers a list question, which API parameters narrow it, and what is
 * filtered here because the API cannot say it exactly. Tools give it a ListQuery and a window; it gives
 * back normalized people, the exact total and where the next page starts.
 *
 *  - V2 answers only createdAt/updatedAt orders (with no filter but statuses): its records carry no devices.
 *  - V1 answers everything else. When its filters select exactly what was asked (statuses, search and the
 *    name/status/date sorts) one page is fetched, unless a held org snapshot covers the scope (then no
 *    request at all). Otherwise the question is answered from the org snapshot of its scope (snapshot.ts:
 *    one V1 walk, kept for a bounded time), filtered by the query model's one predicate (query.ts) and
 *    sorted here the way V1 sorts (query-page.ts); its cursor names that snapshot.
 */
import type { ComplianceCheckType, EmploymentStatus, V1Sort } from '../drata/catalog.js';
import type { PersonnelApi, V1ListParams } from '../drata/personnel.js';
import { InputError } from '../errors.js';
import type { ListPage, ListPosition } from './list-page.js';
import { type ListQuery, type ListSort, V2_ONLY_SORTS } from './list-query.js';
import type { Person } from './model.js';
import { fromV1, fromV2 } from './normalize.js';
import { withExclusionDetails } from './exclusions.js';
import { queryPredicate, queryScope } from './query.js';
import { snapshotPage } from './query-page.js';
import type { OnWait } from './snapshot-share.js';
import type { SnapshotStore } from './snapshot.js';
import { expandStatuses, v1StatusParams } from './status.js';

const V1_SORT: Partial<Record<ListSort, V1Sort>> = {
  name: 'NAME',
  employmentStatus: 'EMPLOYMENT_STATUS',
  startDate: 'START_DATE',
  separationDate: 'SEPARATION_DATE',
};

export type { ListPage, ListPosition } from './list-page.js';

export interface ListOptions {
  signal?: AbortSignal;
  /** Upstream pages a filtered walk may read before it gives up and asks for a narrower query. */
  maxPages: number;
  /** Today (`YYYY-MM-DD`), for offboarding gaps. */
  today: string;
  /** The org snapshots of this process (and those its replicas share). */
  snapshots: SnapshotStore;
  /** Walk again instead of answering from a held snapshot. */
  fresh?: boolean;
  /** Progress of a snapshot walk, one call per page. */
  onPage?: (done: number, total: number | undefined) => Promise<void> | void;
  /** Replicas: while another replica's walk of the scope is awaited. */
  onWait?: OnWait;
}

/** The rule a person must meet (the query model's one predicate). */
export const listPredicate = (q: ListQuery, today: string): ((p: Person) => boolean) => queryPredicate(q, today);

/** V1 parameters for the query, and whether they select exactly the query (else: a superset). */
export function v1Plan(q: ListQuery): { params: V1ListParams; exact: boolean } {
  const status = v1StatusParams(queryScope(q) as EmploymentStatus[]);
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
    q.startedFrom || q.startedTo || q.separatedFrom || q.separatedTo || q.checkStatus || q.identity ||
    q.device || q.reason !== undefined || q.jobTitle !== undefined || q.manual !== undefined ||
    q.groupBy || q.countOnly;
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
  // An exact question is one API page, unless a held snapshot answers it for free; a cursor keeps its source.
  const fromApi =
    position.at > 0 || options.fresh || !(await options.snapshots.lookup(api, queryScope(q), options.signal));
  if (exact && !position.snapshot && fromApi) {
    const page = Math.floor(at / limit) + 1;
    // Read as the snapshot walk reads its pages (the lean reader): a row is the same from either source.
    const result = await api.v1ListLeanMapped({ ...params, page, limit }, (r) => fromV1(r), options.signal);
    let people = result.data.slice(at % limit);
    if (q.include?.includes('exclusions')) people = await withExclusionDetails(api, people, () => {}, options.signal);
    return { people, start: at, total: result.total, api: 'v1', filtered: false, resume: resumeAt(result.total) };
  }
  const snapshot = await snapshotFor(api, q, position, options);
  const page = snapshotPage(q, limit, position, snapshot, options.today);
  if (q.include?.includes('exclusions')) {
    page.people = await withExclusionDetails(api, page.people, (p) => snapshot.people.set(p.id, p), options.signal);
  }
  return page;
};

/** The snapshot a page comes from: the cursor's own, or one covering the query's scope (walked if need be). */
async function snapshotFor(api: PersonnelApi, q: ListQuery, position: ListPosition, options: ListOptions) {
  const store = options.snapshots;
  if (position.snapshot) {
    const held = await store.load(api, position.snapshot, options.signal);
    if (!held) {
      throw new InputError(
        'cursor',
        'the snapshot this cursor pages through has expired or was replaced: ask again without cursor (fresh data, so the answer may differ)',
      );
    }
    return held;
  }
  return store.get(api, queryScope(q), {
    signal: options.signal,
    maxPages: options.maxPages,
    fresh: options.fresh,
    onPage: options.onPage,
    onWait: options.onWait,
  });
}

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
