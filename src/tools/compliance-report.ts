import { z } from 'zod';
import { CURRENT_STATUSES, type EmploymentStatus } from '../drata/catalog.js';
import { tokensOf } from '../personnel/budget.js';
import { expandStatuses } from '../personnel/status.js';
import { LIST_KEEP } from '../report/aggregate.js';
import { LIST_NAMES, present, reportOutputSchema, sections } from '../report/present.js';
import { waitingMessage } from '../personnel/snapshot-share.js';
import { type ReportRun, runReport } from '../report/run.js';
import { checkNamesSchema, namesOf, STATUS_FILTER_VALUES } from './params.js';
import { defineTool, type ToolContext } from './types.js';

const DEFAULT_SCOPE: readonly EmploymentStatus[] = CURRENT_STATUSES;

const inputSchema = z.object({
  employmentStatus: namesOf(STATUS_FILTER_VALUES, 'an employment status or aggregate')
    .optional()
    .describe('Whom to include, names as in list_personnel (default ALL_CURRENT_PERSONNEL); add ALL_FORMER_PERSONNEL for offboarding gaps'),
  checks: checkNamesSchema.optional().describe('Focus on these check types, names as in list_personnel (default all)'),
  maxNames: z
    .number()
    .int()
    .min(0)
    .max(LIST_KEEP)
    .default(3)
    .describe(`Names shown per list, 0..${LIST_KEEP}, default 3; counts are always complete`),
  lists: z.array(z.enum(LIST_NAMES)).min(1).optional().describe('Name people only in these lists'),
  namesFrom: z.number().int().min(0).default(0).describe('Skip this many names in each named list (continuation), ≥0, default 0'),
  refresh: z.boolean().default(false).describe('Ignore cached data and fetch again (default false)'),
});
type Input = z.output<typeof inputSchema>;

/** A cached walk, or a fresh one cached when complete. */
async function cached<T extends { complete: boolean; fetchedAt?: Date }>(
  ctx: ToolContext,
  key: string,
  refresh: boolean,
  fetch: () => Promise<T>,
): Promise<{ value: T; fromCache: boolean }> {
  if (!refresh) await ctx.cache.sync();
  const hit = refresh ? undefined : ctx.cache.get<T>(key);
  if (hit) return { value: hit.value, fromCache: true };
  const generation = ctx.cache.currentGeneration;
  const value = await fetch();
  if (value.complete) ctx.cache.set(key, value, value.fetchedAt ?? ctx.now(), generation);
  return { value, fromCache: false };
}

export const complianceReportTool = defineTool({
  name: 'personnel_compliance_report',
  title: 'Org-wide compliance report',
  description: `Org-wide answers in one call: people per status; per check pass/fail/misconfigured/excluded counts and who fails it; MFA gaps by identity; no device or a non-compliant device; training per type (expired, never completed, due in 30 days); offboarding gaps by cause (identity connected, device reporting); OUT_OF_SCOPE without a reason. Walks every page server-side: use it instead of paging list_personnel. Counts are complete; a list with more names says how to continue (lists, maxNames, namesFrom). Data is held briefly (refresh: true re-reads); complete: false means partial.`,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema,
  outputSchema: reportOutputSchema,
  async handler(args: Input, ctx) {
    const scope = expandStatuses(args.employmentStatus, DEFAULT_SCOPE);
    const key = JSON.stringify({ scope, checks: args.checks ? [...args.checks].sort() : null });
    const progress = (done: number, total: number | undefined) =>
      ctx.progress(done, total, `fetched ${done}${total ? ` of ${total}` : ''} pages`);
    const run = await cached<ReportRun>(ctx, key, args.refresh, () =>
      runReport(
        ctx.api,
        { statuses: scope, checks: args.checks, devices: sections({ scope, checks: args.checks }).devices },
        {
          signal: ctx.signal,
          maxPages: ctx.config.reportMaxPages,
          now: ctx.now(),
          progress,
          onWait: (s) => ctx.progress(s, undefined, waitingMessage(s)),
          snapshots: ctx.cache.snapshots,
          fresh: args.refresh,
        },
      ),
    );
    const present_ = (maxNames: number) =>
      present(run.value, {
        scope,
        defaulted: !args.employmentStatus,
        checks: args.checks,
        lists: args.lists,
        maxNames,
        namesFrom: args.namesFrom,
        fromCache: run.fromCache,
        now: ctx.now(),
      });
    // Fit the budget by showing fewer names per list (counts stay; each cut list says how to continue).
    const fitted = (max: number) => {
      const result = present_(max);
      if (max === args.maxNames) return result;
      const note = `Lists cut to ${max} names each to fit the output budget; each says how to continue.`;
      result.structured.notes = [...(result.structured.notes ?? []), note];
      result.text += `\nNote: ${note}`;
      return result;
    };
    let max = args.maxNames;
    let result = fitted(max);
    while (tokensOf(result) > ctx.maxTokens && max > 0) {
      max = Math.floor(max / 2);
      result = fitted(max);
    }
    return result;
  },
});
