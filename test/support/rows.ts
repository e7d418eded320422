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
}

/** The structured rows of a list result, keyed by column name. */
export function rowsOf(structured: unknown): RowObject[] {
  const page = structured as ListPage;
  return page.rows.map((r) => {
    const o = Object.fromEntries(page.columns.map((c, i) => [c, r[i] ?? null])) as Record<string, Cell>;
    // Check lists may name a group ("all device checks but LOCATION_SERVICES"): read back every name.
    const list = (v: Cell) => (v ? decodeCheckSet(String(v)) : []);
    return { ...o, failing: list(o.failing ?? null), excluded: list(o.excluded ?? null) } as unknown as RowObject;
  });
}

/** The ids of the person lines (`#12 …`) in a list result's text. */
export const textIds = (text: string): number[] =>
  [...text.matchAll(/^#(\d+) /gm)].map((m) => Number(m[1]));
