/**
 * A short-lived in-memory cache of report aggregates, keyed by scope, and the org snapshots behind list
 * questions and reports. Any write through this server (or, with replicas, through any of them) invalidates
 * the aggregates and marks the person it changed in the snapshots, so a follow-up question never sees data
 * older than the last write.
 */
import { SnapshotStore } from '../personnel/snapshot.js';
import type { SharedSnapshots } from '../personnel/snapshot-share.js';

export interface Cached<T> {
  value: T;
  /** When the data was fetched. */
  fetchedAt: Date;
}

export class ReportCache {
  private readonly entries = new Map<string, Cached<unknown>>();
  private generation = 0;
  /** The org snapshots (DRATA_SNAPSHOT_TTL). */
  readonly snapshots: SnapshotStore;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
    snapshotTtlMs = 300_000,
    /** Replicas: the snapshots they share (src/replica-state/snapshots.ts). */
    shared?: SharedSnapshots,
  ) {
    this.snapshots = new SnapshotStore(snapshotTtlMs, now, shared);
  }

  /** Replicas: a write through another replica drops the aggregates here too, before the next answer. */
  async sync(): Promise<void> {
    if (await this.snapshots.sync()) {
      this.generation++;
      this.entries.clear();
    }
  }

  get<T>(key: string): Cached<T> | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (this.now().getTime() - hit.fetchedAt.getTime() >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return hit as Cached<T>;
  }

  /** Store unless a write happened since `generationAtStart` (the data may predate that write). */
  set<T>(key: string, value: T, fetchedAt: Date, generationAtStart: number): void {
    if (this.ttlMs <= 0 || generationAtStart !== this.generation) return;
    this.entries.set(key, { value, fetchedAt });
  }

  /** The current write generation: pass it to set() to avoid caching data a concurrent write made stale. */
  get currentGeneration(): number {
    return this.generation;
  }

  /** A write through the server: aggregates go; the snapshots fetch `personnelId` again (all, when unknown). */
  async invalidate(personnelId?: number): Promise<void> {
    this.generation++;
    this.entries.clear();
    await this.snapshots.touch(personnelId);
  }
}
