/**
 * The lean V1 page (V1PersonnelLeanPageSchema, schemas.ts) read by hand, for every lean V1 list (org walks,
 * the namesake search of update previews): the same fields, the same tolerance (tolerant.ts: coerced
 * strings, numbers and booleans, lists that drop what does not fit, parts dropped instead of failing their
 * record) and the same strict core (page numbers; each record's id, employmentStatus, user.id and
 * user.email). A unit test holds it equal to the schema, field by field.
 *
 * Why not zod here: zod's parse objects point at the JSON they read. When V8 allocates them in the old
 * generation (allocation-site pretenuring, which the server's other zod parsing can switch on), each dead
 * one keeps its page's parsed JSON alive through every young collection until the next full one: a
 * 20,000-person walk then promoted ~570 MB instead of ~110 MB, and the server peaked near 300 MB.
 */
import { toNumber } from './tolerant.js';
import type { V1PersonnelLeanPage } from './schemas.js';

type Lean = V1PersonnelLeanPage['data'][number];
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const nullish = (v: unknown): v is null | undefined => v === null || v === undefined;

/** tolerant `str`: numbers and booleans become strings; anything else that is not a string is dropped. */
const str = (v: unknown): string | null | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : v === null ? null : undefined;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** tolerant `num`: numeric strings are coerced; anything else that is not a finite number is dropped. */
function num(v: unknown): number | null | undefined {
  const n = toNumber(v);
  return finite(n) ? n : n === null ? null : undefined;
}

/** tolerant `bool`: "true"/"false" are coerced; anything else that is not a boolean is dropped. */
const bool = (v: unknown): boolean | null | undefined =>
  v === 'true' ? true : v === 'false' ? false : typeof v === 'boolean' ? v : v === null ? null : undefined;

/** tolerant `list`: an array (or a JSON string holding one) of the items that fit; anything else dropped. */
function list<T>(v: unknown, item: (raw: unknown) => T | undefined): T[] | undefined {
  let items = v;
  if (typeof items === 'string') {
    try {
      items = JSON.parse(items);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(items)) return undefined;
  const out: T[] = [];
  for (const raw of items) {
    const parsed = item(raw);
    if (parsed !== undefined) out.push(parsed);
  }
  return out;
}

/** tolerant `part`: null and undefined kept, an object that does not fit dropped. */
const part = <T>(v: unknown, read: (o: Obj) => T | undefined): T | null | undefined =>
  nullish(v) ? v : isObj(v) ? read(v) : undefined;

const checkOf = (raw: unknown) =>
  isObj(raw) && typeof raw.type === 'string' && typeof raw.status === 'string'
    ? { type: raw.type, status: raw.status, expiresAt: str(raw.expiresAt), completionDate: str(raw.completionDate) }
    : undefined;

const deviceCheckOf = (raw: unknown) =>
  isObj(raw) && typeof raw.type === 'string' && typeof raw.status === 'string'
    ? { type: raw.type, status: raw.status }
    : undefined;

function identityOf(raw: unknown) {
  if (!isObj(raw)) return undefined;
  const connection = part(raw.connection, (c) => ({
    clientType: str(c.clientType),
    clientAlias: str(c.clientAlias),
    providerTypes: list(c.providerTypes, (t) => (isObj(t) && typeof t.value === 'string' ? t.value : undefined)),
  }));
  return {
    username: str(raw.username),
    connectedAt: str(raw.connectedAt),
    disconnectedAt: str(raw.disconnectedAt),
    hasMfa: bool(raw.hasMfa),
    hasIdp: bool(raw.hasIdp),
    connection,
  };
}

const documentOf = (raw: unknown) =>
  isObj(raw)
    ? { type: str(raw.type), name: str(raw.name), createdAt: str(raw.createdAt), renewalDate: str(raw.renewalDate) }
    : undefined;

const backgroundCheckOf = (raw: unknown) =>
  isObj(raw)
    ? {
        status: str(raw.status),
        type: str(raw.type),
        source: str(raw.source),
        manualCheckDate: str(raw.manualCheckDate),
        linkedAt: str(raw.linkedAt),
        updatedAt: str(raw.updatedAt),
        outOfScopeReason: str(raw.outOfScopeReason),
      }
    : undefined;

const deviceOf = (raw: unknown) =>
  isObj(raw)
    ? {
        id: num(raw.id),
        model: str(raw.model),
        osVersion: str(raw.osVersion),
        serialNumber: str(raw.serialNumber),
        sourceType: str(raw.sourceType),
        lastCheckedAt: str(raw.lastCheckedAt),
        deletedAt: str(raw.deletedAt),
        isDeviceCompliant: bool(raw.isDeviceCompliant),
        complianceChecks: list(raw.complianceChecks, deviceCheckOf),
      }
    : undefined;

/** One record, or why it is not one. */
function recordOf(raw: unknown): Lean | string {
  if (!isObj(raw)) return 'not an object';
  const id = toNumber(raw.id);
  if (!finite(id)) return 'id: not a number';
  if (typeof raw.employmentStatus !== 'string') return 'employmentStatus: not a string';
  const user = raw.user;
  if (!isObj(user)) return 'user: not an object';
  const userId = toNumber(user.id);
  if (!finite(userId)) return 'user.id: not a number';
  if (typeof user.email !== 'string') return 'user.email: not a string';
  return {
    id,
    employmentStatus: raw.employmentStatus,
    startDate: str(raw.startDate),
    separationDate: str(raw.separationDate),
    statusUpdatedAt: str(raw.statusUpdatedAt),
    createdAt: str(raw.createdAt),
    updatedAt: str(raw.updatedAt),
    notHumanReason: str(raw.notHumanReason),
    reasonProvider: part(raw.reasonProvider, (r) => ({ email: str(r.email) })),
    devicesCount: num(raw.devicesCount),
    devicesFailingComplianceCount: num(raw.devicesFailingComplianceCount),
    complianceChecks: list(raw.complianceChecks, checkOf),
    user: {
      id: userId,
      email: user.email,
      firstName: str(user.firstName),
      lastName: str(user.lastName),
      jobTitle: str(user.jobTitle),
      identities: list(user.identities, identityOf),
      documents: list(user.documents, (d) => (isObj(d) ? { data: list(d.data, documentOf) } : undefined)),
      backgroundChecks: list(user.backgroundChecks, backgroundCheckOf),
    },
    devices: list(raw.devices, deviceOf),
  };
}

/** A V1 page of lean records, each mapped by `map` as it is read; or why the body is not such a page. */
export function readV1LeanPage<T>(
  json: unknown,
  map: (record: Lean) => T,
): { value: { page: number; limit: number; total: number; data: T[] } } | { problem: string } {
  if (!isObj(json)) return { problem: '(body): not an object' };
  const [page, limit, total] = [toNumber(json.page), toNumber(json.limit), toNumber(json.total)];
  if (!finite(page) || !finite(limit) || !finite(total)) return { problem: 'page, limit, total: not numbers' };
  if (!Array.isArray(json.data)) return { problem: 'data: not a list' };
  const data: T[] = [];
  for (let i = 0; i < json.data.length; i++) {
    const record = recordOf(json.data[i]);
    if (typeof record === 'string') return { problem: `data.${i}: ${record}` };
    data.push(map(record));
  }
  return { value: { page, limit, total, data } };
}
