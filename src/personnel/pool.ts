/**
 * One copy of each repeated value for a walk of the whole org. 20,000 normalized records repeat a few
 * thousand strings (check types and statuses, days, providers, device models, job titles, first names) and
 * small records (a check of one type and status on one day, a training, a background check) hundreds of
 * thousands of times; each parsed page brings its own copies. A pool, kept for one walk, hands out the copy
 * it saw first: the snapshot holds about half the memory, and less of each page outlives its parse.
 *
 * Shared records are frozen, so a change meant for one person can never show on another; Persons stay
 * plain, JSON-serializable data (a serialized snapshot simply repeats them).
 */
export interface Pool {
  str<T extends string | undefined>(s: T): T;
  record<T extends object>(key: string, make: () => T): T;
}

export class ValuePool implements Pool {
  private readonly strings = new Map<string, string>();
  private readonly records = new Map<string, object>();

  /** The pool's copy of `s` (the first one it saw). */
  str<T extends string | undefined>(s: T): T {
    if (s === undefined) return s;
    const held = this.strings.get(s);
    if (held !== undefined) return held as T;
    this.strings.set(s, s);
    return s;
  }

  /**
   * The pool's frozen copy of the record `key` names: `make()` the first time. The key must name every
   * field of the record (two records with one key are taken to be equal).
   */
  record<T extends object>(key: string, make: () => T): T {
    const held = this.records.get(key);
    if (held !== undefined) return held as T;
    const made = Object.freeze(make());
    this.records.set(key, made);
    return made;
  }
}

/** A pool that shares nothing: a single record normalized on its own keeps its own values. */
export const NO_POOL: Pool = {
  str: (s) => s,
  record: (_key, make) => make(),
};

/** The key of a record from its fields: exact (undefined and null stay apart from every string). */
export const keyOf = (...fields: Array<string | number | boolean | null | undefined>): string =>
  JSON.stringify(fields.map((f) => (f === undefined ? [] : f)));
