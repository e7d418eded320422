/** A draft's employment dates, creation time and sync state, drawn from the shared PRNG in a fixed order. */
import type { EmploymentStatus } from '../drata/catalog.js';
import type { DrawContext } from './generate-context.js';
import type { SyncedField } from './org.js';
import type { CastMember } from './people-data.js';
import { DAY_MS, dayToMs, HOUR_MS, isoDay } from './time.js';

/** Employment dates, creation time and sync state of a draft. */
export interface Timeline {
  startDate: string;
  separationDate: string | null;
  startMs: number;
  sepMs: number | null;
  special: boolean;
  createdAt: number;
  syncedStatus: EmploymentStatus | null;
  syncedStartDate: string;
  overridden: SyncedField[];
  statusUpdatedAt: number | null;
  updatedAt: number;
}

/** Employment dates, creation time and sync state: manual overrides on top of the IdP/HRIS values. */
export function drawTimeline(g: DrawContext, m: CastMember, isCast: boolean): Timeline {
  const rng = g.rng;
  const status = m.status;
  const { startDate, separationDate } = drawDates(g, status);
  const startMs = dayToMs(startDate);
  const special = status === 'SPECIAL_FORMER_EMPLOYEE' || status === 'SPECIAL_FORMER_CONTRACTOR';
  let createdAt: number;
  if (special) createdAt = g.connectedAt + rng.int(10, 300) * DAY_MS + rng.int(0, 20) * HOUR_MS;
  else if (startMs <= g.connectedAt)
    createdAt = g.connectedAt + rng.int(0, 36) * HOUR_MS + rng.int(0, 3599) * 1000;
  else
    createdAt = Math.max(g.connectedAt, startMs - rng.int(3, 21) * DAY_MS) + rng.int(0, 86_399) * 1000;
  createdAt = Math.min(createdAt, g.now - rng.int(2, 48) * HOUR_MS);
  const sepMs = separationDate === null ? null : dayToMs(separationDate);

  // Sync state: manual overrides on top of the IdP/HRIS values.
  let syncedStatus: EmploymentStatus | null = special ? null : status;
  if (status === 'OUT_OF_SCOPE')
    syncedStatus = m.syncedStatus ?? (rng.chance(0.6) ? 'UNKNOWN' : 'CURRENT_CONTRACTOR');
  else if (m.syncedStatus) syncedStatus = m.syncedStatus;
  const overridden: SyncedField[] = [];
  if (syncedStatus !== null && syncedStatus !== status) overridden.push('employmentStatus');
  let syncedStartDate = startDate;
  if (status === 'CURRENT_EMPLOYEE' && !isCast && rng.chance(0.02)) {
    syncedStartDate = isoDay(startMs + rng.int(3, 40) * DAY_MS);
    overridden.push('startDate');
  }
  let statusUpdatedAt: number | null = special ? createdAt : null;
  if (overridden.length > 0)
    statusUpdatedAt = createdAt + wholeSeconds(rng.float() * (g.now - createdAt) * 0.8);
  const lastEvent = sepMs !== null ? Math.min(g.now, sepMs + rng.int(1, 72) * HOUR_MS) : createdAt;
  const updatedAt = Math.max(
    createdAt,
    lastEvent,
    statusUpdatedAt ?? 0,
    createdAt + wholeSeconds(rng.float() * (g.now - createdAt) * 0.9),
  );
  return {
    startDate,
    separationDate,
    startMs,
    sepMs,
    special,
    createdAt,
    syncedStatus,
    syncedStartDate,
    overridden,
    statusUpdatedAt,
    updatedAt,
  };
}

export function drawDates(
  g: DrawContext,
  status: EmploymentStatus,
): { startDate: string; separationDate: string | null } {
  const rng = g.rng;
  const ago = (days: number) => isoDay(dayToMs(g.nowDay) - days * DAY_MS);
  switch (status) {
    case 'FUTURE_HIRE':
      return { startDate: ago(-rng.int(5, 60)), separationDate: null };
    case 'FORMER_EMPLOYEE':
    case 'FORMER_CONTRACTOR': {
      const startAgo = rng.int(200, 6 * 365);
      const sepAgo = rng.int(3, Math.min(startAgo - 30, 3 * 365));
      return { startDate: ago(startAgo), separationDate: ago(sepAgo) };
    }
    case 'SPECIAL_FORMER_EMPLOYEE':
    case 'SPECIAL_FORMER_CONTRACTOR': {
      const startAgo = rng.int(900, 6 * 365);
      return { startDate: ago(startAgo), separationDate: ago(startAgo - rng.int(100, 500)) };
    }
    case 'UNKNOWN':
      return { startDate: ago(rng.int(10, 3 * 365)), separationDate: null };
    case 'SERVICE_ACCOUNT':
    case 'OUT_OF_SCOPE':
      return { startDate: ago(rng.int(100, 5 * 365)), separationDate: null };
    default:
      return {
        startDate: ago(rng.chance(0.05) ? rng.int(1, 29) : rng.int(30, 6 * 365)),
        separationDate: null,
      };
  }
}

/** Milliseconds rounded down to whole seconds (timestamps look like the seed samples'). */
const wholeSeconds = (ms: number): number => Math.floor(ms / 1000) * 1000;
