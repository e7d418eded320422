import { z } from 'zod';
import {
  COMPLIANCE_CHECK_TYPES,
  CURRENT_STATUSES,
  EMPLOYMENT_STATUSES,
  type EmploymentStatus,
  isCurrentStatus,
  isFormerStatus,
  V1_STATUS_AGGREGATES,
} from '../drata/catalog.js';
import { tokensOf } from '../personnel/budget.js';
import { LIST_KEEP, type NameRef, type ReportAggregate, type TopList } from '../report/aggregate.js';
import { type ReportRun, runReport } from '../report/run.js';
import { STATUS_FILTER_VALUES } from './list-personnel.js';
import { defineTool } from './types.js';

const DEFAULT_SCOPE: readonly EmploymentStatus[] = CURRENT_STATUSES;

/** The lists of people a report can name: `failing` is every check's list of who fails it. */
const LIST_NAMES = [
  'failing',
  'mfaGaps',
  'offboardingGaps',
  'trainingOverdue',
  'trainingDueSoon',
  'outOfScopeWithoutReason',
] as const;

const inputSchema = z.object({
  employmentStatus: z
    .array(z.enum(STATUS_FILTER_VALUES))
    .min(1)
    .optional()
    .describe(
      'Whom to include (default ALL_CURRENT_PERSONNEL). Add ALL_FORMER_PERSONNEL for offboarding gaps.',
    ),
  checks: z
    .array(z.enum(COMPLIANCE_CHECK_TYPES))
    .min(1)
    .optional()
    .describe('Focus on these checks (default all)'),
  maxNames: z
    .number()
    .int()
    .min(0)
    .max(LIST_KEEP)
    .default(3)
    .describe(`Names shown per list (0..${LIST_KEEP}); the rest are counted`),
  lists: z
    .array(z.enum(LIST_NAMES))
    .min(1)
    .optional()
    .describe('Name people only in these lists (the others keep their counts): use it with a high maxNames for a full list'),
  refresh: z.boolean().default(false).describe('Ignore cached data and fetch again'),
});
type Input = z.output<typeof inputSchema>;
type ListName = (typeof LIST_NAMES)[number];

const nameRefSchema = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string().optional(),
  detail: z.string().optional(),
});
const peopleListSchema = z.object({
  count: z.number(),
  people: z.array(nameRefSchema),
  more: z.number().describe('How many more are not listed'),
});
type PeopleList = z.output<typeof peopleListSchema>;

const outputSchema = z.object({
  scope: z.object({
    employmentStatus: z.array(z.string()),
    defaulted: z.boolean().describe('true when the scope is the default (current employees and contractors)'),
    checks: z.array(z.string()).optional(),
  }),
  complete: z.boolean().describe('false: the walk stopped early; counts are partial'),
  coverage: z.array(z.string()).optional(),
  dataAsOf: z.string().describe('When the data was fetched (ISO)'),
  fromCache: z.boolean(),
  pagesFetched: z.number(),
  total: z.number().describe('Personnel in scope'),
  byStatus: z.record(z.string(), z.number()),
  checks: z.array(
    z.object({
      type: z.string(),
      pass: z.number(),
      fail: z.number(),
      misconfigured: z.number(),
      excluded: z.number(),
      failing: peopleListSchema.optional(),
    }),
  ),
  mfaGaps: peopleListSchema
    .optional()
    .describe('Current personnel failing IDENTITY_MFA, with the identities lacking MFA'),
  offboardingGaps: peopleListSchema
    .optional()
    .describe('Former personnel with a still-connected identity or a device still reporting'),
  trainingOverdue: peopleListSchema.optional(),
  trainingDueSoon: peopleListSchema.optional().describe('Training due within 30 days'),
  outOfScopeWithoutReason: peopleListSchema.optional(),
  notApplicable: z
    .array(z.string())
    .optional()
    .describe('Sections the scope leaves out, and how to include them'),
  namesPerList: z.number(),
  notes: z.array(z.string()).optional(),
});
type Output = z.output<typeof outputSchema>;

function expandScope(values: Input['employmentStatus']): EmploymentStatus[] {
  if (!values) return [...DEFAULT_SCOPE];
  const out = new Set<EmploymentStatus>();
  for (const v of values) {
    const agg = (V1_STATUS_AGGREGATES as Record<string, readonly EmploymentStatus[]>)[v];
    for (const s of agg ?? [v as EmploymentStatus]) out.add(s);
  }
  return EMPLOYMENT_STATUSES.filter((s) => out.has(s));
}

const peopleList = (list: TopList, max: number): PeopleList | undefined =>
  list.count === 0
    ? undefined
    : {
        count: list.count,
        people: list.items(max),
        more: Math.max(0, list.count - Math.min(max, list.count)),
      };

const names = (l: PeopleList | undefined): string =>
  l
    ? `${l.people.map((p: NameRef) => `${p.name} #${p.id}${p.detail ? ` (${p.detail})` : ''}`).join('; ')}${
      l.more ? `${l.people.length ? '; ' : ''}and ${l.more} more` : ''
    }`
    : 'none';

function build(
  run: ReportRun,
  scope: EmploymentStatus[],
  args: Input,
  max: number,
  fromCache: boolean,
  now: Date,
) {
  // Names only in the lists asked for; the others keep their counts.
  const namesIn = (list: ListName) => (!args.lists || args.lists.includes(list) ? max : 0);
  const a: ReportAggregate = run.aggregate;
  const hasCurrent = scope.some(isCurrentStatus);
  const hasFormer = scope.some(isFormerStatus);
  const wantMfa = hasCurrent && (!args.checks || args.checks.includes('IDENTITY_MFA'));
  const notApplicable: string[] = [];
  if (!hasFormer)
    notApplicable.push('offboardingGaps: no former statuses in scope (add ALL_FORMER_PERSONNEL)');
  if (!wantMfa)
    notApplicable.push('mfaGaps: needs current personnel in scope and IDENTITY_MFA among the checks');
  if (!scope.includes('OUT_OF_SCOPE'))
    notApplicable.push('outOfScopeWithoutReason: OUT_OF_SCOPE is not in scope');
  const notes: string[] = [];
  if (!run.complete) {
    notes.push(
      'INCOMPLETE: the walk stopped at the page cap; counts and lists are partial. Do not present them as complete.',
    );
  }
  if (max < args.maxNames) notes.push(`Lists cut to ${max} names each to fit the output budget.`);
  const structured: Output = {
    scope: { employmentStatus: scope, defaulted: !args.employmentStatus, checks: args.checks },
    complete: run.complete,
    coverage: run.coverage.length ? run.coverage : undefined,
    dataAsOf: run.fetchedAt.toISOString(),
    fromCache,
    pagesFetched: run.pagesFetched,
    total: a.total,
    byStatus: a.byStatus,
    checks: [...a.checks.entries()].map(([type, t]) => ({
      type,
      pass: t.pass,
      fail: t.fail,
      misconfigured: t.misconfigured,
      excluded: t.excluded,
      // FULL_COMPLIANCE fails whenever another check does: its count is enough unless it is the focus.
      failing:
        type === 'FULL_COMPLIANCE' && !args.checks?.includes('FULL_COMPLIANCE')
          ? undefined
          : peopleList(t.failing, namesIn('failing')),
    })),
    mfaGaps: wantMfa ? peopleList(a.mfaGaps, namesIn('mfaGaps')) : undefined,
    offboardingGaps: hasFormer ? peopleList(a.offboardingGaps, namesIn('offboardingGaps')) : undefined,
    trainingOverdue: hasCurrent ? peopleList(a.trainingOverdue, namesIn('trainingOverdue')) : undefined,
    trainingDueSoon: hasCurrent ? peopleList(a.trainingDueSoon, namesIn('trainingDueSoon')) : undefined,
    outOfScopeWithoutReason: scope.includes('OUT_OF_SCOPE')
      ? peopleList(a.outOfScopeWithoutReason, namesIn('outOfScopeWithoutReason'))
      : undefined,
    notApplicable: notApplicable.length ? notApplicable : undefined,
    namesPerList: max,
    notes: notes.length ? notes : undefined,
  };

  const age = Math.max(0, Math.round((now.getTime() - run.fetchedAt.getTime()) / 1000));
  const lines = [
    `Compliance report: ${a.total} personnel in scope (${scope.join(', ')}${structured.scope.defaulted ? ' — the default scope' : ''}); ${
      run.complete ? 'complete' : 'INCOMPLETE'
    }; data ${fromCache ? `cached, ${age} s old` : 'fetched now'} (${run.pagesFetched} pages).`,
    `By status: ${
      Object.entries(a.byStatus)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ') || 'none'
    }`,
    'Checks (pass/fail/misconfigured/excluded):',
    ...structured.checks.map(
      (c) =>
        `- ${c.type}: ${c.pass}/${c.fail}/${c.misconfigured}/${c.excluded}${c.failing ? ` — failing: ${names(c.failing)}` : ''}`,
    ),
  ];
  if (wantMfa)
    lines.push(`Identities without MFA (${structured.mfaGaps?.count ?? 0}): ${names(structured.mfaGaps)}`);
  if (hasFormer)
    lines.push(
      `Offboarding gaps (${structured.offboardingGaps?.count ?? 0}): ${names(structured.offboardingGaps)}`,
    );
  if (hasCurrent) {
    lines.push(
      `Training overdue (${structured.trainingOverdue?.count ?? 0}): ${names(structured.trainingOverdue)}`,
    );
    lines.push(
      `Training due within 30 days (${structured.trainingDueSoon?.count ?? 0}): ${names(structured.trainingDueSoon)}`,
    );
  }
  if (scope.includes('OUT_OF_SCOPE')) {
    lines.push(
      `OUT_OF_SCOPE without a reason (${structured.outOfScopeWithoutReason?.count ?? 0}): ${names(structured.outOfScopeWithoutReason)}`,
    );
  }
  for (const n of notApplicable) lines.push(`Not in this report: ${n}`);
  for (const c of run.coverage) lines.push(`Coverage: ${c}`);
  for (const n of notes) lines.push(`Note: ${n}`);
  if (max > 0) {
    lines.push('Full lists: maxNames up to 500 with lists: [the one you need], or list_personnel with "failing": [CHECK].');
  }
  return { text: lines.join('\n'), structured };
}

export const complianceReportTool = defineTool({
  name: 'personnel_compliance_report',
  title: 'Org-wide compliance report',
  description: `Answers org-wide questions in one call: how many people are in scope and in each status; for every compliance check the pass, fail, misconfigured and excluded counts and who is failing it; current personnel failing MFA with the identities that lack it; training overdue or due within 30 days; offboarding gaps (former personnel with an identity still connected or a device still reporting); OUT_OF_SCOPE personnel without a reason. Pages through everyone server-side (with progress), so use it instead of paging list_personnel for "who is failing what" or "who left but still has access". Default scope is current employees and contractors; pass employmentStatus: ["ALL_FORMER_PERSONNEL"] for offboarding. For everyone in one list, pass lists: ["trainingDueSoon"] (say) with maxNames up to 500. Results are cached for a short time (refresh: true refetches); if complete is false the numbers are partial.`,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema,
  outputSchema,
  async handler(args: Input, ctx) {
    const scope = expandScope(args.employmentStatus);
    const key = JSON.stringify({ scope, checks: args.checks ? [...args.checks].sort() : null });
    let run: ReportRun;
    let fromCache = false;
    const cached = args.refresh ? undefined : ctx.cache.get<ReportRun>(key);
    if (cached) {
      run = cached.value;
      fromCache = true;
    } else {
      const generation = ctx.cache.currentGeneration;
      run = await runReport(
        ctx.api,
        { statuses: scope, checks: args.checks },
        {
          signal: ctx.signal,
          maxPages: ctx.config.reportMaxPages,
          now: ctx.now(),
          progress: (done, total) =>
            ctx.progress(done, total, `fetched ${done}${total ? ` of ${total}` : ''} pages`),
        },
      );
      if (run.complete) ctx.cache.set(key, run, run.fetchedAt, generation);
    }
    // Fit the budget by showing fewer names per list (counts always stay).
    let max = args.maxNames;
    let result = build(run, scope, args, max, fromCache, ctx.now());
    while (tokensOf(result) > ctx.maxTokens && max > 0) {
      max = Math.floor(max / 2);
      result = build(run, scope, args, max, fromCache, ctx.now());
    }
    return result;
  },
});
