/**
 * A resync whose answer was lost (or whose call was cancelled after it was sent), settled from each person's
 * state before and after. A resync clears the manual-edit marker (`statusUpdatedAt`), so for a person with
 * manual edits the read-back tells whether it ran: marker gone = ran, the same marker = did not run, a newer
 * one = someone edited in between (unknown). A person without manual edits already follows the IdP/HRIS: the
 * resync changes nothing for them either way. "Unknown" is left only where the state cannot tell.
 */
import { mapLimited } from '../concurrency.js';
import { fetchPerson } from '../personnel/lookup.js';
import type { Person } from '../personnel/model.js';
import type { ToolContext } from './types.js';
import { readBackSignal, reportCancelled, type Verdict, WriteOutcomeError } from './write-outcome.js';

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

function verdictOfFates(fates: readonly ResyncFate[]): Verdict {
  if (fates.includes('unknown')) return 'unknown';
  const ran = fates.includes('ran');
  const notRan = fates.includes('not_ran');
  if (ran && notRan) return 'partial';
  return notRan ? 'not_applied' : 'applied';
}

const LOOKUP_CONCURRENCY = 4;

/**
 * Read the people back after a lost resync and settle it: returns the read-back (and a note) when the resync
 * ran or made no difference; throws the not-applied, partial or unknown error otherwise. A cancelled call's
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
      return {
        after,
        note: fates.includes('ran')
          ? `${lostResync}, but reading the people back shows the resync ran: ${detail}.`
          : `${lostResync}; none of these people had manual edits, so the resync changes nothing for them whether it ran or not: they follow the IdP/HRIS.`,
      };
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
