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
  /** The identity is an HRIS record (its connection's provider types include HRIS): not a login. */
  isHris?: boolean;
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
  /** Devices Drata reports as not compliant (may exceed the failing devices listed when truncated). */
  failingDeviceCount?: number;
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

/** The excluded check types, sorted. */
export function excludedCheckTypes(person: Pick<Person, 'checks'>): string[] {
  return (person.checks ?? []).filter((c) => c.status === 'EXCLUDED').map((c) => c.type).sort();
}

/** The status of one check of a person, or undefined when the person has no such check. */
export const checkStatus = (person: Pick<Person, 'checks'>, type: string): string | undefined =>
  person.checks?.find((c) => c.type === type)?.status;

/** A device that is not compliant: Drata says so, or one of its checks fails. */
export const isFailingDevice = (d: PersonDevice): boolean => d.compliant === false || d.failingChecks.length > 0;

/** Device and failing-device counts, or undefined when the record does not carry devices. */
export function deviceCounts(person: Person): { count: number; failing: number } | undefined {
  if (!person.devices && person.deviceCount === undefined) return undefined;
  const devices = person.devices ?? [];
  return {
    count: Math.max(person.deviceCount ?? 0, devices.length),
    failing: Math.max(person.failingDeviceCount ?? 0, devices.filter(isFailingDevice).length),
  };
}

/** Device questions a list can ask: no device, at least one failing device, all devices compliant. */
export const DEVICE_FILTERS = ['none', 'anyFailing', 'allCompliant'] as const;
export type DeviceFilter = (typeof DEVICE_FILTERS)[number];

/** Whether a person answers a device question (false when the record does not carry devices). */
export function matchesDeviceFilter(person: Person, filter: DeviceFilter): boolean {
  const d = deviceCounts(person);
  if (!d) return false;
  if (filter === 'none') return d.count === 0;
  if (filter === 'anyFailing') return d.failing > 0;
  return d.count > 0 && d.failing === 0;
}
