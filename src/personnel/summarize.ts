/**
 * Person → compact, structured summaries. A summary answers the usual compliance questions in one call
 * (status and dates, why out of scope, failing checks by name, failing devices, identities with MFA and
 * connection state, background check, training due, custom fields) and drops everything else: nulls,
 * empty arrays, nested duplicates, timestamps nobody asked for. What it leaves out it counts, and says how
 * to get it (`omitted`).
 */
import { day, daysBetween } from './dates.js';
import { plural } from './plural.js';
import { summarizeChecks, summarizeDevices } from './summary-sections.js';
import type { Person } from './model.js';
import type { PersonSummary } from './summary-schema.js';

export const DETAIL_LEVELS = ['summary', 'full'] as const;
export type DetailLevel = (typeof DETAIL_LEVELS)[number];

export const SECTIONS = [
  'checks',
  'identities',
  'devices',
  'backgroundChecks',
  'training',
  'customFields',
] as const;
export type Section = (typeof SECTIONS)[number];

/** Training renewals due within this many days count as "due soon". */
export const TRAINING_DUE_SOON_DAYS = 30;

export interface SummaryOptions {
  detail: DetailLevel;
  /** Restrict to these sections (the person's identity and status are always included). */
  sections?: readonly Section[];
  now: Date;
}

export function trainingState(
  renewalOn: string | undefined,
  today: string,
): 'overdue' | 'due_soon' | 'ok' | 'no_renewal_date' {
  if (!renewalOn) return 'no_renewal_date';
  const days = daysBetween(today, renewalOn);
  if (days < 0) return 'overdue';
  if (days <= TRAINING_DUE_SOON_DAYS) return 'due_soon';
  return 'ok';
}

export function summarizePerson(person: Person, options: SummaryOptions): PersonSummary {
  const full = options.detail === 'full';
  const want = (s: Section) => !options.sections || options.sections.includes(s);
  const today = options.now.toISOString().slice(0, 10);
  const omitted: string[] = [];

  const summary: PersonSummary = {
    id: person.id,
    name: person.name,
    email: person.email,
    jobTitle: person.jobTitle,
    employmentStatus: person.employmentStatus,
    notHumanReason: person.notHumanReason,
    reasonProvider: person.reasonProvider,
    startDate: person.startDate,
    separationDate: person.separationDate,
    manualStatusSince: day(person.statusUpdatedAt),
  };

  if (want('checks') && person.checks) Object.assign(summary, summarizeChecks(person, full, today, omitted));

  if (want('identities') && person.identities?.length) {
    summary.identities = person.identities.map((i) => ({
      provider: i.provider,
      username: i.username,
      // MFA is a property of identity-provider accounts; for HRIS and other connections it means nothing.
      mfa: i.isIdp === false ? undefined : i.hasMfa,
      connected: i.connected,
      since: full
        ? day(i.connected ? i.connectedAt : i.disconnectedAt)
        : i.connected
          ? undefined
          : day(i.disconnectedAt),
    }));
  }

  if (want('devices')) summary.devices = summarizeDevices(person, full, omitted);

  if (want('backgroundChecks') && person.backgroundChecks?.length) {
    // The most recent check is the one that counts; full detail keeps the count of older ones.
    const sorted = [...person.backgroundChecks].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
    const latest = sorted[0];
    if (latest) {
      summary.backgroundCheck = {
        status: latest.status,
        type: latest.type,
        date: latest.date,
        note: latest.outOfScopeReason ? `out of scope: ${latest.outOfScopeReason}` : undefined,
      };
      if (sorted.length > 1) omitted.push(plural(sorted.length - 1, 'older background check'));
    }
  }

  if (want('training') && person.trainings?.length) {
    const rows = person.trainings.map((t) => ({
      type: t.type,
      state: trainingState(t.renewalOn, today),
      renewalOn: t.renewalOn,
      completedOn: full ? t.completedOn : undefined,
    }));
    const shown = full ? rows : rows.filter((r) => r.state === 'overdue' || r.state === 'due_soon');
    if (shown.length) summary.training = shown;
    if (rows.length > shown.length)
      omitted.push(`${plural(rows.length - shown.length, 'training record')} in good standing`);
  }

  if (want('customFields') && person.customFields?.length) {
    const fields = full
      ? person.customFields
      : person.customFields.filter((f) => f.value !== null && f.value !== '');
    if (fields.length) summary.customFields = Object.fromEntries(fields.map((f) => [f.name, f.value]));
    if (person.customFields.length > fields.length) {
      omitted.push(`${plural(person.customFields.length - fields.length, 'empty custom field')}`);
    }
  }

  if (omitted.length) summary.omitted = omitted;
  return dropEmpty(summary);
}

/** Remove undefined, null-free empty arrays and empty objects, recursively; keeps explicit nulls in records. */
export function dropEmpty<T>(value: T): T {
  if (Array.isArray(value)) return value.map(dropEmpty) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const cleaned = dropEmpty(v);
      if (Array.isArray(cleaned) && cleaned.length === 0) continue;
      if (
        cleaned &&
        typeof cleaned === 'object' &&
        !Array.isArray(cleaned) &&
        Object.keys(cleaned).length === 0
      )
        continue;
      out[k] = cleaned;
    }
    return out as T;
  }
  return value;
}
