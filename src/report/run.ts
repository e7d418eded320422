/**
 * One org-wide report walk, with as few requests as the API allows:
 *  - V2 `GET /personnel` over the whole scope at the largest page size the API accepts (500 per the spec,
 *    falling back to the seed docs' 50), with compliance checks and users expanded: counts, per-check
 *    lists, training due dates, out-of-scope reasons;
 *  - V1 only for the V1-only data and only for the people who need it: current personnel failing
 *    IDENTITY_MFA (to name the identities lacking MFA) and former personnel (identities still connected,
 *    devices still reporting), 50 per page, pages fetched concurrently.
 * The three walks run at the same time inside the client's rate limit; a shared page cap ends the whole
 * run early with `complete: false`; cancellation stops fetching; one progress notification per page.
 */
import {
  type ComplianceCheckType,
  type EmploymentStatus,
  isCurrentStatus,
  isFormerStatus,
  LIMITS,
} from '../drata/catalog.js';
import { limiter } from '../concurrency.js';
import { isDrataError } from '../drata/errors.js';
import { walkV1Personnel, walkV2Personnel } from '../drata/pagination.js';
import type { PersonnelApi, V1ListParams } from '../drata/personnel.js';
import type { V2PersonnelLeanPage } from '../drata/schemas.js';
import { fromV1, fromV2 } from '../personnel/normalize.js';
import { v1StatusParams } from '../personnel/status.js';
import { ReportAggregate } from './aggregate.js';

export interface ReportScope {
  statuses: readonly EmploymentStatus[];
  /** Focus on these checks; undefined = all. */
  checks?: readonly ComplianceCheckType[];
}

export interface ReportRun {
  aggregate: ReportAggregate;
  complete: boolean;
  pagesFetched: number;
  /** What each walk covered, for an incomplete run. */
  coverage: string[];
  fetchedAt: Date;
}

export interface RunOptions {
  signal: AbortSignal;
  maxPages: number;
  now: Date;
  progress: (done: number, total: number | undefined) => Promise<void> | void;
  /** V1 pages in flight at once per walk. */
  concurrency?: number;
}

const V1_PAGE = LIMITS.v1PageSizeMax;
/** Page sizes to try for V2, largest first: the spec allows 500, the seed docs 50. */
const V2_PAGE_SIZES = [LIMITS.v2PageSizeMaxSpec, LIMITS.v2PageSizeMaxSeed];
/** The V2 page size each API instance turned out to accept. */
const acceptedV2Size = new WeakMap<PersonnelApi, number>();

class PageCapReached extends Error {}

export async function runReport(
  api: PersonnelApi,
  scope: ReportScope,
  options: RunOptions,
): Promise<ReportRun> {
  const today = options.now.toISOString().slice(0, 10);
  // One controller for the three walks, chained to the caller's: a failing walk stops the others.
  const local = new AbortController();
  const onAbort = () => local.abort(options.signal.reason);
  options.signal.addEventListener('abort', onAbort, { once: true });
  const signal = local.signal;
  const aggregate = new ReportAggregate(scope.checks, today);
  const inScope = new Set<string>(scope.statuses);
  const concurrency = options.concurrency ?? 4;
  // V1 pages are the heavy ones (4-15 KB a record): both V1 walks share one in-flight limit, which bounds
  // the memory taken by pages being parsed at once.
  const v1Slot = limiter(concurrency);

  // Pages: counted across walks for the cap and for progress.
  let pagesFetched = 0;
  // Pages started (in flight or done): the cap counts these, so concurrent walks cannot overshoot it.
  let pagesStarted = 0;
  const expected = new Map<string, number>();
  const counted = async <T>(
    walk: string,
    fetch: () => Promise<T>,
    pagesOf: (page: T) => number | undefined,
  ): Promise<T> => {
    if (pagesStarted >= options.maxPages) throw new PageCapReached();
    pagesStarted++;
    let page: T;
    try {
      signal.throwIfAborted();
      page = await fetch();
    } catch (err) {
      pagesStarted--;
      throw err;
    }
    pagesFetched++;
    const total = pagesOf(page);
    if (total !== undefined && !expected.has(walk)) expected.set(walk, total);
    const known = walks.every((w) => expected.has(w));
    await options.progress(pagesFetched, known ? Math.max(pagesFetched, sum(expected.values())) : undefined);
    return page;
  };

  const coverage: string[] = [];
  let complete = true;
  const walks: string[] = ['v2'];
  const currentInScope = scope.statuses.filter((s) => isCurrentStatus(s));
  const formerInScope = scope.statuses.filter((s) => isFormerStatus(s));
  const wantMfa = currentInScope.length > 0 && (!scope.checks || scope.checks.includes('IDENTITY_MFA'));
  if (wantMfa) walks.push('mfa');
  if (formerInScope.length) walks.push('former');

  // V2 cursors cannot be fetched concurrently, so the V2 walk runs from both ends at once (createdAt
  // ascending and descending) and stops when the people seen reach the total the first pages announced,
  // or when a page brings nobody new (the walks have crossed): about half the wall time, at most one
  // extra page. Without a total the ascending walk goes on alone.
  const v2Walk = async () => {
    let size = acceptedV2Size.get(api) ?? V2_PAGE_SIZES[0] ?? 50;
    const seen = new Set<number>();
    const fetchPage = (
      sortDir: 'ASC' | 'DESC',
      cursor: string | undefined,
      pageSignal: AbortSignal | undefined,
    ) =>
      counted(
        'v2',
        () =>
          api.v2ListLean(
            {
              cursor,
              size,
              sort: 'createdAt',
              sortDir,
              includeTotalCount: cursor === undefined,
              expand: ['complianceChecks', 'user'],
              employmentStatus: scope.statuses,
            },
            pageSignal,
          ),
        (p) =>
          p.pagination.totalCount != null
            ? Math.max(1, Math.ceil(p.pagination.totalCount / size))
            : undefined,
      );
    /** Aggregate a page; true when it brought someone not seen before. */
    const take = (page: V2PersonnelLeanPage): boolean => {
      let fresh = false;
      for (const r of page.data) {
        if (seen.has(r.id)) continue;
        seen.add(r.id);
        fresh = true;
        if (inScope.has(r.employmentStatus)) aggregate.addPerson(fromV2(r));
      }
      return fresh;
    };
    // The first page of each direction goes out at once. A 400 on a first page means the API follows the
    // seed docs' 1..50 for size: retry that page smaller (the accepted size is remembered per API).
    const firstPage = async (sortDir: 'ASC' | 'DESC'): Promise<V2PersonnelLeanPage> => {
      const tried = size;
      try {
        return await fetchPage(sortDir, undefined, signal);
      } catch (err) {
        const smaller = V2_PAGE_SIZES.find((s) => s < tried);
        if (!isDrataError(err, 'bad_request') || smaller === undefined) throw err;
        size = Math.min(size, smaller);
        return fetchPage(sortDir, undefined, signal);
      }
    };
    const [asc, desc] = await Promise.all([firstPage('ASC'), firstPage('DESC')]);
    acceptedV2Size.set(api, size);
    take(asc);
    take(desc);
    const total = asc.pagination.totalCount ?? desc.pagination.totalCount ?? undefined;
    const done = () => total !== undefined && seen.size >= total;
    if (done() || asc.pagination.cursor === null) return;

    const walkFrom = async (sortDir: 'ASC' | 'DESC', cursor: string | undefined) => {
      const walk = walkV2Personnel(
        { v2List: (params, pageSignal) => fetchPage(sortDir, params?.cursor, pageSignal) },
        { cursor },
        { signal, maxPages: Number.MAX_SAFE_INTEGER },
      );
      for await (const page of walk) {
        const fresh = take(page);
        if (done() || (!fresh && page.data.length > 0)) return;
      }
    };
    if (total === undefined || desc.pagination.cursor === null) await walkFrom('ASC', asc.pagination.cursor);
    else await Promise.all([walkFrom('ASC', asc.pagination.cursor), walkFrom('DESC', desc.pagination.cursor)]);
  };

  const v1Walk =
    (name: string, params: V1ListParams, add: (r: Parameters<typeof fromV1>[0]) => void) => async () => {
      const walk = walkV1Personnel(
        {
          v1List: (p, signal) =>
            counted(
              name,
              () => v1Slot(() => api.v1ListLean(p, signal)),
              (page) => Math.max(1, Math.ceil(page.total / V1_PAGE)),
            ),
        },
        { ...params, limit: V1_PAGE, sort: 'NAME', sortDir: 'ASC' },
        { signal, concurrency, maxPages: Number.MAX_SAFE_INTEGER },
      );
      for await (const page of walk) for (const r of page.data) add(r);
    };

  const tasks: Array<[string, () => Promise<void>]> = [['v2', v2Walk]];
  if (wantMfa) {
    tasks.push([
      'mfa',
      v1Walk('mfa', { ...v1StatusParams(currentInScope).params, checks: { IDENTITY_MFA: false } }, (r) => {
        if (inScope.has(r.employmentStatus)) aggregate.addMfaCandidate(fromV1(r));
      }),
    ]);
  }
  if (formerInScope.length) {
    tasks.push([
      'former',
      v1Walk('former', v1StatusParams(formerInScope).params, (r) => {
        if (inScope.has(r.employmentStatus)) aggregate.addFormer(fromV1(r));
      }),
    ]);
  }

  // A failing walk stops the others: they share one controller chained to the caller's signal.
  const results = await Promise.allSettled(
    tasks.map(([, run]) =>
      run().catch((err: unknown) => {
        if (!(err instanceof PageCapReached)) local.abort(err);
        throw err;
      }),
    ),
  ).finally(() => options.signal.removeEventListener('abort', onAbort));
  options.signal.throwIfAborted();
  // The walk that failed first aborted the others with its own error: report that one.
  if (local.signal.aborted) throw local.signal.reason;
  results.forEach((r, i) => {
    const name = tasks[i]?.[0] ?? '?';
    if (r.status === 'fulfilled') return;
    complete = false;
    coverage.push(`${name}: stopped at the page cap (${options.maxPages} pages)`);
  });
  if (!complete) coverage.unshift(`${aggregate.total} personnel in scope were counted before the cap`);
  return { aggregate, complete, pagesFetched, coverage, fetchedAt: options.now };
}

function sum(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
