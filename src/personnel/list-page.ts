/** A page of a list answer and where the next one starts (planner and snapshot pages alike). */
import type { Person } from './model.js';

/** Where a page starts: the absolute row index, plus the V2 cursor and rows to skip on its page. */
export interface ListPosition {
  at: number;
  /** The snapshot the pages come from (cursor pages of one answer never mix snapshots). */
  snapshot?: string;
  upstream?: string;
  skip?: number;
}

export interface ListPage {
  people: Person[];
  /** Absolute index of people[0] in the whole result. */
  start: number;
  total?: number;
  api: 'v1' | 'v2';
  /** True when V1's broader answer was filtered here (every page of it read). */
  filtered: boolean;
  /** Where to continue after the first `shown` people of this page; undefined at the end. */
  resume(shown: number): ListPosition | undefined;
  /** When the answer came from a snapshot: its "data as of" and every person matching (for counts). */
  asOf?: Date;
  matched?: Person[];
  /** What the answer says besides rows and counts (query-notes.ts). */
  notes?: string[];
  /** The snapshot's id, for cursors. */
  snapshot?: string;
}
