/**
 * One org-wide report walk, with as few requests as the API allows:
 *  - V2 `GET /personnel` over the whole scope at the largest page size the API accepts (500 per the spec,
 *    falling back to the seed docs' 50), with compliance checks and users expanded: counts, per-check
 *    lists, training due dates, out-of-scope reasons;
 *  - V1 only for the V1-only data and only for the people who need it: personnel (not former) failing
 *    IDENTITY_MFA or excluded from it (to name the identities lacking MFA), former personnel (identities still
 *    connected, devices still reporting), and current personnel without a fully compliant fleet (the device section),
 *    50 per page, pages fetched concurrently.
 * The walks run at the same time inside the client's rate limit; a shared page cap ends the whole
 * run early with `complete: false`; cancellation stops fetching; one progress notification per page.
 * A page that still fails after the client's own retries (5xx, timeout, reset, unreadable body, 429) is
 * tried again later, after the rest of the walk has had its turn; if it cannot be had, that walk stops and
 * the report returns what it has with `complete: false`, saying what is missing and why. Errors a retry
 * cannot fix (401, 403, 402, 412) still fail the whole report.
 */
import {
  type ComplianceCheckType,
  type EmploymentStatus,
  isCurrentStatus,
  isFormerStatus,
  LIMITS,
} from '../drata/catalog.js';
import { limiter } from '../concurrency.js';
import { walkV1Personnel } from '../drata/pagination.js';
import type { PersonnelApi, V1ListParams } from '../drata/personnel.js';
import { fromV1, fromV2 } from '../personnel/normalize.js';
import { v1StatusParams } from '../personnel/status.js';
import { ReportAggregate } from './aggregate.js';
import { addDeviceCandidate, DEVICE_WALK_FILTER, type DeviceFindings, newDeviceFindings } from './devices.js';
import { PageUnavailable, withLaterTries } from './later.js';
import { walkV2 } from './v2-walk.js';

export interface ReportScope {
  statuses: readonly EmploymentStatus[];
  /** Focus on these checks; undefined = all. */
  checks?: readonly ComplianceCheckType[];
  /** Walk V1 for the device section (current personnel with no device or a non-compliant one). */
  devices?: boolean;
}

export interface ReportRun {
  aggregate: ReportAggregate;
  /** The device section, when the scope asked for it. */
  devices?: DeviceFindings;
  complete: boolean;
  /** Pages of every walk but the device walk, and the device walk's. */
  pagesFetched: number;
  devicePagesFetched?: number;
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
  const devices = scope.devices ? newDeviceFindings() : undefined;
  const concurrency = options.concurrency ?? 4;

  const walks: string[] = [];
  const pages = pageCounter(options, signal, walks);
  const tasks = walkTasks(api, scope, { aggregate, devices, counted: pages.counted, signal, concurrency });
  walks.push(...tasks.map(([name]) => name));

  // A failing walk stops the others: they share one controller chained to the caller's signal.
  const results = await Promise.allSettled(
    tasks.map(([, run]) =>
      run().catch((err: unknown) => {
        if (!(err instanceof PageCapReached) && !(err instanceof PageUnavailable)) local.abort(err);
        throw err;
      }),
    ),
  ).finally(() => options.signal.removeEventListener('abort', onAbort));
  options.signal.throwIfAborted();
  // The walk that failed first aborted the others with its own error: report that one.
  if (local.signal.aborted) throw local.signal.reason;
  const coverage = coverageOf(results, tasks, options.maxPages, aggregate.total);
  const complete = coverage.length === 0;
  const devicePages = pages.fetched('devices');
  return {
    aggregate,
    devices,
    complete,
    pagesFetched: pages.fetched() - devicePages,
    devicePagesFetched: devices ? devicePages : undefined,
    coverage,
    fetchedAt: options.now,
  };
}

interface WalkDeps {
  aggregate: ReportAggregate;
  devices: DeviceFindings | undefined;
  counted: ReturnType<typeof pageCounter>['counted'];
  signal: AbortSignal;
  concurrency: number;
}

/**
 * The walks the scope needs: always V2; V1 for MFA gaps and devices of current people and for offboarding
 * gaps of former people.
 */
function walkTasks(api: PersonnelApi, scope: ReportScope, deps: WalkDeps): Array<[string, () => Promise<void>]> {
  const { aggregate, devices, counted, signal, concurrency } = deps;
  const inScope = new Set<string>(scope.statuses);
  // V1 pages are the heavy ones (4-15 KB a record): the V1 walks share one in-flight limit, which bounds
  // the memory taken by pages being parsed at once.
  const v1Slot = limiter(concurrency);
  const currentInScope = scope.statuses.filter((s) => isCurrentStatus(s));
  const formerInScope = scope.statuses.filter((s) => isFormerStatus(s));
  // MFA gaps concern everyone in scope but former personnel (their access is the offboarding section's).
  const mfaInScope = scope.statuses.filter((s) => !isFormerStatus(s));
  const wantMfa = mfaInScope.length > 0 && (!scope.checks || scope.checks.includes('IDENTITY_MFA'));

  const v2Walk = () =>
    walkV2(api, scope, {
      counted,
      signal,
      take: (r) => {
        if (inScope.has(r.employmentStatus)) aggregate.addPerson(fromV2(r));
      },
    });

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
      for await (const page of walk) for (const r of page.data) if (inScope.has(r.employmentStatus)) add(r);
    };

  const tasks: Array<[string, () => Promise<void>]> = [['v2', v2Walk]];
  if (wantMfa) {
    const params = { ...v1StatusParams(mfaInScope).params, checks: { IDENTITY_MFA: false } };
    tasks.push(['mfa', v1Walk('mfa', params, (r) => aggregate.addMfaCandidate(fromV1(r)))]);
  }
  if (formerInScope.length) {
    tasks.push(['former', v1Walk('former', v1StatusParams(formerInScope).params, (r) => aggregate.addFormer(fromV1(r)))]);
  }
  if (devices && currentInScope.length) {
    const params = { ...v1StatusParams(currentInScope).params, ...DEVICE_WALK_FILTER };
    tasks.push(['devices', v1Walk('devices', params, (r) => addDeviceCandidate(devices, fromV1(r)))]);
  }
  return tasks;
}

/**
 * Pages counted across walks, for the page cap and for progress (the total is announced once every walk's
 * first page said how many it has). Each fetch is tried again later when it fails transiently.
 */
function pageCounter(options: RunOptions, signal: AbortSignal, walks: readonly string[]) {
  let fetched = 0;
  const fetchedBy = new Map<string, number>();
  // Pages started (in flight or done): the cap counts these, so concurrent walks cannot overshoot it.
  let started = 0;
  const expected = new Map<string, number>();
  const counted = async <T>(
    walk: string,
    fetch: () => Promise<T>,
    pagesOf: (page: T) => number | undefined,
  ): Promise<T> => {
    if (started >= options.maxPages) throw new PageCapReached();
    started++;
    let page: T;
    try {
      signal.throwIfAborted();
      page = await withLaterTries(fetch, signal);
    } catch (err) {
      started--;
      throw err;
    }
    fetched++;
    fetchedBy.set(walk, (fetchedBy.get(walk) ?? 0) + 1);
    const total = pagesOf(page);
    if (total !== undefined && !expected.has(walk)) expected.set(walk, total);
    const known = walks.every((w) => expected.has(w));
    await options.progress(fetched, known ? Math.max(fetched, sum(expected.values())) : undefined);
    return page;
  };
  /** Pages fetched by every walk, or by one. */
  const pagesOf = (walk?: string) => (walk === undefined ? fetched : (fetchedBy.get(walk) ?? 0));
  return { counted, fetched: pagesOf };
}

/** For each walk that stopped early, what is missing and why (empty when the run is complete). */
function coverageOf(
  results: ReadonlyArray<PromiseSettledResult<void>>,
  tasks: ReadonlyArray<[string, unknown]>,
  maxPages: number,
  counted: number,
): string[] {
  const coverage: string[] = [];
  results.forEach((r, i) => {
    const name = tasks[i]?.[0] ?? '?';
    if (r.status === 'fulfilled') return;
    coverage.push(
      r.reason instanceof PageUnavailable
        ? `${WALKS[name] ?? name}: a page could not be fetched even when tried again later (${r.reason.message}); the people on it and after it are missing`
        : `${WALKS[name] ?? name}: stopped at the page cap (${maxPages} pages)`,
    );
  });
  if (coverage.length) coverage.unshift(`${counted} personnel in scope were counted before the walk stopped`);
  return coverage;
}

/** What each walk feeds, for the coverage lines of a partial report. */
const WALKS: Record<string, string> = {
  v2: 'counts and check lists (V2 walk)',
  mfa: 'MFA gaps (V1 walk)',
  former: 'offboarding gaps (V1 walk)',
  devices: 'no device and non-compliant devices (V1 walk)',
};

function sum(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
