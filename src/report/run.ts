/**
 * One org-wide report, computed from the org snapshot of its scope (personnel/snapshot.ts): the same
 * normalized whole records list_personnel answers from, fed one person at a time to the aggregation (whose
 * per-check lists use the query model's predicate pieces), so a list question and the report cannot disagree
 * and a question after the report costs no request.
 *  - A held snapshot covering the scope answers at once (0 pages), also one a replica shares; otherwise the
 *    scope is walked once on V1 (50 a page, 4 pages in flight; one walk across replicas) and the snapshot kept.
 *  - The walk's pages are counted for the page cap (ending the run early with `complete: false`) and for
 *    progress (one notification per page); cancellation stops fetching.
 *  - A page that still fails after the client's own retries (5xx, timeout, reset, unreadable body, 429) is
 *    tried again later, after the rest of the walk has had its turn; if it cannot be had, the walk stops and
 *    the report returns what it has with `complete: false`, saying what is missing and why. Errors a retry
 *    cannot fix (401, 403, 402, 412) still fail the whole report. A partial walk is never kept as a snapshot.
 */
import { type ComplianceCheckType, type EmploymentStatus, isCurrentStatus, isFormerStatus } from '../drata/catalog.js';
import type { PersonnelApi } from '../drata/personnel.js';
import type { Person } from '../personnel/model.js';
import type { OnWait } from '../personnel/snapshot-share.js';
import { type SnapshotStore, walkScope } from '../personnel/snapshot.js';
import { ReportAggregate } from './aggregate.js';
import { addDeviceCandidate, type DeviceFindings, newDeviceFindings } from './devices.js';
import { PageUnavailable, withLaterTries } from './later.js';

export interface ReportScope {
  statuses: readonly EmploymentStatus[];
  /** Focus on these checks; undefined = all. */
  checks?: readonly ComplianceCheckType[];
  /** Compute the device section (current personnel with no device or a non-compliant one). */
  devices?: boolean;
}

export interface ReportRun {
  aggregate: ReportAggregate;
  /** The device section, when the scope asked for it. */
  devices?: DeviceFindings;
  complete: boolean;
  /** V1 pages this run fetched (0 when a held snapshot answered). */
  pagesFetched: number;
  devicePagesFetched?: number;
  /** What the walk covered, for an incomplete run. */
  coverage: string[];
  /** When the data was read (the snapshot's "as of"). */
  fetchedAt: Date;
}

export interface RunOptions {
  signal: AbortSignal;
  maxPages: number;
  now: Date;
  progress: (done: number, total: number | undefined) => Promise<void> | void;
  /** The org snapshots: a held one answers, a complete walk is kept. */
  snapshots: SnapshotStore;
  /** Walk again even when a snapshot is held. */
  fresh?: boolean;
  /** Replicas: while another replica's walk of the scope is awaited. */
  onWait?: OnWait;
}

class PageCapReached extends Error {}

export async function runReport(
  api: PersonnelApi,
  scope: ReportScope,
  options: RunOptions,
): Promise<ReportRun> {
  const today = options.now.toISOString().slice(0, 10);
  const store = options.snapshots;
  const held = options.fresh ? undefined : await store.lookup(api, scope.statuses, options.signal);
  if (held) {
    return aggregateOf(held.people.values(), scope, today, { complete: true, pages: 0, coverage: [], at: held.asOf });
  }
  // Replicas: one walk of the scope at a time; another replica's finished walk answers this run too.
  const walk = () => walkReport(api, scope, options);
  const once = await store.walkOnce(scope.statuses, options, walk, (w) => w.snapshot);
  if ('loaded' in once) {
    const s = (await store.load(api, once.loaded.id, options.signal)) ?? once.loaded;
    return aggregateOf(s.people.values(), scope, today, { complete: true, pages: 0, coverage: [], at: s.asOf });
  }
  const { people, coverage, pages } = once.walked;
  const complete = coverage.length === 0;
  return aggregateOf(people.values(), scope, today, { complete, pages, coverage, at: options.now });
}

/** Walk the scope for a report; a complete walk is kept as the scope's snapshot. */
async function walkReport(api: PersonnelApi, scope: ReportScope, options: RunOptions) {
  const people = new Map<number, Person>();
  const pages = pageCounter(options, options.signal);
  let coverage: string[] = [];
  try {
    await walkScope(api, scope.statuses, { signal: options.signal, counted: pages.counted }, people);
  } catch (err) {
    if (!(err instanceof PageCapReached) && !(err instanceof PageUnavailable)) throw err;
    options.signal.throwIfAborted();
    coverage = [
      `${people.size} personnel in scope were counted before the walk stopped`,
      err instanceof PageUnavailable
        ? `counts, check lists, MFA, device and offboarding gaps (V1 walk): a page could not be fetched even when tried again later (${err.message}); the people on it and after it are missing`
        : `counts, check lists, MFA, device and offboarding gaps (V1 walk): stopped at the page cap (${options.maxPages} pages)`,
    ];
  }
  const snapshot = coverage.length === 0
    ? options.snapshots.put(scope.statuses, people, options.now, pages.fetched())
    : undefined;
  return { people, coverage, pages: pages.fetched(), snapshot };
}

/** The report of these people: every section fed from the same whole records. */
function aggregateOf(
  people: Iterable<Person>,
  scope: ReportScope,
  today: string,
  run: { complete: boolean; pages: number; coverage: string[]; at: Date },
): ReportRun {
  const aggregate = new ReportAggregate(scope.checks, today);
  const devices = scope.devices ? newDeviceFindings() : undefined;
  const inScope = new Set<string>(scope.statuses);
  const wantMfa = !scope.checks || scope.checks.includes('IDENTITY_MFA');
  for (const p of people) {
    if (!inScope.has(p.employmentStatus)) continue;
    aggregate.addPerson(p);
    const status = p.employmentStatus as EmploymentStatus;
    // MFA gaps concern everyone in scope but former personnel (their access is the offboarding section's).
    if (isFormerStatus(status)) aggregate.addFormer(p);
    else if (wantMfa) aggregate.addMfaCandidate(p);
    if (isCurrentStatus(status) && devices) addDeviceCandidate(devices, p);
  }
  return {
    aggregate,
    devices,
    complete: run.complete,
    pagesFetched: run.pages,
    coverage: run.coverage,
    fetchedAt: run.at,
  };
}

/**
 * Pages counted for the page cap and for progress (the total is announced once the first page said how
 * many there are). Each fetch is tried again later when it fails transiently.
 */
function pageCounter(options: RunOptions, signal: AbortSignal) {
  let fetched = 0;
  // Pages started (in flight or done): the cap counts these, so concurrent fetches cannot overshoot it.
  let started = 0;
  let expected: number | undefined;
  const counted = async <T>(fetch: () => Promise<T>, pagesOf: (page: T) => number): Promise<T> => {
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
    expected ??= pagesOf(page);
    await options.progress(fetched, Math.max(fetched, expected));
    return page;
  };
  return { counted, fetched: () => fetched };
}
