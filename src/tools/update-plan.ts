/**
 * update_personnel's rules: argument checks, the change computed against the current record, the requests
 * that carry it out (V2 one PUT, V1 contract dates and status), and the field-by-field read-back.
 */
import { type EmploymentStatus, isFormerStatus, LIMITS } from '../drata/catalog.js';
import type { V2CustomFieldWrite, V2UpdateBody } from '../drata/personnel.js';
import { InputError } from '../errors.js';
import type { FetchedPerson } from '../personnel/lookup.js';
import type { Person } from '../personnel/model.js';
import type { FieldChange } from '../personnel/render.js';
import type { ToolContext } from './types.js';
import type { FieldCheck } from './write-outcome.js';

export const CORE_FIELDS = ['startedAt', 'separatedAt', 'employmentStatus', 'notHumanReason'] as const;
type CoreField = (typeof CORE_FIELDS)[number];

export interface UpdateArgs {
  startedAt?: string | undefined;
  separatedAt?: string | undefined;
  employmentStatus?: EmploymentStatus | undefined;
  notHumanReason?: string | undefined;
  customFields?: Array<{ id?: number | undefined; name?: string | undefined; value: string | null }> | undefined;
}

export interface UpdatePlan {
  person: Person;
  changes: FieldChange[];
  custom: Array<{ write: V2CustomFieldWrite; change: FieldChange }>;
  targetStatus: EmploymentStatus;
  start: string | undefined;
  separation: string | undefined;
}

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
export function validateArgs(args: UpdateArgs, writeApi: 'v1' | 'v2'): void {
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
  if (writeApi === 'v1' && args.customFields) {
    throw new InputError(
      'customFields',
      'custom fields can only be written through the V2 API: set DRATA_WRITE_API=v2',
    );
  }
}

/** Custom field writes resolved against the person's defined fields (V2 expand lists all of them). */
function resolveCustomFields(args: UpdateArgs, fetched: FetchedPerson): UpdatePlan['custom'] {
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

/** Rules that need the current record (effective dates and statuses), then the before → after list. */
export function planUpdate(args: UpdateArgs, fetched: FetchedPerson, writeApi: 'v1' | 'v2'): UpdatePlan {
  const person = fetched.person;
  const targetStatus = (args.employmentStatus ?? person.employmentStatus) as EmploymentStatus;
  const start = args.startedAt ?? person.startDate;
  const separation = args.separatedAt ?? person.separationDate;
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
    const was = currentValue(person, field);
    if (was !== after) changes.push({ field, before: was, after });
  }
  for (const c of custom) if (c.change.before !== c.change.after) changes.push(c.change);
  return { person, changes, custom, targetStatus, start, separation };
}

/** Send the change; `applied` collects the fields whose request succeeded (for a partial V1 write). */
export async function writeUpdate(
  ctx: ToolContext,
  args: UpdateArgs,
  plan: UpdatePlan,
  applied: string[],
): Promise<void> {
  const { person, targetStatus, start, separation } = plan;
  const changed = new Set(plan.changes.map((c) => c.field));
  if (ctx.config.writeApi === 'v2') {
    const body: V2UpdateBody = {
      startedAt: changed.has('startedAt') ? args.startedAt : undefined,
      separatedAt: changed.has('separatedAt') ? args.separatedAt : undefined,
      employmentStatus: changed.has('employmentStatus') ? args.employmentStatus : undefined,
      notHumanReason:
        changed.has('notHumanReason') || changed.has('employmentStatus') ? args.notHumanReason : undefined,
      customFields: plan.custom.filter((c) => changed.has(c.change.field)).map((c) => c.write),
    };
    if (!body.customFields?.length) delete body.customFields;
    await ctx.api.v2Update(person.id, body, ctx.signal);
    applied.push(...changed);
    return;
  }
  if (changed.has('startedAt') || changed.has('separatedAt')) {
    await ctx.api.v1UpdateContractDates(
      person.id,
      { startDate: start as string, ...(separation ? { separationDate: separation } : {}) },
      ctx.signal,
    );
    applied.push(...['startedAt', 'separatedAt'].filter((f) => changed.has(f)));
  }
  if (changed.has('employmentStatus') || changed.has('notHumanReason')) {
    await ctx.api.v1UpdateStatus(
      person.id,
      {
        employmentStatus: targetStatus,
        ...(targetStatus === 'OUT_OF_SCOPE'
          ? { notHumanReason: args.notHumanReason ?? person.notHumanReason }
          : {}),
        ...(isFormerStatus(targetStatus) && separation ? { separationDate: separation } : {}),
      },
      ctx.signal,
    );
    applied.push(...['employmentStatus', 'notHumanReason'].filter((f) => changed.has(f)));
  }
}

/** Each changed field as the read-back shows it (undefined: a custom field the V2 read could not give). */
export function readBackChecks(changes: readonly FieldChange[], after: Person | undefined): FieldCheck[] {
  return changes.map((c) => {
    const isCustom = c.field.startsWith('customFields.');
    let now: string | null | undefined;
    if (!after || (isCustom && after.customFields === undefined)) now = undefined;
    else if (isCustom)
      now = after.customFields?.find((f) => `customFields.${f.name}` === c.field)?.value ?? null;
    else now = currentValue(after, c.field as CoreField);
    return { field: c.field, before: c.before, after: c.after, now };
  });
}
