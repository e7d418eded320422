/**
 * List rows: what a model needs to answer a list question or pick the next call, in tens of tokens: who,
 * status and dates, failing and excluded checks, devices, why out of scope, and a manual status override.
 * Check lists are written compactly (check-sets.ts: "all device checks but LOCATION_SERVICES"); a result
 * that uses a group, or cuts a reason, says what the group stands for and how to get the reason whole
 * (`rowLegend`), in both channels.
 */
import { encodeCheckSet, groupLegend } from './check-sets.js';
import { dropEmpty } from './summarize.js';
import { checkStatus, deviceCounts, excludedCheckTypes, failingCheckTypes, type Person } from './model.js';

/** Out-of-scope reasons longer than this are cut at a word (with "…") in rows; get_personnel has them whole. */
export const ROW_REASON_MAX = 60;

/** How a cut reason says so, and where the whole one is. */
export const REASON_CUT_NOTE = 'Reasons ending in "…" are cut: include ["reason"] (or get_personnel) has them whole.';

export interface PersonRow {
  id: number;
  name: string;
  email?: string;
  status: string;
  started?: string;
  separated?: string;
  /** FAIL or MISCONFIGURED checks (what the `failing` condition and the report's failing lists count). */
  failing?: string[];
  /** Those of `failing` that are MISCONFIGURED rather than FAIL. */
  misconfigured?: string[];
  /** EXCLUDED checks. */
  excluded?: string[];
  /** Devices and failing devices; undefined when the source does not carry devices (V2). */
  devices?: { count: number; failing: number };
  /** Why the person is out of scope (notHumanReason), shortened. */
  reason?: string;
  /** The day the status was set manually: IdP/HRIS sync of it is paused. */
  manualSince?: string;
  /** The reason was cut (it ends with "…"). */
  reasonCut?: boolean;
}

/** `text` cut to at most `max` characters at a word boundary, ending with "…" (whole words only). */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  const atWord = /\s/.test(text.charAt(max)) ? { index: max } : /\s\S*$/.exec(head);
  const cut = atWord && atWord.index > max / 2 ? head.slice(0, atWord.index) : head.slice(0, max - 1);
  return `${cut.replace(/[\s,;:.-]+$/, '')}…`;
}

export function toRow(person: Person): PersonRow {
  const reason = person.notHumanReason?.trim();
  const failing = person.checks ? failingCheckTypes(person) : [];
  return dropEmpty({
    id: person.id,
    name: person.name,
    email: person.email,
    status: person.employmentStatus,
    started: person.startDate,
    separated: person.separationDate,
    failing,
    misconfigured: failing.filter((t) => checkStatus(person, t) === 'MISCONFIGURED'),
    excluded: person.checks ? excludedCheckTypes(person) : [],
    devices: deviceCounts(person),
    reason: reason ? shorten(reason.replace(/\s+/g, ' '), ROW_REASON_MAX) : undefined,
    manualSince: person.statusUpdatedAt?.slice(0, 10),
    reasonCut: reason && reason.replace(/\s+/g, ' ').length > ROW_REASON_MAX ? true : undefined,
  });
}

/** The lines a page of rows needs to be read: what its check groups stand for, how to get cut reasons. */
export function rowLegend(rows: readonly PersonRow[]): string[] {
  const used = new Set<string>();
  for (const r of rows) {
    encodeCheckSet(r.failing ?? [], used, r.misconfigured);
    encodeCheckSet(r.excluded ?? [], used);
  }
  const lines = groupLegend(used);
  if (rows.some((r) => r.reasonCut)) lines.push(REASON_CUT_NOTE);
  return lines;
}

/**
 * Rows travel as a compact table: the same values for every person, in this order, the rarely set ones
 * last so that the empty cells at the end of a row can be left out (a missing cell is null). `separated`
 * comes after the check lists: most rows are current people without one, and the reason and manual
 * override after it are rarer still.
 */
export const ROW_COLUMNS = [
  'id',
  'name',
  'email',
  'status',
  'started',
  'devices',
  'failingDevices',
  'failing',
  'excluded',
  'separated',
  'reason',
  'manualSince',
] as const;

export type Cell = string | number | null;

/** A row as table cells: check lists comma-separated (groups as `encodeCheckSet` writes them, a MISCONFIGURED
 * check as "NAME misconfigured"), missing values null (devices: null = not known), trailing nulls dropped. */
export function toCells(r: PersonRow): Cell[] {
  const cells: Cell[] = [
    r.id,
    r.name,
    r.email ?? null,
    r.status,
    r.started ?? null,
    r.devices ? r.devices.count : null,
    r.devices ? r.devices.failing : null,
    r.failing?.length ? encodeCheckSet(r.failing, undefined, r.misconfigured) : null,
    r.excluded?.length ? encodeCheckSet(r.excluded) : null,
    r.separated ?? null,
    r.reason ?? null,
    r.manualSince ?? null,
  ];
  while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
  return cells;
}
