/**
 * What an answer from the org snapshot says besides its rows and counts, in both channels (notes): an
 * identity provider that no identity in scope has (so a 0 is never bare). A name the caller gave is
 * echoed only bounded and sanitized.
 */
import type { ListQuery } from './list-query.js';
import type { Person } from './model.js';
import { queryScope } from './query.js';

/** At most 40 characters of a caller's text, letters, digits and `_ . @ -` only (others as "?"). */
export const echo = (v: string): string => {
  const clean = v.replace(/[^\p{L}\p{N}_.@ -]/gu, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
};

function providerNote(q: ListQuery, people: readonly Person[]): string | undefined {
  const want = q.identity?.provider?.normalize('NFC').toLowerCase();
  if (want === undefined) return undefined;
  const statuses = new Set<string>(queryScope(q));
  const present = new Set<string>();
  for (const p of people) {
    if (!statuses.has(p.employmentStatus)) continue;
    for (const i of p.identities ?? []) present.add(i.provider);
  }
  if ([...present].some((x) => x.normalize('NFC').toLowerCase() === want)) return undefined;
  const list = [...present].sort();
  return `identity.provider "${echo(q.identity?.provider ?? '')}" matches no identity of anyone in scope, so no one can match: the providers in scope are ${list.length ? list.join(', ') : 'none (no identities)'}.`;
}

/** The notes of an answer over `people` (the snapshot). */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function queryNotes(q: ListQuery, people: readonly Person[], today: string): string[] {
  return [providerNote(q, people)].filter((n): n is string => n !== undefined);
}
