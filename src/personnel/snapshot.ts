/**
 * The org snapshot: a question the API cannot filter exactly walks the org once (V1, 50 a page, in name
 * order) and keeps the normalized whole records (identities, devices, checks, trainings) for a bounded
 * time. Later pages, other questions and the compliance report are answered from it without a request.
 *
 *  - Scope = a set of statuses; a snapshot of a superset scope answers a subset.
 *  - Lifetime: DRATA_SNAPSHOT_TTL seconds from the walk; every answer says "data as of".
 *  - Memory: at most MAX_SNAPSHOTS snapshots (least recently used dropped first); a new snapshot drops
 *    the ones its scope covers. One walk at a time per scope: concurrent questions share it.
 *  - Writes through the server mark the person they changed; the next use fetches that person again and
 *    puts the new record in every snapshot (or out of it, when its status left the scope).
 */
import { randomBytes } from 'node:crypto';
import { EMPLOYMENT_STATUSES, type EmploymentStatus, LIMITS } from '../drata/catalog.js';
import { walkV1Pages } from '../drata/pagination.js';
import type { PersonnelApi } from '../drata/personnel.js';
import { InputError } from '../errors.js';
import type { Person } from './model.js';
import { fromV1 } from './normalize.js';
import { ValuePool } from './pool.js';
import { v1StatusParams } from './status.js';

export interface Snapshot {
  /** Names the snapshot in cursors. */
  readonly id: string;
  readonly statuses: ReadonlySet<string>;
  /** Every person in scope, keyed by personnel id. */
  readonly people: Map<number, Person>;
  readonly asOf: Date;
  /** V1 pages the walk fetched. */
  readonly pages: number;
}

export interface SnapshotOptions {
  signal?: AbortSignal;
  /** Pages the walk may fetch before it gives up. */
  maxPages: number;
  /** Ignore a held snapshot and walk again. */
  fresh?: boolean;
  /** One call per page fetched. */
  onPage?: (done: number, total: number | undefined) => Promise<void> | void;
}

export const MAX_SNAPSHOTS = 4;

let counter = 0;

export class SnapshotStore {
  /** Most recently used last. */
  private readonly kept: Snapshot[] = [];
  private readonly building = new Map<string, Promise<Snapshot>>();
  private readonly dirty = new Set<number>();
  /** Bumped when every snapshot is dropped (a write whose person is unknown): walks begun before are not kept. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private alive(s: Snapshot): boolean {
    return this.now().getTime() - s.asOf.getTime() < this.ttlMs;
  }

  private prune(): void {
    for (let i = this.kept.length - 1; i >= 0; i--) if (!this.alive(this.kept[i] as Snapshot)) this.kept.splice(i, 1);
  }

  /** A live snapshot covering every status of `scope` (most recently used first), without fetching. */
  find(scope: readonly string[]): Snapshot | undefined {
    this.prune();
    const hit = [...this.kept].reverse().find((s) => scope.every((st) => s.statuses.has(st)));
    if (hit) this.use(hit);
    return hit;
  }

  /** The live snapshot a cursor names, or undefined when it has expired or was replaced. */
  byId(id: string): Snapshot | undefined {
    this.prune();
    const hit = this.kept.find((s) => s.id === id);
    if (hit) this.use(hit);
    return hit;
  }

  private use(s: Snapshot): void {
    const i = this.kept.indexOf(s);
    if (i >= 0) this.kept.splice(i, 1);
    this.kept.push(s);
  }

  /** A snapshot for `scope`: a held one (after applying writes since), or a new walk. */
  async get(api: PersonnelApi, scope: readonly string[], options: SnapshotOptions): Promise<Snapshot> {
    const held = options.fresh ? undefined : this.find(scope);
    if (held) {
      await this.applyWrites(api, options.signal);
      return this.byId(held.id) ?? this.get(api, scope, options);
    }
    const key = [...scope].sort().join(',');
    let walk = options.fresh ? undefined : this.building.get(key);
    if (!walk) {
      walk = this.walk(api, scope, options).finally(() => this.building.delete(key));
      this.building.set(key, walk);
    }
    const snapshot = await walk;
    await this.applyWrites(api, options.signal);
    return this.byId(snapshot.id) ?? snapshot;
  }

  /** A write through the server changed this person: fetch them again before the next answer. */
  touch(personnelId?: number): void {
    if (personnelId === undefined) {
      this.kept.length = 0;
      this.generation++;
      return;
    }
    // Nothing held or being walked: the next walk reads the person as written.
    if (this.kept.length || this.building.size) this.dirty.add(personnelId);
  }

  /** Snapshots and people held, for the bench and the stats line. */
  stats(): { snapshots: number; people: number } {
    this.prune();
    return { snapshots: this.kept.length, people: this.kept.reduce((n, s) => n + s.people.size, 0) };
  }

  private async applyWrites(api: PersonnelApi, signal: AbortSignal | undefined): Promise<void> {
    if (this.dirty.size === 0 || this.kept.length === 0) return;
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const id of ids) {
      let person: Person;
      try {
        person = fromV1(await api.v1Get(id, signal));
      } catch {
        // Cannot tell what the write made of this person: no snapshot may answer for them.
        this.touch();
        return;
      }
      for (const s of this.kept) {
        s.people.delete(id);
        if (s.statuses.has(person.employmentStatus)) s.people.set(id, person);
      }
    }
  }

  private async walk(api: PersonnelApi, scope: readonly string[], options: SnapshotOptions): Promise<Snapshot> {
    const asOf = this.now();
    const generation = this.generation;
    const people = new Map<number, Person>();
    let done = 0;
    const counted: PageCounter = async (fetch, pagesOf) => {
      const page = await fetch();
      done++;
      await options.onPage?.(done, Math.max(done, pagesOf(page)));
      return page;
    };
    const { capped, pages } = await walkScope(
      api,
      scope,
      { signal: options.signal, counted, maxPages: options.maxPages },
      people,
    );
    if (capped) {
      throw new InputError(
        'employmentStatus',
        `more than ${options.maxPages * LIMITS.v1PageSizeMax} people to read: narrow the statuses or search`,
      );
    }
    // A write of unknown reach landed during the walk: answer this question, keep nothing.
    if (generation !== this.generation) return this.make(scope, people, asOf, pages);
    return this.put(scope, people, asOf, pages);
  }

  private make(scope: readonly string[], people: Map<number, Person>, asOf: Date, pages: number): Snapshot {
    const id = `${(++counter).toString(36)}${randomBytes(3).toString('base64url')}`;
    return { id, statuses: scopeSet(scope), people, asOf, pages };
  }

  /** A held snapshot covering `scope`, after applying the writes made since; undefined when none is held. */
  async current(api: PersonnelApi, scope: readonly string[], signal?: AbortSignal): Promise<Snapshot | undefined> {
    if (!this.find(scope)) return undefined;
    await this.applyWrites(api, signal);
    return this.find(scope);
  }

  /** Keep a complete walk of `scope` as a snapshot (it replaces the snapshots its scope covers). */
  put(scope: readonly string[], people: Map<number, Person>, asOf: Date, pages: number): Snapshot {
    const snapshot = this.make(scope, people, asOf, pages);
    const statuses = snapshot.statuses;
    for (let i = this.kept.length - 1; i >= 0; i--) {
      const s = this.kept[i] as Snapshot;
      if ([...s.statuses].every((st) => statuses.has(st))) this.kept.splice(i, 1);
    }
    this.kept.push(snapshot);
    while (this.kept.length > MAX_SNAPSHOTS) this.kept.shift();
    return snapshot;
  }
}

const scopeSet = (scope: readonly string[]): Set<string> => new Set<string>(scope.length ? scope : EMPLOYMENT_STATUSES);

/** Fetches one page through the caller's accounting (cap, progress, later tries); pagesOf reads its size. */
export type PageCounter = <T>(fetch: () => Promise<T>, pagesOf: (page: T) => number) => Promise<T>;

/**
 * Walk every V1 page of `scope` (50 a page, name order, 4 in flight) into `people`, normalized. On a failure
 * the people read so far stay in `people` (a partial report can count them). Each page is normalized while
 * it is parsed, through one pool for the walk (pool.ts): a page in flight holds Persons, never its parsed
 * records, and the snapshot holds one copy of each repeated value.
 */
export async function walkScope(
  api: PersonnelApi,
  scope: readonly string[],
  options: { signal?: AbortSignal; counted: PageCounter; maxPages?: number },
  people: Map<number, Person>,
): Promise<{ capped: boolean; pages: number }> {
  const statuses = scopeSet(scope);
  const pool = new ValuePool();
  const pagesOf = (page: { total: number }) => Math.max(1, Math.ceil(page.total / LIMITS.v1PageSizeMax));
  const params = {
    ...v1StatusParams([...statuses] as EmploymentStatus[]).params,
    limit: LIMITS.v1PageSizeMax,
    sort: 'NAME',
    sortDir: 'ASC',
  } as const;
  const fetchPage = (page: number, signal: AbortSignal | undefined) =>
    api.v1ListLeanMapped({ ...params, page }, (r) => fromV1(r, pool), signal);
  const walk = walkV1Pages((page, signal) => options.counted(() => fetchPage(page, signal), pagesOf), {
    signal: options.signal,
    concurrency: 4,
    maxPages: options.maxPages ?? Number.MAX_SAFE_INTEGER,
    limit: params.limit,
  });
  for await (const page of walk) {
    for (const p of page.data) if (statuses.has(p.employmentStatus)) people.set(p.id, p);
  }
  return { capped: walk.capped, pages: walk.pages };
}
