import { z } from 'zod';
import { EMPLOYMENT_STATUSES, type EmploymentStatus, isFormerStatus, LIMITS } from '../drata/catalog.js';
import type { V2CustomFieldWrite, V2UpdateBody } from '../drata/personnel.js';
import { InputError } from '../errors.js';
import { calendarDateSchema } from '../personnel/dates.js';
import { type FetchedPerson, fetchPerson, parsePersonRef } from '../personnel/lookup.js';
import { orNull, type Person } from '../personnel/model.js';
import { type FieldChange, renderChanges } from '../personnel/render.js';
import { confirmWrite, DECISION_TEXT, syncPausedNote } from './confirm.js';
import { personnelRefSchema } from './params.js';
import { defineTool } from './types.js';

const customFieldSchema = z
  .object({
    id: z.number().int().positive().optional().describe('Custom field id'),
    name: z.string().trim().min(1).max(200).optional().describe('Custom field name (case-insensitive)'),
    // One string type for every client (see personnelRefSchema); "" or null deletes the value.
    value: z
      .preprocess((v) => (v === null ? '' : v), z.string().max(10_000).transform((v) => (v === '' ? null : v)))
      .describe('New value; an empty string deletes it'),
  })
  .refine((f) => f.id !== undefined || f.name !== undefined, { error: 'give the custom field id or name' });

const inputSchema = z.object({
  personnel: personnelRefSchema,
  startedAt: calendarDateSchema.optional().describe('Start date, YYYY-MM-DD'),
  separatedAt: calendarDateSchema
    .optional()
    .describe('Separation date, YYYY-MM-DD (required for FORMER_* statuses)'),
  employmentStatus: z.enum(EMPLOYMENT_STATUSES).optional(),
  notHumanReason: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.notHumanReasonMax)
    .optional()
    .describe('Why the person is OUT_OF_SCOPE (required with that status)'),
  customFields: z.array(customFieldSchema).min(1).max(50).optional(),
  dryRun: z.boolean().default(false).describe('Show before → after and write nothing'),
});
type Input = z.output<typeof inputSchema>;

const OUTCOMES = ['updated', 'unchanged', 'dry_run', 'declined', 'cancelled', 'partial'] as const;

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
  writeApi: z.enum(['v1', 'v2']),
  notes: z.array(z.string()).optional(),
});
type Output = z.output<typeof outputSchema>;

const CORE_FIELDS = ['startedAt', 'separatedAt', 'employmentStatus', 'notHumanReason'] as const;
type CoreField = (typeof CORE_FIELDS)[number];

function currentValue(person: Person, field: CoreField): string | null {
  switch (field) {
    case 'startedAt':
      return person.startDate ?? null;
    case 'separatedAt':
      return person.separationDate ?? null;
    case 'employmentStatus':
      return person.employmentStatus;
    case 'notHumanReason':
      return person.notHumanReason ?? null;
  }
}

/** Checks that need only the arguments: run before any request. */
function validateArgs(args: Input): void {
  if (!CORE_FIELDS.some((f) => args[f] !== undefined) && !args.customFields) {
    throw new InputError(
      'arguments',
      'nothing to change: give at least one of startedAt, separatedAt, employmentStatus, notHumanReason, customFields',
    );
  }
  if (args.employmentStatus === 'OUT_OF_SCOPE' && !args.notHumanReason) {
    throw new InputError(
      'notHumanReason',
      `required when employmentStatus is OUT_OF_SCOPE (1 to ${LIMITS.notHumanReasonMax} characters)`,
    );
  }
  if (args.startedAt && args.separatedAt && args.separatedAt < args.startedAt) {
    throw new InputError('separatedAt', `must not be before startedAt (${args.startedAt})`);
  }
}

/** Custom field writes resolved against the person's defined fields (V2 expand lists all of them). */
function resolveCustomFields(
  args: Input,
  fetched: FetchedPerson,
): Array<{ write: V2CustomFieldWrite; change: FieldChange }> {
  if (!args.customFields) return [];
  const defined = fetched.person.customFields;
  if (!defined) {
    throw new InputError(
      'customFields',
      `cannot check custom fields: ${fetched.v2Unavailable ?? 'Drata returned none for this person'} (the Custom Fields feature may not be enabled)`,
    );
  }
  return args.customFields.map((f, i) => {
    const match = defined.find((d) =>
      f.id !== undefined ? d.id === f.id : d.name.toLowerCase() === f.name?.toLowerCase(),
    );
    if (!match) {
      const known = defined.map((d) => `${d.name} (id ${d.id})`).join(', ') || 'none';
      throw new InputError(
        `customFields[${i}].${f.id !== undefined ? 'id' : 'name'}`,
        `unknown custom field ${JSON.stringify(f.id ?? f.name)}; defined fields: ${known}`,
      );
    }
    return {
      write: { id: match.id, value: f.value },
      change: { field: `customFields.${match.name}`, before: match.value, after: f.value },
    };
  });
}

export const updatePersonnelTool = defineTool({
  name: 'update_personnel',
  title: 'Update a person',
  description: `Change one person's start date (startedAt), separation date (separatedAt), employment status, out-of-scope reason (notHumanReason) or custom fields in Drata. Fetches the current record first, reports "already matches" when nothing would change, and shows before → after. Use dryRun: true first and show the user the preview; a real write asks the user to confirm when the client supports it. OUT_OF_SCOPE needs notHumanReason; FORMER_* statuses need a separation date; dates are YYYY-MM-DD and separation cannot precede start. After writing it reads the record back. Manual edits pause IdP/HRIS sync for those fields until resync_personnel.`,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  inputSchema,
  outputSchema,
  async handler(args: Input, ctx) {
    validateArgs(args);
    const ref = parsePersonRef(args.personnel);
    const writeApi = ctx.config.writeApi;
    if (writeApi === 'v1' && args.customFields) {
      throw new InputError(
        'customFields',
        'custom fields can only be written through the V2 API: set DRATA_WRITE_API=v2',
      );
    }

    const fetched = await fetchPerson(ctx.api, ref, { signal: ctx.signal, logger: ctx.logger });
    const before = fetched.person;
    const who = { id: before.id, name: before.name, email: before.email };

    // Rules that need the current record: effective dates and statuses.
    const targetStatus = (args.employmentStatus ?? before.employmentStatus) as EmploymentStatus;
    const start = args.startedAt ?? before.startDate;
    const separation = args.separatedAt ?? before.separationDate;
    if (start && separation && separation < start) {
      throw new InputError(
        args.separatedAt ? 'separatedAt' : 'startedAt',
        `separation (${separation}) must not be before start (${start})`,
      );
    }
    if (args.employmentStatus && isFormerStatus(args.employmentStatus) && !separation) {
      throw new InputError(
        'separatedAt',
        `required when setting ${args.employmentStatus}: the person has no separation date yet`,
      );
    }
    if (args.notHumanReason && targetStatus !== 'OUT_OF_SCOPE') {
      throw new InputError(
        'notHumanReason',
        'only applies to OUT_OF_SCOPE personnel: also set employmentStatus: "OUT_OF_SCOPE"',
      );
    }
    if (writeApi === 'v1' && (args.startedAt || args.separatedAt) && !start) {
      throw new InputError(
        'startedAt',
        'the V1 contract-dates endpoint needs a start date and this person has none: give startedAt',
      );
    }
    const custom = resolveCustomFields(args, fetched);

    const changes: FieldChange[] = [];
    for (const field of CORE_FIELDS) {
      const after = args[field];
      if (after === undefined) continue;
      const was = currentValue(before, field);
      if (was !== after) changes.push({ field, before: was, after });
    }
    for (const c of custom) if (c.change.before !== c.change.after) changes.push(c.change);

    const notes: string[] = [];
    const result = (outcome: Output['outcome'], extra: Partial<Output> = {}) => {
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
        lines.push(
          `Drata now holds: ${Object.entries(extra.now)
            .map(([k, v]) => `${k}=${v ?? '∅'}`)
            .join(', ')}`,
        );
      for (const n of notes) lines.push(n);
      return { text: lines.join('\n'), structured };
    };

    if (changes.length === 0) {
      notes.push('Already matches: Drata holds these values, nothing was written.');
      return result('unchanged');
    }
    if (args.dryRun) {
      notes.push(
        'Dry run: nothing was written. Call again without dryRun (after the user approves) to apply.',
      );
      return result('dry_run');
    }
    const decision = await confirmWrite(
      ctx,
      `Update ${who.name} (#${who.id}) in Drata?\n${renderChanges(changes)}\n${syncPausedNote(changes.map((c) => c.field))}`,
      { requireExplicit: false, explicit: undefined },
    );
    if (decision !== 'go') {
      notes.push(DECISION_TEXT[decision]);
      return result(decision === 'needs_confirmation' ? 'declined' : decision);
    }

    const changed = new Set(changes.map((c) => c.field));
    const applied: string[] = [];
    try {
      if (writeApi === 'v2') {
        const body: V2UpdateBody = {
          startedAt: changed.has('startedAt') ? args.startedAt : undefined,
          separatedAt: changed.has('separatedAt') ? args.separatedAt : undefined,
          employmentStatus: changed.has('employmentStatus') ? args.employmentStatus : undefined,
          notHumanReason:
            changed.has('notHumanReason') || changed.has('employmentStatus')
              ? args.notHumanReason
              : undefined,
          customFields: custom.filter((c) => changed.has(c.change.field)).map((c) => c.write),
        };
        if (!body.customFields?.length) delete body.customFields;
        await ctx.api.v2Update(before.id, body, ctx.signal);
        applied.push(...changed);
      } else {
        if (changed.has('startedAt') || changed.has('separatedAt')) {
          await ctx.api.v1UpdateContractDates(
            before.id,
            { startDate: start as string, ...(separation ? { separationDate: separation } : {}) },
            ctx.signal,
          );
          applied.push(...['startedAt', 'separatedAt'].filter((f) => changed.has(f)));
        }
        if (changed.has('employmentStatus') || changed.has('notHumanReason')) {
          await ctx.api.v1UpdateStatus(
            before.id,
            {
              employmentStatus: targetStatus,
              ...(targetStatus === 'OUT_OF_SCOPE'
                ? { notHumanReason: args.notHumanReason ?? before.notHumanReason }
                : {}),
              ...(isFormerStatus(targetStatus) && separation ? { separationDate: separation } : {}),
            },
            ctx.signal,
          );
          applied.push(...['employmentStatus', 'notHumanReason'].filter((f) => changed.has(f)));
        }
      }
    } catch (err) {
      ctx.cache.invalidate();
      if (applied.length === 0) throw err;
      notes.push(
        `Partly written: ${applied.join(', ')} changed; the rest failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      return result('partial');
    }
    ctx.cache.invalidate();

    // Read back what Drata now holds. The write already succeeded: a failed read-back is a note, not an error.
    let after: Person | undefined;
    try {
      after = (
        await fetchPerson(ctx.api, { kind: 'id', id: before.id }, { signal: ctx.signal, logger: ctx.logger })
      ).person;
    } catch (err) {
      notes.push(
        `Written, but reading it back failed (${err instanceof Error ? err.message : String(err)}): call get_personnel to see what Drata holds.`,
      );
    }
    let now: Record<string, string | null> | undefined;
    if (after) {
      const held: Record<string, string | null> = {};
      const unread: string[] = [];
      for (const c of changes) {
        const isCustom = c.field.startsWith('customFields.');
        if (isCustom && after.customFields === undefined) {
          // The read-back's V2 lookup failed: we do not know, which is not the same as empty.
          unread.push(c.field);
          continue;
        }
        const value = isCustom
          ? (after.customFields?.find((f) => `customFields.${f.name}` === c.field)?.value ?? null)
          : currentValue(after, c.field as CoreField);
        held[c.field] = value;
        if (value !== c.after)
          notes.push(
            `Check: Drata now holds ${c.field}=${value ?? '∅'}, not the requested ${c.after ?? '∅'}.`,
          );
      }
      if (unread.length)
        notes.push(`Written, but ${unread.join(', ')} could not be read back: call get_personnel to check.`);
      now = held;
    }
    const synced = changes.map((c) => c.field).filter((f) => !f.startsWith('customFields.'));
    if (synced.length) notes.push(syncPausedNote(synced));
    return result('updated', { now });
  },
});
