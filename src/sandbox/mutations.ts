/**
 * Writes on the org model. Only real differences are applied (a write of the current value is a no-op: no
 * override, no timestamp change). Changing a synced field (status, start date, separation date) marks it as
 * manually overridden and sets `statusUpdatedAt`; a resync restores the IdP/HRIS values and clears both.
 * Custom fields are never synced, so a resync leaves them alone. Timestamps come from the org's logical clock.
 */
import type { EmploymentStatus } from '../drata/catalog.js';
import { type Org, type SandboxPerson, SYNCED_FIELDS, type SyncedField } from './org.js';

/** One field of one person that a write changed. Custom fields are named `customFields.<name>`. */
export interface FieldChange {
  personnelId: number;
  field: string;
  before: unknown;
  after: unknown;
}

/** A validated manual edit (dates are `YYYY-MM-DD`; custom fields by index into `org.customFields`). */
export interface PersonPatch {
  employmentStatus?: EmploymentStatus;
  startDate?: string;
  separationDate?: string;
  notHumanReason?: string;
  customFields?: ReadonlyArray<{ index: number; value: string | null }>;
}

/** Apply a manual edit made by `actorUserId`; returns what changed. */
export function applyPatch(org: Org, p: SandboxPerson, patch: PersonPatch, actorUserId: number): FieldChange[] {
  const changes: FieldChange[] = [];
  const synced: SyncedField[] = [];
  const setSynced = <K extends SyncedField>(field: K, value: SandboxPerson[K] | undefined) => {
    if (value === undefined || p[field] === value) return;
    changes.push({ personnelId: p.id, field, before: p[field], after: value });
    p[field] = value;
    synced.push(field);
  };
  setSynced('employmentStatus', patch.employmentStatus);
  setSynced('startDate', patch.startDate);
  setSynced('separationDate', patch.separationDate);

  const reason = p.employmentStatus === 'OUT_OF_SCOPE' ? (patch.notHumanReason ?? p.notHumanReason) : null;
  if (reason !== p.notHumanReason) {
    changes.push({ personnelId: p.id, field: 'notHumanReason', before: p.notHumanReason, after: reason });
    p.notHumanReason = reason;
    p.reasonProviderUserId = reason === null ? null : actorUserId;
  }

  for (const { index, value } of patch.customFields ?? []) {
    const before = p.customFields[index] ?? null;
    if (before === value) continue;
    const def = org.customFields[index];
    changes.push({ personnelId: p.id, field: `customFields.${def?.name ?? index}`, before, after: value });
    p.customFields[index] = value;
  }

  if (changes.length > 0) {
    const at = org.tick();
    p.updatedAt = at;
    if (synced.length > 0) {
      p.statusUpdatedAt = at;
      for (const f of synced) if (p.synced && !p.overridden.includes(f)) p.overridden.push(f);
    }
    org.version++;
  }
  return changes;
}

/** Restore the IdP/HRIS values of a managed person (callers answer 409 for unmanaged ones). */
export function resync(org: Org, p: SandboxPerson): FieldChange[] {
  const synced = p.synced;
  if (!synced) throw new Error(`personnel ${p.id} is not managed by an IdP/HRIS`);
  const changes: FieldChange[] = [];
  for (const field of SYNCED_FIELDS) {
    const value = synced[field];
    if (p[field] === value) continue;
    changes.push({ personnelId: p.id, field, before: p[field], after: value });
    (p as Record<SyncedField, unknown>)[field] = value;
  }
  if (p.employmentStatus !== 'OUT_OF_SCOPE' && p.notHumanReason !== null) {
    changes.push({ personnelId: p.id, field: 'notHumanReason', before: p.notHumanReason, after: null });
    p.notHumanReason = null;
    p.reasonProviderUserId = null;
  }
  if (changes.length > 0 || p.overridden.length > 0 || p.statusUpdatedAt !== null) {
    p.overridden = [];
    p.statusUpdatedAt = null;
    p.updatedAt = org.tick();
    org.version++;
  }
  return changes;
}
