/**
 * The Personnel endpoints' parameters and bodies, and their translation into Drata's query strings, path
 * segments and bodies (validated before any I/O). personnel.ts sends them.
 */
import {
  CHECK_FILTER_PARAM,
  type ComplianceCheckType,
  type EmploymentStatus,
  type MDM_SOURCE_TYPES,
  type SortDirection,
  type V1EmploymentStatusesFilter,
  type V1Sort,
  type V2PersonnelExpand,
  type V2Sort,
} from './catalog.js';
import { validEmail } from './email.js';
import { DrataInvalidArgumentError } from './errors.js';
import { positiveId } from './path.js';
import type { Query } from './query.js';

export type MdmSourceType = (typeof MDM_SOURCE_TYPES)[number];
export type TrainingComplianceType = 'SECURITY_TRAINING' | 'HIPAA_TRAINING' | 'NIST_AI_TRAINING';

/** V1 `GET /personnel` parameters (camelCase; arrays become repeated `name[]` keys where Drata uses them). */
export interface V1ListParams {
  page?: number;
  limit?: number;
  /** Search by first, last or full name, or email. */
  q?: string;
  employmentStatus?: EmploymentStatus;
  /** Sent as `employmentStatuses[]`; accepts the ALL_* aggregates. */
  employmentStatuses?: readonly V1EmploymentStatusesFilter[];
  /** Compliance filters by check type, mapped through CHECK_FILTER_PARAM (`true` = passing). */
  checks?: Partial<Record<ComplianceCheckType, boolean>>;
  deviceCompliance?: boolean;
  multiSecurityTrainingCompliance?: boolean;
  multiTrainingComplianceType?: TrainingComplianceType;
  /** Sent as repeated `groupIds` (no brackets, as in the spec). */
  groupIds?: readonly number[];
  sort?: V1Sort;
  sortDir?: SortDirection;
  mdmSourceType?: MdmSourceType;
  /** Sent as `inverseMdmSourceTypes[]`. */
  inverseMdmSourceTypes?: readonly MdmSourceType[];
}

/** V2 `GET /personnel` parameters. */
export interface V2ListParams {
  cursor?: string;
  size?: number;
  sort?: V2Sort;
  sortDir?: SortDirection;
  includeTotalCount?: boolean;
  /** Sent as `expand[]`. */
  expand?: readonly V2PersonnelExpand[];
  /** Sent as `employmentStatus[]`. */
  employmentStatus?: readonly EmploymentStatus[];
}

export interface V1ContractDates {
  /** `YYYY-MM-DD` */
  startDate: string;
  separationDate?: string;
}

export interface V1StatusChange {
  employmentStatus: EmploymentStatus;
  /** Required by Drata for OUT_OF_SCOPE. */
  notHumanReason?: string;
  /** Required by Drata for FORMER_* statuses. */
  separationDate?: string;
}

/** V2 custom field write: identify the field by `id` or `name`; a `null` value deletes it. */
export interface V2CustomFieldWrite {
  id?: number;
  name?: string;
  value: string | null;
}

/** V2 `PUT /personnel/{personnelId}` body. Only the fields present are changed. */
export interface V2UpdateBody {
  startedAt?: string;
  separatedAt?: string;
  employmentStatus?: EmploymentStatus;
  notHumanReason?: string;
  customFields?: readonly V2CustomFieldWrite[];
}

export type V2ActionRequest =
  | { action: 'reset-sync'; personnelIds: readonly number[] }
  | { action: 'reset-sync-all' };

/** A person as the caller parsed it (src/personnel/lookup.ts parsePersonRef): an id or an email. */
export type PersonRef = { kind: 'id'; id: number } | { kind: 'email'; email: string };

/** The V2 `{personnelId}` segment: the id, or `email:<address>` (sent as one encoded segment). */
export function personnelSegment(ref: PersonRef | number): number | `email:${string}` {
  if (typeof ref === 'number') return positiveId(ref);
  if (ref?.kind === 'id') return positiveId(ref.id);
  if (ref?.kind === 'email') return `email:${validEmail(ref.email)}`;
  throw new DrataInvalidArgumentError('personnel must be an id or an email reference');
}

export function idList(ids: readonly number[]): number[] {
  if (!Array.isArray(ids) || ids.length === 0) {
    throw new DrataInvalidArgumentError('personnelIds must be a non-empty list of personnel ids');
  }
  return ids.map((id) => positiveId(id));
}

export function actionBody(request: V2ActionRequest): Record<string, unknown> {
  switch (request.action) {
    case 'reset-sync':
      return { action: 'reset-sync', personnelIds: idList(request.personnelIds) };
    case 'reset-sync-all':
      return { action: 'reset-sync-all' };
    default:
      throw new DrataInvalidArgumentError('action must be reset-sync or reset-sync-all');
  }
}

export function v1ListQuery(p: V1ListParams): Query {
  const query: Record<string, Query[string]> = {
    page: p.page,
    limit: p.limit,
    q: p.q,
    employmentStatus: p.employmentStatus,
    'employmentStatuses[]': p.employmentStatuses,
  };
  for (const [type, value] of Object.entries(p.checks ?? {})) {
    const param = CHECK_FILTER_PARAM[type as ComplianceCheckType];
    if (param === undefined) throw new DrataInvalidArgumentError(`unknown compliance check type ${type}`);
    query[param] = value;
  }
  Object.assign(query, {
    deviceCompliance: p.deviceCompliance,
    multiSecurityTrainingCompliance: p.multiSecurityTrainingCompliance,
    multiTrainingComplianceType: p.multiTrainingComplianceType,
    groupIds: p.groupIds,
    sort: p.sort,
    sortDir: p.sortDir,
    mdmSourceType: p.mdmSourceType,
    'inverseMdmSourceTypes[]': p.inverseMdmSourceTypes,
  });
  return query;
}

export function v2ListQuery(p: V2ListParams): Query {
  return {
    cursor: p.cursor,
    size: p.size,
    sort: p.sort,
    sortDir: p.sortDir,
    includeTotalCount: p.includeTotalCount,
    'expand[]': p.expand,
    'employmentStatus[]': p.employmentStatus,
  };
}
