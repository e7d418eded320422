/**
 * Writes whose answer was lost (timeout, 5xx, unreadable body, cut connection) are never resent: the record
 * is read back and the result says exactly one of applied, not applied (safe to retry) or unknown (what to
 * check). This module holds the verdict rule and its wording; the write tools supply the read-back.
 */
import { DrataError, writeFate } from '../drata/errors.js';

/** A write that did not (or may not have) happen: errorResult shows the message as it is. */
export class WriteOutcomeError extends Error {
  override name = 'WriteOutcomeError';
  constructor(
    readonly verdict: 'not_applied' | 'unknown',
    message: string,
  ) {
    super(message);
  }
}

/** Why a write's answer is missing, in words, or undefined when Drata clearly refused it (rethrow that). */
export function lostAnswer(err: unknown): string | undefined {
  if (writeFate(err) !== 'lost') return undefined;
  if (!(err instanceof DrataError)) return 'the write failed unexpectedly';
  switch (err.kind) {
    case 'timeout':
      return 'Drata did not answer the write in time';
    case 'server_error':
      return `Drata answered the write with an internal error (${err.status ?? '5xx'})`;
    case 'unexpected_response':
      return "Drata's answer to the write was unreadable";
    default:
      return 'the connection was cut before Drata answered the write';
  }
}

export interface FieldCheck {
  field: string;
  before: string | null;
  after: string | null;
  /** What the read-back shows; undefined when it could not be read. */
  now: string | null | undefined;
}

export type Verdict = 'applied' | 'not_applied' | 'partial' | 'unknown';

export function verdictOf(checks: readonly FieldCheck[]): Verdict {
  if (checks.some((c) => c.now === undefined)) return 'unknown';
  const done = checks.filter((c) => c.now === c.after).length;
  const untouched = checks.filter((c) => c.now === c.before).length;
  if (done === checks.length) return 'applied';
  if (untouched === checks.length) return 'not_applied';
  return done + untouched === checks.length ? 'partial' : 'unknown';
}

const show = (v: string | null | undefined) => (v === undefined ? '(unreadable)' : (v ?? '∅'));

/** The error for a lost write that the read-back shows was not applied, or cannot settle. */
export function lostWriteError(
  lost: string,
  verdict: 'not_applied' | 'unknown',
  checks: readonly FieldCheck[],
  check: string,
): WriteOutcomeError {
  const held = checks.map((c) => `${c.field}=${show(c.now)} (wanted ${show(c.after)})`).join(', ');
  if (verdict === 'not_applied') {
    return new WriteOutcomeError(
      verdict,
      `NOT APPLIED: ${lost}, and reading the record back shows Drata still holds the old values (${held}). Nothing changed; it is safe to try again (with a new approval).`,
    );
  }
  return new WriteOutcomeError(
    verdict,
    `OUTCOME UNKNOWN: ${lost}, and the read-back could not settle whether it was applied${
      held ? ` (${held})` : ''
    }. Do not assume either way: check with ${check} before trying again.`,
  );
}
