/**
 * The sandbox's endpoints (DESIGN.md §1): V1 under `/public`, V2 under `/public/v2`. Handlers are pure
 * functions of a parsed request and the org; they validate (400), look up (404), check business rules
 * (409), apply writes through mutations.ts and return the status, body and a description of the write.
 */
import { EMPLOYMENT_STATUSES, type EmploymentStatus, isFormerStatus, LIMITS } from '../drata/catalog.js';
import { renderV1Details, renderV1Row, renderV2Person } from './dto.js';
import { listV1, pageV2, parseExpand, parseV1ListQuery, parseV2ListQuery } from './list.js';
import { applyPatch, type FieldChange, type PersonPatch, resync } from './mutations.js';
import { isManaged, type Org, type SandboxPerson } from './org.js';
import {
  badRequest,
  enumValue,
  HttpError,
  idList,
  objectBody,
  optionalString,
  parseDay,
  type QueryMap,
} from './validate.js';

export type ApiVersion = 'v1' | 'v2';

export interface RouteContext {
  readonly org: Org;
  /** Decoded path parameters. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: QueryMap;
  readonly body: unknown;
  /** Set when the body was present but not valid JSON. */
  readonly bodyError: string | undefined;
  readonly v2MaxPageSize: number;
}

export interface RouteResult {
  status: number;
  body: unknown;
  /** Present for applied writes (becomes an entry of `Sandbox.writes`). */
  write?: { personnelIds: number[]; changes: FieldChange[] };
}

interface Route {
  readonly api: ApiVersion;
  readonly method: string;
  readonly pattern: readonly string[];
  readonly handler: (ctx: RouteContext) => RouteResult;
}

const notFound = (what: string) => new HttpError(404, what);
const conflict = (what: string) => new HttpError(409, what);

// --- lookups --------------------------------------------------------------------------------------------

function v1Person(org: Org, raw: string | undefined, name = 'id'): SandboxPerson {
  if (raw === undefined || !/^\d+$/.test(raw)) {
    throw badRequest(`Validation failed (numeric string is expected): ${name} ${JSON.stringify(raw ?? '')}`);
  }
  const p = org.get(Number(raw));
  if (!p) throw notFound(`Personnel with id ${raw} not found`);
  return p;
}

function byEmail(org: Org, email: string): SandboxPerson {
  const p = email === '' ? undefined : org.findByEmail(email);
  if (!p) throw notFound(`Personnel with email ${JSON.stringify(email)} not found`);
  return p;
}

/** V2 `{personnelId}`: a number or `email:addr` (already percent-decoded). */
function v2Person(org: Org, raw: string | undefined): SandboxPerson {
  const value = raw ?? '';
  if (value.startsWith('email:')) return byEmail(org, value.slice('email:'.length));
  if (!/^\d+$/.test(value)) {
    throw badRequest(
      `personnelId must be an integer Personnel ID or an email address prefixed with "email:", got ${JSON.stringify(value)}`,
    );
  }
  const p = org.get(Number(value));
  if (!p) throw notFound(`Personnel with id ${value} not found`);
  return p;
}

/** Every id must exist (404 naming the missing ones) and be IdP/HRIS-managed (409 naming the others). */
function resyncTargets(org: Org, ids: readonly number[]): SandboxPerson[] {
  const missing = ids.filter((id) => !org.get(id));
  if (missing.length > 0) throw notFound(`Personnel not found: ${missing.join(', ')}`);
  const people = ids.map((id) => org.get(id) as SandboxPerson);
  const manual = people.filter((p) => !isManaged(p));
  if (manual.length > 0) {
    throw conflict(
      `Personnel ${manual.map((p) => p.id).join(', ')} ${manual.length === 1 ? 'was' : 'were'} created manually and ` +
      'are not managed by an IdP/HRIS: there is nothing to resync',
    );
  }
  return people;
}

function resyncAll(org: Org, people: readonly SandboxPerson[]): RouteResult['write'] {
  const changes = people.flatMap((p) => resync(org, p));
  return { personnelIds: people.map((p) => p.id), changes };
}

// --- V1 -------------------------------------------------------------------------------------------------

function v1List(ctx: RouteContext): RouteResult {
  const query = parseV1ListQuery(ctx.query);
  const { people, total } = listV1(ctx.org, query);
  return {
    status: 200,
    body: {
      data: people.map((p) => renderV1Row(ctx.org, p)),
      page: query.page,
      limit: query.limit,
      total,
      dataAll: {},
    },
  };
}

function checkOrder(start: string, separation: string | null | undefined, status: number): void {
  if (separation && separation < start) {
    throw new HttpError(
      status,
      `The separation date (${separation}) cannot be before the start date (${start})`,
    );
  }
}

function v1ContractDates(ctx: RouteContext): RouteResult {
  const p = v1Person(ctx.org, ctx.params.id);
  const body = objectBody(ctx.body, ctx.bodyError);
  if (body.startDate === undefined || body.startDate === null) throw badRequest('startDate is required');
  const startDate = parseDay('startDate', body.startDate, false);
  const separationDate =
    body.separationDate === undefined ? undefined : parseDay('separationDate', body.separationDate, false);
  checkOrder(startDate, separationDate ?? p.separationDate, 409);
  const changes = applyPatch(ctx.org, p, { startDate, separationDate }, ctx.org.admin.id);
  return { status: 200, body: renderV1Details(ctx.org, p), write: { personnelIds: [p.id], changes } };
}

function v1Status(ctx: RouteContext): RouteResult {
  const p = v1Person(ctx.org, ctx.params.id);
  const body = objectBody(ctx.body, ctx.bodyError);
  if (body.employmentStatus === undefined || body.employmentStatus === null) {
    throw badRequest('employmentStatus is required');
  }
  const employmentStatus = enumValue('employmentStatus', body.employmentStatus, EMPLOYMENT_STATUSES);
  const notHumanReason = optionalString(body, 'notHumanReason', LIMITS.notHumanReasonMax);
  requireReason(employmentStatus, notHumanReason);
  const separationDate =
    body.separationDate === undefined ? undefined : parseDay('separationDate', body.separationDate, false);
  if (isFormerStatus(employmentStatus) && separationDate === undefined) {
    throw badRequest(`separationDate is required when employmentStatus is ${employmentStatus}`);
  }
  checkOrder(p.startDate, separationDate, 409);
  const patch: PersonPatch = { employmentStatus, separationDate, notHumanReason };
  const changes = applyPatch(ctx.org, p, patch, ctx.org.admin.id);
  return { status: 200, body: renderV1Details(ctx.org, p), write: { personnelIds: [p.id], changes } };
}

function requireReason(status: EmploymentStatus | undefined, reason: string | undefined): void {
  if (status === 'OUT_OF_SCOPE' && !reason?.trim()) {
    throw badRequest('notHumanReason is required when employmentStatus is OUT_OF_SCOPE');
  }
}

function v1ResyncOne(ctx: RouteContext): RouteResult {
  const p = v1Person(ctx.org, ctx.params.personnelId, 'personnelId');
  const write = resyncAll(ctx.org, resyncTargets(ctx.org, [p.id]));
  return { status: 200, body: renderV1Details(ctx.org, p), write };
}

/**
 * The spec declares PersonnelDetailsResponsePublicDto as the response of the "some" and "all" resyncs too;
 * a single record cannot describe many, so the sandbox returns the first affected person's record.
 */
function v1ResyncSome(ctx: RouteContext): RouteResult {
  const body = objectBody(ctx.body, ctx.bodyError);
  const people = resyncTargets(ctx.org, idList('personnelIds', body.personnelIds));
  const write = resyncAll(ctx.org, people);
  return { status: 200, body: renderV1Details(ctx.org, people[0] as SandboxPerson), write };
}

function v1ResyncAllRoute(ctx: RouteContext): RouteResult {
  const people = ctx.org.people.filter(isManaged);
  const first = people[0];
  if (!first) throw conflict('No personnel is managed by an IdP/HRIS');
  const write = resyncAll(ctx.org, people);
  return { status: 200, body: renderV1Details(ctx.org, first), write };
}

// --- V2 -------------------------------------------------------------------------------------------------

function v2List(ctx: RouteContext): RouteResult {
  const query = parseV2ListQuery(ctx.query, ctx.v2MaxPageSize);
  const { people, cursor, totalCount } = pageV2(ctx.org, query);
  const pagination: Record<string, unknown> = { cursor };
  if (totalCount !== undefined) pagination.totalCount = totalCount;
  return {
    status: 200,
    body: { data: people.map((p) => renderV2Person(ctx.org, p, query.expand)), pagination },
  };
}

function v2Get(ctx: RouteContext): RouteResult {
  const expand = parseExpand(ctx.query);
  const p = v2Person(ctx.org, ctx.params.personnelId);
  return { status: 200, body: renderV2Person(ctx.org, p, expand) };
}

function customFieldPatch(org: Org, raw: unknown): PersonPatch['customFields'] {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) throw badRequest('customFields must be an array');
  return raw.map((item, i) => {
    const where = `customFields[${i}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      throw badRequest(`${where} must be an object`);
    const { id, name, value } = item as Record<string, unknown>;
    if (id === undefined && name === undefined) throw badRequest(`${where} needs an id or a name`);
    if (id !== undefined && (typeof id !== 'number' || !Number.isInteger(id))) {
      throw badRequest(`${where}.id must be an integer`);
    }
    if (name !== undefined && typeof name !== 'string') throw badRequest(`${where}.name must be a string`);
    if (!('value' in (item as object)))
      throw badRequest(`${where}.value is required (use null to delete the value)`);
    if (value !== null && typeof value !== 'string')
      throw badRequest(`${where}.value must be a string or null`);
    const byId = id === undefined ? -1 : org.customFields.findIndex((f) => f.id === id);
    const byName =
      name === undefined
        ? -1
        : org.customFields.findIndex((f) => f.name.toLowerCase() === name.toLowerCase());
    if (id !== undefined && byId < 0) throw badRequest(`Unknown custom field id ${id} in ${where}`);
    if (name !== undefined && byName < 0)
      throw badRequest(`Unknown custom field name ${JSON.stringify(name)} in ${where}`);
    if (id !== undefined && name !== undefined && byId !== byName) {
      throw badRequest(`${where}: custom field id ${id} is not named ${JSON.stringify(name)}`);
    }
    return { index: byId >= 0 ? byId : byName, value: value as string | null };
  });
}

function v2Update(ctx: RouteContext): RouteResult {
  const p = v2Person(ctx.org, ctx.params.personnelId);
  const body = objectBody(ctx.body, ctx.bodyError);
  const startDate = body.startedAt === undefined ? undefined : parseDay('startedAt', body.startedAt, true);
  const separationDate =
    body.separatedAt === undefined ? undefined : parseDay('separatedAt', body.separatedAt, true);
  const employmentStatus =
    body.employmentStatus === undefined
      ? undefined
      : enumValue('employmentStatus', body.employmentStatus, EMPLOYMENT_STATUSES);
  const notHumanReason = optionalString(body, 'notHumanReason', LIMITS.notHumanReasonMax);
  requireReason(employmentStatus, notHumanReason);
  const customFields = customFieldPatch(ctx.org, body.customFields);
  // The V2 spec lists no 409 for this operation: an impossible date order is a validation error.
  checkOrder(startDate ?? p.startDate, separationDate ?? p.separationDate, 400);
  const patch: PersonPatch = { employmentStatus, startDate, separationDate, notHumanReason, customFields };
  const changes = applyPatch(ctx.org, p, patch, ctx.org.admin.id);
  return {
    status: 200,
    body: renderV2Person(ctx.org, p, parseExpand(ctx.query)),
    write: { personnelIds: [p.id], changes },
  };
}

function v2Actions(ctx: RouteContext): RouteResult {
  const body = objectBody(ctx.body, ctx.bodyError);
  if (body.action === undefined || body.action === null) throw badRequest('action is required');
  const action = enumValue('action', body.action, ['reset-sync', 'reset-sync-all'] as const);
  let people: SandboxPerson[];
  if (action === 'reset-sync') {
    people = resyncTargets(ctx.org, idList('personnelIds', body.personnelIds));
  } else {
    if (body.personnelIds !== undefined)
      throw badRequest('personnelIds must not be provided for reset-sync-all');
    people = ctx.org.people.filter(isManaged);
  }
  const write = resyncAll(ctx.org, people);
  return { status: 201, body: { count: people.length }, write };
}

// --- table ----------------------------------------------------------------------------------------------

const ROUTES: readonly Route[] = [
  { api: 'v1', method: 'GET', pattern: ['personnel'], handler: v1List },
  { api: 'v1', method: 'PUT', pattern: ['personnel', 'some', 'reset-sync'], handler: v1ResyncSome },
  { api: 'v1', method: 'PUT', pattern: ['personnel', 'all', 'reset-sync'], handler: v1ResyncAllRoute },
  { api: 'v1', method: 'PUT', pattern: ['personnel', 'reset-sync', ':personnelId'], handler: v1ResyncOne },
  {
    api: 'v1',
    method: 'GET',
    pattern: ['personnel', ':email', 'email'],
    handler: (ctx) => ({
      status: 200,
      body: renderV1Details(ctx.org, byEmail(ctx.org, ctx.params.email ?? '')),
    }),
  },
  {
    api: 'v1',
    method: 'GET',
    pattern: ['personnel', ':id'],
    handler: (ctx) => ({ status: 200, body: renderV1Details(ctx.org, v1Person(ctx.org, ctx.params.id)) }),
  },
  { api: 'v1', method: 'PUT', pattern: ['personnel', ':id', 'contract-dates'], handler: v1ContractDates },
  { api: 'v1', method: 'PUT', pattern: ['personnel', ':id', 'status'], handler: v1Status },
  { api: 'v2', method: 'GET', pattern: ['personnel'], handler: v2List },
  { api: 'v2', method: 'POST', pattern: ['personnel', 'actions'], handler: v2Actions },
  { api: 'v2', method: 'GET', pattern: ['personnel', ':personnelId'], handler: v2Get },
  { api: 'v2', method: 'PUT', pattern: ['personnel', ':personnelId'], handler: v2Update },
];

/** Find the route for decoded `segments` (after the version prefix); literal segments win over parameters. */
export function matchRoute(
  api: ApiVersion,
  method: string,
  segments: readonly string[],
): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.api !== api || route.method !== method || route.pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = route.pattern.every((part, i) => {
      const seg = segments[i] ?? '';
      if (part.startsWith(':')) {
        params[part.slice(1)] = seg;
        return true;
      }
      return part === seg;
    });
    if (ok) return { route, params };
  }
  return undefined;
}
