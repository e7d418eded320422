/**
 * A resync whose answer was lost (or whose call was cancelled after it was sent), settled from each person's
 * state before and after. A resync clears the manual-edit marker (`statusUpdatedAt`), so for a person with
 * manual edits the read-back tells whether it ran: marker gone = ran, the same marker = did not run, a newer
 * one = someone edited in between (unknown). A person without manual edits already follows the IdP/HRIS: the
 * resync changes nothing for them either way ("no difference" when that is true of everyone asked). "Unknown"
 * is left only where the state cannot tell.
 */
import { mapLimited } from '../concurrency.js';
import { fetchPerson } from '../personnel/lookup.js';
import type { Person } from '../personnel/model.js';
import type { ToolContext } from './types.js';
import { type CancelledVerdict, readBackSignal, reportCancelled, WriteOutcomeError } from './write-outcome.js';

export type ResyncFate = 'ran' | 'not_ran' | 'no_op' | 'unknown';

export function resyncFate(before: Person, after: Person | undefined): ResyncFate {
  if (!after) return 'unknown';
  if (before.statusUpdatedAt === undefined) return after.statusUpdatedAt === undefined ? 'no_op' : 'unknown';
  if (after.statusUpdatedAt === undefined) return 'ran';
  return after.statusUpdatedAt === before.statusUpdatedAt ? 'not_ran' : 'unknown';
}

const FATE_WORDS: Record<ResyncFate, string> = {
  ran: 'resynced (manual edits cleared)',
  not_ran: 'not resynced (its manual edits are still in place)',
  no_op: 'no manual edits, the same either way',
  unknown: 'cannot tell (not readable, or edited again meanwhile)',
};

/**
 * One resync request runs for all its people or for none: a person it visibly ran for settles it as applied,
 * one it visibly did not run for as not applied; both at once is a partial run. People without manual edits
 * show nothing, so when all are like that it stays open, and makes no difference.
 */
function verdictOfFates(fates: readonly ResyncFate[]): CancelledVerdict {
  if (fates.includes('unknown')) return 'unknown';
  const ran = fates.includes('ran');
  const notRan = fates.includes('not_ran');
  if (ran && notRan) return 'partial';
  if (ran) return 'applied';
  return notRan ? 'not_applied' : 'no_difference';
}

const LOOKUP_CONCURRENCY = 4;

/**
 * Read the people back after a lost resync and settle it: returns the read-back (and a note) when the resync
 * ran; throws the not-applied, partial, no-difference or unknown error otherwise. A cancelled call's
 * verdict is also logged and kept for the next write call (reportCancelled).
 */
export async function settleLostResync(
  ctx: ToolContext,
  lost: string,
  people: readonly Person[],
): Promise<{ after: Array<Person | undefined>; note: string }> {
  const signal = readBackSignal();
  const after = await mapLimited(people, LOOKUP_CONCURRENCY, async (p) => {
    try {
      return (await fetchPerson(ctx.api, { kind: 'id', id: p.id }, { signal, withV2: false })).person;
    } catch {
      return undefined;
    }
  });
  const fates = people.map((p, i) => resyncFate(p, after[i]));
  const verdict = verdictOfFates(fates);
  const detail = people.map((p, i) => `#${p.id} ${p.name}: ${FATE_WORDS[fates[i] ?? 'unknown']}`).join('; ');
  if (ctx.signal.aborted) {
    reportCancelled(ctx, { tool: 'resync_personnel', ids: people.map((p) => p.id), verdict, detail });
  }
  const lostResync = lost.replace('the write', 'the resync');
  switch (verdict) {
    case 'applied':
      return { after, note: `${lostResync}, but reading the people back shows the resync ran: ${detail}.` };
    case 'no_difference':
      throw new WriteOutcomeError(
        'unknown',
        `NO DIFFERENCE: ${lostResync}, so whether it ran is not known, but none of these people had manual edits: they already hold their IdP/HRIS values and follow sync, so the resync changes nothing for them either way (${detail}). Nothing needs repeating.`,
      );
    case 'not_applied':
      throw new WriteOutcomeError(
        verdict,
        `NOT APPLIED: ${lostResync}, and reading the people back shows the resync did not run: ${detail}. Nothing changed; it is safe to try again (with a new approval).`,
      );
    case 'partial':
      throw new WriteOutcomeError(
        verdict,
        `PARTLY APPLIED: ${lostResync}; reading the people back shows: ${detail}. Resync only those not resynced, if the user still wants it (with a new approval).`,
      );
    default:
      throw new WriteOutcomeError(
        'unknown',
        `OUTCOME UNKNOWN: ${lostResync}, and reading the people back cannot settle it for everyone: ${detail}. Check them with get_personnel (status, dates) before repeating it, and ask the user first.`,
      );
  }
}
