/** Offboarding gaps: what access a former person still has, by cause. */
import type { Person } from './model.js';
import { plural } from './plural.js';

/** Offboarding questions a list can ask: any gap, an identity still connected, a device still reporting. */
export const GAP_FILTERS = ['any', 'identityConnected', 'deviceReporting'] as const;
export type GapFilter = (typeof GAP_FILTERS)[number];

/** Whether a former person has the gap asked for (the report's offboarding lists use the same rule). */
export function hasGap(p: Person, filter: GapFilter, today: string): boolean {
  const gap = offboardingGap(p, today);
  if (!gap) return false;
  if (filter === 'identityConnected') return gap.connected.length > 0;
  if (filter === 'deviceReporting') return gap.reporting > 0;
  return true;
}

/** A device that checks in this long after the separation date is "still reporting" (last syncs get slack). */
export const REPORTING_GRACE_DAYS = 3;
/** Without a separation date, a device that checked in within this many days is still reporting. */
export const REPORTING_WINDOW_DAYS = 30;

export interface OffboardingGap {
  /** Providers of the identities still connected. */
  connected: string[];
  /** Devices still reporting, and the latest check-in among them (day). */
  reporting: number;
  lastCheckIn?: string;
  summary: string;
}

/**
 * Why a former person still has access, or undefined: identities still connected (connected and never
 * disconnected), and devices that checked in more than REPORTING_GRACE_DAYS after the separation date
 * (or within REPORTING_WINDOW_DAYS of today when there is no separation date).
 */
export function offboardingGap(p: Person, today: string): OffboardingGap | undefined {
  const connected = (p.identities ?? []).filter((i) => i.connected).map((i) => i.provider);
  const todayMs = Date.parse(`${today}T00:00:00Z`);
  const sepMs = p.separationDate ? Date.parse(`${p.separationDate}T00:00:00Z`) : undefined;
  const seen = (p.devices ?? [])
    .map((d) => (d.lastCheckedAt ? Date.parse(d.lastCheckedAt) : Number.NaN))
    .filter((t) =>
      Number.isNaN(t)
        ? false
        : sepMs !== undefined
          ? t > sepMs + REPORTING_GRACE_DAYS * 86_400_000
          : t >= todayMs - REPORTING_WINDOW_DAYS * 86_400_000,
    );
  if (!connected.length && !seen.length) return undefined;
  const lastCheckIn = seen.length ? new Date(Math.max(...seen)).toISOString().slice(0, 10) : undefined;
  const parts: string[] = [];
  if (p.separationDate) parts.push(`left ${p.separationDate}`);
  if (connected.length) parts.push(`connected: ${connected.join(', ')}`);
  if (seen.length) parts.push(`${plural(seen.length, 'device')} reporting (last ${lastCheckIn})`);
  return { connected, reporting: seen.length, lastCheckIn, summary: parts.join('; ') };
}
