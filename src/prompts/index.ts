/**
 * Prompts for the common jobs, with argument completion. Arguments are validated (an unknown scope or check
 * is -32602 naming the allowed values); `text` builds the message from arguments alone, so the docs generator
 * can render it with placeholders.
 */
import { completable } from '@modelcontextprotocol/server';
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { COMPLIANCE_CHECK_TYPES } from '../drata/catalog.js';
import { calendarDateSchema } from '../personnel/dates.js';

const startsWith = (values: readonly string[]) => (input: string | undefined) =>
  values.filter((v) => v.toLowerCase().startsWith((input ?? '').toLowerCase()));

/** An optional argument that must be one of `values`; completion offers them. */
const oneOf = (values: readonly [string, ...string[]], description: string) =>
  // v2 reads completion metadata under an outer .optional(), so the optional wraps the completable.
  completable(z.enum(values, { error: `expected one of ${values.join(', ')}` }).describe(description), startsWith(values))
    .optional()
    .describe(description);

const FORMER_SCOPES = ['ALL_FORMER_PERSONNEL', 'FORMER_EMPLOYEE', 'FORMER_CONTRACTOR'] as const;
const CURRENT_SCOPES = ['ALL_CURRENT_PERSONNEL', 'CURRENT_EMPLOYEE', 'CURRENT_CONTRACTOR'] as const;

type Args = Record<string, string | undefined>;

export interface PromptDefinition {
  name: string;
  title: string;
  description: string;
  argsSchema: Record<string, z.ZodType<string | undefined>>;
  /** The user message for these (already validated) arguments. */
  text(args: Args): string;
}

export const offboardingAuditPrompt: PromptDefinition = {
  name: 'offboarding_audit',
  title: 'Offboarding audit',
  description:
    'Find people who left but still have a connected identity or a reporting device, and what to do about each.',
  argsSchema: {
    scope: oneOf(FORMER_SCOPES, `Who counts as having left: ${FORMER_SCOPES.join(', ')} (default ALL_FORMER_PERSONNEL)`),
    separatedSince: z
      .string()
      .refine((v) => calendarDateSchema.safeParse(v).success, { error: 'expected a calendar date, YYYY-MM-DD' })
      .optional()
      .describe('Only people separated on or after this date (YYYY-MM-DD)'),
  },
  // The report is scoped to former personnel, so it has no OUT_OF_SCOPE people to read out.
  text: ({ scope, separatedSince }) =>
    [
      `Run an offboarding audit of our Drata personnel (${scope || 'ALL_FORMER_PERSONNEL'}${
        separatedSince ? `, separated on or after ${separatedSince}` : ''
      }).`,
      '1. Call personnel_compliance_report once with that scope; read its offboarding gaps: former personnel with a still-connected identity or a device still reporting.',
      '2. For each person in a gap, call get_personnel to confirm which identity (provider, username) or device is still active.',
      '3. Answer with a table: person, separation date, what is still connected, the action to take (revoke in the IdP, wipe or collect the device, record offboarding evidence). If the report says complete: false, say the numbers are partial.',
      'Do not change anything in Drata unless I ask; if a status or date is wrong, propose update_personnel with dryRun first.',
    ].join('\n'),
};

export const complianceGapReviewPrompt: PromptDefinition = {
  name: 'compliance_gap_review',
  title: 'Compliance gap review',
  description: 'Who is failing which compliance check across current personnel, grouped for follow-up.',
  argsSchema: {
    check: oneOf(COMPLIANCE_CHECK_TYPES, `Focus on one check (${COMPLIANCE_CHECK_TYPES.join(', ')}); default all`),
    scope: oneOf(CURRENT_SCOPES, `Whose compliance: ${CURRENT_SCOPES.join(', ')} (default ALL_CURRENT_PERSONNEL)`),
  },
  text: ({ check, scope }) =>
    [
      `Review compliance gaps for ${scope || 'ALL_CURRENT_PERSONNEL'}${check ? `, focusing on ${check}` : ''}.`,
      `1. Call personnel_compliance_report once${check ? ` with checks: ["${check}"]` : ''}; use its per-check counts and lists of who is failing.`,
      '2. Summarise: pass/fail/misconfigured/excluded per check, the people failing each (name, email), identities without MFA, devices (none or non-compliant), and training expired, never completed or due within 30 days.',
      '3. Suggest the follow-up for each group (remind to enable MFA, assign training, fix the device). Use get_personnel only for individuals that need a closer look.',
      'If the report says complete: false, say the numbers are partial. Do not write to Drata.',
    ].join('\n'),
};

export const ALL_PROMPTS: readonly PromptDefinition[] = [offboardingAuditPrompt, complianceGapReviewPrompt];

export function registerPrompts(server: McpServer, _deps: unknown): void {
  for (const prompt of ALL_PROMPTS) {
    server.registerPrompt(
      prompt.name,
      { title: prompt.title, description: prompt.description, argsSchema: z.object(prompt.argsSchema) },
      (args: Args) => ({ messages: [{ role: 'user', content: { type: 'text', text: prompt.text(args) } }] }),
    );
  }
}
