/**
 * Training, one rule for summaries, reasons and the report: per training check (security, HIPAA, NIST AI),
 * whether it expired (renewal date passed), was never completed, is due within 30 days, or is in good
 * standing. Excluded training checks are not assessed.
 */
import { daysBetween } from './dates.js';
import { FAILING_STATUSES, type Person } from './model.js';

/** The training checks and the document type that records each. */
export const TRAINING_DOCUMENT_OF = {
  SECURITY_TRAINING: 'SEC_TRAINING',
  HIPAA_TRAINING: 'HIPAA_TRAINING_EVIDENCE',
  NIST_AI_TRAINING: 'NIST_AI_TRAINING_EVIDENCE',
} as const;
export type TrainingCheck = keyof typeof TRAINING_DOCUMENT_OF;
export const TRAINING_CHECKS = Object.keys(TRAINING_DOCUMENT_OF) as TrainingCheck[];

/** Training renewals due within this many days count as "due soon". */
export const TRAINING_DUE_SOON_DAYS = 30;

export const TRAINING_STATES = ['expired', 'never_completed', 'due_soon', 'ok', 'no_renewal_date'] as const;
export type TrainingState = (typeof TRAINING_STATES)[number];

export interface TrainingStatus {
  type: TrainingCheck;
  state: TrainingState;
  renewalOn?: string;
  completedOn?: string;
}

export const isTrainingCheck = (type: string): type is TrainingCheck => type in TRAINING_DOCUMENT_OF;

/**
 * The state of one training from its renewal date and whether its check fails: a passed renewal date is
 * expired; a failing check without one is never completed; a renewal within TRAINING_DUE_SOON_DAYS is due soon.
 */
export function trainingState(renewalOn: string | undefined, failing: boolean, today: string): TrainingState {
  const days = renewalOn ? daysBetween(today, renewalOn) : undefined;
  if (days !== undefined && days < 0) return 'expired';
  if (failing) return 'never_completed';
  if (days === undefined) return 'no_renewal_date';
  return days <= TRAINING_DUE_SOON_DAYS ? 'due_soon' : 'ok';
}

/**
 * Each training of the person, in catalog order: those whose check the record carries or that have a
 * training document, EXCLUDED checks left out. The renewal date is the check's expiry, else the latest
 * document's renewal date.
 */
export function trainingStatuses(p: Pick<Person, 'checks' | 'trainings'>, today: string): TrainingStatus[] {
  const out: TrainingStatus[] = [];
  for (const type of TRAINING_CHECKS) {
    const check = p.checks?.find((c) => c.type === type);
    const doc = p.trainings?.find((t) => t.type === TRAINING_DOCUMENT_OF[type]);
    if ((!check && !doc) || check?.status === 'EXCLUDED') continue;
    const renewalOn = check?.expiresOn ?? doc?.renewalOn;
    const failing = check ? FAILING_STATUSES.has(check.status) : false;
    out.push({ type, state: trainingState(renewalOn, failing, today), renewalOn, completedOn: doc?.completedOn });
  }
  return out;
}
