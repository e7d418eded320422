/**
 * Path building: every segment is validated and encoded on its own, so no argument (an id, an email)
 * can add, remove or replace a segment and reach another endpoint. Validation throws
 * `DrataInvalidArgumentError` before any network I/O.
 */
import { DrataInvalidArgumentError } from './errors.js';

export type PathSegment = string | number;

const MAX_SEGMENT_LENGTH = 512;
/** C0 controls, DEL and C1 controls. */
// Matching control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const FORBIDDEN_CHARS = /[/\\?#]/;
const PERCENT_ESCAPE = /%[0-9a-f]{2}/i;

function describe(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 79)}…` : value);
}

function unsafeReason(text: string): string | undefined {
  if (text === '') return 'is empty';
  if (text === '.' || text === '..') return 'is a dot segment';
  if (FORBIDDEN_CHARS.test(text)) return 'contains "/", "\\", "?" or "#"';
  if (CONTROL.test(text)) return 'contains control characters';
  return undefined;
}

/**
 * Validate one segment and return it encoded with encodeURIComponent. Strings are also checked after
 * percent-decoding (repeatedly, so `%252e%252e` counts as `..`): a proxy or framework that decodes
 * once more must not see a traversal either.
 */
export function encodeSegment(segment: PathSegment): string {
  if (typeof segment === 'number') return String(positiveId(segment, 'path segment'));
  if (typeof segment !== 'string') {
    throw new DrataInvalidArgumentError(`path segment must be a string or a number, got ${typeof segment}`);
  }
  if (segment.length > MAX_SEGMENT_LENGTH) {
    throw new DrataInvalidArgumentError(`path segment is longer than ${MAX_SEGMENT_LENGTH} characters`);
  }
  let text = segment;
  for (let round = 0; round < 4; round++) {
    const reason = unsafeReason(text);
    if (reason) {
      const decoded = round > 0 ? ' once percent-decoded' : '';
      throw new DrataInvalidArgumentError(`path segment ${describe(segment)} ${reason}${decoded}`);
    }
    if (!PERCENT_ESCAPE.test(text)) break;
    try {
      text = decodeURIComponent(text);
    } catch {
      break; // not valid percent-encoding: it will be sent literally (as %25…), which is harmless
    }
  }
  try {
    return encodeURIComponent(segment);
  } catch {
    throw new DrataInvalidArgumentError(`path segment ${describe(segment)} is not valid Unicode`);
  }
}

/** `['personnel', 12, 'status']` → `/personnel/12/status`, each segment validated and encoded. */
export function buildPath(segments: readonly PathSegment[]): string {
  if (segments.length === 0) throw new DrataInvalidArgumentError('a request path needs at least one segment');
  return `/${segments.map(encodeSegment).join('/')}`;
}

/**
 * A positive safe integer id, from a number or a string of digits (`"42"`). Anything else — `0`, `-1`,
 * `1.5`, `"1/status"`, `"all"`, `" 42"` — throws.
 */
export function positiveId(value: unknown, what = 'personnel id'): number {
  const n = typeof value === 'string' && /^[0-9]{1,16}$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isSafeInteger(n) && n > 0) return n;
  const shown = typeof value === 'string' ? describe(value) : String(value);
  throw new DrataInvalidArgumentError(`${what} must be a positive integer, got ${shown}`);
}
