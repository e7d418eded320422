/**
 * List rows: what a model needs to answer a list question or pick the next call, in tens of tokens: who,
 * status and dates, failing and excluded checks, devices, why out of scope, and a manual status override.
 */
import { dropEmpty } from './summarize.js';
import { deviceCounts, excludedCheckTypes, failingCheckTypes, type Person } from './model.js';

/** Out-of-scope reasons longer than this are cut (with "…") in rows; get_personnel has them whole. */
export const ROW_REASON_MAX = 60;

export interface PersonRow {
  id: number;
  name: string;
  email?: string;
  status: string;
  started?: string;
  separated?: string;
  /** FAIL or MISCONFIGURED checks. */
  failing?: string[];
  /** EXCLUDED checks. */
  excluded?: string[];
  /** Devices and failing devices; undefined when the source does not carry devices (V2). */
  devices?: { count: number; failing: number };
  /** Why the person is out of scope (notHumanReason), shortened. */
  reason?: string;
  /** The day the status was set manually: IdP/HRIS sync of it is paused. */
  manualSince?: string;
}

export const shorten = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;

export function toRow(person: Person): PersonRow {
  const reason = person.notHumanReason?.trim();
  return dropEmpty({
    id: person.id,
    name: person.name,
    email: person.email,
    status: person.employmentStatus,
    started: person.startDate,
    separated: person.separationDate,
    failing: person.checks ? failingCheckTypes(person) : [],
    excluded: person.checks ? excludedCheckTypes(person) : [],
    devices: deviceCounts(person),
    reason: reason ? shorten(reason.replace(/\s+/g, ' '), ROW_REASON_MAX) : undefined,
    manualSince: person.statusUpdatedAt?.slice(0, 10),
  });
}

/**
 * Rows travel as a compact table: the same values for every person, in this order, the rarely set ones
 * last so that the empty cells at the end of a row can be left out (a missing cell is null).
 */
export const ROW_COLUMNS = [
  'id',
  'name',
  'email',
  'status',
  'started',
  'separated',
  'devices',
  'failingDevices',
  'failing',
  'excluded',
  'reason',
  'manualSince',
] as const;

export type Cell = string | number | null;

/** A row as table cells: check lists comma-separated, missing values null (devices: null = not known), trailing
 * nulls dropped. */
export function toCells(r: PersonRow): Cell[] {
  const cells: Cell[] = [
    r.id,
    r.name,
    r.email ?? null,
    r.status,
    r.started ?? null,
    r.separated ?? null,
    r.devices ? r.devices.count : null,
    r.devices ? r.devices.failing : null,
    r.failing?.length ? r.failing.join(',') : null,
    r.excluded?.length ? r.excluded.join(',') : null,
    r.reason ?? null,
    r.manualSince ?? null,
  ];
  while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
  return cells;
}
