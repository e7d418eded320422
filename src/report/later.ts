/**
 * A report page that still fails after the client's own retries is tried again later, while the other
 * pages and walks go on; if it never succeeds the walk stops with PageUnavailable and the report is partial.
 */
import { type DrataErrorKind, isDrataError } from '../drata/errors.js';

/** A page that could not be had, even tried again later: its walk stops, the report is partial. */
export class PageUnavailable extends Error {}

const TRANSIENT: ReadonlySet<DrataErrorKind> = new Set([
  'server_error',
  'timeout',
  'network',
  'unexpected_response',
  'rate_limited',
]);
/** Later tries of a failed page, and how long each waits first (other pages go on meanwhile). */
const LATER_TRIES_MS = [500, 2_000];

/** `fetch`, tried again later when it fails transiently; PageUnavailable when it never succeeds. */
export async function withLaterTries<T>(fetch: () => Promise<T>, signal: AbortSignal): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fetch();
    } catch (err) {
      const wait = LATER_TRIES_MS[i];
      if (!isDrataError(err) || !TRANSIENT.has(err.kind) || signal.aborted) throw err;
      if (wait === undefined) throw new PageUnavailable(err.message, { cause: err });
      await new Promise<void>((resolve) => {
        const onAbort = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        }, wait);
        signal.addEventListener('abort', onAbort, { once: true });
      });
      signal.throwIfAborted();
    }
  }
}
