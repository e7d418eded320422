/**
 * Typed Personnel endpoints (V1 and V2), each one call through `DrataClient.request`. Ids and emails are
 * validated here (invalid_argument before any I/O); sizes and enum values are passed through unchanged
 * (tool input is validated upstream). Every call names its catalog operation so a 403 can say which
 * permission the API key lacks.
 */
import type { V2PersonnelExpand } from './catalog.js';
import type { DrataClient, DrataRequest } from './client.js';
import { validEmail } from './email.js';
import { readV1LeanPage } from './lean-v1.js';
import { DrataError } from './errors.js';
import { type PathSegment, positiveId } from './path.js';
import {
  actionBody,
  idList,
  personnelSegment,
  type PersonRef,
  type V1ContractDates,
  type V1ListParams,
  type V1StatusChange,
  type V2ActionRequest,
  type V2ListParams,
  type V2UpdateBody,
  v1ListQuery,
  v2ListQuery,
} from './personnel-params.js';
import {
  type V1Personnel,
  type V1PersonnelLeanPage,
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

export type {
  MdmSourceType,
  PersonRef,
  TrainingComplianceType,
  V1ContractDates,
  V1ListParams,
  V1StatusChange,
  V2ActionRequest,
  V2CustomFieldWrite,
  V2ListParams,
  V2UpdateBody,
} from './personnel-params.js';

/** The four list GETs (V1 and V2, full and lean) differ only in API version, query and schema. */
function listRequest<T>(
  api: 'v1' | 'v2',
  query: DrataRequest<T>['query'],
  schema: DrataRequest<T>['schema'],
  signal: AbortSignal | undefined,
): DrataRequest<T> {
  return { api, method: 'GET', segments: ['personnel'], query, schema, signal, operation: 'list' };
}

/** The V1 personnel GETs by id and by email differ only in path. */
function v1GetRequest(segments: PathSegment[], signal: AbortSignal | undefined): DrataRequest<V1Personnel> {
  return { api: 'v1', method: 'GET', segments, schema: V1PersonnelSchema, signal, operation: 'get' };
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

/** The Personnel endpoints over one `DrataClient` (and so one rate limit). */
export class PersonnelApi {
  constructor(private readonly client: DrataClient) {}

  // V1 (`/public`) ------------------------------------------------------------------------------------

  /** `GET /personnel` (V1): one page of full records. */
  v1List(params: V1ListParams = {}, signal?: AbortSignal): Promise<V1PersonnelPage> {
    return this.call(() => listRequest('v1', v1ListQuery(params), V1PersonnelPageSchema, signal));
  }

  /** The same `GET /personnel` (V1), keeping only what org-wide walks read (see V1PersonnelLeanSchema). */
  v1ListLean(params: V1ListParams = {}, signal?: AbortSignal) {
    return this.v1ListLeanMapped(params, (r) => r, signal);
  }

  /**
   * The lean V1 list read without zod (lean-v1.ts), each record mapped by `map` while the page is parsed,
   * in the same synchronous step: a walk's pages in flight then hold only what the walk keeps.
   */
  v1ListLeanMapped<T>(
    params: V1ListParams,
    map: (record: V1PersonnelLeanPage['data'][number]) => T,
    signal?: AbortSignal,
  ): Promise<Pick<V1PersonnelLeanPage, 'page' | 'limit' | 'total'> & { data: T[] }> {
    const reader = { readBody: (json: unknown) => readV1LeanPage(json, map) };
    return this.call(() => listRequest('v1', v1ListQuery(params), reader, signal));
  }

  /** `GET /personnel/{id}` (V1). */
  v1Get(id: number, signal?: AbortSignal): Promise<V1Personnel> {
    return this.call(() => v1GetRequest(['personnel', positiveId(id)], signal));
  }

  /** `GET /personnel/{email}/email` (V1). */
  v1GetByEmail(email: string, signal?: AbortSignal): Promise<V1Personnel> {
    return this.call(() => v1GetRequest(['personnel', validEmail(email), 'email'], signal));
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
    return this.call(() => listRequest('v2', v2ListQuery(params), V2PersonnelPageSchema, signal));
  }

  /** The same `GET /personnel` (V2), keeping only what org-wide walks read (see V2PersonLeanSchema). */
  v2ListLean(params: V2ListParams = {}, signal?: AbortSignal): Promise<V2PersonnelLeanPage> {
    return this.call(() => listRequest('v2', v2ListQuery(params), V2PersonnelLeanPageSchema, signal));
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
