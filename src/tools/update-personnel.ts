import { z } from 'zod';
import { EMPLOYMENT_STATUSES, LIMITS } from '../drata/catalog.js';
import { calendarDateSchema } from '../personnel/dates.js';
import { fetchPerson, parsePersonRef } from '../personnel/lookup.js';
import { orNull, type Person } from '../personnel/model.js';
import { type FieldChange, renderChanges } from '../personnel/render.js';
import { approveWrite, syncPausedNote } from './confirm.js';
import { approvalTokenSchema, personnelRefSchema } from './params.js';
import { type UpdatePlan, planUpdate, readBackChecks, validateArgs, writeUpdate } from './update-plan.js';
import { syncedFieldsOf, updateWarnings } from './update-warnings.js';
import { defineTool, type ToolContext } from './types.js';
import {
  heldValues,
  lostAnswer,
  lostWriteError,
  readBackSignal,
  reportCancelled,
  takeCancelled,
  verdictOf,
} from './write-outcome.js';

const customFieldSchema = z
  .object({
    id: z.number().int().positive().optional().describe('Custom field id, ≥1'),
    name: z.string().trim().min(1).max(200).optional().describe('Custom field name (case-insensitive), ≤200 chars'),
    // One string type for every client (see personnelRefSchema); "" or null deletes the value.
    value: z
      .preprocess((v) => (v === null ? '' : v), z.string().max(10_000).transform((v) => (v === '' ? null : v)))
      .describe('New value, ≤10000 chars; an empty string deletes it'),
  })
  .refine((f) => f.id !== undefined || f.name !== undefined, { error: 'give the custom field id or name' });

const inputSchema = z.object({
  personnel: personnelRefSchema,
  startedAt: calendarDateSchema.optional().describe('Start date, YYYY-MM-DD'),
  separatedAt: calendarDateSchema
    .optional()
    .describe('Separation date, YYYY-MM-DD (required for FORMER_* statuses)'),
  employmentStatus: z.enum(EMPLOYMENT_STATUSES).optional().describe('New status'),
  notHumanReason: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.notHumanReasonMax)
    .optional()
    .describe(`Why the person is OUT_OF_SCOPE (required with that status), ≤${LIMITS.notHumanReasonMax} chars`),
  customFields: z.array(customFieldSchema).min(1).max(50).optional().describe('Custom field values to set, 1..50'),
  dryRun: z.boolean().default(false).describe('Show before → after and write nothing (default false)'),
  approvalToken: approvalTokenSchema,
});
type Input = z.output<typeof inputSchema>;

const OUTCOMES = ['updated', 'unchanged', 'dry_run', 'needs_approval', 'declined', 'cancelled', 'partial'] as const;

const outputSchema = z.object({
  personnel: z.object({ id: z.number(), name: z.string(), email: z.string().optional() }),
  outcome: z.enum(OUTCOMES),
  changes: z.array(
    z.object({
      field: z.string(),
      before: orNull(z.string(), 'no value'),
      after: orNull(z.string(), 'no value'),
    }),
  ),
  now: z
    .record(z.string(), orNull(z.string(), 'no value'))
    .optional()
    .describe('What Drata holds after the write (read back) for the changed fields'),
  approvalToken: z.string().optional().describe('needs_approval: repeat the call with it once the user approves'),
  approvalExpiresAt: z.string().optional(),
  writeApi: z.enum(['v1', 'v2']),
  notes: z.array(z.string()).optional(),
});
type Output = z.output<typeof outputSchema>;

type Result = (outcome: Output['outcome'], extra?: Partial<Output>) => { text: string; structured: Output };

function resultFor(who: Output['personnel'], changes: FieldChange[], writeApi: 'v1' | 'v2', notes: string[]): Result {
  return (outcome, extra = {}) => {
    const structured: Output = {
      personnel: who,
      outcome,
      changes,
      writeApi,
      notes: notes.length ? notes : undefined,
      ...extra,
    };
    const head = `${who.name} (#${who.id})${who.email ? ` <${who.email}>` : ''}`;
    const lines = [`update_personnel ${head} via ${writeApi.toUpperCase()}: ${outcome.replace('_', ' ')}`];
    if (changes.length) lines.push(renderChanges(changes));
    if (extra.now && Object.keys(extra.now).length > 0)
      lines.push(`Drata now holds: ${Object.entries(extra.now).map(([k, v]) => `${k}=${v ?? '∅'}`).join(', ')}`);
    for (const n of notes) lines.push(n);
    return { text: lines.join('\n'), structured };
  };
}

/** Write, then read back and report what Drata holds; a lost answer is settled by the read-back. */
async function commit(ctx: ToolContext, args: Input, plan: UpdatePlan, notes: string[], result: Result) {
  const { person, changes } = plan;
  const applied: string[] = [];
  let lost: string | undefined;
  try {
    await writeUpdate(ctx, args, plan, applied);
  } catch (err) {
    lost = lostAnswer(err);
    if (lost === undefined && applied.length === 0) throw err;
    if (lost === undefined) {
      notes.push(`Partly written: ${applied.join(', ')} changed; the rest failed: ${err instanceof Error ? err.message : String(err)}`);
      return result('partial');
    }
  } finally {
    await ctx.cache.invalidate(person.id);
  }
  let after: Person | undefined;
  let readError = '';
  try {
    const signal = lost === undefined ? ctx.signal : readBackSignal();
    after = (await fetchPerson(ctx.api, { kind: 'id', id: person.id }, { signal, logger: ctx.logger })).person;
  } catch (err) {
    readError = err instanceof Error ? err.message : String(err);
  }
  const checks = readBackChecks(changes, after);
  if (lost !== undefined) {
    const verdict = verdictOf(checks);
    if (ctx.signal.aborted) {
      const detail = heldValues(checks);
      reportCancelled(ctx, { tool: 'update_personnel', ids: [person.id], verdict, detail });
    }
    if (verdict === 'not_applied' || verdict === 'unknown') {
      const why = readError ? `${lost} (reading it back failed too: ${readError})` : lost;
      throw lostWriteError(why, verdict, checks, `get_personnel {"personnel": ${person.id}}`);
    }
    notes.push(
      verdict === 'applied'
        ? `${lost}, but reading the record back shows the change applied.`
        : `${lost}; reading the record back shows only part of the change applied: compare "now" with the requested values.`,
    );
  } else if (!after) {
    notes.push(`Written, but reading it back failed (${readError}): call get_personnel to see what Drata holds.`);
  }
  const read = checks.filter((c) => c.now !== undefined);
  const now = after ? Object.fromEntries(read.map((c) => [c.field, c.now ?? null])) : undefined;
  for (const c of checks) {
    if (after && c.now === undefined) notes.push(`Written, but ${c.field} could not be read back: call get_personnel to check.`);
    else if (after && c.now !== c.after && lost === undefined)
      notes.push(`Check: Drata now holds ${c.field}=${c.now ?? '∅'}, not the requested ${c.after ?? '∅'}.`);
  }
  const synced = syncedFieldsOf(changes.map((c) => c.field));
  if (synced.length) notes.push(syncPausedNote(synced));
  return result(lost !== undefined && verdictOf(checks) === 'partial' ? 'partial' : 'updated', { now });
}

export const updatePersonnelTool = defineTool({
  name: 'update_personnel',
  title: 'Update a person',
  description: `Change one person's start date (startedAt), separation date (separatedAt), employment status, out-of-scope reason (notHumanReason) or custom fields in Drata. Shows before → after from the current record ("already matches": nothing to change). Use dryRun: true to write nothing. A real write needs the user's own approval: a dialog, or the approval card in clients with MCP Apps; otherwise it returns needs_approval, writes nothing and says why. Separation cannot precede start. After writing it reads the record back. Manual edits pause IdP/HRIS sync for those fields until resync_personnel.`,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  inputSchema,
  outputSchema,
  async handler(args: Input, ctx) {
    const writeApi = ctx.config.writeApi;
    validateArgs(args, writeApi);
    const ref = parsePersonRef(args.personnel);
    const fetched = await fetchPerson(ctx.api, ref, { signal: ctx.signal, logger: ctx.logger });
    const plan = planUpdate(args, fetched, writeApi);
    const { person, changes } = plan;
    ctx.audit?.about({ people: [{ id: person.id, email: person.email }], changes });
    const notes: string[] = takeCancelled(ctx.api, [person.id]);
    const result = resultFor({ id: person.id, name: person.name, email: person.email }, changes, writeApi, notes);

    if (changes.length === 0) {
      notes.push('Already matches: Drata holds these values, nothing was written.');
      return result('unchanged');
    }
    // Every preview (dry run, approval request, confirmation dialog) carries the warnings.
    const warnings = await updateWarnings(ctx, plan);
    if (args.dryRun) {
      notes.push(...warnings, 'Dry run: nothing was written. Call again without dryRun (after the user approves) to apply.');
      return result('dry_run');
    }
    const decision = await approveWrite(ctx, {
      message: `Update ${person.name} (#${person.id}) in Drata?\n${renderChanges(changes)}${warnings.map((w) => `\n${w}`).join('')}`,
      subject: { tool: 'update_personnel', id: person.id, writeApi, changes, start: plan.start, separation: plan.separation },
      token: args.approvalToken,
    });
    if (!decision.go) {
      notes.push(...(decision.outcome === 'needs_approval' ? warnings : []), decision.note);
      return result(decision.outcome, {
        approvalToken: decision.approval?.token,
        approvalExpiresAt: decision.approval?.expiresAt,
      });
    }
    return commit(ctx, args, plan, notes, result);
  },
});
