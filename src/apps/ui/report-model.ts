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

export interface DashboardModel {
  total: number;
  complete: boolean;
  dataAsOf: string;
  scope: { employmentStatus: string[]; checks?: string[] };
  byStatus: Array<[string, number]>;
  checks: CheckBar[];
  cards: ListSpec[];
  notes: string[];
}

interface RawList {
  count: number;
  people: PersonRef[];
  more: number;
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
  ['trainingOverdue', 'Training overdue'],
  ['trainingExpired', 'Training expired'],
  ['trainingNeverCompleted', 'Training never completed'],
  ['trainingDueSoon', 'Training due within 30 days'],
  ['outOfScopeWithoutReason', 'OUT_OF_SCOPE without a reason'],
];

type Report = Record<string, unknown> & {
  checks?: Array<Omit<CheckBar, 'failing'> & { failing?: RawList }>;
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
    // What the report left out. Its `notes` are for the model (names cut to the output budget, which the
    // dashboard's lists continue past; a partial walk, which the header shows from `complete`).
    notes: ((report.notComputed ?? report.notApplicable ?? []) as string[]).map((n) => `Not computed: ${n}`),
  };
}

function pick(report: Report, spec: ListSpec): RawList | undefined {
  const l = spec.check ? report.checks?.find((c) => c.type === spec.check)?.failing : report[spec.list];
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
    // report names FULL_COMPLIANCE's failing people only when it is the focus.
    const checks = spec.check ? [spec.check] : scope.checks;
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
