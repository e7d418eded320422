/**
 * Finding people: parsing what a user calls a person (numeric id, email, `email:addr`) and fetching the
 * one record that answers compliance questions (V1 detail for identities/devices/documents, merged with
 * V2 for custom fields and check exclusions, fetched concurrently).
 */
import { type DrataErrorKind, isDrataError } from '../drata/errors.js';
import { emailProblem } from '../drata/email.js';
import type { PersonnelApi, PersonRef } from '../drata/personnel.js';
import { InputError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Person } from './model.js';
import { fromV1, fromV2, mergePerson } from './normalize.js';

export type { PersonRef };

/** Parse a person reference, or throw InputError naming `field`. Emails keep their case (Drata matches any). */
export function parsePersonRef(value: string | number, field = 'personnel'): PersonRef {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new InputError(field, `an id must be a positive whole number, got ${value}`);
    return { kind: 'id', id: value };
  }
  const s = value.trim();
  if (/^\d+$/.test(s)) return parsePersonRef(Number(s), field);
  const email = s.toLowerCase().startsWith('email:') ? s.slice('email:'.length).trim() : s;
  const problem = emailProblem(email);
  if (problem) {
    // A name or username (no "@"): say where ids come from instead of leaving the model to guess.
    const hint = email.includes('@') ? '' : '; to find a person by name, call list_personnel with search';
    throw new InputError(
      field,
      `expected a numeric personnel id, an email address, or "email:<address>"; ${JSON.stringify(value.slice(0, 80))} ${problem}${hint}`,
    );
  }
  return { kind: 'email', email };
}

export const describeRef = (ref: PersonRef): string => (ref.kind === 'id' ? `#${ref.id}` : ref.email);

/** V2 failures that will not go away on a retry: the answer is given from V1 alone, with a note. */
const PERMANENT_V2_FAILURES: ReadonlySet<DrataErrorKind> = new Set(['payment_required', 'forbidden', 'bad_request', 'not_found']);

export interface FetchedPerson {
  person: Person;
  /** Why V2 data (custom fields, exclusion details) is missing, when it is. */
  v2Unavailable?: string;
}

/**
 * Fetch one person through V1 (authoritative; a 404 here is "no such person") and V2 (custom fields and
 * exclusions: a plan or key without them degrades the answer, with a note, instead of failing it).
 */
export async function fetchPerson(
  api: PersonnelApi,
  ref: PersonRef,
  options: { signal?: AbortSignal; logger?: Logger; withV2?: boolean } = {},
): Promise<FetchedPerson> {
  const { signal } = options;
  const v1 = ref.kind === 'id' ? api.v1Get(ref.id, signal) : api.v1GetByEmail(ref.email, signal);
  const v2 =
    options.withV2 === false
      ? undefined
      : api
          .v2Get(
            ref,
            ['customFields', 'complianceChecks', 'reasonProvider', 'user'],
            signal,
          )
          .then((r) => ({ ok: true as const, person: fromV2(r) }))
          .catch((err: unknown) => ({ ok: false as const, err }));
  const [v1Record, v2Result] = await Promise.all([v1, v2]);
  const base = fromV1(v1Record);
  if (!v2Result) return { person: base };
  if (v2Result.ok) return { person: mergePerson(base, v2Result.person) };
  // Degrade only when V2 data cannot be had for this account or key (plan, permission, a V2 that does not
  // know the person); a transient failure (5xx, timeout, reset, rate limit) is an error the caller can retry.
  if (!isDrataError(v2Result.err) || !PERMANENT_V2_FAILURES.has(v2Result.err.kind)) throw v2Result.err;
  const reason = v2Result.err instanceof Error ? v2Result.err.message : String(v2Result.err);
  options.logger?.warning('V2 personnel lookup failed; answering from V1 only', { reason });
  return { person: base, v2Unavailable: reason };
}
