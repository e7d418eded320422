import { z } from 'zod';
import { mapLimited } from '../concurrency.js';
import { InputError } from '../errors.js';
import { fitItems } from '../personnel/budget.js';
import { fetchPerson, parsePersonRef } from '../personnel/lookup.js';
import type { Person } from '../personnel/model.js';
import { confirmWrite, DECISION_TEXT } from './confirm.js';
import { personnelRefSchema } from './params.js';
import { defineTool } from './types.js';

/** How many people one call may resync by name; beyond that, use all: true. */
const MAX_PEOPLE = 100;
/** Lookups run a few at a time: enough to be quick, few enough to leave the rate limit to others. */
const LOOKUP_CONCURRENCY = 4;

const inputSchema = z.object({
  personnel: z
    .array(personnelRefSchema)
    .min(1)
    .max(MAX_PEOPLE)
    .optional()
    .describe('The people to resync: ids, emails or "email:addr"'),
  all: z
    .boolean()
    .optional()
    .describe('Resync every person in the account (needs the user’s explicit approval)'),
  dryRun: z.boolean().default(false).describe('Show who would be resynced and write nothing'),
  confirm: z
    .boolean()
    .optional()
    .describe('With all: true on clients without confirmation dialogs: true only after the user approved'),
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
  outcome: z.enum(['resynced', 'dry_run', 'declined', 'cancelled', 'needs_confirmation']),
  count: z.number().optional().describe('How many personnel Drata resynced (or would resync)'),
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

export const resyncPersonnelTool = defineTool({
  name: 'resync_personnel',
  title: 'Restore IdP/HRIS sync',
  description: `Restore IdP/HRIS-managed values for people (employment status, start and separation dates), overwriting manual edits made in Drata or with update_personnel, and resume automatic sync. Give "personnel" (ids or emails, up to ${MAX_PEOPLE}) or all: true for everyone. Shows each person's current state (including when a status was set manually) and, after the write, what Drata now holds. Use dryRun: true first. all: true affects the whole account: get the user's explicit approval before calling it; clients without confirmation dialogs must then pass confirm: true.`,
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

    const done = (outcome: Output['outcome'], entries: Entry[] | undefined, count: number | undefined) => {
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
        };
        const lines = [
          `resync_personnel ${args.all ? 'ALL personnel' : `${entries?.length ?? 0} personnel`} via ${writeApi.toUpperCase()}: ${outcome.replace('_', ' ')}${
            count !== undefined ? ` (${count} affected)` : ''
          }`,
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

    if (args.all) {
      const total = (await ctx.api.v1List({ page: 1, limit: 1 }, ctx.signal)).total;
      if (args.dryRun) {
        notes.push(`Dry run: nothing was written. ${RESTORES}`);
        return done('dry_run', undefined, total);
      }
      const decision = await confirmWrite(
        ctx,
        `Resync ALL ${total} personnel in Drata? ${RESTORES} Every manual status and date edit in the account is lost.`,
        { requireExplicit: true, explicit: args.confirm },
      );
      if (decision !== 'go') {
        notes.push(DECISION_TEXT[decision]);
        return done(decision, undefined, total);
      }
      let count = total;
      try {
        if (writeApi === 'v2')
          count = (await ctx.api.v2Action({ action: 'reset-sync-all' }, ctx.signal)).count;
        else await ctx.api.v1ResetSyncAll(ctx.signal);
      } finally {
        ctx.cache.invalidate();
      }
      notes.push(`Done. ${RESTORES}`);
      return done('resynced', undefined, count);
    }

    // Named people: resolve each (a typo fails the whole call before anything is written).
    const refs = (args.personnel ?? []).map((p, i) => parsePersonRef(p, `personnel[${i}]`));
    const people = await mapLimited(
      refs,
      LOOKUP_CONCURRENCY,
      async (ref) => (await fetchPerson(ctx.api, ref, { signal: ctx.signal, withV2: false })).person,
    );
    const unique = [...new Map(people.map((p) => [p.id, p])).values()];
    const entries: Entry[] = unique.map((p) => ({ id: p.id, name: p.name, before: stateOf(p) }));
    if (args.dryRun) {
      notes.push(`Dry run: nothing was written. ${RESTORES}`);
      return done('dry_run', entries, entries.length);
    }
    const decision = await confirmWrite(
      ctx,
      `Resync ${entries.length} personnel (${entries
        .slice(0, 5)
        .map((e) => e.name)
        .join(', ')}${entries.length > 5 ? ', …' : ''}) in Drata? ${RESTORES}`,
      { requireExplicit: false, explicit: args.confirm },
    );
    if (decision !== 'go') {
      notes.push(DECISION_TEXT[decision]);
      return done(decision, entries, entries.length);
    }
    const ids = entries.map((e) => e.id);
    let count = ids.length;
    try {
      if (writeApi === 'v2')
        count = (await ctx.api.v2Action({ action: 'reset-sync', personnelIds: ids }, ctx.signal)).count;
      else if (ids.length === 1) await ctx.api.v1ResetSync(ids[0] as number, ctx.signal);
      else await ctx.api.v1ResetSyncSome(ids, ctx.signal);
    } finally {
      ctx.cache.invalidate();
    }
    // The resync already happened: a failed read-back is a note, not an error.
    try {
      const after = await mapLimited(
        ids,
        LOOKUP_CONCURRENCY,
        async (id) =>
          (await fetchPerson(ctx.api, { kind: 'id', id }, { signal: ctx.signal, withV2: false })).person,
      );
      after.forEach((p, i) => {
        const entry = entries[i];
        if (entry) entry.after = stateOf(p);
      });
    } catch (err) {
      notes.push(
        `Resynced, but reading the records back failed (${err instanceof Error ? err.message : String(err)}).`,
      );
    }
    notes.push(`Done: the "→" side is what Drata now holds. ${RESTORES}`);
    return done('resynced', entries, count);
  },
});
