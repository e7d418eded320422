/**
 * Query-string encoding the way Drata's API reads it: arrays as repeated keys (the key is used as
 * written, so `expand[]` gives `expand[]=a&expand[]=b` and `groupIds` gives `groupIds=1&groupIds=2`),
 * booleans as `true`/`false`, numbers plainly, and `undefined`/`null` omitted entirely.
 */
import { DrataInvalidArgumentError } from './errors.js';

export type QueryScalar = string | number | boolean | null | undefined;
export type QueryValue = QueryScalar | readonly QueryScalar[];
export type Query = Readonly<Record<string, QueryValue>>;

/** Percent-encode, but keep `[` and `]` literal in keys (`employmentStatuses[]`), as Drata documents them. */
function encodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%5B/gi, '[').replace(/%5D/gi, ']');
}

function encodeScalar(key: string, value: Exclude<QueryScalar, null | undefined>): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new DrataInvalidArgumentError(`query parameter ${key} must be a finite number`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') {
    try {
      return encodeURIComponent(value);
    } catch {
      throw new DrataInvalidArgumentError(`query parameter ${key} is not valid Unicode`);
    }
  }
  throw new DrataInvalidArgumentError(`query parameter ${key} has an unsupported type (${typeof value})`);
}

/** Encode `query` as `?a=1&b[]=x&b[]=y`, or `''` when nothing is left after dropping empty values. */
export function encodeQuery(query: Query | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [key, raw] of Object.entries(query)) {
    if (key === '') throw new DrataInvalidArgumentError('query parameter names must not be empty');
    const values = Array.isArray(raw) ? (raw as readonly QueryScalar[]) : [raw as QueryScalar];
    const encodedKey = encodeKey(key);
    for (const value of values) {
      if (value === undefined || value === null) continue;
      parts.push(`${encodedKey}=${encodeScalar(key, value)}`);
    }
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}
