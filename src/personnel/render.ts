/**
 * The one text renderer: compact, model-friendly text for every shape the tools return. It renders from
 * the structured values (summaries, rows, diffs) and never from raw Drata payloads, so text and
 * structuredContent always say the same thing.
 */
import { encodeCheckSet } from './check-sets.js';
import { plural } from './plural.js';
import { MULTI_VALUED } from './query-groups.js';
import { renderDetail, type RowDetail } from './row-details.js';
import type { PersonRow } from './rows.js';
import type { PersonSummary } from './summary-schema.js';

const list = (items: readonly string[]): string => items.join(', ');

const TRAINING_WORDS: Record<NonNullable<PersonSummary['training']>[number]['state'], string> = {
  expired: 'EXPIRED',
  never_completed: 'never completed',
  due_soon: 'due within 30 days',
  ok: 'ok',
  no_renewal_date: 'no renewal date',
};

/**
 * One line per person:
 * `#12 Anna Schmidt anna@x.com CURRENT_EMPLOYEE 2023-01-04→; failing IDENTITY_MFA; 2 devices, 1 failing`.
 */
export function renderRow(row: PersonRow): string {
  // The email needs no brackets: it is the one word with an "@" before the status.
  let line = `#${row.id} ${row.name}${row.email && row.email !== row.name ? ` ${row.email}` : ''} ${row.status}`;
  if (row.started || row.separated) line += ` ${row.started ?? '?'}→${row.separated ?? ''}`;
  const parts: string[] = [];
  // A MISCONFIGURED check is named as such among the failing ones ("IDENTITY_MFA misconfigured"), not folded into FAIL.
  if (row.failing?.length) parts.push(`failing ${encodeCheckSet(row.failing, undefined, row.misconfigured)}`);
  if (row.excluded?.length) parts.push(`excluded ${encodeCheckSet(row.excluded)}`);
  if (row.devices) {
    const { count, failing } = row.devices;
    parts.push(count === 0 ? 'no device' : `${plural(count, 'device')}${failing ? `, ${failing} failing` : ''}`);
  }
  if (row.reason) parts.push(`reason: ${row.reason}`);
  if (row.manualSince) parts.push(`status set manually ${row.manualSince}`);
  return parts.length ? `${line}; ${parts.join('; ')}` : line;
}

export function renderRows(rows: readonly PersonRow[]): string {
  return rows.map(renderRow).join('\n');
}

export function renderSummary(s: PersonSummary): string {
  return [...headLines(s), ...checkLines(s), ...identityLines(s), ...deviceLines(s), ...otherLines(s)].join('\n');
}

/** Who, employment status and the out-of-scope reason. */
function headLines(s: PersonSummary): string[] {
  const lines: string[] = [];
  const who = `${s.name} (#${s.id})${s.email && s.email !== s.name ? ` <${s.email}>` : ''}${s.jobTitle ? `, ${s.jobTitle}` : ''}`;
  lines.push(who);
  const status = [`Status: ${s.employmentStatus}`];
  if (s.startDate) status.push(`started ${s.startDate}`);
  if (s.separationDate) status.push(`separated ${s.separationDate}`);
  if (s.manualStatusSince) status.push(`set manually ${s.manualStatusSince} (IdP/HRIS sync paused)`);
  lines.push(status.join(' · '));
  if (s.notHumanReason)
    lines.push(
      `Out-of-scope reason: ${s.notHumanReason}${s.reasonProvider ? ` (by ${s.reasonProvider})` : ''}`,
    );
  return lines;
}

/** Failing, excluded and passing compliance checks. */
function checkLines(s: PersonSummary): string[] {
  const lines: string[] = [];
  if (s.failingChecks?.length) {
    lines.push(
      `Failing checks: ${list(
        s.failingChecks.map(
          (c) =>
            // The expiry is said once: by the reason when it names it ("expired 2026-07-20").
            `${c.type}${c.status !== 'FAIL' ? ` (${c.status})` : ''}${c.expiresOn && !c.reason?.includes(c.expiresOn) ? ` expires ${c.expiresOn}` : ''}${c.reason ? `: ${c.reason}` : ''}`,
        ),
      )}`,
    );
  } else if (
    s.failingChecks === undefined &&
    s.excludedChecks === undefined &&
    s.passingChecks === undefined
  ) {
    // nothing known about checks in this view
  } else {
    lines.push('Failing checks: none');
  }
  if (s.excludedChecks?.length) {
    lines.push(
      `Excluded checks: ${s.excludedChecks.map((g) => `${list(g.checks)}${g.exclusion ? ` (${g.exclusion})` : ''}`).join('; ')}`,
    );
  }
  if (s.passingChecks?.length) lines.push(`Passing checks: ${list(s.passingChecks)}`);
  return lines;
}

/** Every identity with its MFA as reported (on, OFF, unknown); "IdP" marks those that decide IDENTITY_MFA. */
function identityLines(s: PersonSummary): string[] {
  if (!s.identities) return [];
  if (!s.identities.length)
    return s.omitted?.some((o) => o.startsWith('identities:')) ? [] : ['Identities: none'];
  const mfa = (v: boolean | undefined) => (v === undefined ? 'MFA unknown' : v ? 'MFA on' : 'MFA OFF');
  return [
    `Identities (IdP: decides IDENTITY_MFA): ${list(
      s.identities.map((i) => {
        const bits = [i.provider + (i.username ? ` ${i.username}` : '')];
        if (i.idp) bits.push('IdP');
        // An HRIS record is not a login: its MFA does not apply, and the API's value is still shown.
        if (i.hris) bits.push(`HRIS record, MFA n/a (reports ${i.mfa === undefined ? 'unknown' : i.mfa ? 'on' : 'off'})`);
        else bits.push(mfa(i.mfa));
        bits.push(i.connected ? 'connected' : 'disconnected');
        return bits.join(' ') + (i.since ? ` ${i.since}` : '');
      }),
    )}`,
  ];
}

function deviceLines(s: PersonSummary): string[] {
  if (!s.devices) return [];
  const head = s.devices.count === 0 ? 'Devices: none' : `Devices: ${s.devices.count} (${s.devices.failingCount} failing)`;
  const rows = (s.devices.list ?? []).map(
    (d) =>
      `  - #${d.id} ${[d.name, d.os].filter(Boolean).join(', ')}${d.lastCheckedOn ? `, seen ${d.lastCheckedOn}` : ''}${
        d.failing?.length
          ? `: failing ${list(d.failing)}`
          : d.compliant === false
            ? ': not compliant'
            : ': compliant'
      }`,
  );
  return [head, ...rows];
}

/** Background check, training, custom fields and what the summary left out. */
function otherLines(s: PersonSummary): string[] {
  const lines: string[] = [];
  if (s.backgroundCheck) {
    const b = s.backgroundCheck;
    lines.push(`Background check: ${[b.status, b.type, b.date, b.note].filter(Boolean).join(', ')}`);
  }
  if (s.training?.length) {
    lines.push(
      `Training: ${list(
        s.training.map(
          (t) => `${t.type} ${TRAINING_WORDS[t.state]}${t.renewalOn ? ` (renewal ${t.renewalOn})` : ''}`,
        ),
      )}`,
    );
  }
  if (s.customFields && Object.keys(s.customFields).length) {
    lines.push(
      `Custom fields: ${list(Object.entries(s.customFields).map(([k, v]) => `${k}=${v === null || v === '' ? '∅' : v}`))}`,
    );
  }
  if (s.omitted?.length) lines.push(`Not shown: ${s.omitted.join('; ')}`);
  return lines;
}

export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

/** `startDate: 2023-01-04 → 2023-02-01` lines for a write preview or result. */
export function renderChanges(changes: readonly FieldChange[]): string {
  return changes.map((c) => `  ${c.field}: ${c.before ?? '∅'} → ${c.after ?? '∅'}`).join('\n');
}

/** A list page: heading, each row with its detail lines, then the cut, the cursor and the notes. */
export function renderListText(args: {
  head: string;
  items: ReadonlyArray<{ row: PersonRow; detail?: RowDetail }>;
  truncated: boolean;
  nextCursor?: string;
  notes: readonly string[];
}): string {
  const lines = [args.head];
  if (!args.items.length) lines.push('(none)');
  for (const { row, detail } of args.items) lines.push(renderRow(row), ...(detail ? renderDetail(detail) : []));
  if (args.truncated) lines.push(`Cut to fit the output budget after ${args.items.length} rows.`);
  return tail(lines, args.nextCursor, args.notes);
}

const tail = (lines: string[], nextCursor: string | undefined, notes: readonly string[]): string => {
  if (nextCursor) lines.push(`nextCursor: ${nextCursor}`);
  for (const n of notes) lines.push(`Note: ${n}`);
  return lines.join('\n');
};

/** A count: the exact total, and groups (`key: count` a line) with where they continue. */
export function renderCountText(args: {
  groupBy?: string;
  total: number | undefined;
  heading: string;
  shown: ReadonlyArray<{ key: string; count: number }>;
  of: number;
  from: number;
  nextCursor?: string;
  notes: readonly string[];
}): string {
  const lines = [`Count: ${args.total ?? 'unknown'} personnel ${args.heading}`];
  if (args.groupBy && args.of === 0) lines.push(`Groups by ${args.groupBy}: none`);
  else if (args.groupBy) {
    const range = args.shown.length ? `${args.from + 1}–${args.from + args.shown.length}` : '0';
    lines.push(`Groups by ${args.groupBy} ${range} of ${args.of}:`);
    for (const g of args.shown) lines.push(`${g.key}: ${g.count}`);
    if (MULTI_VALUED.has(args.groupBy as never))
      lines.push('(a person counts once in each group they belong to; groups may add up to more than the total)');
  }
  return tail(lines, args.nextCursor, args.notes);
}
