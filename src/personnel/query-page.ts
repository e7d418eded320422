/**
 * A page of a question answered from an org snapshot: the people matching the query model's predicate,
 * sorted the way V1 sorts (the key in the asked direction, missing values last, ties by id), and a
 * cursor position that names the snapshot.
 */
import type { ListQuery, ListSort } from './list-query.js';
import type { Person } from './model.js';
import type { ListPage, ListPosition } from './list-page.js';
import { queryPredicate } from './query.js';
import { queryNotes } from './query-notes.js';
import type { Snapshot } from './snapshot.js';

type Key = string | null;

/** The NAME sort key: lower-cased "first last" (the email when there is no name), NFC. */
export function nameKey(p: Person): string {
  const name = [p.firstName, p.lastName].filter((x) => x).join(' ');
  return (name || p.email || '').normalize('NFC').toLowerCase();
}

const SORT_KEYS: Partial<Record<ListSort, (p: Person) => Key>> = {
  name: nameKey,
  employmentStatus: (p) => p.employmentStatus,
  startDate: (p) => p.startDate ?? null,
  separationDate: (p) => p.separationDate ?? null,
  createdAt: (p) => p.createdAt ?? null,
  updatedAt: (p) => p.updatedAt ?? null,
};

/** People in the order of `q` (a new array). */
export function sortPeople(people: readonly Person[], q: ListQuery): Person[] {
  const keyOf = SORT_KEYS[q.sort ?? 'name'] ?? nameKey;
  const desc = q.sortDir === 'DESC';
  const keyed = people.map((p) => ({ p, k: keyOf(p) }));
  keyed.sort((a, b) => {
    if (a.k !== b.k) {
      if (a.k === null) return 1;
      if (b.k === null) return -1;
      const c = a.k < b.k ? -1 : 1;
      return desc ? -c : c;
    }
    return a.p.id - b.p.id;
  });
  return keyed.map((x) => x.p);
}

/** Every person of the snapshot matching `q`, in the order asked. */
export function answerFrom(snapshot: Snapshot, q: ListQuery, today: string): Person[] {
  const keep = queryPredicate(q, today);
  const matched: Person[] = [];
  for (const p of snapshot.people.values()) if (keep(p)) matched.push(p);
  return sortPeople(matched, q);
}

export function snapshotPage(
  q: ListQuery,
  limit: number,
  position: ListPosition,
  snapshot: Snapshot,
  today: string,
): ListPage {
  const matched = answerFrom(snapshot, q, today);
  const at = position.at;
  const total = matched.length;
  return {
    people: matched.slice(at, at + limit),
    start: at,
    total,
    api: 'v1',
    filtered: true,
    asOf: snapshot.asOf,
    matched,
    notes: queryNotes(q, [...snapshot.people.values()], today),
    snapshot: snapshot.id,
    resume: (shown) => (at + shown < total ? { at: at + shown, snapshot: snapshot.id } : undefined),
  };
}
