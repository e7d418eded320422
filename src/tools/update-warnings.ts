/**
 * What an officer wants to know before approving an update, said in every preview (dry run, approval
 * request, confirmation dialog): a separation date still in the future, the IdP/HRIS sync a manual edit
 * pauses (and what it follows today), and other records with the same name (the wrong person is the
 * costliest mistake a write can make).
 */
import { isFormerStatus } from '../drata/catalog.js';
import { daysBetween } from '../personnel/dates.js';
import { plural } from '../personnel/plural.js';
import { syncPausedNote } from './confirm.js';
import type { ToolContext } from './types.js';
import type { UpdatePlan } from './update-plan.js';

/** Fields an IdP/HRIS keeps in sync until someone writes them by hand. */
const SYNCED_FIELDS: ReadonlySet<string> = new Set(['startedAt', 'separatedAt', 'employmentStatus']);

/** Other records named alike are listed up to this many (the rest are counted). */
const NAMESAKES_SHOWN = 5;

/** The separation date the write sets, when it is after today. */
function futureSeparation(plan: UpdatePlan, today: string): string | undefined {
  const sep = plan.changes.find((c) => c.field === 'separatedAt')?.after ?? undefined;
  const becomesFormer = plan.changes.some((c) => c.field === 'employmentStatus') && isFormerStatus(plan.targetStatus);
  const date = sep ?? (becomesFormer ? plan.separation : undefined);
  if (!date || daysBetween(today, date) <= 0) return undefined;
  const days = daysBetween(today, date);
  const former = isFormerStatus(plan.targetStatus)
    ? `, yet the status becomes ${plan.targetStatus} now, before that day`
    : '';
  return `the separation date ${date} is in the future (${plural(days, 'day')} from today, ${today})${former}; check it is the planned last day and not a typo.`;
}

/** The fields of these changes that an IdP/HRIS keeps in sync (in the order changed). */
export const syncedFieldsOf = (fields: readonly string[]): string[] => fields.filter((f) => SYNCED_FIELDS.has(f));

/**
 * The one sync note of a preview: which synced fields the write takes over by hand (only those that change),
 * from which connections, and, when the status is among them, whether it already was set by hand.
 */
function syncPaused(plan: UpdatePlan): string | undefined {
  const fields = syncedFieldsOf(plan.changes.map((c) => c.field));
  if (!fields.length) return undefined;
  const p = plan.person;
  const linked = [...new Set((p.identities ?? []).filter((i) => i.connected).map((i) => i.provider))];
  const source = linked.length ? `the IdP/HRIS connections (${linked.join(', ')})` : 'the IdP/HRIS';
  const status = !fields.includes('employmentStatus')
    ? ''
    : p.statusUpdatedAt
      ? ` The status was already set by hand on ${p.statusUpdatedAt.slice(0, 10)}.`
      : ' Today the status follows the IdP/HRIS (no manual override yet).';
  return `${syncPausedNote(fields, source)}${status}`;
}

/** Other records whose name is the same (case and spacing aside), found by a V1 name search. */
async function namesakes(ctx: ToolContext, plan: UpdatePlan): Promise<string | undefined> {
  const p = plan.person;
  const norm = (s: string | null | undefined) => (s ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
  const name = norm([p.firstName, p.lastName].filter(Boolean).join(' '));
  if (!name) return undefined;
  const page = await ctx.api.v1ListLean({ q: name, limit: 50 }, ctx.signal);
  const same = page.data.filter(
    (r) => r.id !== p.id && norm([r.user.firstName, r.user.lastName].filter(Boolean).join(' ')) === name,
  );
  if (!same.length) return undefined;
  const shown = same.slice(0, NAMESAKES_SHOWN).map((r) => `#${r.id} ${r.user.email} ${r.employmentStatus}`);
  const more = same.length > NAMESAKES_SHOWN ? `, and ${same.length - NAMESAKES_SHOWN} more` : '';
  return `${plural(same.length, 'other record')} named ${p.name}: ${shown.join('; ')}${more}. Check this is the right one (#${p.id}${p.email ? ` ${p.email}` : ''}).`;
}

/**
 * The warnings of this update's preview, each a sentence ("Warning: " is added by the caller's channel).
 * A failed name search is itself a warning: the preview still shows, and says what it could not check.
 */
export async function updateWarnings(ctx: ToolContext, plan: UpdatePlan): Promise<string[]> {
  const today = ctx.now().toISOString().slice(0, 10);
  const out: string[] = [];
  const sep = futureSeparation(plan, today);
  if (sep) out.push(sep);
  const sync = syncPaused(plan);
  if (sync) out.push(sync);
  try {
    const alike = await namesakes(ctx, plan);
    if (alike) out.push(alike);
  } catch (err) {
    ctx.signal.throwIfAborted();
    out.push(`could not check for other records with the same name (${err instanceof Error ? err.message : String(err)}).`);
  }
  return out.map((w) => `Warning: ${w.charAt(0).toUpperCase()}${w.slice(1)}`);
}
