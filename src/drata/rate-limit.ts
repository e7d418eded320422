/**
 * Client-side rate limiting and abortable waits.
 *
 * `RateLimiter` is a sliding-window log: it remembers the start time of the last `limit` requests and
 * lets a new request start only when fewer than `limit` started in the last `windowMs` (60 s). That is
 * exactly Drata's rule ("500 requests per minute"), with no burst allowance beyond it. Callers are served
 * first come, first served; the check-and-record step is synchronous, so concurrent callers can never
 * overshoot the limit. Waits honour an AbortSignal and reject promptly with `DrataAbortedError`.
 */
import { DrataAbortedError, type DrataErrorInit } from './errors.js';

/** Wait `ms`, rejecting early if `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The error for a fired signal; `init` may name the method and path of the cancelled call. */
export function abortedError(signal: AbortSignal | undefined, init: DrataErrorInit = {}): DrataAbortedError {
  const what = init.method && init.path ? `Drata request ${init.method} ${init.path}` : 'Drata request';
  return new DrataAbortedError(`${what} cancelled`, { ...init, cause: signal?.reason });
}

export function throwIfAborted(signal: AbortSignal | undefined, init?: DrataErrorInit): void {
  if (signal?.aborted) throw abortedError(signal, init);
}

/** Resolve with `promise`, or reject with `DrataAbortedError` as soon as `signal` aborts. */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  init?: DrataErrorInit,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(abortedError(signal, init));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(abortedError(signal, init));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

/** Real-timer sleep that rejects with `DrataAbortedError` when `signal` aborts. */
export const realSleep: Sleep = (ms, signal) => {
  let timer: NodeJS.Timeout | undefined;
  const slept = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, Math.max(0, ms));
  });
  return raceAbort(slept, signal).finally(() => clearTimeout(timer));
};

/**
 * Where request starts are counted: this process's `RateLimiter` by default, or a budget shared by every
 * replica (src/replica-state/budget.ts). Both honour a 429's Retry-After through `holdFor`.
 */
export interface RequestBudget {
  /** Wait for a slot and record a request start. Rejects with `DrataAbortedError` if `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Drata answered 429 with Retry-After: no request starts for `ms` (on every replica when shared). */
  holdFor(ms: number): void | Promise<void>;
}

export interface RateLimiterOptions {
  /** Request starts allowed per window (Drata: 500 per minute). */
  limit: number;
  /** Window length; default 60 000 ms. */
  windowMs?: number;
  now?: () => number;
  sleep?: Sleep;
}

export class RateLimiter implements RequestBudget {
  readonly limit: number;
  readonly windowMs: number;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  /** Start times of the most recent requests (ascending, at most `limit`). */
  private readonly starts: number[] = [];
  /** Settles when every earlier caller has taken its slot or given up (FIFO order). */
  private tail: Promise<void> = Promise.resolve();
  /** No request starts before this time (a 429's Retry-After). */
  private heldUntil = 0;

  constructor(options: RateLimiterOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) {
      throw new RangeError('rate limit must be a positive integer');
    }
    this.limit = options.limit;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  /** Wait for a slot and record a request start. Rejects with `DrataAbortedError` if `signal` aborts. */
  async acquire(signal?: AbortSignal): Promise<void> {
    throwIfAborted(signal);
    const previous = this.tail;
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    // The next caller waits for us and for everyone before us, even if we give up early.
    this.tail = previous.then(() => mine);
    try {
      await raceAbort(previous, signal);
      for (;;) {
        throwIfAborted(signal);
        const now = this.now();
        const held = this.heldUntil;
        if (now < held) {
          // Callers pass one at a time: once this one has waited the hold out, it is over for all.
          await raceAbort(this.sleep(held - now, signal), signal);
          if (this.heldUntil === held) this.heldUntil = 0;
          continue;
        }
        while (this.starts.length > 0 && (this.starts[0] as number) <= now - this.windowMs)
          this.starts.shift();
        if (this.starts.length < this.limit) {
          this.starts.push(now);
          return;
        }
        const waitMs = (this.starts[0] as number) + this.windowMs - now;
        await raceAbort(this.sleep(waitMs, signal), signal);
      }
    } finally {
      done();
    }
  }

  holdFor(ms: number): void {
    this.heldUntil = Math.max(this.heldUntil, this.now() + ms);
  }

  /** Request starts recorded in the current window (for tests and diagnostics). */
  inWindow(): number {
    const now = this.now();
    return this.starts.filter((t) => t > now - this.windowMs).length;
  }
}
