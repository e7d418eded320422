/**
 * The HTTP boundary: one `request()` path for every Drata call. It builds the URL from validated,
 * individually encoded segments, authenticates, applies the client-wide rate limit, times out, retries
 * what is safe to retry (with exponential backoff, full jitter and Retry-After, under a total wait cap),
 * honours the caller's AbortSignal everywhere it waits, validates the body with a zod schema and turns
 * every failure into a typed `DrataError` whose message never contains the API key.
 */
import { type Dispatcher, request as undiciRequest } from 'undici';
import type { ZodType } from 'zod';
import { type Logger, silentLogger } from '../logger.js';
import { USER_AGENT } from '../version.js';
import { LIMITS, type PermissionKey } from './catalog.js';
import {
  apiErrorFromResponse,
  DrataAbortedError,
  DrataConfigError,
  DrataError,
  DrataNetworkError,
  DrataTimeoutError,
  DrataUnexpectedResponseError,
  oneLine,
} from './errors.js';
import { type BaseUrls, type DrataRegion, resolveBaseUrls } from './base-url.js';
import { type BodyReader, jsonBody, readBody, validateBody } from './body.js';
import { buildPath, type PathSegment } from './path.js';
import { encodeQuery, type Query } from './query.js';
import { abortedError, RateLimiter, raceAbort, realSleep, type RequestBudget } from './rate-limit.js';
import { type Sleep, throwIfAborted } from './rate-limit.js';
import {
  errorCode,
  exhausted,
  isRetryable,
  parseRetryAfter,
  TIMEOUT_CODES,
  TRANSIENT_NETWORK_CODES,
} from './retry.js';

export { type BaseUrls, type DrataRegion, REGION_ORIGINS, resolveBaseUrls } from './base-url.js';
export { parseRetryAfter } from './retry.js';

export type ApiVersion = 'v1' | 'v2';
export type HttpMethod = 'GET' | 'PUT' | 'POST';
/**
 * `idempotent` (reads): retry 429, 500/502/503/504, connection failures, timeouts and unreadable bodies.
 * `rate-limit-only` (writes): retry 429 only, which Drata answers before processing. A write whose answer was
 * lost is never resent: the caller reads the record back instead (see `writeFate`).
 */
export type RetryMode = 'idempotent' | 'rate-limit-only';

export interface DrataRequest<T> {
  api: ApiVersion;
  method: HttpMethod;
  /** Path under the version's base, one entry per segment: `['personnel', 12, 'status']`. */
  segments: readonly PathSegment[];
  query?: Query | undefined;
  /** Sent as JSON with `Content-Type: application/json`. */
  body?: unknown;
  /** Validates (and types) the success body; failures become `unexpected_response`. */
  schema: ZodType<T> | BodyReader<T>;
  signal?: AbortSignal | undefined;
  /** Default: `idempotent` for GET, `rate-limit-only` for PUT and POST. */
  retry?: RetryMode | undefined;
  /** The catalog operation, so a 403 can name the permission the key lacks. */
  operation?: PermissionKey | undefined;
}

export interface DrataClientOptions {
  apiKey: string;
  region?: DrataRegion | undefined;
  /** Origin override (e.g. the sandbox's `http://127.0.0.1:4010`). */
  baseUrl?: string | undefined;
  /** undici dispatcher (tests pass a `MockAgent`); default: undici's global dispatcher. */
  dispatcher?: Dispatcher | undefined;
  /** Per-attempt timeout (headers and body); default 30 000. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt; default 4. */
  maxRetries?: number | undefined;
  /** Cap on the total time spent waiting between attempts; default 30 000. */
  maxRetryWaitMs?: number | undefined;
  /** First backoff ceiling; doubles per retry (full jitter: the wait is random in [0, ceiling)). Default 250. */
  baseBackoffMs?: number | undefined;
  /** Request starts per rolling minute, shared by all calls of this client; default 500. */
  rateLimitPerMinute?: number | undefined;
  /** Where request starts are counted instead (one budget for every replica); default a local limiter. */
  budget?: RequestBudget | undefined;
  logger?: Logger | undefined;
  /** Random source in [0, 1) for jitter; default Math.random. */
  random?: (() => number) | undefined;
  /** Wall clock (Retry-After dates, rate-limit window); default Date.now. */
  now?: (() => number) | undefined;
  /** Abortable wait used for backoff and rate limiting; default real timers. */
  sleep?: Sleep | undefined;
}

interface AttemptContext {
  method: HttpMethod;
  path: string;
  url: string;
  body: string | undefined;
  operation: PermissionKey | undefined;
  signal: AbortSignal | undefined;
  attempt: number;
}

/** A failed attempt: the error, plus the server's Retry-After (ms) when it sent one. */
interface AttemptFailure {
  error: DrataError;
  retryAfterMs?: number | undefined;
}

export class DrataClient {
  readonly baseUrls: BaseUrls;
  private readonly apiKey: string;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxRetryWaitMs: number;
  private readonly baseBackoffMs: number;
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly limiter: RequestBudget;

  constructor(options: DrataClientOptions) {
    const apiKey = typeof options.apiKey === 'string' ? options.apiKey.trim() : '';
    // Rejecting control characters is the point.
    if (apiKey === '' || /[\s\u0000-\u001f\u007f]/.test(apiKey)) {
      throw new DrataConfigError('the Drata API key is empty or contains whitespace or control characters');
    }
    this.apiKey = apiKey;
    this.baseUrls = resolveBaseUrls({ region: options.region, baseUrl: options.baseUrl });
    this.dispatcher = options.dispatcher;
    this.timeoutMs = nonNegative(options.timeoutMs, 30_000, 'timeoutMs');
    this.maxRetries = nonNegative(options.maxRetries, 4, 'maxRetries');
    this.maxRetryWaitMs = nonNegative(options.maxRetryWaitMs, 30_000, 'maxRetryWaitMs');
    this.baseBackoffMs = nonNegative(options.baseBackoffMs, 250, 'baseBackoffMs');
    this.logger = options.logger ?? silentLogger();
    this.logger.addSecret(apiKey);
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    const perMinute = options.rateLimitPerMinute ?? LIMITS.rateLimitPerMinute;
    if (!Number.isInteger(perMinute) || perMinute < 1) {
      throw new DrataConfigError('rateLimitPerMinute must be a positive integer');
    }
    this.limiter = options.budget ?? new RateLimiter({ limit: perMinute, now: this.now, sleep: this.sleep });
  }

  /** Remove the API key (and, through the logger, any other registered secret) from a string. */
  redact = (text: string): string => this.logger.redact(text.split(this.apiKey).join('[REDACTED]'));

  /**
   * Perform one logical call (with retries). Resolves with the schema-validated body; rejects with a
   * `DrataError` (`invalid_argument` before any I/O, `aborted` as soon as the signal fires).
   */
  async request<T>(req: DrataRequest<T>): Promise<T> {
    try {
      return await this.run(req);
    } catch (err) {
      if (err instanceof DrataError) throw err.redactWith(this.redact);
      if (err instanceof Error) err.message = this.redact(err.message);
      throw err;
    }
  }

  private async run<T>(req: DrataRequest<T>): Promise<T> {
    const base = new URL(req.api === 'v2' ? this.baseUrls.v2 : this.baseUrls.v1);
    const path = base.pathname + buildPath(req.segments);
    const url = base.origin + path + encodeQuery(req.query);
    const body = req.body === undefined ? undefined : jsonBody(req.body);
    const mode: RetryMode = req.retry ?? (req.method === 'GET' ? 'idempotent' : 'rate-limit-only');
    const where = { method: req.method, path };
    const { signal } = req;
    throwIfAborted(signal, where);

    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      await this.limiter.acquire(signal).catch(relabelAbort(signal, where));
      const outcome = await this.attempt(
        { ...where, url, body, operation: req.operation, signal, attempt },
        req.schema,
      );
      if (!('error' in outcome)) return outcome.value;

      const { error, retryAfterMs } = outcome;
      if (retryAfterMs !== undefined) error.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
      // Drata's "not before" holds every caller of the budget (all replicas when shared), this retry too.
      const held = error.kind === 'rate_limited' && retryAfterMs !== undefined;
      if (held) await this.limiter.holdFor(retryAfterMs);
      if (!isRetryable(error, req.method, mode)) throw error;

      const ceiling = this.baseBackoffMs * 2 ** (attempt - 1);
      const waitMs = retryAfterMs ?? Math.floor(this.random() * ceiling);
      if (attempt > this.maxRetries || waited + waitMs > this.maxRetryWaitMs) {
        throw exhausted(error, retryAfterMs ?? Math.max(waitMs, ceiling));
      }
      this.logger.warning(`Retrying Drata ${req.method} ${path} in ${waitMs} ms`, {
        reason: error.status ?? error.kind,
        attempt: attempt + 1,
        maxAttempts: this.maxRetries + 1,
        waitMs,
      });
      if (!held) await raceAbort(this.sleep(waitMs, signal), signal, where).catch(relabelAbort(signal, where));
      waited += waitMs;
    }
  }

  /** One HTTP exchange: never throws for HTTP/network problems, returns them as a failure instead. */
  private async attempt<T>(ctx: AttemptContext, schema: DrataRequest<T>['schema']): Promise<{ value: T } | AttemptFailure> {
    const { method, path, signal } = ctx;
    const init = { method, path };
    const controller = new AbortController();
    const timeoutReason = new Error('Drata request timed out');
    const timer = setTimeout(() => controller.abort(timeoutReason), this.timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const started = performance.now();
    let status: number | undefined;
    try {
      const headers: Record<string, string> = {
        authorization: `Bearer ${this.apiKey}`,
        accept: 'application/json',
        'user-agent': USER_AGENT,
      };
      if (ctx.body !== undefined) headers['content-type'] = 'application/json';
      const res = await undiciRequest(ctx.url, {
        method,
        headers,
        body: ctx.body,
        signal: controller.signal,
        ...(this.dispatcher ? { dispatcher: this.dispatcher } : {}),
      });
      status = res.statusCode;
      const read = await readBody(res.body, status >= 200 && status < 300, init, (j) => validateBody(j, schema, init));
      this.logger.debug(`Drata ${method} ${path} → ${status}`, {
        method,
        path,
        status,
        ms: Math.round(performance.now() - started),
        attempt: ctx.attempt,
      });
      if (!('text' in read)) return 'value' in read ? read : { error: read.failed };
      if (status < 400) {
        return {
          error: new DrataUnexpectedResponseError(
            `Drata answered ${status} on ${method} ${path}; redirects are not followed (check the base URL/region)`,
            { ...init, status },
          ),
        };
      }
      const retryAfterMs = parseRetryAfter(res.headers['retry-after'], this.now());
      return {
        error: apiErrorFromResponse({ status, method, path, body: read.text, operation: ctx.operation }),
        retryAfterMs,
      };
    } catch (err) {
      if (err instanceof DrataError) return { error: err };
      const ms = Math.round(performance.now() - started);
      this.logger.debug(`Drata ${method} ${path} failed`, { method, path, status, ms, attempt: ctx.attempt });
      if (signal?.aborted) return { error: abortedError(signal, init) };
      const code = errorCode(err);
      if (controller.signal.reason === timeoutReason || (code && TIMEOUT_CODES.has(code))) {
        return {
          error: new DrataTimeoutError(
            `Drata did not answer ${method} ${path} within ${this.timeoutMs} ms`,
            init,
          ),
        };
      }
      const detail = code ?? oneLine(err instanceof Error ? err.message : String(err), 120);
      return {
        error: new DrataNetworkError(
          `Could not reach Drata for ${method} ${path} (${detail})`,
          code,
          code !== undefined && TRANSIENT_NETWORK_CODES.has(code),
          { ...init, cause: err },
        ),
      };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** Map an abort from a wait (limiter, backoff) to an aborted error naming this call; rethrow others. */
function relabelAbort(signal: AbortSignal | undefined, where: { method: string; path: string }) {
  return (err: unknown): never => {
    throw err instanceof DrataAbortedError ? abortedError(signal, where) : err;
  };
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new DrataConfigError(`${name} must be a non-negative number`);
  }
  return value;
}
