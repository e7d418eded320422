/**
 * The compliance report as the model reads it, in both channels: counts always complete, every named list
 * either whole or saying how many are missing and how to continue it (namesFrom), and what a focused or
 * narrowed report did not compute named as such, never shown as 0.
 */
import { z } from 'zod';
import { type EmploymentStatus, isCurrentStatus, isFormerStatus } from '../drata/catalog.js';
import { TRAINING_CHECKS } from '../personnel/training.js';
import type { ReportAggregate, TopList } from './aggregate.js';
import type { ReportRun } from './run.js';

/** The lists of people a report can name: `failing` is every check's list of who fails it. */
export const LIST_NAMES = [
  'failing',
  'mfaGaps',
  'mfaOffExcluded',
  'noDevice',
  'failingDevice',
  'offboardingGaps',
  'offboardingIdentity',
  'offboardingDevice',
  'trainingExpired',
  'trainingNeverCompleted',
  'trainingDueSoon',
  'outOfScopeWithoutReason',
] as const;
export type ListName = (typeof LIST_NAMES)[number];

const peopleListSchema = z.object({
  count: z.number(),
  from: z.number().optional().describe('Position of the first name shown (1-based), when not 1'),
  people: z.array(z.object({ id: z.number(), name: z.string(), detail: z.string().optional() })),
  more: z.number().optional().describe('Names after these (none when absent); continue with namesFrom'),
  namesFrom: z.number().optional().describe('Pass as namesFrom (with lists: [this list]) for the next names'),
});
type PeopleList = z.output<typeof peopleListSchema>;
const list = (description: string) => peopleListSchema.optional().describe(description);

export const reportOutputSchema = z.object({
  scope: z.object({
    employmentStatus: z.array(z.string()),
    defaulted: z.boolean(),
    checks: z.array(z.string()).optional(),
  }),
  complete: z.boolean().describe('false: the walk stopped early; counts are partial'),
  coverage: z.array(z.string()).optional(),
  dataAsOf: z.string(),
  fromCache: z.boolean(),
  pagesFetched: z.number(),
  devicePagesFetched: z.number().optional().describe('V1 pages read for the device section'),
  total: z.number().describe('Personnel in scope'),
  byStatus: z.record(z.string(), z.number()),
  checks: z.array(
    z.object({
      type: z.string(),
      pass: z.number(),
      fail: z.number(),
      misconfigured: z.number(),
      excluded: z.number(),
      failing: peopleListSchema.optional().describe('FAIL or MISCONFIGURED: count = fail + misconfigured'),
    }),
  ),
  mfaGaps: list('Personnel in scope (not former) failing IDENTITY_MFA, with the IdP identities lacking MFA'),
  mfaOffExcluded: list('IDENTITY_MFA excluded, yet a connected identity (HRIS records aside) reports MFA off'),
  noDevice: list('Current personnel with no device'),
  failingDevice: list('Current personnel with at least one non-compliant device'),
  offboardingGaps: list('Former personnel with any gap (identity connected or device reporting)'),
  offboardingIdentity: list('Former personnel with an identity still connected (providers)'),
  offboardingDevice: list('Former personnel with a device still reporting (last check-in)'),
  training: z
    .array(
      z.object({
        type: z.string().describe('SECURITY_TRAINING, HIPAA_TRAINING or NIST_AI_TRAINING'),
        expired: peopleListSchema.describe('trainingExpired: renewal date passed (detail: the date)'),
        neverCompleted: peopleListSchema.describe('trainingNeverCompleted'),
        dueSoon: peopleListSchema.describe('trainingDueSoon: renewal within 30 days (detail: the date)'),
      }),
    )
    .optional()
    .describe('Current personnel, per training: each list counts that training only'),
  outOfScopeWithoutReason: list('OUT_OF_SCOPE personnel without a reason'),
  notComputed: z.array(z.string()).optional().describe('Sections this report did not compute, and how to get them'),
  namesPerList: z.number(),
  notes: z.array(z.string()).optional(),
});
export type ReportOutput = z.output<typeof reportOutputSchema>;

export interface PresentArgs {
  scope: EmploymentStatus[];
  defaulted: boolean;
  checks?: readonly string[];
  lists?: readonly ListName[];
  maxNames: number;
  namesFrom: number;
  fromCache: boolean;
  now: Date;
}

type TrainingListName = 'trainingExpired' | 'trainingNeverCompleted' | 'trainingDueSoon';
const TRAINING_LISTS: ReadonlySet<string> = new Set<TrainingListName>(['trainingExpired', 'trainingNeverCompleted', 'trainingDueSoon']);

const LABELS: Record<Exclude<ListName, 'failing' | TrainingListName>, string> = {
  mfaGaps: 'Failing IDENTITY_MFA, former personnel aside (IdP identities without MFA)',
  mfaOffExcluded: 'IDENTITY_MFA excluded, identities report MFA off',
  noDevice: 'No device',
  failingDevice: 'A non-compliant device',
  offboardingGaps: 'Offboarding gaps, any cause',
  offboardingIdentity: 'Offboarding: identity still connected',
  offboardingDevice: 'Offboarding: device still reporting',
  outOfScopeWithoutReason: 'OUT_OF_SCOPE without a reason',
};

function names(name: ListName, l: PeopleList | undefined): string {
  if (!l || l.count === 0) return 'none';
  const shown = l.people.map((p) => `${p.name} #${p.id}${p.detail ? ` (${p.detail})` : ''}`).join('; ');
  const first = l.from ?? 1;
  const range = l.people.length && (first > 1 || l.more) ? `[${first}–${first + l.people.length - 1}] ` : '';
  const rest = l.more
    ? `${shown ? '; ' : ''}${l.more} more: namesFrom ${l.namesFrom} with lists ["${name}"]`
    : '';
  return `${range}${shown}${rest}`;
}

/** Which sections this scope and focus compute; the others are named with the reason. */
export function sections(args: Pick<PresentArgs, 'scope' | 'checks'>) {
  const hasCurrent = args.scope.some(isCurrentStatus);
  const notFormer = args.scope.some((st) => !isFormerStatus(st));
  const focused = (types: readonly string[]) => !args.checks || args.checks.some((c) => types.includes(c));
  const s = {
    mfa: notFormer && focused(['IDENTITY_MFA']),
    devices: hasCurrent && !args.checks,
    offboarding: args.scope.some(isFormerStatus),
    training: hasCurrent && focused(TRAINING_CHECKS),
    outOfScope: args.scope.includes('OUT_OF_SCOPE'),
  };
  const notComputed: string[] = [];
  if (!s.mfa) notComputed.push('MFA gaps: need a status other than former in scope and IDENTITY_MFA among the checks');
  if (!s.devices) notComputed.push('devices: need current personnel in scope and no checks focus');
  if (!s.offboarding) notComputed.push('offboarding gaps: no former statuses in scope (add ALL_FORMER_PERSONNEL)');
  if (!s.training) notComputed.push('training: need current personnel in scope and a training check among the checks');
  if (!s.outOfScope) notComputed.push('out of scope without a reason: OUT_OF_SCOPE is not in scope');
  return { ...s, notComputed };
}

export function present(run: ReportRun, args: PresentArgs) {
  const devices = run.devices;
  const a: ReportAggregate = run.aggregate;
  const on = sections(args);
  const take = (name: ListName, l: TopList): PeopleList => {
    // Every person with an offboarding gap is named in one of the two lists by cause: name them again only on
    // request. Training lists (three per training) are counted, and named on request.
    const wanted = args.lists ? args.lists.includes(name) : name !== 'offboardingGaps' && !TRAINING_LISTS.has(name);
    const from = wanted ? Math.min(args.namesFrom, l.count) : 0;
    // Names and ids only (list_personnel or get_personnel has the rest): more names fit one result.
    const people = wanted ? l.items(args.maxNames, from).map(({ id, name, detail }) => ({ id, name, detail })) : [];
    const more = Math.max(0, l.count - from - people.length);
    return {
      count: l.count,
      from: from ? from + 1 : undefined,
      people,
      more: more || undefined,
      namesFrom: more ? from + people.length : undefined,
    };
  };
  const opt = (name: ListName, l: TopList | undefined, computed: boolean) =>
    computed && l ? take(name, l) : undefined;
  const { complete, coverage } = run;
  const notes: string[] = [];
  if (!complete) notes.push('INCOMPLETE: the walk stopped early (see coverage for what is missing and why); counts and lists are partial. Do not present them as complete.');
  const structured: ReportOutput = {
    scope: {
      employmentStatus: args.scope,
      defaulted: args.defaulted,
      checks: args.checks ? [...args.checks] : undefined,
    },
    complete,
    coverage: coverage.length ? coverage : undefined,
    dataAsOf: run.fetchedAt.toISOString(),
    fromCache: args.fromCache,
    pagesFetched: run.pagesFetched,
    devicePagesFetched: run.devicePagesFetched,
    total: a.total,
    byStatus: a.byStatus,
    checks: [...a.checks.entries()].map(([type, t]) => ({
      type,
      pass: t.pass,
      fail: t.fail,
      misconfigured: t.misconfigured,
      excluded: t.excluded,
      // FULL_COMPLIANCE fails whenever another check does: its count is enough unless it is the focus.
      failing: type === 'FULL_COMPLIANCE' && !args.checks?.includes('FULL_COMPLIANCE') ? undefined : take('failing', t.failing),
    })),
    mfaGaps: opt('mfaGaps', a.mfaGaps, on.mfa),
    mfaOffExcluded: opt('mfaOffExcluded', a.mfaOffExcluded, on.mfa),
    noDevice: opt('noDevice', devices?.noDevice, on.devices),
    failingDevice: opt('failingDevice', devices?.failingDevice, on.devices),
    offboardingGaps: opt('offboardingGaps', a.offboardingGaps, on.offboarding),
    offboardingIdentity: opt('offboardingIdentity', a.offboardingIdentity, on.offboarding),
    offboardingDevice: opt('offboardingDevice', a.offboardingDevice, on.offboarding),
    training: on.training
      ? [...a.training].map(([type, t]) => ({
          type,
          expired: take('trainingExpired', t.expired),
          neverCompleted: take('trainingNeverCompleted', t.neverCompleted),
          dueSoon: take('trainingDueSoon', t.dueSoon),
        }))
      : undefined,
    outOfScopeWithoutReason: opt('outOfScopeWithoutReason', a.outOfScopeWithoutReason, on.outOfScope),
    notComputed: on.notComputed.length ? on.notComputed : undefined,
    namesPerList: args.maxNames,
    notes: notes.length ? notes : undefined,
  };
  return { text: renderReport(structured, run, args), structured };
}

const TRAINING_STATES = [
  ['expired', 'trainingExpired', 'expired'],
  ['neverCompleted', 'trainingNeverCompleted', 'never completed'],
  ['dueSoon', 'trainingDueSoon', 'due within 30 days'],
] as const;

/**
 * One line per training with its three counts while no names are asked for (and how to get them), else one
 * line per training and state with the names.
 */
function trainingLines(training: ReportOutput['training']): string[] {
  const lines: string[] = [];
  const named = (training ?? []).some((t) => TRAINING_STATES.some(([k]) => t[k].people.length > 0));
  for (const t of training ?? []) {
    if (named) {
      for (const [k, list, label] of TRAINING_STATES) lines.push(`${t.type} ${label} (${t[k].count}): ${names(list, t[k])}`);
    } else {
      lines.push(`${t.type}: ${TRAINING_STATES.map(([k, , label]) => `${label} (${t[k].count})`).join(', ')}`);
    }
  }
  if (lines.length && !named)
    lines.push('Training names: lists ["trainingExpired"], ["trainingNeverCompleted"] or ["trainingDueSoon"], with maxNames.');
  return lines;
}

/** Whether this answer read Drata, and how much: a held answer says it read nothing (not "0 pages"). */
function freshness(s: ReportOutput, age: number, fromCache: boolean): string {
  if (fromCache || s.pagesFetched + (s.devicePagesFetched ?? 0) === 0) return `held, ${age} s old; no request for this answer`;
  return `fetched now: ${s.pagesFetched} pages${s.devicePagesFetched ? ` + ${s.devicePagesFetched} device pages` : ''}`;
}

function renderReport(s: ReportOutput, run: ReportRun, args: PresentArgs): string {
  const age = Math.max(0, Math.round((args.now.getTime() - run.fetchedAt.getTime()) / 1000));
  const lines = [
    `Compliance report: ${s.total} personnel in scope (${args.scope.join(', ')}${s.scope.defaulted ? ' — the default scope' : ''}); ${
      s.complete ? 'complete' : 'INCOMPLETE'
    }; data as of ${s.dataAsOf} (${freshness(s, age, args.fromCache)}).`,
    `By status: ${Object.entries(s.byStatus).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    'Checks (pass/fail/misconfigured/excluded):',
    ...s.checks.map(
      (c) =>
        // The list holds FAIL and MISCONFIGURED alike: its count says so, next to the separate figures.
        `- ${c.type}: ${c.pass}/${c.fail}/${c.misconfigured}/${c.excluded}${c.failing?.count ? ` — failing (fail + misconfigured) ${c.failing.count}: ${names('failing', c.failing)}` : ''}`,
    ),
  ];
  for (const [name, label] of Object.entries(LABELS) as Array<[keyof typeof LABELS, string]>) {
    const l = s[name];
    if (l) lines.push(`${label} (${l.count}): ${names(name, l)}`);
  }
  lines.push(...trainingLines(s.training));
  for (const n of s.notComputed ?? []) lines.push(`Not computed: ${n}`);
  for (const c of s.coverage ?? []) lines.push(`Coverage: ${c}`);
  for (const n of s.notes ?? []) lines.push(`Note: ${n}`);
  return lines.join('\n');
}
