/** Prompts for the common jobs, with argument completion. */
import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { COMPLIANCE_CHECK_TYPES } from '../drata/catalog.js';

const startsWith = (values: readonly string[]) => (input: string | undefined) =>
  values.filter((v) => v.toLowerCase().startsWith((input ?? '').toLowerCase()));

const FORMER_SCOPES = ['ALL_FORMER_PERSONNEL', 'FORMER_EMPLOYEE', 'FORMER_CONTRACTOR'] as const;
const CURRENT_SCOPES = ['ALL_CURRENT_PERSONNEL', 'CURRENT_EMPLOYEE', 'CURRENT_CONTRACTOR'] as const;

export interface PromptDefinition {
  name: string;
  title: string;
  description: string;
  register(server: McpServer): void;
}

export const offboardingAuditPrompt: PromptDefinition = {
  name: 'offboarding_audit',
  title: 'Offboarding audit',
  description:
    'Find people who left but still have a connected identity or a reporting device, and what to do about each.',
  register(server) {
    server.registerPrompt(
      this.name,
      {
        title: this.title,
        description: this.description,
        argsSchema: {
          scope: completable(
            z
              .string()
              .optional()
              .describe(
                `Who counts as having left: ${FORMER_SCOPES.join(', ')} (default ALL_FORMER_PERSONNEL)`,
              ),
            startsWith(FORMER_SCOPES),
          ),
          separatedSince: z
            .string()
            .optional()
            .describe('Only people separated on or after this date (YYYY-MM-DD)'),
        },
      },
      ({ scope, separatedSince }) => ({
        messages: [
          {
            role: 'user',
            content: {
              type: 'text',
              text: [
                `Run an offboarding audit of our Drata personnel (${scope || 'ALL_FORMER_PERSONNEL'}${
                  separatedSince ? `, separated on or after ${separatedSince}` : ''
                }).`,
                '1. Call personnel_compliance_report once with that scope; read its offboarding gaps: former personnel with a still-connected identity or a device still reporting, and OUT_OF_SCOPE people without a reason.',
                '2. For each person in a gap, call get_personnel to confirm which identity (provider, username) or device is still active.',
                '3. Answer with a table: person, separation date, what is still connected, the action to take (revoke in the IdP, wipe or collect the device, record offboarding evidence). If the report says complete: false, say the numbers are partial.',
                'Do not change anything in Drata unless I ask; if a status or date is wrong, propose update_personnel with dryRun first.',
              ].join('\n'),
            },
          },
        ],
      }),
    );
  },
};

export const complianceGapReviewPrompt: PromptDefinition = {
  name: 'compliance_gap_review',
  title: 'Compliance gap review',
  description: 'Who is failing which compliance check across current personnel, grouped for follow-up.',
  register(server) {
    server.registerPrompt(
      this.name,
      {
        title: this.title,
        description: this.description,
        argsSchema: {
          check: completable(
            z
              .string()
              .optional()
              .describe(`Focus on one check (${COMPLIANCE_CHECK_TYPES.join(', ')}); default all`),
            startsWith(COMPLIANCE_CHECK_TYPES),
          ),
          scope: completable(
            z
              .string()
              .optional()
              .describe(`Whose compliance: ${CURRENT_SCOPES.join(', ')} (default ALL_CURRENT_PERSONNEL)`),
            startsWith(CURRENT_SCOPES),
          ),
        },
      },
      ({ check, scope }) => ({
        messages: [
          {
            role: 'user',
            content: {
              type: 'text',
              text: [
                `Review compliance gaps for ${scope || 'ALL_CURRENT_PERSONNEL'}${check ? `, focusing on ${check}` : ''}.`,
                `1. Call personnel_compliance_report once${check ? ` with checks: ["${check}"]` : ''}; use its per-check counts and lists of who is failing.`,
                '2. Summarise: pass/fail/misconfigured/excluded per check, the people failing each (name, email), identities without MFA, devices (none or non-compliant), and training expired, never completed or due within 30 days.',
                '3. Suggest the follow-up for each group (remind to enable MFA, assign training, fix the device). Use get_personnel only for individuals that need a closer look.',
                'If the report says complete: false, say the numbers are partial. Do not write to Drata.',
              ].join('\n'),
            },
          },
        ],
      }),
    );
  },
};

export const ALL_PROMPTS: readonly PromptDefinition[] = [offboardingAuditPrompt, complianceGapReviewPrompt];

export function registerPrompts(server: McpServer, _deps: unknown): void {
  for (const prompt of ALL_PROMPTS) prompt.register(server);
}
