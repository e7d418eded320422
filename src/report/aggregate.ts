/**
 * The report's aggregation: counts and bounded, deterministically sorted name lists, fed one Person at a
 * time as pages arrive. Memory holds the counts, at most LIST_KEEP names per list and the set of ids seen
 * (to count each person once), never raw records.
 */
import {
  COMPLIANCE_CHECK_TYPES,
  type ComplianceCheckType,
  isCurrentStatus,
  isFormerStatus,
} from '../drata/catalog.js';
import { offboardingGap } from '../personnel/offboarding.js';
import { checkStatus, FAILING_STATUSES, type Person } from '../personnel/model.js';
import { checkIn } from '../personnel/query.js';
import { TRAINING_CHECKS, type TrainingCheck, trainingStatuses } from '../personnel/training.js';

/** Names shown per list at most in one result; the rest of a list comes with namesFrom. */
export const LIST_KEEP = 500;

export { TRAINING_CHECKS };

/** One training's lists: expired (renewal date passed), never completed, due within 30 days. */
export interface TrainingLists {
  expired: TopList;
  neverCompleted: TopList;
  dueSoon: TopList;
}

export interface NameRef {
  id: number;
  name: string;
  email?: string;
  /** Short facts about why the person is listed (providers, dates). */
  detail?: string;
}

const compareRefs = (a: NameRef, b: NameRef): number => {
  const an = a.name.toLowerCase();
  const bn = b.name.toLowerCase();
  return an < bn ? -1 : an > bn ? 1 : a.id - b.id;
};

/** Keeps refs in (name, id) order (the first `keep`, by default all), and the count of all refs added. */
export class TopList {
  private readonly refs: NameRef[] = [];
  count = 0;
  constructor(private readonly keep = Number.POSITIVE_INFINITY) {}

  add(ref: NameRef): void {
    this.count++;
    const refs = this.refs;
    if (refs.length === this.keep) {
      const last = refs[refs.length - 1];
      if (last && compareRefs(ref, last) >= 0) return;
      refs.pop();
    }
    let lo = 0;
    let hi = refs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareRefs(refs[mid] as NameRef, ref) < 0) lo = mid + 1;
      else hi = mid;
    }
    refs.splice(lo, 0, ref);
  }

  /** `max` refs from position `from` (0-based) in (name, id) order. */
  items(max = this.refs.length, from = 0): NameRef[] {
    return this.refs.slice(from, from + max);
  }
}

export interface CheckTally {
  pass: number;
  fail: number;
  misconfigured: number;
  excluded: number;
  failing: TopList;
}

const identityName = (i: { provider: string; username?: string }): string =>
  `${i.provider}${i.username ? ` ${i.username}` : ''}`;

/** What a list keeps of a person: the id and name (the report shows no more; lists keep everyone). */
const ref = (p: Person, detail?: string): NameRef => ({ id: p.id, name: p.name, detail });

export class ReportAggregate {
  total = 0;
  readonly byStatus: Record<string, number> = {};
  readonly checks = new Map<string, CheckTally>();
  readonly mfaGaps = new TopList();
  readonly mfaOffExcluded = new TopList();
  readonly offboardingGaps = new TopList();
  readonly offboardingIdentity = new TopList();
  readonly offboardingDevice = new TopList();
  /** Per training check in focus, for current personnel. */
  readonly training = new Map<TrainingCheck, TrainingLists>();
  readonly outOfScopeWithoutReason = new TopList();
  private readonly seen = new Set<number>();
  private readonly seenMfa = new Set<number>();
  private readonly seenFormer = new Set<number>();

  constructor(
    private readonly focus: readonly ComplianceCheckType[] | undefined,
    private readonly today: string,
  ) {
    for (const type of focus ?? COMPLIANCE_CHECK_TYPES) this.tally(type);
    for (const type of TRAINING_CHECKS) {
      if (!focus || focus.includes(type))
        this.training.set(type, { expired: new TopList(), neverCompleted: new TopList(), dueSoon: new TopList() });
    }
  }

  private tally(type: string): CheckTally {
    let t = this.checks.get(type);
    if (!t) {
      t = { pass: 0, fail: 0, misconfigured: 0, excluded: 0, failing: new TopList() };
      this.checks.set(type, t);
    }
    return t;
  }

  /** A person in scope with their compliance checks (from the V2 walk). Duplicates are ignored. */
  addPerson(p: Person): void {
    if (this.seen.has(p.id)) return;
    this.seen.add(p.id);
    this.total++;
    this.byStatus[p.employmentStatus] = (this.byStatus[p.employmentStatus] ?? 0) + 1;
    if (p.employmentStatus === 'OUT_OF_SCOPE' && !p.notHumanReason?.trim())
      this.outOfScopeWithoutReason.add(ref(p));
    // One state per check and person, the one the query model reads (the first of a type given twice), so
    // that a check's counts and its list of names cannot disagree.
    const counted = new Set<string>();
    for (const c of p.checks ?? []) {
      if (counted.has(c.type) || (this.focus && !this.focus.includes(c.type as ComplianceCheckType))) continue;
      counted.add(c.type);
      const t = this.tally(c.type);
      if (c.status === 'PASS') t.pass++;
      else if (c.status === 'FAIL') t.fail++;
      else if (c.status === 'MISCONFIGURED') t.misconfigured++;
      else if (c.status === 'EXCLUDED') t.excluded++;
      if (checkIn(p, c.type, FAILING_STATUSES))
        t.failing.add(ref(p, c.status === 'MISCONFIGURED' ? 'misconfigured' : undefined));
    }
    // Training is tracked for current personnel, in one list per training and state.
    if (isCurrentStatus(p.employmentStatus as never)) this.addTraining(p);
  }

  private addTraining(p: Person): void {
    for (const t of trainingStatuses(p, this.today)) {
      const lists = this.training.get(t.type);
      if (!lists) continue;
      if (t.state === 'expired') lists.expired.add(ref(p, `renewal ${t.renewalOn}`));
      else if (t.state === 'never_completed') lists.neverCompleted.add(ref(p));
      else if (t.state === 'due_soon') lists.dueSoon.add(ref(p, `due ${t.renewalOn}`));
    }
  }

  /**
   * A person in scope (not former) whose IDENTITY_MFA is not passing, with identities (from the V1 walk).
   * Failing (FAIL or MISCONFIGURED): listed with the IdP identities that lack MFA, or "no IdP identity".
   * Excluded: listed apart when a connected identity (not an HRIS record) reports MFA off, with those
   * identities, as reported.
   */
  addMfaCandidate(p: Person): void {
    if (this.seenMfa.has(p.id) || isFormerStatus(p.employmentStatus as never)) return;
    const mfa = checkStatus(p, 'IDENTITY_MFA');
    if (mfa === 'EXCLUDED') {
      this.seenMfa.add(p.id);
      // Logins only: an HRIS record (BambooHR...) reports no MFA of its own.
      const off = (p.identities ?? []).filter((i) => i.connected && i.hasMfa === false && !i.isHris);
      if (off.length) this.mfaOffExcluded.add(ref(p, `MFA off: ${off.map(identityName).join(', ')}`));
      return;
    }
    // V1's identityMfaCompliance=false also returns EXCLUDED people: only FAIL or MISCONFIGURED is a gap.
    if (mfa === undefined || !FAILING_STATUSES.has(mfa)) return;
    this.seenMfa.add(p.id);
    // MFA is decided by identity-provider identities; HRIS or other connections carry no MFA of their own.
    const lacking = (p.identities ?? []).filter((i) => i.hasMfa === false && i.isIdp !== false);
    const hasIdp = (p.identities ?? []).some((i) => i.isIdp && i.connected);
    const detail = lacking.length
      ? `no MFA: ${lacking.map(identityName).join(', ')}`
      : hasIdp
        ? 'check misconfigured'
        : 'no IdP identity';
    this.mfaGaps.add(ref(p, detail));
  }

  /** A former person with identities and devices (from the V1 walk): listed when access remains, by cause. */
  addFormer(p: Person): void {
    if (this.seenFormer.has(p.id) || !isFormerStatus(p.employmentStatus as never)) return;
    this.seenFormer.add(p.id);
    const gap = offboardingGap(p, this.today);
    if (!gap) return;
    const left = p.separationDate ? `left ${p.separationDate}; ` : '';
    this.offboardingGaps.add(ref(p, gap.summary));
    if (gap.connected.length) this.offboardingIdentity.add(ref(p, `${left}${gap.connected.join(', ')}`));
    if (gap.lastCheckIn) this.offboardingDevice.add(ref(p, `${left}last check-in ${gap.lastCheckIn}`));
  }
}

export { offboardingGap, REPORTING_GRACE_DAYS, REPORTING_WINDOW_DAYS } from '../personnel/offboarding.js';
