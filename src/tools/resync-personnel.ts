import { z } from 'zod';
import { mapLimited } from '../concurrency.js';
import { InputError } from '../errors.js';
import { fitItems } from '../personnel/budget.js';
import { fetchPerson, parsePersonRef } from '../personnel/lookup.js';
import type { Person } from '../personnel/model.js';
import { approveWrite, type WriteDecision } from './confirm.js';
import { approvalTokenSchema, personnelRefItemSchema } from './params.js';
import { defineTool, type ToolContext } from './types.js';
import { settleLostResync } from './resync-outcome.js';
import { lostAnswer, reportCancelled, takeCancelled, WriteOutcomeError } from './write-outcome.js';

/** How many people one call may resync by name; beyond that, use all: true. */
const MAX_PEOPLE = 100;
/** Lookups run a few at a time: enough to be quick, few enough to leave the rate limit to others. */
const LOOKUP_CONCURRENCY = 4;

const inputSchema = z.object({
  personnel: z
    .array(personnelRefItemSchema)
    .min(1)
    .max(MAX_PEOPLE)
    .optional()
    .describe(`The people to resync, 1..${MAX_PEOPLE}: ids, emails or "email:addr" (≤260 chars each)`),
  all: z.boolean().optional().describe('Resync every person in the account'),
  dryRun: z.boolean().default(false).describe('Show who would be resynced and write nothing (default false)'),
  approvalToken: approvalTokenSchema,
});
type Input = z.output<typeof inputSchema>;

const stateSchema = z.object({
  employmentStatus: z.string(),
  startDate: z.string().optional(),
  separationDate: z.string().optional(),
  manualStatusSince: z.string().optional(),
});
type State = z.output<typeof stateSchema>;

const outputSchema = z.object({
  scope: z.enum(['some', 'all']),
  outcome: z.enum(['resynced', 'dry_run', 'declined', 'cancelled', 'needs_approval']),
  count: z
    .number()
    .optional()
    .describe('resynced: how many personnel Drata says it resynced; otherwise how many would be asked'),
  accountTotal: z.number().optional().describe('all: personnel records in the account before the resync'),
  approvalToken: z.string().optional().describe('needs_approval: repeat the call with it once the user approves'),
  approvalExpiresAt: z.string().optional(),
  personnel: z
    .array(z.object({ id: z.number(), name: z.string(), before: stateSchema, after: stateSchema.optional() }))
    .optional(),
  shown: z.number().optional(),
  truncated: z.boolean(),
  writeApi: z.enum(['v1', 'v2']),
  notes: z.array(z.string()).optional(),
});
type Output = z.output<typeof outputSchema>;
type Entry = NonNullable<Output['personnel']>[number];
type Done = (
  outcome: Output['outcome'],
  entries: Entry[] | undefined,
  count: number | undefined,
  extra?: Partial<Output>,
) => { text: string; structured: Output };

const stateOf = (p: Person): State => ({
  employmentStatus: p.employmentStatus,
  startDate: p.startDate,
  separationDate: p.separationDate,
  manualStatusSince: p.statusUpdatedAt?.slice(0, 10),
});

const renderState = (s: State): string =>
  [
    s.employmentStatus,
    s.startDate && `start ${s.startDate}`,
    s.separationDate && `sep ${s.separationDate}`,
    s.manualStatusSince && `manual since ${s.manualStatusSince}`,
  ]
    .filter(Boolean)
    .join(', ');

const RESTORES =
  'Resync restores the values Drata gets from the IdP/HRIS (employment status, start and separation dates), overwriting manual edits, and turns automatic sync back on.';

/** A declined or unapproved write: the note, and the token when one was issued. */
const notGone = (decision: Exclude<WriteDecision, { go: true }>, notes: string[]): Partial<Output> => {
  notes.push(decision.note);
  return { approvalToken: decision.approval?.token, approvalExpiresAt: decision.approval?.expiresAt };
};

/** Send the resync; a lost answer comes back as `lost` (why), for the caller to settle from the state. */
async function send(
  ctx: ToolContext,
  write: () => Promise<number | undefined>,
): Promise<{ count: number | undefined; lost?: undefined } | { lost: string }> {
  try {
    return { count: await write() };
  } catch (err) {
    const lost = lostAnswer(err);
    if (lost === undefined) throw err;
    return { lost };
  } finally {
    await ctx.cache.invalidate();
  }
}

/** An account-wide resync keeps no per-person state to compare, so its lost answer stays unknown. */
const lostAll = (lost: string) =>
  new WriteOutcomeError(
    'unknown',
    `OUTCOME UNKNOWN: ${lost.replace('the write', 'the resync')}, so the resync of all personnel may have run. An account-wide resync keeps no per-person state to compare: check the people concerned with get_personnel (status, dates) before repeating it, and ask the user first.`,
  );

async function resyncAll(args: Input, ctx: ToolContext, done: Done, notes: string[]) {
  const writeApi = ctx.config.writeApi;
  const total = (await ctx.api.v1List({ page: 1, limit: 1 }, ctx.signal)).total;
  const counted = `the account has ${total} personnel records; Drata resyncs those linked to an IdP/HRIS`;
  ctx.audit?.about({ scope: 'all' });
  if (args.dryRun) {
    notes.push(`Dry run: nothing was written (${counted}). ${RESTORES}`);
    return done('dry_run', undefined, total, { accountTotal: total });
  }
  const decision = await approveWrite(ctx, {
    message: `Resync ALL personnel in Drata (${counted})? ${RESTORES} Every manual status and date edit in the account is lost.`,
    subject: { tool: 'resync_personnel', scope: 'all', writeApi, total },
    token: args.approvalToken,
  });
  if (!decision.go) {
    return done(decision.outcome, undefined, total, { accountTotal: total, ...notGone(decision, notes) });
  }
  const sent = await send(ctx, async () => {
    if (writeApi === 'v2') return (await ctx.api.v2Action({ action: 'reset-sync-all' }, ctx.signal)).count;
    await ctx.api.v1ResetSyncAll(ctx.signal);
    return undefined;
  });
  if (sent.lost !== undefined) {
    if (ctx.signal.aborted)
      reportCancelled(ctx, { tool: 'resync_personnel', ids: [], verdict: 'unknown', detail: 'all personnel' });
    throw lostAll(sent.lost);
  }
  const { count } = sent;
  notes.push(
    `Done: ${count === undefined ? 'Drata did not say how many it resynced' : `Drata reports ${count} personnel resynced`} (of ${total} records in the account). ${RESTORES}`,
  );
  return done('resynced', undefined, count, { accountTotal: total });
}

async function resyncSome(args: Input, ctx: ToolContext, done: Done, notes: string[]) {
  const writeApi = ctx.config.writeApi;
  // Resolve each person first (a typo fails the whole call before anything is written).
  const refs = (args.personnel ?? []).map((p, i) => parsePersonRef(p, `personnel[${i}]`));
  const people = await mapLimited(
    refs,
    LOOKUP_CONCURRENCY,
    async (ref) => (await fetchPerson(ctx.api, ref, { signal: ctx.signal, withV2: false })).person,
  );
  const unique = [...new Map(people.map((p) => [p.id, p])).values()];
  const entries: Entry[] = unique.map((p) => ({ id: p.id, name: p.name, before: stateOf(p) }));
  notes.push(...takeCancelled(ctx.api, entries.map((e) => e.id)));
  ctx.audit?.about({ people: unique.map((p) => ({ id: p.id, email: p.email })) });
  if (args.dryRun) {
    notes.push(`Dry run: nothing was written. ${RESTORES}`);
    return done('dry_run', entries, entries.length);
  }
  const names = `${entries.slice(0, 5).map((e) => e.name).join(', ')}${entries.length > 5 ? ', …' : ''}`;
  const decision = await approveWrite(ctx, {
    message: `Resync ${entries.length} personnel (${names}) in Drata? ${RESTORES}`,
    subject: { tool: 'resync_personnel', scope: 'some', writeApi, people: entries },
    token: args.approvalToken,
  });
  if (!decision.go) return done(decision.outcome, entries, entries.length, notGone(decision, notes));
  const ids = entries.map((e) => e.id);
  const sent = await send(ctx, async () => {
    if (writeApi === 'v2')
      return (await ctx.api.v2Action({ action: 'reset-sync', personnelIds: ids }, ctx.signal)).count;
    if (ids.length === 1) await ctx.api.v1ResetSync(ids[0] as number, ctx.signal);
    else await ctx.api.v1ResetSyncSome(ids, ctx.signal);
    return ids.length;
  });
  if (sent.lost !== undefined) {
    const settled = await settleLostResync(ctx, sent.lost, unique);
    settled.after.forEach((p, i) => {
      const entry = entries[i];
      if (entry && p) entry.after = stateOf(p);
    });
    notes.push(settled.note, `The "→" side is what Drata now holds. ${RESTORES}`);
    return done('resynced', entries, undefined);
  }
  const { count } = sent;
  // The resync already happened: a failed read-back is a note, not an error.
  try {
    const after = await mapLimited(
      ids,
      LOOKUP_CONCURRENCY,
      async (id) => (await fetchPerson(ctx.api, { kind: 'id', id }, { signal: ctx.signal, withV2: false })).person,
    );
    after.forEach((p, i) => {
      const entry = entries[i];
      if (entry) entry.after = stateOf(p);
    });
  } catch (err) {
    notes.push(`Resynced, but reading the records back failed (${err instanceof Error ? err.message : String(err)}).`);
  }
  notes.push(`Done: the "→" side is what Drata now holds. ${RESTORES}`);
  return done('resynced', entries, count);
}

export const resyncPersonnelTool = defineTool({
  name: 'resync_personnel',
  title: 'Restore IdP/HRIS sync',
  description: `Restore IdP/HRIS-managed values for people (employment status, start and separation dates), overwriting manual edits, and resume automatic sync. Give "personnel" (ids or emails, up to ${MAX_PEOPLE}) or all: true for the whole account. Shows each person's state before and after. Use dryRun: true to write nothing. A real resync needs the user's own approval: a dialog, or the approval card in clients with MCP Apps; otherwise it returns needs_approval, writes nothing and says why.`,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  inputSchema,
  outputSchema,
  async handler(args: Input, ctx) {
    const writeApi = ctx.config.writeApi;
    if (args.all && args.personnel)
      throw new InputError('all', 'give either personnel or all: true, not both');
    if (!args.all && !args.personnel)
      throw new InputError('personnel', 'give the people to resync, or all: true for everyone');
    if (args.all === false && !args.personnel)
      throw new InputError('all', 'all: false resyncs nobody; give personnel instead');
    const notes: string[] = [];
    const done: Done = (outcome, entries, count, extra = {}) => {
      const render = (shown: readonly Entry[], truncated: boolean) => {
        const structured: Output = {
          scope: args.all ? 'all' : 'some',
          outcome,
          count,
          personnel: entries ? [...shown] : undefined,
          shown: entries ? shown.length : undefined,
          truncated,
          writeApi,
          notes: notes.length ? notes : undefined,
          ...extra,
        };
        const what = args.all ? 'ALL personnel' : `${entries?.length ?? 0} personnel`;
        const lines = [
          `resync_personnel ${what} via ${writeApi.toUpperCase()}: ${outcome.replace('_', ' ')}`,
          ...shown.map(
            (e) =>
              `  #${e.id} ${e.name}: ${renderState(e.before)}${e.after ? ` → ${renderState(e.after)}` : ''}`,
          ),
        ];
        if (truncated && entries)
          lines.push(`  … ${entries.length - shown.length} more not shown (output budget)`);
        lines.push(...notes);
        return { text: lines.join('\n'), structured };
      };
      return fitItems(entries ?? [], render, ctx.maxTokens).rendered;
    };
    return args.all ? resyncAll(args, ctx, done, notes) : resyncSome(args, ctx, done, notes);
  },
});
