/**
 * Request validation shared by the V1 and V2 handlers: typed query-parameter readers (multi-map aware,
 * `name`, `name[]` and `name[0]` all read as the same array), strict calendar dates, and JSON body field
 * readers. Every failure throws `HttpError(400, message)` naming the parameter and what is allowed.
 */

/** An error that becomes an HTTP error response (shaped per API version by the server). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string): HttpError => new HttpError(400, message);

/** Query parameters as received: every key (as written, `[]` included) with all its values in order. */
export type QueryMap = ReadonlyMap<string, readonly string[]>;

/** Parse a raw query string (without `?`) into a multi-map. `+` means space, as in forms. */
export function parseQuery(raw: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(raw)) {
    const list = out.get(key);
    if (list) list.push(value);
    else out.set(key, [value]);
  }
  return out;
}

/** A plain JSON-friendly copy of a query multi-map (for the request log). */
export function queryToObject(q: QueryMap): Record<string, string[]> {
  return Object.fromEntries([...q].map(([k, v]) => [k, [...v]]));
}

/** All values of an array parameter, accepting `name`, `name[]` and `name[N]`; undefined when absent. */
export function arrayParam(q: QueryMap, name: string): string[] | undefined {
  let found: string[] | undefined;
  for (const [key, values] of q) {
    if (
      key === name ||
      key === `${name}[]` ||
      (key.startsWith(`${name}[`) && /^\[\d+\]$/.test(key.slice(name.length)))
    ) {
      found = [...(found ?? []), ...values];
    }
  }
  return found;
}

/** The single value of a scalar parameter; 400 when it is repeated. */
export function singleParam(q: QueryMap, name: string): string | undefined {
  const values = q.get(name);
  if (values === undefined) return undefined;
  if (values.length > 1) throw badRequest(`${name} must be a single value, got ${values.length}`);
  return values[0];
}

/** An integer parameter within [min, max], or `fallback` when absent. */
export function intParam(q: QueryMap, name: string, min: number, max: number, fallback: number): number {
  const raw = singleParam(q, name);
  if (raw === undefined) return fallback;
  if (!/^-?\d+$/.test(raw.trim()))
    throw badRequest(`${name} must be an integer number, got ${JSON.stringify(raw)}`);
  const n = Number(raw);
  if (n < min) throw badRequest(`${name} must not be less than ${min}`);
  if (n > max) throw badRequest(`${name} must not be greater than ${max}`);
  return n;
}

/** A boolean parameter: exactly `true` or `false`. */
export function boolParam(q: QueryMap, name: string): boolean | undefined {
  const raw = singleParam(q, name);
  if (raw === undefined) return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw badRequest(`${name} must be a boolean value (true or false), got ${JSON.stringify(raw)}`);
}

/** One value of an enum; 400 listing the allowed values otherwise. */
export function enumValue<T extends string>(name: string, raw: unknown, allowed: readonly T[]): T {
  if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
  throw badRequest(
    `${name} must be one of the following values: ${allowed.join(', ')} (got ${JSON.stringify(raw)})`,
  );
}

/** A scalar enum query parameter. */
export function enumParam<T extends string>(q: QueryMap, name: string, allowed: readonly T[]): T | undefined {
  const raw = singleParam(q, name);
  return raw === undefined ? undefined : enumValue(name, raw, allowed);
}

/** An array-of-enum query parameter. */
export function enumArrayParam<T extends string>(
  q: QueryMap,
  name: string,
  allowed: readonly T[],
): T[] | undefined {
  return arrayParam(q, name)?.map((v) => enumValue(`each value in ${name}`, v, allowed));
}

// --- dates ----------------------------------------------------------------------------------------------

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A calendar date as `YYYY-MM-DD`. Impossible dates (`2025-02-30`, `2025-13-01`) are rejected. With
 * `allowDateTime`, a full ISO 8601 date-time is accepted too and reduced to its UTC day.
 */
export function parseDay(field: string, raw: unknown, allowDateTime: boolean): string {
  const expected = allowDateTime
    ? 'a date (YYYY-MM-DD) or an ISO 8601 date-time'
    : 'a date in YYYY-MM-DD format';
  if (typeof raw !== 'string') throw badRequest(`${field} must be ${expected}`);
  const dateOnly = DATE.exec(raw);
  if (dateOnly) {
    const [y, m, d] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
    if (!validDay(y, m, d)) throw badRequest(`${field} is not a valid calendar date: ${JSON.stringify(raw)}`);
    return raw;
  }
  const dt = allowDateTime ? DATE_TIME.exec(raw) : null;
  if (!dt) throw badRequest(`${field} must be ${expected}, got ${JSON.stringify(raw)}`);
  const [y, m, d, hh, mm, ss] = [1, 2, 3, 4, 5, 6].map((i) => Number(dt[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (!validDay(y, m, d) || hh > 23 || mm > 59 || ss > 59) {
    throw badRequest(`${field} is not a valid date-time: ${JSON.stringify(raw)}`);
  }
  const zone = dt[7] ?? 'Z';
  let offsetMin = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 23 || om > 59)
      throw badRequest(`${field} has an invalid time zone offset: ${JSON.stringify(raw)}`);
    offsetMin = sign * (oh * 60 + om);
  }
  const ms = Date.UTC(y, m - 1, d, hh, mm, ss) - offsetMin * 60_000;
  const day = new Date(ms);
  return `${pad(day.getUTCFullYear(), 4)}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`;
}

// --- JSON bodies ----------------------------------------------------------------------------------------

/** The request body as an object; 400 for a missing, malformed or non-object body. */
export function objectBody(body: unknown, bodyError: string | undefined): Record<string, unknown> {
  if (bodyError !== undefined) throw badRequest(`Malformed JSON body: ${bodyError}`);
  if (body === undefined) throw badRequest('A JSON request body is required');
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** An optional string field, at most `max` characters. */
export function optionalString(
  body: Record<string, unknown>,
  field: string,
  max?: number,
): string | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest(`${field} must be a string`);
  if (max !== undefined && v.length > max)
    throw badRequest(`${field} must be shorter than or equal to ${max} characters`);
  return v;
}

/** A non-empty array of positive integer ids (deduplicated, order kept). */
export function idList(field: string, raw: unknown): number[] {
  if (raw === undefined || raw === null) throw badRequest(`${field} is required`);
  if (!Array.isArray(raw)) throw badRequest(`${field} must be an array of numbers`);
  if (raw.length === 0) throw badRequest(`${field} must contain at least 1 element`);
  const out = new Set<number>();
  for (const v of raw) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      throw badRequest(`each value in ${field} must be a positive integer, got ${JSON.stringify(v)}`);
    }
    out.add(v);
  }
  return [...out];
}
