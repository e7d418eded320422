/**
 * What list_personnel can ask, as one validated value: the planner turns it into API calls, the cursor
 * carries it from page to page, and the renderer describes it.
 */
import { z } from 'zod';
import { COMPLIANCE_CHECK_TYPES } from '../drata/catalog.js';
import { InputError } from '../errors.js';
import { DEVICE_FILTERS } from './model.js';
import { GAP_FILTERS } from './offboarding.js';
import { STATUS_FILTER_VALUES } from './status.js';

export const LIST_SORTS = ['name', 'employmentStatus', 'startDate', 'separationDate', 'createdAt', 'updatedAt'] as const;
export type ListSort = (typeof LIST_SORTS)[number];
/** Sorts only V2 answers (it carries no devices and no search or compliance filters). */
export const V2_ONLY_SORTS: readonly ListSort[] = ['createdAt', 'updatedAt'];

const checks = z.array(z.enum(COMPLIANCE_CHECK_TYPES)).optional();
const day = z.string().optional();

export const listQuerySchema = z.object({
  employmentStatus: z.array(z.enum(STATUS_FILTER_VALUES)).optional(),
  search: z.string().optional(),
  failing: checks,
  passing: checks,
  excluded: checks,
  devices: z.enum(DEVICE_FILTERS).optional(),
  offboardingGap: z.enum(GAP_FILTERS).optional(),
  startedFrom: day,
  startedTo: day,
  separatedFrom: day,
  separatedTo: day,
  sort: z.enum(LIST_SORTS).optional(),
  sortDir: z.enum(['ASC', 'DESC']).optional(),
});
export type ListQuery = z.output<typeof listQuerySchema>;
export const LIST_QUERY_KEYS = Object.keys(listQuerySchema.shape) as Array<keyof ListQuery>;

/** The filters that V1 alone can answer (or that need its devices): not combinable with a V2-only sort. */
const V1_FILTERS = ['search', 'failing', 'passing', 'excluded', 'devices', 'offboardingGap'] as const;
const DATE_FILTERS = ['startedFrom', 'startedTo', 'separatedFrom', 'separatedTo'] as const;

/** Reject contradictions: a check both failing and passing, reversed date ranges, V2 sorts with V1 filters. */
export function validateListQuery(q: ListQuery): void {
  const pairs: Array<[keyof ListQuery, string[] | undefined, string[] | undefined]> = [
    ['failing', q.failing, q.passing],
    ['failing', q.failing, q.excluded],
    ['excluded', q.excluded, q.passing],
  ];
  for (const [field, a, b] of pairs) {
    const both = (a ?? []).filter((c) => b?.includes(c));
    if (both.length) throw new InputError(field, `a check cannot be in two states at once: ${both.join(', ')}`);
  }
  for (const [from, to] of [['startedFrom', 'startedTo'], ['separatedFrom', 'separatedTo']] as const) {
    const a = q[from];
    const b = q[to];
    if (a && b && a > b) throw new InputError(from, `${from} ${a} is after ${to} ${b}`);
  }
  if (q.sort && V2_ONLY_SORTS.includes(q.sort)) {
    const given = [...V1_FILTERS, ...DATE_FILTERS].filter((k) => q[k] !== undefined);
    if (given.length) {
      throw new InputError(
        'sort',
        `${q.sort} order cannot be combined with ${given.join(', ')}; use name, startDate or separationDate`,
      );
    }
  }
}

const range = (from: string | undefined, to: string | undefined): string =>
  from && to ? `${from}..${to}` : from ? `from ${from}` : `until ${to ?? ''}`;

/** The query in words, for the heading of a page. */
export function describeListQuery(q: ListQuery): string {
  const parts: string[] = [q.employmentStatus?.length ? q.employmentStatus.join('/') : 'all statuses'];
  if (q.search) parts.push(`matching "${q.search}"`);
  if (q.failing?.length) parts.push(`failing ${q.failing.join(' and ')}`);
  if (q.passing?.length) parts.push(`passing ${q.passing.join(' and ')}`);
  if (q.excluded?.length) parts.push(`excluded from ${q.excluded.join(' and ')}`);
  if (q.devices === 'none') parts.push('no device');
  if (q.devices === 'anyFailing') parts.push('a failing device');
  if (q.devices === 'allCompliant') parts.push('all devices compliant');
  if (q.offboardingGap) parts.push(`offboarding gap: ${q.offboardingGap}`);
  if (q.startedFrom || q.startedTo) parts.push(`started ${range(q.startedFrom, q.startedTo)}`);
  if (q.separatedFrom || q.separatedTo) parts.push(`separated ${range(q.separatedFrom, q.separatedTo)}`);
  parts.push(`sorted by ${q.sort ?? 'name'} ${q.sortDir ?? 'ASC'}`);
  return parts.join('; ');
}

/** Whether two query values are the same filter (arrays compared as sets). */
export function sameFilter(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const x = new Set(a as unknown[]);
    return x.size === new Set(b as unknown[]).size && (b as unknown[]).every((v) => x.has(v));
  }
  return a === b;
}
