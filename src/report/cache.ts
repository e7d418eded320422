/**
 * A short-lived in-memory cache of report aggregates, keyed by scope. Any write through this server
 * invalidates all of it, so a follow-up question never sees data older than the last write.
 */
export interface Cached<T> {
  value: T;
  /** When the data was fetched. */
  fetchedAt: Date;
}

export class ReportCache {
  private readonly entries = new Map<string, Cached<unknown>>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

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

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }
}
