/**
 * The one V1 walk of a scope behind the org snapshot and the report: every page, 50 a page, in name order,
 * WALK_CONCURRENCY (4) in flight, each record normalized.
 */
import { EMPLOYMENT_STATUSES, type EmploymentStatus, LIMITS } from '../drata/catalog.js';
import { InputError } from '../errors.js';
import { walkV1Pages } from '../drata/pagination.js';
import type { PersonnelApi } from '../drata/personnel.js';
import type { Person } from './model.js';
import { fromV1 } from './normalize.js';
import { ValuePool } from './pool.js';
import { v1StatusParams } from './status.js';

/** Pages in flight during a walk, after the first page (read alone: it says how many there are). */
export const WALK_CONCURRENCY = 4;

/** The statuses a scope names (every status for an empty scope). */
export const scopeSet = (scope: readonly string[]): Set<string> =>
  new Set<string>(scope.length ? scope : EMPLOYMENT_STATUSES);

/** One name per scope (sorted statuses), for the walk in flight and the replicas' walk lock. */
export const scopeKey = (scope: readonly string[]): string => [...scopeSet(scope)].sort().join(',');

/** Fetches one page through the caller's accounting (cap, progress, later tries); pagesOf reads its size. */
export type PageCounter = <T>(fetch: () => Promise<T>, pagesOf: (page: T) => number) => Promise<T>;

/**
 * Walk every V1 page of `scope` (50 a page, name order, WALK_CONCURRENCY in flight) into `people`, normalized.
 * On a failure the people read so far stay in `people` (a partial report can count them). Each page is normalized while
 * it is parsed, through one pool for the walk (pool.ts): a page in flight holds Persons, never its parsed
 * records, and the snapshot holds one copy of each repeated value.
 */
export async function walkScope(
  api: PersonnelApi,
  scope: readonly string[],
  options: { signal?: AbortSignal; counted: PageCounter; maxPages?: number },
  people: Map<number, Person>,
): Promise<{ capped: boolean; pages: number }> {
  const statuses = scopeSet(scope);
  const pool = new ValuePool();
  const pagesOf = (page: { total: number }) => Math.max(1, Math.ceil(page.total / LIMITS.v1PageSizeMax));
  const params = {
    ...v1StatusParams([...statuses] as EmploymentStatus[]).params,
    limit: LIMITS.v1PageSizeMax,
    sort: 'NAME',
    sortDir: 'ASC',
  } as const;
  const fetchPage = (page: number, signal: AbortSignal | undefined) =>
    api.v1ListLeanMapped({ ...params, page }, (r) => fromV1(r, pool), signal);
  const walk = walkV1Pages((page, signal) => options.counted(() => fetchPage(page, signal), pagesOf), {
    signal: options.signal,
    concurrency: WALK_CONCURRENCY,
    maxPages: options.maxPages ?? Number.MAX_SAFE_INTEGER,
    limit: params.limit,
  });
  for await (const page of walk) {
    for (const p of page.data) if (statuses.has(p.employmentStatus)) people.set(p.id, p);
  }
  return { capped: walk.capped, pages: walk.pages };
}

/** A whole walk for a snapshot, with progress per page; more than `maxPages` pages is an input error. */
export async function walkWhole(
  api: PersonnelApi,
  scope: readonly string[],
  options: { signal?: AbortSignal; maxPages: number; onPage?: (done: number, total: number | undefined) => unknown },
): Promise<{ people: Map<number, Person>; pages: number }> {
  const people = new Map<number, Person>();
  let done = 0;
  const counted: PageCounter = async (fetch, pagesOf) => {
    const page = await fetch();
    done++;
    await options.onPage?.(done, Math.max(done, pagesOf(page)));
    return page;
  };
  const { signal, maxPages } = options;
  const { capped, pages } = await walkScope(api, scope, { signal, counted, maxPages }, people);
  if (capped) {
    throw new InputError(
      'employmentStatus',
      `more than ${options.maxPages * LIMITS.v1PageSizeMax} people to read: narrow the statuses or search`,
    );
  }
  return { people, pages };
}
