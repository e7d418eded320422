/**
 * What list_personnel can ask, as one validated value: the planner turns it into API calls, the cursor
 * carries it from page to page, and the renderer describes it.
 */
import { z } from 'zod';
import { COMPLIANCE_CHECK_STATUSES, COMPLIANCE_CHECK_TYPES } from '../drata/catalog.js';
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
const text = z.string().optional();

/** What a row can carry besides its cells (list_personnel's `include`). */
export const ROW_INCLUDES = ['identities', 'devices', 'reason', 'trainings', 'exclusions'] as const;
export type RowInclude = (typeof ROW_INCLUDES)[number];
/** What a count can be grouped by (list_personnel's `groupBy`). */
export const GROUP_BYS = [
  'status',
  'check',
  'provider',
  'mfa',
  'source',
  'os',
  'model',
  'reason',
  'startMonth',
  'separationMonth',
] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
/**
 * An identity's MFA state for a compliance question: as the API reports it (on, off, unknown), except an
 * HRIS record (BambooHR…), which is not a login: n/a, whatever the API reports for it.
 */
export const MFA_STATES = ['on', 'off', 'unknown', 'n/a'] as const;
export type MfaState = (typeof MFA_STATES)[number];

export const identityClauseSchema = z.object({
  provider: text,
  connected: z.boolean().optional(),
  mfa: z.enum(MFA_STATES).optional(),
  username: text,
});
export const deviceClauseSchema = z.object({
  failing: checks,
  source: text,
  os: text,
  model: text,
  seenBefore: day,
  seenAfter: day,
  min: z.number().int().min(0).optional(),
  max: z.number().int().min(0).optional(),
});

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
  checkStatus: z.record(z.string(), z.array(z.enum(COMPLIANCE_CHECK_STATUSES))).optional(),
  reason: text,
  jobTitle: text,
  manual: z.boolean().optional(),
  identity: identityClauseSchema.optional(),
  device: deviceClauseSchema.optional(),
  include: z.array(z.enum(ROW_INCLUDES)).optional(),
  groupBy: z.enum(GROUP_BYS).optional(),
  countOnly: z.boolean().optional(),
  sort: z.enum(LIST_SORTS).optional(),
  sortDir: z.enum(['ASC', 'DESC']).optional(),
});
export type ListQuery = z.output<typeof listQuerySchema>;
export const LIST_QUERY_KEYS = Object.keys(listQuerySchema.shape) as Array<keyof ListQuery>;

/** The filters that V1 alone can answer (or that need its devices): not combinable with a V2-only sort. */
const V1_FILTERS = [
  'search',
  'failing',
  'passing',
  'excluded',
  'devices',
  'offboardingGap',
  'checkStatus',
  'reason',
  'jobTitle',
  'manual',
  'identity',
  'device',
  'include',
  'groupBy',
  'countOnly',
] as const;
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
  for (const type of Object.keys(q.checkStatus ?? {})) {
    if (!(COMPLIANCE_CHECK_TYPES as readonly string[]).includes(type))
      throw new InputError('checkStatus', `${type} is not a check type: use one of ${COMPLIANCE_CHECK_TYPES.join(', ')}`);
  }
  const d = q.device;
  if (d?.min !== undefined && d.max !== undefined && d.min > d.max)
    throw new InputError('device', `device.min ${d.min} is above device.max ${d.max}`);
  if (d?.seenAfter && d.seenBefore && d.seenAfter > d.seenBefore)
    throw new InputError('device', `device.seenAfter ${d.seenAfter} is after device.seenBefore ${d.seenBefore}`);
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

/** The query in words, for the heading of a page (a count has no order: `withOrder` false). */
export function describeListQuery(q: ListQuery, withOrder = true): string {
  // An offboarding-gap condition keeps only former statuses (query.ts): say so rather than "all statuses".
  const statuses = q.employmentStatus?.length ? q.employmentStatus.join('/') : q.offboardingGap ? 'former statuses' : 'all statuses';
  const parts: string[] = [statuses];
  if (q.search) parts.push(`matching "${q.search}"`);
  if (q.failing?.length) parts.push(`failing ${q.failing.join(' and ')}`);
  if (q.passing?.length) parts.push(`passing ${q.passing.join(' and ')}`);
  if (q.excluded?.length) parts.push(`excluded from ${q.excluded.join(' and ')}`);
  if (q.devices === 'none') parts.push('no device');
  if (q.devices === 'anyFailing') parts.push('a failing device');
  if (q.devices === 'allCompliant') parts.push('all devices compliant');
  if (q.offboardingGap) parts.push(`offboarding gap: ${q.offboardingGap}`);
  for (const [type, states] of Object.entries(q.checkStatus ?? {})) parts.push(`${type} ${states.join('/')}`);
  if (q.reason !== undefined) parts.push(`reason contains "${q.reason}"`);
  if (q.jobTitle !== undefined) parts.push(`job title contains "${q.jobTitle}"`);
  if (q.manual !== undefined) parts.push(q.manual ? 'status set manually' : 'status not set manually');
  if (q.identity) parts.push(`an identity ${clauseText(q.identity)}`);
  if (q.device) parts.push(`devices ${clauseText(q.device)}`);
  if (q.startedFrom || q.startedTo) parts.push(`started ${range(q.startedFrom, q.startedTo)}`);
  if (q.separatedFrom || q.separatedTo) parts.push(`separated ${range(q.separatedFrom, q.separatedTo)}`);
  if (withOrder) parts.push(`sorted by ${q.sort ?? 'name'} ${q.sortDir ?? 'ASC'}`);
  return parts.join('; ');
}

/** A clause in words: `provider=GITHUB connected=true`. */
const clauseText = (c: object): string =>
  Object.entries(c)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`)
    .join(' ') || 'any';

/** Whether two query values are the same filter (arrays compared as sets, objects field by field). */
export function sameFilter(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const x = new Set(a as unknown[]);
    return x.size === new Set(b as unknown[]).size && (b as unknown[]).every((v) => x.has(v));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
    return [...keys].every((k) => sameFilter(ra[k], rb[k]));
  }
  return a === b;
}
