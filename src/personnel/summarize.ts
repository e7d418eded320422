/**
 * Person → compact, structured summaries. A summary answers the usual compliance questions in one call
 * (status and dates, why out of scope, failing checks by name, failing devices, identities with MFA and
 * connection state, background check, training expired, never completed or due, custom fields) and drops
 * everything else: nulls, empty arrays, nested duplicates, timestamps nobody asked for. What it leaves out
 * it counts, and says how to get it (`omitted`).
 */
import { day } from './dates.js';
import { plural } from './plural.js';
import { summarizeChecks, summarizeDevices, summarizeIdentities } from './summary-sections.js';
import { trainingStatuses } from './training.js';
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

export interface SummaryOptions {
  detail: DetailLevel;
  /** Restrict to these sections (the person's identity and status are always included). */
  sections?: readonly Section[];
  now: Date;
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

  if (want('identities') && person.identities) summary.identities = summarizeIdentities(person.identities, full);

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

  if (want('training')) {
    const rows = trainingStatuses(person, today).map((t) => ({ ...t, completedOn: full ? t.completedOn : undefined }));
    const shown = full ? rows : rows.filter((r) => r.state !== 'ok' && r.state !== 'no_renewal_date');
    if (shown.length) summary.training = shown;
    if (rows.length > shown.length)
      omitted.push(`${plural(rows.length - shown.length, 'training')} in good standing`);
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
  const cleaned = dropEmpty(summary);
  // An empty identity list is a fact ("Identities: none"), not an empty value to drop.
  if (summary.identities?.length === 0) cleaned.identities = [];
  return cleaned;
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
