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
 *  - Replicas (REDIS_URL, `SharedSnapshots`): a complete walk is shared; a replica holding no snapshot of a
 *    covering scope (or of a cursor's id) loads the shared one instead of walking; one walk per scope is in
 *    flight across replicas (the others wait for its snapshot, and walk when its claim lapses without
 *    one); writes through any replica are seen by every replica before its next answer (`sync`).
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PersonnelApi } from '../drata/personnel.js';
import type { Person } from './model.js';
import { fromV1 } from './normalize.js';
import type { OnWait, SharedSnapshotRecord, SharedSnapshots } from './snapshot-share.js';
import { scopeKey, scopeSet, walkWhole } from './snapshot-walk.js';

export { type PageCounter, walkScope } from './snapshot-walk.js';

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
  /** Replicas: about once a second while another replica's walk of the scope is awaited. */
  onWait?: OnWait;
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
  /** The shared write sequence applied here (-1: not read yet). */
  private seen = -1;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
    private readonly shared?: SharedSnapshots,
  ) {}

  private alive(s: Snapshot): boolean {
    return this.now().getTime() - s.asOf.getTime() < this.ttlMs;
  }

  private prune(): void {
    for (let i = this.kept.length - 1; i >= 0; i--) if (!this.alive(this.kept[i] as Snapshot)) this.kept.splice(i, 1);
  }

  /** A live snapshot held here covering every status of `scope` (most recently used first), without fetching. */
  find(scope: readonly string[]): Snapshot | undefined {
    this.prune();
    const hit = [...this.kept].reverse().find((s) => scope.every((st) => s.statuses.has(st)));
    if (hit) this.use(hit);
    return hit;
  }

  /** The live snapshot held here that a cursor names, or undefined when it has expired or was replaced. */
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

  /** A live snapshot covering `scope`, held here or shared by a replica, with the writes since applied; no walk. */
  async lookup(api: PersonnelApi, scope: readonly string[], signal?: AbortSignal): Promise<Snapshot | undefined> {
    await this.sync();
    const held = this.find(scope) ?? (await this.adopt(await this.shared?.find(scope)));
    if (!held) return undefined;
    await this.applyWrites(api, signal);
    return this.byId(held.id);
  }

  /** The snapshot a cursor names, held here or shared by the replica that issued the cursor. */
  async load(api: PersonnelApi, id: string, signal?: AbortSignal): Promise<Snapshot | undefined> {
    await this.sync();
    if (!this.byId(id)) await this.adopt(await this.shared?.byId(id));
    await this.applyWrites(api, signal);
    return this.byId(id);
  }

  /** A snapshot for `scope`: a held or shared one (after applying writes since), or a new walk. */
  async get(api: PersonnelApi, scope: readonly string[], options: SnapshotOptions): Promise<Snapshot> {
    const held = options.fresh ? undefined : await this.lookup(api, scope, options.signal);
    if (held) return held;
    const key = scopeKey(scope);
    let walk = options.fresh ? undefined : this.building.get(key);
    if (!walk) {
      walk = this.walkOnce(scope, options, () => this.walk(api, scope, options), (s) => s)
        .then((r) => ('loaded' in r ? r.loaded : r.walked))
        .finally(() => this.building.delete(key));
      this.building.set(key, walk);
    }
    const snapshot = await walk;
    await this.sync();
    await this.applyWrites(api, options.signal);
    return this.byId(snapshot.id) ?? snapshot;
  }

  /**
   * Run `walk` of `scope` here, or take the snapshot another replica's walk of it shares: one walk in flight
   * per scope across replicas. `made` names the snapshot a finished walk kept, which is then shared.
   */
  async walkOnce<T>(
    scope: readonly string[],
    options: { signal?: AbortSignal; fresh?: boolean; onWait?: OnWait },
    walk: () => Promise<T>,
    made: (result: T) => Snapshot | undefined,
  ): Promise<{ walked: T } | { loaded: Snapshot }> {
    const shared = this.shared;
    if (!shared) return { walked: await walk() };
    const key = scopeKey(scope);
    for (;;) {
      // A fresh read does not wait for a walk that began before it was asked.
      const claim = options.fresh ? { walk: true as const, release: async () => {} } : await shared.claimWalk(key);
      if (claim.walk) {
        try {
          await this.sync();
          const seq = this.seen;
          const result = await walk();
          const s = made(result);
          // Shared only with the write sequence of its start known (loaders apply the writes after it).
          const share = s && seq >= 0 && this.kept.includes(s);
          if (share) await shared.put(this.record(s, seq), this.ttlMs - this.ageMs(s));
          return { walked: result };
        } finally {
          await claim.release();
        }
      }
      const loaded = await this.awaitShared(scope, key, options);
      if (loaded) return { loaded };
    }
  }

  /** Wait for the walker's snapshot; undefined when its claim ended (or lapsed) without one. */
  private async awaitShared(scope: readonly string[], key: string, options: { signal?: AbortSignal; onWait?: OnWait }) {
    const shared = this.shared as SharedSnapshots;
    const start = Date.now();
    let told = 0;
    for (;;) {
      await sleep(shared.pollMs, undefined, { signal: options.signal });
      const seconds = Math.floor((Date.now() - start) / 1000);
      if (seconds > told) await options.onWait?.((told = seconds));
      await this.sync();
      const found = await this.adopt(await shared.find(scope));
      if (found) return found;
      if (!(await shared.walking(key))) return this.adopt(await shared.find(scope));
    }
  }

  private ageMs(s: Snapshot): number {
    return this.now().getTime() - s.asOf.getTime();
  }

  private record(s: Snapshot, seq: number): SharedSnapshotRecord {
    const people = [...s.people.values()];
    return { id: s.id, statuses: [...s.statuses], asOf: s.asOf.getTime(), pages: s.pages, seq, people };
  }

  /** Hold a shared snapshot here, with the writes made since its walk marked to fetch again. */
  private async adopt(record: SharedSnapshotRecord | undefined): Promise<Snapshot | undefined> {
    if (!record) return undefined;
    const held = this.byId(record.id);
    if (held) return held;
    // Unknown (unreachable) or too many writes since its walk: not used.
    const changes = await this.shared?.changesSince(record.seq);
    if (!changes || changes.all) return undefined;
    const people = new Map<number, Person>(record.people.map((p) => [p.id, p]));
    const { id, pages } = record;
    const snapshot: Snapshot = { id, statuses: scopeSet(record.statuses), people, asOf: new Date(record.asOf), pages };
    if (!this.alive(snapshot)) return undefined;
    this.keep(snapshot);
    for (const id of changes.ids) this.dirty.add(id);
    return snapshot;
  }

  /** Take in the writes other replicas made since the last look; true when there were any. */
  async sync(): Promise<boolean> {
    const changes = await this.shared?.changesSince(this.seen);
    if (!changes) return false;
    const first = this.seen < 0;
    this.seen = changes.all ? changes.seq : Math.max(this.seen, changes.seq);
    if (first) return false;
    if (changes.all) this.dropAll();
    for (const id of changes.ids) this.mark(id);
    return changes.all || changes.ids.length > 0;
  }

  /** A write through this server changed this person (every snapshot goes when unknown); replicas are told. */
  async touch(personnelId?: number): Promise<void> {
    if (personnelId === undefined) this.dropAll();
    else this.mark(personnelId);
    const seq = await this.shared?.wrote(personnelId);
    // This replica's own write, already applied here.
    if (seq !== undefined && seq === this.seen + 1) this.seen = seq;
  }

  private dropAll(): void {
    this.kept.length = 0;
    this.generation++;
  }

  private mark(personnelId: number): void {
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
        this.dropAll();
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
    const { people, pages } = await walkWhole(api, scope, options);
    // A write of unknown reach landed during the walk: answer this question, keep nothing.
    if (generation !== this.generation) return this.make(scope, people, asOf, pages);
    return this.put(scope, people, asOf, pages);
  }

  private make(scope: readonly string[], people: Map<number, Person>, asOf: Date, pages: number): Snapshot {
    const id = `${(++counter).toString(36)}${randomBytes(3).toString('base64url')}`;
    return { id, statuses: scopeSet(scope), people, asOf, pages };
  }

  /** Keep a complete walk of `scope` as a snapshot (it replaces the snapshots its scope covers). */
  put(scope: readonly string[], people: Map<number, Person>, asOf: Date, pages: number): Snapshot {
    const snapshot = this.make(scope, people, asOf, pages);
    this.keep(snapshot);
    return snapshot;
  }

  private keep(snapshot: Snapshot): void {
    for (let i = this.kept.length - 1; i >= 0; i--) {
      const s = this.kept[i] as Snapshot;
      if ([...s.statuses].every((st) => snapshot.statuses.has(st))) this.kept.splice(i, 1);
    }
    this.kept.push(snapshot);
    while (this.kept.length > MAX_SNAPSHOTS) this.kept.shift();
  }
}
