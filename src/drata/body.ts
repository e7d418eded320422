/** Request and response bodies: JSON out, JSON in validated against the call's zod schema. */
import type { ZodType } from 'zod';
import { DrataInvalidArgumentError, DrataUnexpectedResponseError, oneLine } from './errors.js';

/** Parse and validate a success body; a body that is not JSON is `unreadable` (worth a retry on a read). */
export function parseBody<T>(text: string, schema: ZodType<T>, init: { method: string; path: string }): T {
  let json: unknown;
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      throw new DrataUnexpectedResponseError(
        `Drata answered ${init.method} ${init.path} with a body that is not JSON`,
        { ...init, unreadable: true },
      );
    }
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const reasons = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(body)'}: ${i.message}`)
    .join('; ');
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
