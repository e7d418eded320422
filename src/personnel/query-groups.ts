/**
 * Counts grouped by one facet of the people matching a query: each person counts once in every group they
 * belong to. Facets of identities and devices (provider, MFA, source, OS, model) are read from the
 * identities or devices that match the query's identity or device clause (all of them without one); a
 * person with none counts in "none".
 */
import type { GroupBy, ListQuery } from './list-query.js';
import type { Person } from './model.js';
import { matchedDevices, matchedIdentities, mfaState } from './query.js';

export interface GroupCount {
  key: string;
  count: number;
}

const NONE = 'none';

/** Whether one person can be in several groups of this facet (so group counts may add up past the total). */
export const MULTI_VALUED: ReadonlySet<GroupBy> = new Set(['check', 'provider', 'mfa', 'source', 'os', 'model']);

function keysOf(p: Person, by: GroupBy, q: ListQuery): string[] {
  const ids = () => (q.identity ? matchedIdentities(p, q.identity) : (p.identities ?? []));
  const devs = () => (q.device ? matchedDevices(p, q.device) : (p.devices ?? []));
  switch (by) {
    case 'status':
      return [p.employmentStatus];
    case 'check':
      return (p.checks ?? []).map((c) => `${c.type}:${c.status}`);
    case 'provider':
      return ids().map((i) => i.provider);
    case 'mfa':
      return ids().map((i) => `${i.provider}:${mfaState(i)}`);
    case 'source':
      return devs().map((d) => d.source ?? 'unknown');
    case 'os':
      return devs().map((d) => d.osVersion ?? 'unknown');
    case 'model':
      return devs().map((d) => d.name ?? 'unknown');
    case 'reason':
      return [p.notHumanReason?.trim() || NONE];
    case 'startMonth':
      return [p.startDate?.slice(0, 7) ?? NONE];
    case 'separationMonth':
      return [p.separationDate?.slice(0, 7) ?? NONE];
  }
}

/** Group counts, largest first (ties by key). */
export function groupCounts(people: Iterable<Person>, by: GroupBy, q: ListQuery): GroupCount[] {
  const counts = new Map<string, number>();
  for (const p of people) {
    const keys = new Set(keysOf(p, by, q));
    if (keys.size === 0) keys.add(NONE);
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
