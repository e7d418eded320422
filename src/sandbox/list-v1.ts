/**
 * V1 `GET /personnel` listing: page/limit lists with search, status and compliance filters and every V1 sort.
 */
import {
  CHECK_FILTER_PARAM,
  COMPLIANCE_CHECK_TYPES,
  DEVICE_COMPLIANCE_PARAM,
  EMPLOYMENT_STATUSES,
  type EmploymentStatus,
  LIMITS,
  MDM_SOURCE_TYPES,
  SORT_DIRECTIONS,
  type SortDirection,
  V1_EMPLOYMENT_STATUSES_FILTER,
  V1_SORTS,
  V1_STATUS_AGGREGATES,
  type V1Sort,
} from '../drata/catalog.js';
import { hasCompliantDevices, matchesCheckFilter, type Org, type SandboxPerson } from './org.js';
import { sorted, v1SortKey } from './sort.js';
import {
  arrayParam,
  badRequest,
  boolParam,
  enumArrayParam,
  enumParam,
  intParam,
  type QueryMap,
  singleParam,
} from './validate.js';

const haystacks = new WeakMap<SandboxPerson, readonly string[]>();
/** What `q` searches: first name, last name, full name, email (NFC, lower case). */
function haystack(p: SandboxPerson): readonly string[] {
  let h = haystacks.get(p);
  if (h === undefined) {
    const norm = (s: string | null) => (s ?? '').normalize('NFC').toLowerCase();
    h = [norm(p.firstName), norm(p.lastName), `${norm(p.firstName)} ${norm(p.lastName)}`, norm(p.email)];
    haystacks.set(p, h);
  }
  return h;
}

/** A validated V1 `GET /personnel` query. */
export interface V1ListQuery {
  page: number;
  limit: number;
  predicates: Array<(p: SandboxPerson) => boolean>;
  sort: V1Sort;
  sortDir: SortDirection;
}

const TRAINING_TYPES = ['SECURITY_TRAINING', 'HIPAA_TRAINING', 'NIST_AI_TRAINING'] as const;

/** Validate the V1 list query (400 on any invalid parameter); unknown parameters are ignored. */
export function parseV1ListQuery(q: QueryMap): V1ListQuery {
  const predicates: Array<(p: SandboxPerson) => boolean> = [];
  const page = intParam(q, 'page', 1, Number.MAX_SAFE_INTEGER, 1);
  const limit = intParam(q, 'limit', 1, LIMITS.v1PageSizeMax, LIMITS.v1PageSizeDefault);

  const search = singleParam(q, 'q')?.trim().normalize('NFC').toLowerCase();
  if (search) predicates.push((p) => haystack(p).some((field) => field.includes(search)));

  const status = enumParam(q, 'employmentStatus', EMPLOYMENT_STATUSES);
  if (status) predicates.push((p) => p.employmentStatus === status);
  const statuses = enumArrayParam(q, 'employmentStatuses', V1_EMPLOYMENT_STATUSES_FILTER);
  if (statuses) {
    const set = new Set<EmploymentStatus>();
    for (const s of statuses) {
      if (s in V1_STATUS_AGGREGATES)
        for (const x of V1_STATUS_AGGREGATES[s as keyof typeof V1_STATUS_AGGREGATES]) set.add(x);
      else set.add(s as EmploymentStatus);
    }
    predicates.push((p) => set.has(p.employmentStatus));
  }

  for (const type of COMPLIANCE_CHECK_TYPES) {
    const wanted = boolParam(q, CHECK_FILTER_PARAM[type]);
    if (wanted !== undefined) predicates.push((p) => matchesCheckFilter(p, type, wanted));
  }
  const devices = boolParam(q, DEVICE_COMPLIANCE_PARAM);
  if (devices !== undefined) predicates.push((p) => hasCompliantDevices(p) === devices);

  const multi = boolParam(q, 'multiSecurityTrainingCompliance');
  const trainingType = enumParam(q, 'multiTrainingComplianceType', TRAINING_TYPES) ?? 'SECURITY_TRAINING';
  if (multi !== undefined) predicates.push((p) => matchesCheckFilter(p, trainingType, multi));

  const mdm = enumParam(q, 'mdmSourceType', MDM_SOURCE_TYPES);
  if (mdm) predicates.push((p) => p.devices.some((d) => d.sourceType === mdm));
  const inverse = enumArrayParam(q, 'inverseMdmSourceTypes', MDM_SOURCE_TYPES);
  if (inverse) predicates.push((p) => !p.devices.some((d) => inverse.includes(d.sourceType)));

  // Accepted and validated; the sandbox has no groups, so the filter is a no-op.
  for (const g of arrayParam(q, 'groupIds') ?? []) {
    if (!/^\d+$/.test(g))
      throw badRequest(`each value in groupIds must be a number, got ${JSON.stringify(g)}`);
  }

  return {
    page,
    limit,
    predicates,
    sort: enumParam(q, 'sort', V1_SORTS) ?? 'NAME',
    sortDir: enumParam(q, 'sortDir', SORT_DIRECTIONS) ?? 'ASC',
  };
}

/** One V1 page and the total number of matches. */
export function listV1(org: Org, query: V1ListQuery): { people: SandboxPerson[]; total: number } {
  const order = sorted(org, `v1:${query.sort}:${query.sortDir}`, v1SortKey(query.sort), query.sortDir);
  const from = (query.page - 1) * query.limit;
  const people: SandboxPerson[] = [];
  let total = 0;
  for (const { person } of order) {
    if (!query.predicates.every((match) => match(person))) continue;
    if (total >= from && people.length < query.limit) people.push(person);
    total++;
  }
  return { people, total };
}
