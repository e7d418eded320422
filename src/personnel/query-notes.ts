/**
 * What an answer from the org snapshot says besides its rows and counts, in both channels (notes): an
 * identity provider that no identity in scope has (so a 0 is never bare), which identities an MFA question
 * reads (HRIS records are not logins; IdP identities decide IDENTITY_MFA), and who a device clause leaves
 * out because they have no device at all (counted by the query model's own rule). A name the caller gave
 * is echoed only bounded and sanitized.
 */
import type { ListQuery } from './list-query.js';
import type { Person, PersonIdentity } from './model.js';
import { deviceLessFailing, queryScope } from './query.js';

/** At most 40 characters of a caller's text, letters, digits and `_ . @ -` only (others as "?"). */
export const echo = (v: string): string => {
  const clean = v.replace(/[^\p{L}\p{N}_.@ -]/gu, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
};

function deviceLessNote(q: ListQuery, people: readonly Person[], today: string): string | undefined {
  const rule = deviceLessFailing(q, today);
  const checks = q.device?.failing ?? [];
  if (!rule) return undefined;
  const n = people.filter(rule).length;
  if (!n) return undefined;
  const ask = checks.length === 1 ? `failing:["${checks[0]}"]` : `failing:["${checks[0]}"] (one check at a time)`;
  return `${n} more ${n === 1 ? 'person fails' : 'people fail'} ${checks.join(' or ')} with no device at all (not matched by a device clause, which needs a device; ask ${ask} without device to include them).`;
}

function providerNote(q: ListQuery, people: readonly Person[]): string | undefined {
  const want = q.identity?.provider?.normalize('NFC').toLowerCase();
  if (want === undefined) return undefined;
  const present = providersIn(q, people, () => true);
  if (present.some((x) => x.normalize('NFC').toLowerCase() === want)) return undefined;
  return `identity.provider "${echo(q.identity?.provider ?? '')}" matches no identity of anyone in scope, so no one can match: the providers in scope are ${present.length ? present.join(', ') : 'none (no identities)'}.`;
}

/** The providers of the identities in scope that `keep` holds for, sorted. */
function providersIn(q: ListQuery, people: readonly Person[], keep: (i: PersonIdentity) => boolean): string[] {
  const statuses = new Set<string>(queryScope(q));
  const out = new Set<string>();
  for (const p of people) {
    if (!statuses.has(p.employmentStatus)) continue;
    for (const i of p.identities ?? []) if (keep(i)) out.add(i.provider);
  }
  return [...out].sort();
}

/** An MFA question says which identities MFA applies to, and which decide IDENTITY_MFA. */
function mfaNote(q: ListQuery, people: readonly Person[]): string | undefined {
  if (q.identity?.mfa === undefined && q.groupBy !== 'mfa') return undefined;
  const hris = providersIn(q, people, (i) => i.isHris === true);
  const idp = providersIn(q, people, (i) => i.isIdp === true);
  const decides = `IDENTITY_MFA is decided by identity-provider identities only${idp.length ? ` (${idp.join(', ')})` : ''}.`;
  if (!hris.length) return decides;
  const records = `HRIS records (${hris.join(', ')}) are not logins: their MFA is n/a, so mfa on/off/unknown`;
  return `${records} does not match them (each still shows what the API reports). ${decides}`;
}

/** The notes of an answer over `people` (the snapshot). */
export function queryNotes(q: ListQuery, people: readonly Person[], today: string): string[] {
  const notes = [providerNote(q, people), mfaNote(q, people), deviceLessNote(q, people, today)];
  return notes.filter((n): n is string => n !== undefined);
}
