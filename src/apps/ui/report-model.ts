/**
 * What the dashboard reads from personnel_compliance_report's structuredContent, and how it asks for the
 * rest of a list. Every assumption about the report's shape lives here (the view never reads the result),
 * so a change of shape is a change of this file. Lists continue with `namesFrom` where the result offers it
 * (a list with `namesFrom` set has more names after these); a list without it is taken as shown.
 */

export interface PersonRef {
  id: number;
  name: string;
  detail?: string;
}

export interface ListSpec {
  /** The report's list name (its `lists` argument). */
  list: string;
  /** For `failing`: the check whose failing people these are. */
  check?: string;
  /** For a training list (trainingExpired...): the training (SECURITY_TRAINING...) it counts. */
  training?: string;
  label: string;
  count: number;
}

export interface CheckBar {
  type: string;
  pass: number;
  fail: number;
  misconfigured: number;
  excluded: number;
  /** The people failing it (FAIL or MISCONFIGURED). */
  failing: ListSpec;
}

/** One training's cards: expired, never completed, due within 30 days, each counting that training only. */
export interface TrainingRow {
  type: string;
  label: string;
  cards: ListSpec[];
}

export interface DashboardModel {
  total: number;
  complete: boolean;
  dataAsOf: string;
  scope: { employmentStatus: string[]; checks?: string[] };
  byStatus: Array<[string, number]>;
  checks: CheckBar[];
  cards: ListSpec[];
  training: TrainingRow[];
  notes: string[];
}

interface RawList {
  count: number;
  people: PersonRef[];
  /** Names after these; absent when none (as the report's outputSchema says). */
  more?: number;
  namesFrom?: number;
}

/** Cards, in display order: the report's list name and its label. Lists the result lacks are not shown. */
const CARDS: Array<[string, string]> = [
  ['offboardingGaps', 'Offboarding gaps'],
  ['offboardingIdentity', 'Offboarding: identity still connected'],
  ['offboardingDevice', 'Offboarding: device still reporting'],
  ['noDevice', 'No device'],
  ['failingDevice', 'A non-compliant device'],
  ['mfaGaps', 'MFA gaps'],
  ['mfaOffExcluded', 'MFA excluded, identities without MFA'],
  ['outOfScopeWithoutReason', 'OUT_OF_SCOPE without a reason'],
];

/** A training's lists in the result (`training[].expired`...), the report's list name for each, and its label. */
const TRAINING_STATES = [
  ['expired', 'trainingExpired', 'expired'],
  ['neverCompleted', 'trainingNeverCompleted', 'never completed'],
  ['dueSoon', 'trainingDueSoon', 'due within 30 days'],
] as const;
type TrainingState = (typeof TRAINING_STATES)[number][0];

/** The trainings as people read them; a training the dashboard does not know shows as the report names it. */
const TRAINING_NAMES: Record<string, string> = {
  SECURITY_TRAINING: 'Security training',
  HIPAA_TRAINING: 'HIPAA training',
  NIST_AI_TRAINING: 'NIST AI training',
};

type Report = Record<string, unknown> & {
  checks?: Array<Omit<CheckBar, 'failing'> & { failing?: RawList }>;
  training?: Array<{ type: string } & Partial<Record<TrainingState, RawList>>>;
};

const isList = (v: unknown): v is RawList =>
  typeof v === 'object' && v !== null && typeof (v as RawList).count === 'number' && Array.isArray((v as RawList).people);

export function dashboardModel(report: Report): DashboardModel {
  const scope = report.scope as DashboardModel['scope'];
  return {
    total: report.total as number,
    complete: report.complete !== false,
    dataAsOf: String(report.dataAsOf ?? ''),
    scope: { employmentStatus: scope.employmentStatus, checks: scope.checks },
    byStatus: Object.entries((report.byStatus ?? {}) as Record<string, number>),
    checks: (report.checks ?? []).map((c) => ({
      type: c.type,
      pass: c.pass,
      fail: c.fail,
      misconfigured: c.misconfigured,
      excluded: c.excluded,
      failing: { list: 'failing', check: c.type, label: `Failing ${c.type}`, count: c.fail + c.misconfigured },
    })),
    cards: CARDS.flatMap(([list, label]) => {
      const l = report[list];
      return isList(l) ? [{ list, label, count: l.count }] : [];
    }),
    training: (report.training ?? []).map((t) => {
      const label = TRAINING_NAMES[t.type] ?? t.type;
      const cards = TRAINING_STATES.flatMap(([key, list, state]) => {
        const l = t[key];
        return isList(l) ? [{ list, training: t.type, label: `${label} ${state}`, count: l.count }] : [];
      });
      return { type: t.type, label, cards };
    }),
    // What the report left out. Its `notes` are for the model (names cut to the output budget, which the
    // dashboard's lists continue past; a partial walk, which the header shows from `complete`).
    notes: ((report.notComputed ?? report.notApplicable ?? []) as string[]).map((n) => `Not computed: ${n}`),
  };
}

/** The key a card's count is shown under (`data-k="card:…"`): a training's lists are one per training. */
export const cardKey = (spec: ListSpec): string => (spec.training ? `${spec.training}:${spec.list}` : spec.list);

function pick(report: Report, spec: ListSpec): RawList | undefined {
  const state = TRAINING_STATES.find(([, list]) => list === spec.list)?.[0];
  const l = spec.check
    ? report.checks?.find((c) => c.type === spec.check)?.failing
    : spec.training && state
      ? report.training?.find((t) => t.type === spec.training)?.[state]
      : report[spec.list];
  return isList(l) ? l : undefined;
}

export type CallReport = (args: Record<string, unknown>) => Promise<Report>;

/** Names per call; the server shows fewer when its output budget needs it, and says where to continue. */
const CHUNK = 500;

/**
 * Every person in a list, following the report's continuation to its end. `missing` counts the people the
 * report counted but would not name (a server that does not continue lists).
 */
export async function loadList(
  call: CallReport,
  scope: DashboardModel['scope'],
  spec: ListSpec,
  onProgress: (loaded: number) => void,
): Promise<{ people: PersonRef[]; missing: number }> {
  const people: PersonRef[] = [];
  let from = 0;
  for (;;) {
    // A check's list comes from a report focused on that check: the one list in the result, and the
    // report names FULL_COMPLIANCE's failing people only when it is the focus. A training's list likewise:
    // the report names a training list (trainingExpired...) for every training in focus.
    const focus = spec.check ?? spec.training;
    const checks = focus ? [focus] : scope.checks;
    const report = await call({
      employmentStatus: scope.employmentStatus,
      ...(checks ? { checks } : {}),
      lists: [spec.list],
      maxNames: CHUNK,
      namesFrom: from,
    });
    const l = pick(report, spec);
    if (!l) throw new Error(`the report no longer has the list ${spec.label}`);
    people.push(...l.people);
    onProgress(people.length);
    if (!l.more || typeof l.namesFrom !== 'number' || l.namesFrom <= from || !l.people.length) {
      return { people, missing: Math.max(0, l.count - people.length) };
    }
    from = l.namesFrom;
  }
}
