/** Request and response bodies: JSON out, JSON in validated against the call's zod schema (or hand-written reader). */
import type { Dispatcher } from 'undici';
import type { ZodType } from 'zod';
import { DrataInvalidArgumentError, DrataUnexpectedResponseError, oneLine } from './errors.js';

/** A success body as JSON; a body that is not JSON is `unreadable` (worth a retry on a read). */
export function parseJson(text: string, init: { method: string; path: string }): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new DrataUnexpectedResponseError(
      `Drata answered ${init.method} ${init.path} with a body that is not JSON`,
      { ...init, unreadable: true },
    );
  }
}

/**
 * The body of a response: a success body is parsed and `read` (validated) in one synchronous step as soon
 * as its text is in, so neither its text nor its JSON outlives it (a 50-record V1 page is ~0.5 MB of JSON,
 * twice that as a string with any non-Latin-1 name: the largest transient of an org walk, whose pages
 * arrive 4 at a time); any other body stays text, for its error.
 */
export async function readBody<T>(
  body: Dispatcher.ResponseData['body'],
  ok: boolean,
  init: { method: string; path: string },
  read: (json: unknown) => T,
): Promise<{ value: T } | { failed: DrataUnexpectedResponseError } | { text: string }> {
  if (!ok) return { text: await body.text() };
  const text = await body.text();
  try {
    return { value: read(parseJson(text, init)) };
  } catch (err) {
    if (err instanceof DrataUnexpectedResponseError) return { failed: err };
    throw err;
  }
}

/** A reader written by hand in place of a zod schema (lean-v1.ts): the value, or why the body does not fit. */
export interface BodyReader<T> {
  readonly readBody: (json: unknown) => { value: T } | { problem: string };
}

/** Validate a parsed success body against the call's schema (or reader). */
export function validateBody<T>(
  json: unknown,
  schema: ZodType<T> | BodyReader<T>,
  init: { method: string; path: string },
): T {
  let reasons: string;
  if ('readBody' in schema) {
    const read = schema.readBody(json);
    if ('value' in read) return read.value;
    reasons = read.problem;
  } else {
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    reasons = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(body)'}: ${i.message}`)
      .join('; ');
  }
  throw new DrataUnexpectedResponseError(
    `Drata's response to ${init.method} ${init.path} does not have the expected shape (${oneLine(reasons, 240)})`,
    init,
  );
}

export function jsonBody(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (err) {
    throw new DrataInvalidArgumentError(
      `request body cannot be sent as JSON (${err instanceof Error ? err.message : String(err)})`,
    );
  }
}
