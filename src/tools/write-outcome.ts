/**
 * Writes whose answer was lost (timeout, 5xx, unreadable body, cut connection, or the call cancelled while
 * the write was on its way) are never resent: the record is read back and the result says exactly one of
 * applied, not applied (safe to retry) or unknown (what to check). This module holds the verdict rule and its
 * wording; the write tools supply the read-back. A cancelled call gets no result (MCP sends none after a
 * cancellation), so its outcome is logged and told on the next write call for the same person.
 */
import { DrataError, writeFate } from '../drata/errors.js';

/** A write that did not (or may not have) happen: errorResult shows the message as it is. */
export class WriteOutcomeError extends Error {
  override name = 'WriteOutcomeError';
  constructor(
    readonly verdict: 'not_applied' | 'partial' | 'unknown',
    message: string,
  ) {
    super(message);
  }
}

/** Why a write's answer is missing, in words, or undefined when Drata clearly refused it (rethrow that). */
export function lostAnswer(err: unknown): string | undefined {
  const fate = writeFate(err);
  if (fate === 'cancelled') return 'the call was cancelled while the write was on its way to Drata';
  if (fate !== 'lost') return undefined;
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

/** Longest wait for the read-back after a lost write: its own bound, so a cancelled call still learns the outcome. */
const READ_BACK_MS = 60_000;

/** The signal for that read-back (not the call's: a cancelled call is exactly when the answer matters). */
export const readBackSignal = (): AbortSignal => AbortSignal.timeout(READ_BACK_MS);

/** Outcomes of cancelled writes not told yet, by person id, per API client (one per server process). */
const MAX_UNTOLD = 1_000;
const untold = new WeakMap<object, Map<number, string>>();

/** What a cancelled write's read-back can show: a verdict, or (a resync) that it makes no difference. */
export type CancelledVerdict = Verdict | 'no_difference';

const VERDICT_WORDS: Record<CancelledVerdict, string> = {
  applied: 'Drata applied it',
  not_applied: 'Drata did not apply it; nothing changed',
  partial: 'Drata applied only part of it',
  unknown: 'whether Drata applied it could not be settled: check with get_personnel before repeating it',
  no_difference: 'that it changes nothing whether it ran or not',
};

/**
 * A write whose call was cancelled after it was sent: log the read-back's verdict now and keep it for the next
 * write call on the same people (takeCancelled), which is where the model will look.
 */
export function reportCancelled(
  scope: { api: object; logger: { warning(message: string): void } },
  write: { tool: string; ids: readonly number[]; verdict: CancelledVerdict; detail: string },
): void {
  const who = write.ids.length ? write.ids.map((id) => `#${id}`).join(', ') : 'all personnel';
  const text = `Earlier ${write.tool} call for ${who}: cancelled after its write was sent; reading back showed ${
    VERDICT_WORDS[write.verdict]
  }${write.detail ? ` (${write.detail})` : ''}.`;
  scope.logger.warning(text);
  const byId = untold.get(scope.api) ?? new Map<number, string>();
  for (const id of write.ids) {
    byId.delete(id);
    byId.set(id, text);
  }
  // Bounded: the oldest untold outcomes go first (they are in the log too).
  for (const id of byId.keys()) if (byId.size > MAX_UNTOLD) byId.delete(id);
  untold.set(scope.api, byId);
}

/** The untold outcomes of cancelled writes on these people (each told once). */
export function takeCancelled(api: object, ids: readonly number[]): string[] {
  const byId = untold.get(api);
  if (!byId) return [];
  const texts = new Set<string>();
  for (const id of ids) {
    const text = byId.get(id);
    if (text !== undefined) texts.add(text);
    byId.delete(id);
  }
  return [...texts];
}

/** `field=now` for each check, as the cancelled-write report shows them. */
export const heldValues = (checks: readonly FieldCheck[]): string =>
  checks.map((c) => `${c.field}=${show(c.now)}`).join(', ');
