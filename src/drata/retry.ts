/** What the client retries, and how it reads Retry-After and marks a retry budget as spent. */
import { type DrataError, DrataNetworkError, DrataUnexpectedResponseError } from './errors.js';

export const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/** Connection-level failure codes that mean "try again" (the request may never have been processed). */
export const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);
export const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Milliseconds from a Retry-After value (delta-seconds or HTTP-date), or undefined when absent/invalid. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Mark a retryable error as final: say when to try again. */
export function exhausted(error: DrataError, nextWaitMs: number): DrataError {
  const seconds = Math.max(1, Math.ceil(nextWaitMs / 1000));
  error.retryAfterSeconds = seconds;
  error.message = `${error.message}; retries exhausted — try again in ${seconds} s`;
  return error;
}

/** Whether a failed attempt is tried again: reads retry transient failures, writes only 429. */
export function isRetryable(error: DrataError, method: string, mode: 'idempotent' | 'rate-limit-only'): boolean {
  if (error.kind === 'rate_limited') return true;
  if (mode === 'rate-limit-only') return false;
  if (error.kind === 'server_error')
    return error.status !== undefined && RETRYABLE_STATUSES.has(error.status);
  if (error instanceof DrataNetworkError) return error.transient;
  if (error.kind === 'timeout') return method === 'GET';
  return error instanceof DrataUnexpectedResponseError && error.unreadable;
}
