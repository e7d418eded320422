/** Time helpers. The sandbox never reads the wall clock for data: everything is relative to the org's fixed `now`. */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The default reference "now" of the synthetic org (override with the `now` option or SANDBOX_NOW). */
export const DEFAULT_NOW = '2026-11-01T00:00:00.000Z';

const dayCache = new Map<number, string>();

/** `YYYY-MM-DD` (UTC) of an epoch-ms instant (memoised per day: generation formats many dates). */
export function isoDay(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let text = dayCache.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayCache.size < 100_000) dayCache.set(day, text);
  }
  return text;
}

/** Full ISO timestamp of an epoch-ms instant, or null. */
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Epoch ms of midnight UTC of a `YYYY-MM-DD` day. */
export function dayToMs(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

/** `YYYY-MM-DD` `n` days after `day` (negative moves back). */
export function addDays(day: string, n: number): string {
  return isoDay(dayToMs(day) + n * DAY_MS);
}

/** Midnight-UTC ISO timestamp of a day (how V2 renders day-resolution dates), or null. */
export function dayToIsoTime(day: string | null): string | null {
  return day === null ? null : `${day}T00:00:00.000Z`;
}
