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
import { daysBetween } from '../personnel/dates.js';
import { checkStatus, FAILING_STATUSES, type Person } from '../personnel/model.js';
import { TRAINING_DUE_SOON_DAYS } from '../personnel/summarize.js';

/** Names kept per list: enough for any maxNames a caller may ask (the rest is counted). */
export const LIST_KEEP = 500;

export const TRAINING_CHECKS: readonly ComplianceCheckType[] = [
  'SECURITY_TRAINING',
  'HIPAA_TRAINING',
  'NIST_AI_TRAINING',
];

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

/** Keeps the first `keep` refs in (name, id) order, and the count of all refs added. */
export class TopList {
  private readonly refs: NameRef[] = [];
  count = 0;
  constructor(private readonly keep = LIST_KEEP) {}

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

  items(max = this.keep): NameRef[] {
    return this.refs.slice(0, max);
  }
}

export interface CheckTally {
  pass: number;
  fail: number;
  misconfigured: number;
  excluded: number;
  failing: TopList;
}

const ref = (p: Person, detail?: string): NameRef => ({ id: p.id, name: p.name, email: p.email, detail });

export class ReportAggregate {
  total = 0;
  readonly byStatus: Record<string, number> = {};
  readonly checks = new Map<string, CheckTally>();
  readonly mfaGaps = new TopList();
  readonly offboardingGaps = new TopList();
  readonly trainingOverdue = new TopList();
  readonly trainingDueSoon = new TopList();
  readonly outOfScopeWithoutReason = new TopList();
  private readonly seen = new Set<number>();
  private readonly seenMfa = new Set<number>();
  private readonly seenFormer = new Set<number>();

  constructor(
    private readonly focus: readonly ComplianceCheckType[] | undefined,
    private readonly today: string,
  ) {
    for (const type of focus ?? COMPLIANCE_CHECK_TYPES) this.tally(type);
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
    const overdue: string[] = [];
    const dueSoon: string[] = [];
    for (const c of p.checks ?? []) {
      if (this.focus && !this.focus.includes(c.type as ComplianceCheckType)) continue;
      const t = this.tally(c.type);
      if (c.status === 'PASS') t.pass++;
      else if (c.status === 'FAIL') t.fail++;
      else if (c.status === 'MISCONFIGURED') t.misconfigured++;
      else if (c.status === 'EXCLUDED') t.excluded++;
      if (FAILING_STATUSES.has(c.status))
        t.failing.add(ref(p, c.status === 'MISCONFIGURED' ? 'misconfigured' : undefined));
      if (TRAINING_CHECKS.includes(c.type as ComplianceCheckType) && c.status !== 'EXCLUDED') {
        const days = c.expiresOn ? daysBetween(this.today, c.expiresOn) : undefined;
        if (c.status === 'FAIL' || (days !== undefined && days < 0)) {
          overdue.push(`${c.type}${c.expiresOn ? ` expired ${c.expiresOn}` : ''}`);
        } else if (days !== undefined && days <= TRAINING_DUE_SOON_DAYS) {
          dueSoon.push(`${c.type} due ${c.expiresOn}`);
        }
      }
    }
    // Training is tracked for current personnel; each person is listed once with all their trainings.
    if (isCurrentStatus(p.employmentStatus as never)) {
      if (overdue.length) this.trainingOverdue.add(ref(p, overdue.join(', ')));
      if (dueSoon.length) this.trainingDueSoon.add(ref(p, dueSoon.join(', ')));
    }
  }

  /**
   * A current person failing IDENTITY_MFA (FAIL or MISCONFIGURED), with identities (from the V1 walk):
   * listed with the identities that lack MFA, or "no IdP identity" when none is linked.
   */
  addMfaCandidate(p: Person): void {
    if (this.seenMfa.has(p.id) || !isCurrentStatus(p.employmentStatus as never)) return;
    // V1's identityMfaCompliance=false also returns EXCLUDED people: only FAIL or MISCONFIGURED is a gap.
    const mfa = checkStatus(p, 'IDENTITY_MFA');
    if (mfa === undefined || !FAILING_STATUSES.has(mfa)) return;
    this.seenMfa.add(p.id);
    // MFA is decided by identity-provider identities; HRIS or other connections carry no MFA of their own.
    const lacking = (p.identities ?? []).filter((i) => i.hasMfa === false && i.isIdp !== false);
    const hasIdp = (p.identities ?? []).some((i) => i.isIdp && i.connected);
    const detail = lacking.length
      ? `no MFA: ${lacking.map((i) => `${i.provider}${i.username ? ` ${i.username}` : ''}`).join(', ')}`
      : hasIdp
        ? 'check misconfigured'
        : 'no IdP identity';
    this.mfaGaps.add(ref(p, detail));
  }

  /** A former person with identities and devices (from the V1 walk): listed when access remains. */
  addFormer(p: Person): void {
    if (this.seenFormer.has(p.id) || !isFormerStatus(p.employmentStatus as never)) return;
    this.seenFormer.add(p.id);
    const gap = offboardingGap(p, this.today);
    if (gap) this.offboardingGaps.add(ref(p, gap));
  }
}

/** A device that checks in this long after the separation date is "still reporting" (last syncs get slack). */
export const REPORTING_GRACE_DAYS = 3;
/** Without a separation date, a device that checked in within this many days is still reporting. */
export const REPORTING_WINDOW_DAYS = 30;

/**
 * Why a former person still has access, or undefined: identities still connected (connected and never
 * disconnected), and devices that checked in more than REPORTING_GRACE_DAYS after the separation date
 * (or within REPORTING_WINDOW_DAYS of today when there is no separation date).
 */
export function offboardingGap(p: Person, today: string): string | undefined {
  const connected = (p.identities ?? []).filter((i) => i.connected);
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const sepMs = p.separationDate ? Date.parse(`${p.separationDate}T00:00:00Z`) : undefined;
  const reporting = (p.devices ?? []).filter((d) => {
    const seen = d.lastCheckedAt ? Date.parse(d.lastCheckedAt) : Number.NaN;
    if (Number.isNaN(seen)) return false;
    return sepMs !== undefined
      ? seen > sepMs + REPORTING_GRACE_DAYS * 86_400_000
      : seen >= todayMs - REPORTING_WINDOW_DAYS * 86_400_000;
  });
  if (!connected.length && !reporting.length) return undefined;
  const parts: string[] = [];
  if (p.separationDate) parts.push(`left ${p.separationDate}`);
  if (connected.length) parts.push(`connected: ${connected.map((i) => i.provider).join(', ')}`);
  if (reporting.length) parts.push(`${reporting.length} device${reporting.length > 1 ? 's' : ''} reporting`);
  return parts.join('; ');
}
