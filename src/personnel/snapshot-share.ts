/**
 * What the org snapshot needs from the replicas' shared state, and nothing more: the store (snapshot.ts)
 * works against this interface; src/replica-state/snapshots.ts implements it in Redis. Every method answers
 * even when the shared state is unreachable (nothing found, the walk is this replica's own, the write
 * is noted for later): a replica then goes on with its own snapshots, as a single server does.
 */
import type { Person } from './model.js';

/** A complete walk as the replicas share it: plain JSON (the people as an array). */
export interface SharedSnapshotRecord {
  id: string;
  statuses: string[];
  /** When the walk began (epoch ms). */
  asOf: number;
  pages: number;
  /** The shared write sequence when the walk began: later writes are applied by whoever loads it. */
  seq: number;
  people: Person[];
}

/** Writes through any replica after a point of the shared write sequence. */
export interface SharedChanges {
  /** The sequence now. */
  seq: number;
  /** Personnel written since (fetch them again). */
  ids: number[];
  /** A write whose person is unknown (or writes no longer listed): no snapshot from before may answer. */
  all: boolean;
}

export type WalkClaim = { walk: true; release(): Promise<void> } | { walk: false };

export interface SharedSnapshots {
  /** The newest live shared snapshot whose statuses cover `scope`. */
  find(scope: readonly string[]): Promise<SharedSnapshotRecord | undefined>;
  /** The shared snapshot a cursor names, while it lives. */
  byId(id: string): Promise<SharedSnapshotRecord | undefined>;
  /** Share a complete walk for `ttlMs` (it replaces the shared snapshots its scope covers). */
  put(record: SharedSnapshotRecord, ttlMs: number): Promise<void>;
  /** Become the one walker of `key` across replicas (`walk: true`, release when done), or learn that another is. */
  claimWalk(key: string): Promise<WalkClaim>;
  /** Whether some replica holds the walk of `key` now (its claim lapses when it dies). */
  walking(key: string): Promise<boolean>;
  /** A write through this replica (undefined: its person is unknown); the new sequence, when shared. */
  wrote(personnelId?: number): Promise<number | undefined>;
  /** Writes after `seq` (a negative `seq` asks only for the sequence now); undefined when unreachable. */
  changesSince(seq: number): Promise<SharedChanges | undefined>;
  /** How often a waiting replica looks for the walker's snapshot, ms. */
  readonly pollMs: number;
}

/** Called with the whole seconds waited so far for another replica's walk. */
export type OnWait = (seconds: number) => Promise<void> | void;

/** The progress message while another replica's walk is awaited. */
export const waitingMessage = (seconds: number): string =>
  `another replica is reading the org: waiting for its snapshot (${seconds} s)`;
