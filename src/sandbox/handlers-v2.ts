/** V2 (`/public/v2`) handlers: list, get, update (custom fields included) and the resync actions. */
import { EMPLOYMENT_STATUSES, LIMITS } from '../drata/catalog.js';
import { renderV2Person } from './dto.js';
import {
  checkOrder,
  requireReason,
  resyncAll,
  resyncTargets,
  type RouteContext,
  type RouteResult,
  v2Person,
} from './handlers-common.js';
import { pageV2, parseExpand, parseV2ListQuery } from './list-v2.js';
import { applyPatch, type PersonPatch } from './mutations.js';
import { isManaged, type Org, type SandboxPerson } from './org.js';
import { badRequest, enumValue, idList, objectBody, optionalString, parseDay } from './validate.js';

export function v2List(ctx: RouteContext): RouteResult {
  const query = parseV2ListQuery(ctx.query, ctx.v2MaxPageSize);
  const { people, cursor, totalCount } = pageV2(ctx.org, query);
  const pagination: Record<string, unknown> = { cursor };
  if (totalCount !== undefined) pagination.totalCount = totalCount;
  return {
    status: 200,
    body: { data: people.map((p) => renderV2Person(ctx.org, p, query.expand)), pagination },
  };
}

export function v2Get(ctx: RouteContext): RouteResult {
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

export function v2Update(ctx: RouteContext): RouteResult {
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

export function v2Actions(ctx: RouteContext): RouteResult {
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
