/**
 * list_personnel's query-model parameters: conditions on check states, reason, job title and manual
 * overrides, the identity and device clauses, projections, counts and groups. Terse on purpose: every
 * tool definition is paid for in tokens on connect, so check names are enumerated once (in `failing`) and
 * the other check lists are plain strings validated against the same catalog.
 */
import { z } from 'zod';
import { COMPLIANCE_CHECK_STATUSES, COMPLIANCE_CHECK_TYPES } from '../drata/catalog.js';
import { isCalendarDate } from '../personnel/dates.js';
import { GROUP_BYS, ROW_INCLUDES } from '../personnel/list-query.js';
import { MFA_STATES } from '../personnel/query.js';

const CHECKS: readonly string[] = COMPLIANCE_CHECK_TYPES;

/** Check type names as plain strings (the enum is advertised once, in `failing`), validated here. */
export const checkNamesSchema = z
  .array(
    z.string().refine((c) => CHECKS.includes(c), {
      error: (i) => `${String(i.input)} is not a check type: use one of ${CHECKS.join(', ')}`,
    }),
  )
  .min(1);

/** 1..100 characters after trimming (said in the clause's description, not as schema keywords: tokens). */
const text = (what: string) =>
  z
    .string()
    .trim()
    .refine((s) => s.length >= 1 && s.length <= 100, { error: '1 to 100 characters' })
    .optional()
    .describe(what);
/** A day, YYYY-MM-DD (the clause's description says so: a pattern costs tokens on every connect). */
const day = (what: string) =>
  z
    .string()
    .refine(isCalendarDate, { error: 'must be a real calendar date written YYYY-MM-DD' })
    .optional()
    .describe(what);

/** The person search (V1 `q`): part of a name or email. */
export const searchSchema = text('Name or email contains');

/** A list_personnel cursor (opaque; up to 2,000 characters, checked when decoded). */
export const cursorSchema = z
  .string()
  .refine((s) => s.length >= 1 && s.length <= 2000, { error: 'not a cursor from list_personnel' })
  .optional()
  .describe('nextCursor of the previous result');

export const queryParams = {
  checkStatus: z
    .object({})
    .catchall(z.array(z.enum(COMPLIANCE_CHECK_STATUSES)))
    .optional()
    .describe('Check type → allowed states'),
  reason: text('Out-of-scope reason contains'),
  jobTitle: text('Job title contains'),
  manual: z.boolean().optional().describe('Status set manually'),
  identity: z
    .object({
      provider: text('e.g. GITHUB'),
      connected: z.boolean().optional().describe('still connected'),
      mfa: z.enum(MFA_STATES).optional().describe('as reported'),
      username: text('contains'),
    })
    .optional()
    .describe('Has an identity matching all given'),
  device: z
    .object({
      failing: checkNamesSchema.optional().describe('fails one of'),
      source: text('MDM, e.g. AGENT'),
      os: text('contains'),
      model: text('contains'),
      seenBefore: day('last seen ≤'),
      seenAfter: day('last seen ≥'),
      min: z.number().int().min(0).max(99).optional().describe('default 1'),
      max: z.number().int().min(0).max(99).optional().describe('0: none such'),
    })
    .optional()
    .describe('Has min..max devices each matching all given (days YYYY-MM-DD)'),
  include: z.array(z.enum(ROW_INCLUDES)).optional().describe('Add to rows'),
  groupBy: z.enum(GROUP_BYS).optional().describe('Counts per group, not rows'),
  countOnly: z.boolean().optional().describe('Total only'),
  fresh: z.boolean().optional().describe('Skip held snapshot'),
};
