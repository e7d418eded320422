/**
 * Walking every page of a list, as async iterables with a visible end state:
 *
 *   const walk = walkV1Personnel(api, { limit: 50 }, { maxPages: 200, signal, concurrency: 4 });
 *   for await (const page of walk) aggregate(page.data);
 *   if (walk.capped) … // stopped at maxPages; walk.nextPage says where to resume
 *
 * After the loop, `complete` is true when the last page was seen, `capped` when `maxPages` stopped the walk
 * with more to fetch. No request starts once `signal` has aborted; the walk then throws `DrataAbortedError`.
 * V1 walks stop when `total` records have been seen or a short/empty page arrives, and may prefetch up to
 * `concurrency` pages (yielded in order). V2 walks follow `pagination.cursor` until it is null and throw
 * `DrataUnexpectedResponseError` if a cursor repeats (instead of looping forever).
 */
import { DrataUnexpectedResponseError } from './errors.js';
import type { PersonnelApi, V1ListParams, V2ListParams } from './personnel.js';
import { throwIfAborted } from './rate-limit.js';
import type { V1PersonnelPage, V2PersonnelPage } from './schemas.js';

/** Default page cap: generous (50 000 V1 records at 50 a page) but finite. */
export const DEFAULT_MAX_PAGES = 1000;

export interface WalkOptions {
  /** Stop after this many pages (default 1000); `capped` then tells whether more were left. */
  maxPages?: number;
  signal?: AbortSignal;
}

export interface V1WalkOptions extends WalkOptions {
  /** First page number (default 1). */
  startPage?: number;
  /** Page size to expect when a response omits `limit` (default 20, Drata's default). */
  limit?: number;
  /** Pages fetched in parallel once `total` is known (default 1: sequential); yielded in order. */
  concurrency?: number;
}

export interface V2WalkOptions extends WalkOptions {
  /** Cursor to start from (default: the first page). */
  cursor?: string;
}

/** State shared by both walks; read it during or after iteration. */
export interface PageWalk<P> extends AsyncIterable<P> {
  /** Pages yielded so far. */
  readonly pages: number;
  /** True once the last page has been yielded. */
  readonly complete: boolean;
  /** True when the walk stopped because of `maxPages` while more pages remained. */
  readonly capped: boolean;
}

export interface V1PageWalk<P> extends PageWalk<P> {
  /** Page number to resume from, or null when complete. */
  readonly nextPage: number | null;
}

export interface V2PageWalk<P> extends PageWalk<P> {
  /** Cursor to resume from, or null when complete. */
  readonly nextCursor: string | null;
}

export interface V1PageShape {
  data: readonly unknown[];
  page?: number;
  limit?: number;
  total?: number;
}

export interface V2PageShape {
  data: readonly unknown[];
  pagination: { cursor: string | null };
}

function maxPagesOf(options: WalkOptions): number {
  const max = options.maxPages ?? DEFAULT_MAX_PAGES;
  if (!(max >= 1)) throw new RangeError('maxPages must be at least 1');
  return max;
}

/** Single-use async iterable around a generator, exposing the walk's state. */
abstract class Walk<P> implements PageWalk<P> {
  pages = 0;
  complete = false;
  capped = false;
  private started = false;

  protected abstract run(): AsyncGenerator<P, void, undefined>;

  [Symbol.asyncIterator](): AsyncIterator<P> {
    if (this.started) throw new Error('a page walk can only be iterated once');
    this.started = true;
    return this.run();
  }
}

class V1Walk<P extends V1PageShape> extends Walk<P> implements V1PageWalk<P> {
  nextPage: number | null;
  private readonly maxPages: number;

  constructor(
    private readonly fetchPage: (page: number, signal: AbortSignal | undefined) => Promise<P>,
    private readonly options: V1WalkOptions,
  ) {
    super();
    this.maxPages = maxPagesOf(options);
    this.nextPage = options.startPage ?? 1;
  }

  protected async* run(): AsyncGenerator<P, void, undefined> {
    const { signal } = this.options;
    const first = this.options.startPage ?? 1;
    const lastAllowed = first + this.maxPages - 1;
    const concurrency = Math.max(1, Math.floor(this.options.concurrency ?? 1));
    // Prefetches share one controller: leaving the walk early (break, error, abort) cancels them.
    const local = new AbortController();
    const onAbort = () => local.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const inFlight = new Map<number, Promise<P>>();
    let knownLast = first; // the last page `total` says exists; learnt from each page
    let nextToStart = first;
    const start = (n: number) => {
      throwIfAborted(signal);
      const promise = this.fetchPage(n, local.signal);
      promise.catch(() => {}); // awaited (and rethrown) in order below; never an unhandled rejection
      inFlight.set(n, promise);
    };
    try {
      for (let n = first; ; n++) {
        throwIfAborted(signal);
        if (!inFlight.has(n)) start(n);
        nextToStart = Math.max(nextToStart, n + 1);
        const page = await (inFlight.get(n) as Promise<P>);
        inFlight.delete(n);
        const limit = page.limit && page.limit > 0 ? page.limit : (this.options.limit ?? 20);
        const hasTotal = typeof page.total === 'number';
        const done =
          page.data.length === 0 ||
          page.data.length < limit ||
          (hasTotal && (n - 1) * limit + page.data.length >= (page.total as number));
        this.pages++;
        this.nextPage = done ? null : n + 1;
        if (done) this.complete = true;
        else if (n >= lastAllowed) this.capped = true;
        else {
          if (hasTotal) knownLast = Math.ceil((page.total as number) / limit);
          // Prefetch so that `concurrency` pages are in flight while the consumer handles this one, never
          // past what `total` and `maxPages` allow. With concurrency 1 nothing is prefetched: the next
          // page is requested only once the consumer asks for it.
          const upTo = Math.min(knownLast, lastAllowed, concurrency > 1 ? n + concurrency : n);
          for (; nextToStart <= upTo; nextToStart++) start(nextToStart);
        }
        yield page;
        if (done || this.capped) return;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      local.abort();
    }
  }
}

class V2Walk<P extends V2PageShape> extends Walk<P> implements V2PageWalk<P> {
  nextCursor: string | null;
  private readonly maxPages: number;

  constructor(
    private readonly fetchPage: (cursor: string | undefined, signal: AbortSignal | undefined) => Promise<P>,
    private readonly options: V2WalkOptions,
  ) {
    super();
    this.maxPages = maxPagesOf(options);
    this.nextCursor = options.cursor ?? null;
  }

  protected async* run(): AsyncGenerator<P, void, undefined> {
    const { signal } = this.options;
    let cursor = this.options.cursor;
    const seen = new Set<string>(cursor === undefined ? [] : [cursor]);
    for (;;) {
      throwIfAborted(signal);
      const page = await this.fetchPage(cursor, signal);
      const next = page.pagination.cursor;
      if (next !== null && seen.has(next)) {
        throw new DrataUnexpectedResponseError(
          `Drata returned a pagination cursor it had already returned (after ${this.pages + 1} pages); stopping to avoid an endless loop`,
        );
      }
      this.pages++;
      this.nextCursor = next;
      if (next === null) this.complete = true;
      else if (this.pages >= this.maxPages) this.capped = true;
      yield page;
      if (next === null || this.capped) return;
      seen.add(next);
      cursor = next;
    }
  }
}

/** Walk V1 page-numbered pages with any page fetcher (`fetchPage(pageNumber, signal)`). */
export function walkV1Pages<P extends V1PageShape>(
  fetchPage: (page: number, signal: AbortSignal | undefined) => Promise<P>,
  options: V1WalkOptions = {},
): V1PageWalk<P> {
  return new V1Walk(fetchPage, options);
}

/** Walk V2 cursor pages with any page fetcher (`fetchPage(cursor, signal)`; `undefined` = first page). */
export function walkV2Pages<P extends V2PageShape>(
  fetchPage: (cursor: string | undefined, signal: AbortSignal | undefined) => Promise<P>,
  options: V2WalkOptions = {},
): V2PageWalk<P> {
  return new V2Walk(fetchPage, options);
}

/** Every V1 personnel page for `params` (`params.page` is the start page, `params.limit` the size). */
export function walkV1Personnel(
  api: Pick<PersonnelApi, 'v1List'>,
  params: Omit<V1ListParams, 'page'> & { page?: number },
  options: Omit<V1WalkOptions, 'startPage' | 'limit'> = {},
): V1PageWalk<V1PersonnelPage> {
  return walkV1Pages((page, signal) => api.v1List({ ...params, page }, signal), {
    ...options,
    startPage: params.page ?? 1,
    limit: params.limit,
  });
}

/** Every V2 personnel page for `params` (`params.cursor` is the start cursor). */
export function walkV2Personnel(
  api: Pick<PersonnelApi, 'v2List'>,
  params: V2ListParams,
  options: Omit<V2WalkOptions, 'cursor'> = {},
): V2PageWalk<V2PersonnelPage> {
  return walkV2Pages((cursor, signal) => api.v2List({ ...params, cursor }, signal), {
    ...options,
    cursor: params.cursor,
  });
}
