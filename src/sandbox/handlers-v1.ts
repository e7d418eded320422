/** V1 (`/public`) handlers: list, contract dates, status, and the three resyncs. */
import { EMPLOYMENT_STATUSES, isFormerStatus, LIMITS } from '../drata/catalog.js';
import { renderV1Details, renderV1Row } from './dto.js';
import {
  checkOrder,
  conflict,
  requireReason,
  resyncAll,
  resyncTargets,
  type RouteContext,
  type RouteResult,
  v1Person,
} from './handlers-common.js';
import { listV1, parseV1ListQuery } from './list-v1.js';
import { applyPatch, type PersonPatch } from './mutations.js';
import { isManaged, type SandboxPerson } from './org.js';
import { badRequest, enumValue, idList, objectBody, optionalString, parseDay } from './validate.js';

export function v1List(ctx: RouteContext): RouteResult {
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

export function v1ContractDates(ctx: RouteContext): RouteResult {
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

export function v1Status(ctx: RouteContext): RouteResult {
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

export function v1ResyncOne(ctx: RouteContext): RouteResult {
  const p = v1Person(ctx.org, ctx.params.personnelId, 'personnelId');
  const write = resyncAll(ctx.org, resyncTargets(ctx.org, [p.id]));
  return { status: 200, body: renderV1Details(ctx.org, p), write };
}

/**
 * The spec declares PersonnelDetailsResponsePublicDto as the response of the "some" and "all" resyncs too;
 * a single record cannot describe many, so the sandbox returns the first affected person's record.
 */
export function v1ResyncSome(ctx: RouteContext): RouteResult {
  const body = objectBody(ctx.body, ctx.bodyError);
  const people = resyncTargets(ctx.org, idList('personnelIds', body.personnelIds));
  const write = resyncAll(ctx.org, people);
  return { status: 200, body: renderV1Details(ctx.org, people[0] as SandboxPerson), write };
}

export function v1ResyncAllRoute(ctx: RouteContext): RouteResult {
  const people = ctx.org.people.filter(isManaged);
  const first = people[0];
  if (!first) throw conflict('No personnel is managed by an IdP/HRIS');
  const write = resyncAll(ctx.org, people);
  return { status: 200, body: renderV1Details(ctx.org, first), write };
}
