/**
 * Org profiles: the weight tables and rules the generator draws from. `default` is the org the tests have
 * always used (its draws are unchanged, byte for byte). `realistic` looks like a real org in mid-audit:
 * many people failing several checks, a quarter of current staff without a device (so every device check
 * fails), service accounts with every check excluded whose identities often lack MFA, future hires not
 * yet provisioned (no identity), long out-of-scope reasons.
 */
import type { EmploymentStatus } from '../drata/catalog.js';
import {
  DEVICE_COUNT,
  STATUS_WEIGHTS,
  TRAINING_CURRENT,
  type Weighted,
} from './generate-tables.js';
import { OUT_OF_SCOPE_REASONS, type TrainingState } from './people-data.js';

export const ORG_PROFILES = ['default', 'realistic'] as const;
export type OrgProfile = (typeof ORG_PROFILES)[number];

export interface ProfileTables {
  readonly name: OrgProfile;
  readonly statusWeights: Weighted<EmploymentStatus>;
  readonly deviceCount: Weighted<number>;
  readonly trainingCurrent: Weighted<TrainingState>;
  /** Device checks fail this many times as often as in the default org (1: unchanged). */
  readonly deviceFailFactor: number;
  /** Service accounts carry every check of a current employee, all EXCLUDED. */
  readonly serviceAccountsAllExcluded: boolean;
  /** Chance that a future hire has no identity yet (0: never, and no draw). */
  readonly unprovisionedFutureHire: number;
  readonly outOfScopeReasons: readonly string[];
}

const DEFAULT: ProfileTables = {
  name: 'default',
  statusWeights: STATUS_WEIGHTS,
  deviceCount: DEVICE_COUNT,
  trainingCurrent: TRAINING_CURRENT,
  deviceFailFactor: 1,
  serviceAccountsAllExcluded: false,
  unprovisionedFutureHire: 0,
  outOfScopeReasons: OUT_OF_SCOPE_REASONS,
};

const REALISTIC: ProfileTables = {
  name: 'realistic',
  statusWeights: [
    ['CURRENT_EMPLOYEE', 60],
    ['CURRENT_CONTRACTOR', 12],
    ['FORMER_EMPLOYEE', 12],
    ['FORMER_CONTRACTOR', 4],
    ['FUTURE_HIRE', 3],
    ['UNKNOWN', 2],
    ['OUT_OF_SCOPE', 3],
    ['SERVICE_ACCOUNT', 3.2],
    ['SPECIAL_FORMER_EMPLOYEE', 0.5],
    ['SPECIAL_FORMER_CONTRACTOR', 0.3],
  ],
  deviceCount: [
    [0, 25],
    [1, 66],
    [2, 9],
  ],
  trainingCurrent: [
    ['ok', 48],
    ['due-soon', 10],
    ['expired', 26],
    ['missing', 16],
  ],
  deviceFailFactor: 3,
  serviceAccountsAllExcluded: true,
  unprovisionedFutureHire: 0.5,
  outOfScopeReasons: [
    ...OUT_OF_SCOPE_REASONS,
    'External auditor account (Big Four firm): read-only access limited to the audit window, reviewed quarterly',
    'Vendor support login for the payroll provider; credentials held in the shared vault and rotated every 90 days',
    'Former contractor kept as a placeholder for the legal hold on project records until the case closes',
  ],
};

export const PROFILES: Readonly<Record<OrgProfile, ProfileTables>> = { default: DEFAULT, realistic: REALISTIC };

/** A pass rate with failures `factor` times as likely (the rate itself when factor is 1). */
export const boostedFailure = (rate: number, factor: number): number =>
  factor === 1 ? rate : Math.max(0, 1 - (1 - rate) * factor);
