/** Input vocabulary shared by several tools: person references, statuses, checks, dates. */
import { z } from 'zod';
import { COMPLIANCE_CHECK_TYPES } from '../drata/catalog.js';
import { calendarDateSchema } from '../personnel/dates.js';
import { STATUS_FILTER_VALUES } from '../personnel/status.js';

export { STATUS_FILTER_VALUES };

/**
 * A person as users name them: numeric id, email (any case, + tags, unicode) or `email:addr`. Advertised as
 * one string type (a scalar anyOf reaches the model untyped in LangChain's MCP adapter, and a type array
 * fails the Inspector's portability check); a positive whole number is still accepted and read as its digits.
 */
const ACCEPTED_REF = 'a numeric personnel id (e.g. 123), an email address, or "email:<address>"';
/** The reference without a description, for list items whose list already says what they are. */
export const personnelRefItemSchema = z
  .preprocess(
    (v) => (Number.isSafeInteger(v) && (v as number) > 0 ? String(v) : v),
    z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? `required: give ${ACCEPTED_REF}`
            : `expected ${ACCEPTED_REF}, got ${JSON.stringify(issue.input)}`,
      })
      .trim()
      .min(1, { error: `expected ${ACCEPTED_REF}, got an empty string` })
      .max(260),
  );
export const personnelRefSchema = personnelRefItemSchema.describe(
  'Personnel id (e.g. "123"), email, or "email:<address>"; ≤260 chars',
);

/** The write tools' approval token, from a preview the user approved (only with DRATA_APPROVAL_RELAY). */
export const approvalTokenSchema = z
  .string()
  .max(200)
  .optional()
  .describe('Only if the preview gave one (server opt-in; ≤200 chars); send only after the user approved that preview');

/** A list of employment statuses (aggregates accepted). */
export const statusFilterSchema = z.array(z.enum(STATUS_FILTER_VALUES)).min(1);

/** A list of compliance check types. */
export const checkListSchema = z.array(z.enum(COMPLIANCE_CHECK_TYPES)).min(1);

/**
 * Names from a fixed vocabulary as plain strings, each checked here: the vocabulary is advertised once, in
 * list_personnel's `employmentStatus` and `failing` enums, instead of in every tool (tokens on every connect).
 */
export function namesOf<T extends string>(values: readonly T[], what: string) {
  const known: readonly string[] = values;
  return z
    .array(
      // The message names what is allowed, never the value given (it may be a pasted secret).
      z.string().refine((v) => known.includes(v), { error: `not ${what}: use one of ${values.join(', ')}` }),
    )
    .min(1)
    .transform((v) => v as T[]);
}

/** Check type names as plain strings (the enum is in list_personnel's `failing`). */
export const checkNamesSchema = namesOf(COMPLIANCE_CHECK_TYPES, 'a check type');

/** An inclusive date bound: `YYYY-MM-DD` (pattern and description both say so), a real calendar date. */
export const dateBoundSchema = calendarDateSchema.describe('YYYY-MM-DD, inclusive');
