/**
 * list_personnel's query-model parameters: conditions on check states, reason, job title and manual
 * overrides, the identity and device clauses, projections, counts and groups. Terse on purpose: every
 * tool definition is paid for in tokens on connect, so check names are enumerated once (in `failing`) and
 * the other check lists are plain strings validated against the same catalog.
 */
import { z } from 'zod';
import { COMPLIANCE_CHECK_STATUSES } from '../drata/catalog.js';
import { calendarDateSchema } from '../personnel/dates.js';
import { DEVICE_CHECK_GROUP } from '../personnel/check-sets.js';
import { GROUP_BYS, MFA_STATES, ROW_INCLUDES } from '../personnel/list-query.js';
import { namesOf } from './params.js';

/** 1..100 characters after trimming: in the schema, and said in the description (Gemini strips maxLength). */
const text = (what: string) => z.string().trim().min(1).max(100).optional().describe(`${what}, ≤100 chars`);
/** A day, YYYY-MM-DD: the pattern in the schema, the format in the description, a real date checked. */
const day = (what: string) => calendarDateSchema.optional().describe(`${what}, YYYY-MM-DD`);

/** The person search (V1 `q`): part of a name or email. */
export const searchSchema = text('Name or email contains');

/** A list_personnel cursor (opaque; up to 2,000 characters, checked when decoded). */
export const cursorSchema = z
  .string()
  .min(1)
  .max(2000)
  .optional()
  .describe('nextCursor of the previous result (≤2000 chars)');

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
      mfa: z.enum(MFA_STATES).optional().describe('n/a: HRIS record'),
      username: text('contains'),
    })
    .optional()
    .describe('Has an identity matching all given'),
  device: z
    .object({
      failing: namesOf(DEVICE_CHECK_GROUP, 'a device check').optional().describe('fails one of'),
      source: text('MDM, e.g. AGENT'),
      os: text('contains'),
      model: text('contains'),
      seenBefore: day('last seen ≤'),
      seenAfter: day('last seen ≥'),
      min: z.number().int().min(0).max(99).optional().describe('0..99, default 1'),
      max: z.number().int().min(0).max(99).optional().describe('0..99; 0: none such'),
    })
    .optional()
    .describe('Has min..max devices each matching all given'),
  include: z.array(z.enum(ROW_INCLUDES)).optional().describe('Add to rows'),
  groupBy: z.enum(GROUP_BYS).optional().describe('Counts per group, not rows'),
  countOnly: z.boolean().optional().describe('Total only'),
  fresh: z.boolean().optional().describe('Skip held snapshot'),
};
