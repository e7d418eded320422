/**
 * Typed Personnel endpoints (V1 and V2), each one call through `DrataClient.request`. Ids and emails are
 * validated here (invalid_argument before any I/O); sizes and enum values are passed through unchanged
 * (tool input is validated upstream). Every call names its catalog operation so a 403 can say which
 * permission the API key lacks.
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
import type { DrataClient, DrataRequest } from './client.js';
import { DrataError, DrataInvalidArgumentError } from './errors.js';
import { validEmail } from './email.js';
import { type PathSegment, positiveId } from './path.js';
import type { Query } from './query.js';
import {
  type V1Personnel,
  type V1PersonnelLeanPage,
  V1PersonnelLeanPageSchema,
  type V1PersonnelPage,
  V1PersonnelPageSchema,
  V1PersonnelSchema,
  type V1ResetSyncResult,
  V1ResetSyncResultSchema,
  type V2ActionResult,
  V2ActionResultSchema,
  type V2Person,
  type V2PersonnelLeanPage,
  V2PersonnelLeanPageSchema,
  type V2PersonnelPage,
  V2PersonnelPageSchema,
  V2PersonSchema,
} from './schemas.js';

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
function personnelSegment(ref: PersonRef | number): number | `email:${string}` {
  if (typeof ref === 'number') return positiveId(ref);
  if (ref?.kind === 'id') return positiveId(ref.id);
  if (ref?.kind === 'email') return `email:${validEmail(ref.email)}`;
  throw new DrataInvalidArgumentError('personnel must be an id or an email reference');
}

function idList(ids: readonly number[]): number[] {
  if (!Array.isArray(ids) || ids.length === 0) {
    throw new DrataInvalidArgumentError('personnelIds must be a non-empty list of personnel ids');
  }
  return ids.map((id) => positiveId(id));
}

/** The three V1 reset-sync PUTs differ only in path and body; their response is validated leniently. */
function resetSyncRequest(
  segments: PathSegment[],
  body: unknown,
  signal: AbortSignal | undefined,
): DrataRequest<V1ResetSyncResult> {
  return {
    api: 'v1',
    method: 'PUT',
    segments,
    body,
    schema: V1ResetSyncResultSchema,
    signal,
    operation: 'resync',
  };
}

function actionBody(request: V2ActionRequest): Record<string, unknown> {
  switch (request.action) {
    case 'reset-sync':
      return { action: 'reset-sync', personnelIds: idList(request.personnelIds) };
    case 'reset-sync-all':
      return { action: 'reset-sync-all' };
    default:
      throw new DrataInvalidArgumentError('action must be reset-sync or reset-sync-all');
  }
}

function v1ListQuery(p: V1ListParams): Query {
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

function v2ListQuery(p: V2ListParams): Query {
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

/** The Personnel endpoints over one `DrataClient` (and so one rate limit). */
export class PersonnelApi {
  constructor(private readonly client: DrataClient) {}

  // V1 (`/public`) ------------------------------------------------------------------------------------

  /** `GET /personnel` (V1): one page of full records. */
  v1List(params: V1ListParams = {}, signal?: AbortSignal): Promise<V1PersonnelPage> {
    return this.call(() => ({
      api: 'v1',
      method: 'GET',
      segments: ['personnel'],
      query: v1ListQuery(params),
      schema: V1PersonnelPageSchema,
      signal,
      operation: 'list',
    }));
  }

  /** The same `GET /personnel` (V1), keeping only what org-wide walks read (see V1PersonnelLeanSchema). */
  v1ListLean(params: V1ListParams = {}, signal?: AbortSignal): Promise<V1PersonnelLeanPage> {
    return this.call(() => ({
      api: 'v1',
      method: 'GET',
      segments: ['personnel'],
      query: v1ListQuery(params),
      schema: V1PersonnelLeanPageSchema,
      signal,
      operation: 'list',
    }));
  }

  /** `GET /personnel/{id}` (V1). */
  v1Get(id: number, signal?: AbortSignal): Promise<V1Personnel> {
    return this.call(() => ({
      api: 'v1',
      method: 'GET',
      segments: ['personnel', positiveId(id)],
      schema: V1PersonnelSchema,
      signal,
      operation: 'get',
    }));
  }

  /** `GET /personnel/{email}/email` (V1). */
  v1GetByEmail(email: string, signal?: AbortSignal): Promise<V1Personnel> {
    return this.call(() => ({
      api: 'v1',
      method: 'GET',
      segments: ['personnel', validEmail(email), 'email'],
      schema: V1PersonnelSchema,
      signal,
      operation: 'get',
    }));
  }

  /** `PUT /personnel/{id}/contract-dates` (V1). */
  v1UpdateContractDates(id: number, dates: V1ContractDates, signal?: AbortSignal): Promise<V1Personnel> {
    return this.call(() => ({
      api: 'v1',
      method: 'PUT',
      segments: ['personnel', positiveId(id), 'contract-dates'],
      body: { startDate: dates.startDate, separationDate: dates.separationDate },
      schema: V1PersonnelSchema,
      signal,
      operation: 'updateDatesV1',
    }));
  }

  /** `PUT /personnel/{id}/status` (V1). */
  v1UpdateStatus(id: number, change: V1StatusChange, signal?: AbortSignal): Promise<V1Personnel> {
    return this.call(() => ({
      api: 'v1',
      method: 'PUT',
      segments: ['personnel', positiveId(id), 'status'],
      body: {
        employmentStatus: change.employmentStatus,
        notHumanReason: change.notHumanReason,
        separationDate: change.separationDate,
      },
      schema: V1PersonnelSchema,
      signal,
      operation: 'updateStatusV1',
    }));
  }

  /** `PUT /personnel/reset-sync/{personnelId}` (V1). */
  v1ResetSync(id: number, signal?: AbortSignal): Promise<V1ResetSyncResult> {
    return this.call(() => resetSyncRequest(['personnel', 'reset-sync', positiveId(id)], undefined, signal));
  }

  /** `PUT /personnel/some/reset-sync` (V1) with `{personnelIds}`. */
  v1ResetSyncSome(ids: readonly number[], signal?: AbortSignal): Promise<V1ResetSyncResult> {
    return this.call(() =>
      resetSyncRequest(['personnel', 'some', 'reset-sync'], { personnelIds: idList(ids) }, signal),
    );
  }

  /** `PUT /personnel/all/reset-sync` (V1). */
  v1ResetSyncAll(signal?: AbortSignal): Promise<V1ResetSyncResult> {
    return this.call(() => resetSyncRequest(['personnel', 'all', 'reset-sync'], undefined, signal));
  }

  // V2 (`/public/v2`) ---------------------------------------------------------------------------------

  /** `GET /personnel` (V2): one cursor page of slim records. */
  v2List(params: V2ListParams = {}, signal?: AbortSignal): Promise<V2PersonnelPage> {
    return this.call(() => ({
      api: 'v2',
      method: 'GET',
      segments: ['personnel'],
      query: v2ListQuery(params),
      schema: V2PersonnelPageSchema,
      signal,
      operation: 'list',
    }));
  }

  /** The same `GET /personnel` (V2), keeping only what org-wide walks read (see V2PersonLeanSchema). */
  v2ListLean(params: V2ListParams = {}, signal?: AbortSignal): Promise<V2PersonnelLeanPage> {
    return this.call(() => ({
      api: 'v2',
      method: 'GET',
      segments: ['personnel'],
      query: v2ListQuery(params),
      schema: V2PersonnelLeanPageSchema,
      signal,
      operation: 'list',
    }));
  }

  /** `GET /personnel/{personnelId}` (V2) by id or email. */
  v2Get(ref: PersonRef | number, expand?: readonly V2PersonnelExpand[], signal?: AbortSignal): Promise<V2Person> {
    return this.call(() => ({
      api: 'v2',
      method: 'GET',
      segments: ['personnel', personnelSegment(ref)],
      query: { 'expand[]': expand },
      schema: V2PersonSchema,
      signal,
      operation: 'get',
    }));
  }

  /** `PUT /personnel/{personnelId}` (V2) by id or email. */
  v2Update(ref: PersonRef | number, body: V2UpdateBody, signal?: AbortSignal): Promise<V2Person> {
    return this.call(() => ({
      api: 'v2',
      method: 'PUT',
      segments: ['personnel', personnelSegment(ref)],
      body,
      schema: V2PersonSchema,
      signal,
      operation: 'updateV2',
    }));
  }

  /**
   * `POST /personnel/actions` (V2) → `{count}`. Not idempotent-safe to replay blindly, so it is retried
   * on 429 only (never on 5xx, timeouts or connection failures).
   */
  v2Action(request: V2ActionRequest, signal?: AbortSignal): Promise<V2ActionResult> {
    return this.call(() => ({
      api: 'v2',
      method: 'POST',
      segments: ['personnel', 'actions'],
      body: actionBody(request),
      schema: V2ActionResultSchema,
      signal,
      retry: 'rate-limit-only',
      operation: 'resync',
    }));
  }

  /**
   * Build the request (validating ids and emails) and send it. Building happens inside the promise, so a
   * bad argument is a rejection like any other error, and leaves through the client's redaction.
   */
  private async call<T>(build: () => DrataRequest<T>): Promise<T> {
    let req: DrataRequest<T>;
    try {
      req = build();
    } catch (err) {
      throw err instanceof DrataError ? err.redactWith(this.client.redact) : err;
    }
    return this.client.request(req);
  }
}

export function createPersonnelApi(client: DrataClient): PersonnelApi {
  return new PersonnelApi(client);
}
