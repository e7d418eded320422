/** list_personnel results as objects: the structured table (columns + rows) and the text lines. */
import { decodeCheckSet } from '../../src/personnel/check-sets.js';

export type Cell = string | number | null;

export interface ListPage {
  columns: string[];
  rows: Cell[][];
  from: number;
  shown: number;
  total?: number;
  truncated: boolean;
  nextCursor?: string;
  api: string;
  notes?: string[];
  [key: string]: unknown;
}

export interface RowObject {
  id: number;
  name: string;
  email: string | null;
  status: string;
  started: string | null;
  separated: string | null;
  failing: string[];
  excluded: string[];
  devices: number | null;
  failingDevices: number | null;
  reason: string | null;
  manualSince: string | null;
  /** Those of `failing` that are MISCONFIGURED (written "NAME misconfigured" in the cell). */
  misconfigured: string[];
}

/** The checks a failing cell (or text list) marks MISCONFIGURED, sorted. */
export const misconfiguredIn = (cell: string | null | undefined): string[] =>
  (cell ?? '')
    .split(',')
    .filter((x) => x.endsWith(' misconfigured'))
    .map((x) => x.slice(0, -' misconfigured'.length))
    .sort();

/** The structured rows of a list result, keyed by column name. */
export function rowsOf(structured: unknown): RowObject[] {
  const page = structured as ListPage;
  return page.rows.map((r) => {
    const o = Object.fromEntries(page.columns.map((c, i) => [c, r[i] ?? null])) as Record<string, Cell>;
    // Check lists may name a group ("all device checks but LOCATION_SERVICES"): read back every name.
    const list = (v: Cell) => (v ? decodeCheckSet(String(v)) : []);
    const failing = o.failing ?? null;
    const misconfigured = misconfiguredIn(failing === null ? null : String(failing));
    return { ...o, failing: list(failing), misconfigured, excluded: list(o.excluded ?? null) } as unknown as RowObject;
  });
}

/** The ids of the person lines (`#12 …`) in a list result's text. */
export const textIds = (text: string): number[] =>
  [...text.matchAll(/^#(\d+) /gm)].map((m) => Number(m[1]));
