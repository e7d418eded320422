/** The shape of a person's summary: summarize.ts builds it, summary-sections.ts fills parts, render.ts prints it. */
import { z } from 'zod';
import { orNull } from './model.js';

const checkSchema = z.object({
  type: z.string(),
  status: z.string(),
  completedOn: z.string().optional(),
  expiresOn: z.string().optional(),
  exclusion: z.string().optional().describe('Why the check is excluded, by whom, until when'),
  reason: z.string().optional().describe('Why it fails, where the record shows it'),
});
const exclusionGroupSchema = z.object({
  checks: z.array(z.string()),
  exclusion: z.string().optional().describe('Why excluded, by whom, until when (shared by these checks)'),
});

const identitySchema = z.object({
  provider: z.string(),
  username: z.string().optional(),
  mfa: z.boolean().optional().describe('MFA as the API reports it for this identity; absent: not reported (unknown)'),
  idp: z.boolean().optional().describe('An identity-provider identity: only these decide IDENTITY_MFA'),
  hris: z.boolean().optional().describe('An HRIS record, not a login (nor IdP): MFA does not apply (mfa is still as reported)'),
  connected: z.boolean(),
  since: z.string().optional().describe('connectedAt, or disconnectedAt when disconnected (date)'),
});

const deviceSchema = z.object({
  id: z.number(),
  name: z.string().optional(),
  os: z.string().optional(),
  source: z.string().optional(),
  lastCheckedOn: z.string().optional(),
  compliant: z.boolean().optional(),
  failing: z.array(z.string()).optional(),
});

const trainingSchema = z.object({
  type: z.string().describe('The training check: SECURITY_TRAINING, HIPAA_TRAINING or NIST_AI_TRAINING'),
  state: z.enum(['expired', 'never_completed', 'due_soon', 'ok', 'no_renewal_date']),
  renewalOn: z.string().optional(),
  completedOn: z.string().optional(),
});

export const personSummarySchema = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string().optional(),
  jobTitle: z.string().optional(),
  employmentStatus: z.string(),
  notHumanReason: z.string().optional(),
  reasonProvider: z.string().optional(),
  startDate: z.string().optional(),
  separationDate: z.string().optional(),
  manualStatusSince: z
    .string()
    .optional()
    .describe('Status was set manually on this date: IdP/HRIS changes are ignored until a resync'),
  failingChecks: z.array(checkSchema).optional(),
  excludedChecks: z.array(exclusionGroupSchema).optional().describe('Excluded checks grouped by reason'),
  passingChecks: z.array(z.string()).optional(),
  identities: z.array(identitySchema).optional().describe('Empty: the record has no identity'),
  devices: z
    .object({
      count: z.number(),
      failingCount: z.number(),
      list: z.array(deviceSchema).optional(),
    })
    .optional(),
  backgroundCheck: z
    .object({
      status: z.string(),
      type: z.string().optional(),
      date: z.string().optional(),
      note: z.string().optional(),
    })
    .optional(),
  training: z.array(trainingSchema).optional(),
  customFields: z.record(z.string(), orNull(z.string(), 'the field is empty')).optional(),
  omitted: z.array(z.string()).optional().describe('What this view left out and how to get it'),
});
export type PersonSummary = z.infer<typeof personSummarySchema>;
