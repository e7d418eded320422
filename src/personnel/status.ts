/**
 * Employment-status filters: the plain statuses plus V1's three aggregates, expanded in one place, and
 * the V1 parameters that select a set of statuses (exactly, or a superset to filter afterwards).
 */
import {
  EMPLOYMENT_STATUSES,
  type EmploymentStatus,
  isFormerStatus,
  V1_EMPLOYMENT_STATUSES_FILTER,
  V1_STATUS_AGGREGATES,
  type V1EmploymentStatusesFilter,
} from '../drata/catalog.js';

export const STATUS_FILTER_VALUES = [
  ...EMPLOYMENT_STATUSES,
  'ALL_CURRENT_PERSONNEL',
  'ALL_FORMER_PERSONNEL',
  'ALL_PERSONNEL',
] as const;
export type StatusFilter = (typeof STATUS_FILTER_VALUES)[number];

/** Plain statuses for a filter (aggregates expanded), in catalog order; `fallback` when there is none. */
export function expandStatuses(
  values: readonly StatusFilter[] | undefined,
  fallback: readonly EmploymentStatus[] = EMPLOYMENT_STATUSES,
): EmploymentStatus[] {
  if (!values?.length) return [...fallback];
  const out = new Set<EmploymentStatus>();
  for (const v of values) {
    const agg = (V1_STATUS_AGGREGATES as Record<string, readonly EmploymentStatus[]>)[v];
    for (const s of agg ?? [v as EmploymentStatus]) out.add(s);
  }
  return EMPLOYMENT_STATUSES.filter((s) => out.has(s));
}

export interface V1StatusParams {
  employmentStatus?: EmploymentStatus;
  employmentStatuses?: V1EmploymentStatusesFilter[];
}

/**
 * The V1 parameters selecting `statuses`. `exact` is false when V1 cannot say it (several statuses with a
 * deprecated SPECIAL_* one): the parameters then select a superset and the caller filters by status.
 */
export function v1StatusParams(statuses: readonly EmploymentStatus[]): {
  params: V1StatusParams;
  exact: boolean;
} {
  if (statuses.length === 0 || statuses.length === EMPLOYMENT_STATUSES.length) return { params: {}, exact: true };
  if (statuses.length === 1) return { params: { employmentStatus: statuses[0] }, exact: true };
  const accepted = V1_EMPLOYMENT_STATUSES_FILTER as readonly string[];
  if (statuses.every((s) => accepted.includes(s))) {
    return { params: { employmentStatuses: statuses as V1EmploymentStatusesFilter[] }, exact: true };
  }
  const formers = V1_STATUS_AGGREGATES.ALL_FORMER_PERSONNEL;
  if (statuses.length === formers.length && formers.every((s) => statuses.includes(s))) {
    return { params: { employmentStatuses: ['ALL_FORMER_PERSONNEL'] }, exact: true };
  }
  return {
    params: statuses.every(isFormerStatus) ? { employmentStatuses: ['ALL_FORMER_PERSONNEL'] } : {},
    exact: false,
  };
}
