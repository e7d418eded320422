import { z } from 'zod';

/** True for a real calendar date written `YYYY-MM-DD` (2024-02-29 yes, 2025-02-29 and 2025-13-01 no). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return (
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    y >= 1900 &&
    y <= 2999
  );
}

const DATE_MESSAGE = 'must be a real calendar date written YYYY-MM-DD (e.g. 2024-03-31)';

export const calendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: DATE_MESSAGE })
  .refine(isCalendarDate, { error: DATE_MESSAGE })
  .describe('A calendar date, YYYY-MM-DD');
/** Whole days from `fromDay` to `toDay` (both `YYYY-MM-DD`): negative when `toDay` is earlier. */
export function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / 86_400_000);
}

/** The UTC calendar day of an instant, `YYYY-MM-DD`. */
export const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

/** The day of an ISO instant or date (`2023-01-04T10:00:00Z` → `2023-01-04`). */
export const day = (iso: string | undefined): string | undefined => iso?.slice(0, 10);
