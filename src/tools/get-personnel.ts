import { z } from 'zod';
import { fitSections } from '../personnel/budget.js';
import { describeRef, fetchPerson, parsePersonRef } from '../personnel/lookup.js';
import { renderSummary } from '../personnel/render.js';
import { type PersonSummary, personSummarySchema } from '../personnel/summary-schema.js';
import { DETAIL_LEVELS, SECTIONS, summarizePerson } from '../personnel/summarize.js';
import { personnelRefSchema } from './params.js';
import { defineTool } from './types.js';

const inputSchema = z.object({
  personnel: personnelRefSchema,
  detail: z
    .enum(DETAIL_LEVELS)
    .default('summary')
    .describe(
      'Default summary: what fails and why; full: also passing checks, compliant devices, all training, empty fields',
    ),
  sections: z
    .array(z.enum(SECTIONS))
    .min(1)
    .optional()
    .describe('Only these sections (status and dates are always shown)'),
});

const outputSchema = z.object({
  person: personSummarySchema,
  truncated: z.boolean().describe('Sections were shortened to fit the output budget (see person.omitted)'),
  notes: z.array(z.string()).optional(),
});
type Output = z.output<typeof outputSchema>;

/** Array sections a summary may shed, longest first, to fit the budget. */
const SHRINKABLE = [
  ['passingChecks'],
  ['excludedChecks'],
  ['failingChecks'],
  ['identities'],
  ['devices', 'list'],
  ['training'],
] as const;

export const getPersonnelTool = defineTool({
  name: 'get_personnel',
  title: 'Get one person',
  description: `One person's compliance picture in a compact summary: status and dates (set manually or not), why out of scope, each failing or misconfigured check, excluded checks with the reason, devices with their failing checks, identities with provider, MFA and connection, background check, training expired, never completed or due in 30 days, custom fields. Use detail: "full" for passing checks, compliant devices and all training. Use list_personnel first when you only have a name.`,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema,
  outputSchema,
  async handler(args, ctx) {
    const ref = parsePersonRef(args.personnel);
    const { person, v2Unavailable } = await fetchPerson(ctx.api, ref, {
      signal: ctx.signal,
      logger: ctx.logger,
    });
    const summary = summarizePerson(person, { detail: args.detail, sections: args.sections, now: ctx.now() });
    const notes: string[] = [];
    if (v2Unavailable)
      notes.push(`Custom fields and check exclusions are missing: the V2 lookup failed (${v2Unavailable}).`);
    const render = (s: PersonSummary, truncated: boolean) => {
      const structured: Output = { person: s, truncated, notes: notes.length ? notes : undefined };
      const text = [renderSummary(s), ...notes.map((n) => `Note: ${n}`)].join('\n');
      return { text, structured };
    };
    const fitted = fitSections(
      summary,
      SHRINKABLE,
      (s) => render(s, false),
      ctx.maxTokens,
      (s, path, kept, total) => {
        const label = path.join('.');
        s.omitted = [
          ...(s.omitted ?? []).filter((o) => !o.startsWith(`${label}:`)),
          `${label}: ${kept} of ${total} shown (output budget)`,
        ];
      },
    );
    if (!fitted.shortened) return fitted.rendered;
    ctx.logger.debug(`get_personnel ${describeRef(ref)} shortened to fit the output budget`);
    return render(fitted.value, true);
  },
});
