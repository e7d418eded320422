/**
 * What the sandbox's handlers share: the parsed request and the result they return, the person lookups
 * (400/404), the resync rules (404/409), and the date-order and reason checks.
 */
import type { EmploymentStatus } from '../drata/catalog.js';
import { type FieldChange, resync } from './mutations.js';
import { isManaged, type Org, type SandboxPerson } from './org.js';
import { badRequest, HttpError, type QueryMap } from './validate.js';

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
export const notFound = (what: string) => new HttpError(404, what);
export const conflict = (what: string) => new HttpError(409, what);

// --- lookups --------------------------------------------------------------------------------------------

export function v1Person(org: Org, raw: string | undefined, name = 'id'): SandboxPerson {
  if (raw === undefined || !/^\d+$/.test(raw)) {
    throw badRequest(`Validation failed (numeric string is expected): ${name} ${JSON.stringify(raw ?? '')}`);
  }
  const p = org.get(Number(raw));
  if (!p) throw notFound(`Personnel with id ${raw} not found`);
  return p;
}

export function byEmail(org: Org, email: string): SandboxPerson {
  const p = email === '' ? undefined : org.findByEmail(email);
  if (!p) throw notFound(`Personnel with email ${JSON.stringify(email)} not found`);
  return p;
}

/** V2 `{personnelId}`: a number or `email:addr` (already percent-decoded). */
export function v2Person(org: Org, raw: string | undefined): SandboxPerson {
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
export function resyncTargets(org: Org, ids: readonly number[]): SandboxPerson[] {
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

export function resyncAll(org: Org, people: readonly SandboxPerson[]): RouteResult['write'] {
  const changes = people.flatMap((p) => resync(org, p));
  return { personnelIds: people.map((p) => p.id), changes };
}

export function checkOrder(start: string, separation: string | null | undefined, status: number): void {
  if (separation && separation < start) {
    throw new HttpError(
      status,
      `The separation date (${separation}) cannot be before the start date (${start})`,
    );
  }
}

export function requireReason(status: EmploymentStatus | undefined, reason: string | undefined): void {
  if (status === 'OUT_OF_SCOPE' && !reason?.trim()) {
    throw badRequest('notHumanReason is required when employmentStatus is OUT_OF_SCOPE');
  }
}
