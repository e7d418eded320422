/**
 * One Person model for V1 and V2 records. Everything downstream (summaries, list rows, the report,
 * write diffs) works from this alone; nothing downstream reads a raw Drata payload.
 *
 * Convention: an optional collection that is `undefined` means "this source does not say" (V2 has no
 * identities or devices); an empty array means "the source says there are none".
 * Dates are `YYYY-MM-DD` strings; instants are ISO strings. A null in a schema says what it means (orNull).
 */
import { z } from 'zod';
import type { ComplianceCheckStatus, ComplianceCheckType, EmploymentStatus } from '../drata/catalog.js';

/**
 * `schema` or null, emitted as `anyOf: [schema, {type: "null"}]`. zod would otherwise collapse a nullable
 * primitive into `type: ["string", "null"]`, which some clients' schema dialects (e.g. Gemini's OpenAPI
 * subset) reject; describing the null branch keeps the portable form, and says what null means.
 */
export const orNull = <T extends z.ZodType>(schema: T, meaning: string) =>
  z.union([schema, z.null().describe(meaning)]);

export interface PersonCheck {
  /** A ComplianceCheckType; unknown future values are kept as strings. */
  type: ComplianceCheckType | (string & {});
  status: ComplianceCheckStatus | (string & {});
  completedOn?: string;
  expiresOn?: string;
  lastCheckedAt?: string;
  /** V2 only, for EXCLUDED checks. */
  exclusion?: { reason?: string; by?: string; from?: string; until?: string };
}

export interface PersonIdentity {
  /** The connection's client type (GOOGLE, OKTA_IDENTITY, GITHUB…), or its alias when there is one. */
  provider: string;
  username?: string;
  hasMfa?: boolean;
  /** Still connected: connectedAt set and no disconnectedAt. */
  connected: boolean;
  connectedAt?: string;
  disconnectedAt?: string;
  /** Whether this identity comes from the identity provider (IdP) rather than another connection. */
  isIdp?: boolean;
}

export interface PersonDevice {
  id: number;
  name?: string;
  osVersion?: string;
  serialNumber?: string;
  source?: string;
  lastCheckedAt?: string;
  compliant?: boolean;
  /** Check types of this device whose status is FAIL or MISCONFIGURED. */
  failingChecks: string[];
}

export interface PersonBackgroundCheck {
  status: string;
  type?: string;
  source?: string;
  date?: string;
  outOfScopeReason?: string;
}

export interface PersonTraining {
  /** The document type (SEC_TRAINING, HIPAA_TRAINING_EVIDENCE, NIST_AI_TRAINING_EVIDENCE). */
  type: string;
  name?: string;
  completedOn?: string;
  /** When the training must be renewed. */
  renewalOn?: string;
}

export interface PersonCustomField {
  id: number;
  name: string;
  value: string | null;
}

export interface Person {
  id: number;
  userId?: number;
  firstName?: string;
  lastName?: string;
  /** Display name: "First Last", or the email when the names are missing. */
  name: string;
  email?: string;
  jobTitle?: string;
  employmentStatus: EmploymentStatus | (string & {});
  notHumanReason?: string;
  /** Who marked the person OUT_OF_SCOPE (email or name). */
  reasonProvider?: string;
  startDate?: string;
  separationDate?: string;
  /** Set when the status was changed manually: IdP/HRIS changes to it are then ignored until a resync. */
  statusUpdatedAt?: string;
  createdAt?: string;
  updatedAt?: string;
  checks?: PersonCheck[];
  identities?: PersonIdentity[];
  devices?: PersonDevice[];
  /** Devices reported by Drata for the person (may exceed devices.length when the list was truncated). */
  deviceCount?: number;
  backgroundChecks?: PersonBackgroundCheck[];
  trainings?: PersonTraining[];
  customFields?: PersonCustomField[];
  /** Which API families contributed to this record. */
  sources: Array<'v1' | 'v2'>;
}

/** Check statuses that count as failing. */
export const FAILING_STATUSES: ReadonlySet<string> = new Set(['FAIL', 'MISCONFIGURED']);

/** The failing (FAIL or MISCONFIGURED) check types, FULL_COMPLIANCE omitted when another check explains it. */
export function failingCheckTypes(person: Pick<Person, 'checks'>): string[] {
  const failing = (person.checks ?? []).filter((c) => FAILING_STATUSES.has(c.status)).map((c) => c.type);
  const specific = failing.filter((t) => t !== 'FULL_COMPLIANCE');
  return (specific.length > 0 ? specific : failing).sort();
}
