/**
 * list_personnel's query-model parameters: conditions on check states, reason, job title and manual
 * overrides, the identity and device clauses, projections, counts and groups. Terse on purpose: every
 * tool definition is paid for in tokens on connect.
 */
import { z } from 'zod';
import { COMPLIANCE_CHECK_STATUSES } from '../drata/catalog.js';
import { GROUP_BYS, ROW_INCLUDES } from '../personnel/list-query.js';
import { MFA_STATES } from '../personnel/query.js';
import { isCalendarDate } from '../personnel/dates.js';
import { checkListSchema } from './params.js';

const text = (what: string) => z.string().trim().min(1).max(100).optional().describe(what);
const day = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .refine(isCalendarDate, { error: 'must be a real calendar date written YYYY-MM-DD' })
    .optional()
    .describe(`${what}, YYYY-MM-DD inclusive`);

export const queryParams = {
  checkStatus: z
    .record(z.string(), z.array(z.enum(COMPLIANCE_CHECK_STATUSES)).min(1))
    .optional()
    .describe('Check type → allowed states, e.g. {"BG_CHECK":["FAIL","EXCLUDED"]}'),
  reason: text('Out-of-scope reason contains (case-insensitive)'),
  jobTitle: text('Job title contains'),
  manual: z.boolean().optional().describe('Status set manually (sync paused): true/false'),
  identity: z
    .object({
      provider: text('e.g. GITHUB, GOOGLE'),
      connected: z.boolean().optional().describe('true: still connected'),
      mfa: z.enum(MFA_STATES).optional().describe('as the API reports it'),
      username: text('contains'),
    })
    .optional()
    .describe('Has an identity matching all of these (the same one)'),
  device: z
    .object({
      failing: checkListSchema.optional().describe('fails one of these'),
      source: text('MDM source, e.g. AGENT, JAMF'),
      os: text('OS version contains'),
      model: text('model contains'),
      seenBefore: day('last seen on/before'),
      seenAfter: day('last seen on/after'),
      min: z.number().int().min(0).max(99).optional().describe('≥ this many such devices (default 1)'),
      max: z.number().int().min(0).max(99).optional().describe('≤ this many (max 0: none such)'),
    })
    .optional()
    .describe('Has devices matching all of these (each the same device)'),
  include: z.array(z.enum(ROW_INCLUDES)).min(1).optional().describe('Add to each row'),
  groupBy: z.enum(GROUP_BYS).optional().describe('Count per group instead of rows (limit groups a page)'),
  countOnly: z.boolean().optional().describe('Only the exact total'),
  fresh: z.boolean().optional().describe('Re-read the org instead of the held snapshot'),
};
