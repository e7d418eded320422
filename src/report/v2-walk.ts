/**
 * The report's V2 walk: every person in scope once, with their checks, at the largest page size the API
 * accepts (500 per the spec, falling back to the seed docs' 50, remembered per API instance).
 */
import { type EmploymentStatus, LIMITS } from '../drata/catalog.js';
import { isDrataError } from '../drata/errors.js';
import { walkV2Personnel } from '../drata/pagination.js';
import type { PersonnelApi } from '../drata/personnel.js';
import type { V2PersonnelLeanPage } from '../drata/schemas.js';

/** Page sizes to try for V2, largest first: the spec allows 500, the seed docs 50. */
const V2_PAGE_SIZES = [LIMITS.v2PageSizeMaxSpec, LIMITS.v2PageSizeMaxSeed];
/** The V2 page size each API instance turned out to accept. */
const acceptedV2Size = new WeakMap<PersonnelApi, number>();

/** What the V2 walk needs from the run: the shared page counter, the run's signal, the aggregation. */
export interface V2WalkContext {
  counted: <T>(walk: string, fetch: () => Promise<T>, pagesOf: (page: T) => number | undefined) => Promise<T>;
  signal: AbortSignal;
  take: (record: V2PersonnelLeanPage['data'][number]) => void;
}

// V2 cursors cannot be fetched concurrently, so the V2 walk runs from both ends at once (createdAt
// ascending and descending) and stops when the people seen reach the total the first pages announced,
// or when a page brings nobody new (the walks have crossed): about half the wall time, at most one
// extra page. Without a total the ascending walk goes on alone.
export async function walkV2(
  api: PersonnelApi,
  scope: { statuses: readonly EmploymentStatus[] },
  ctx: V2WalkContext,
): Promise<void> {
  const { counted, signal } = ctx;
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
      ctx.take(r);
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
}
