/**
 * Fault injection and rate limiting for the sandbox.
 *
 * Fault spec (option `faults` as a string, or SANDBOX_FAULTS): comma-separated `kind=probability` pairs,
 * probabilities in [0, 1] summing to at most 1, plus two optional settings:
 *   429=0.1,429noretry=0.05,500=0.05,timeout=0.02,malformed=0.02,reset=0.01,seed=7,retryAfter=2
 * Kinds:
 *   <status>    any HTTP status 400–599: that status with a correctly shaped error body
 *               (429 carries `Retry-After: <retryAfter>` seconds, default 1)
 *   429noretry  429 without a Retry-After header
 *   timeout     never answer; the socket stays open until the client gives up or the sandbox closes
 *   malformed   200 with a truncated JSON body
 *   reset       destroy the connection (TCP reset) without answering
 * Kinds that let the request be processed (a write IS applied) and then spoil the answer:
 *   late              hold the real answer for `lateMs` (default 5000), past a client's timeout
 *   applied500        answer 500 (with an error body) after applying
 *   appliedMalformed  answer 200 with a truncated JSON body after applying
 * Settings: `seed` seeds the fault PRNG (default: derived from the org seed); `retryAfter` (seconds);
 * `lateMs`. One uniform draw per request, in arrival order, decides the fault before any processing, so a
 * request hit by any other kind is never applied.
 */
import { mulberry32 } from './random.js';

export type AfterFault = 'late' | 'applied500' | 'appliedMalformed';
export type FaultKind = 'timeout' | 'malformed' | 'reset' | '429noretry' | AfterFault | `${number}`;

/** Fault probabilities by kind, plus settings. */
export interface FaultConfig {
  rates: Readonly<Record<string, number>>;
  seed?: number;
  retryAfterSeconds?: number;
  lateMs?: number;
}

const AFTER_KINDS: ReadonlySet<string> = new Set<AfterFault>(['late', 'applied500', 'appliedMalformed']);
const SPECIAL_KINDS = new Set(['timeout', 'malformed', 'reset', '429noretry', ...AFTER_KINDS]);

/** True for the kinds that process the request first and spoil only the answer. */
export const isAfterFault = (kind: FaultKind): kind is AfterFault => AFTER_KINDS.has(kind);

function checkKind(kind: string): FaultKind {
  if (SPECIAL_KINDS.has(kind)) return kind as FaultKind;
  if (/^[45]\d\d$/.test(kind)) return kind as FaultKind;
  throw new Error(
    `unknown fault kind ${JSON.stringify(kind)}: use an HTTP status 400-599, 429noretry, timeout, malformed, reset, late, applied500 or appliedMalformed`,
  );
}

/** Validate a fault config (or parse the string form); throws with a clear message. Null/empty → null. */
export function normalizeFaults(input: FaultConfig | string | null | undefined): FaultConfig | null {
  if (input === null || input === undefined) return null;
  const config = typeof input === 'string' ? parseFaults(input) : input;
  let total = 0;
  for (const [kind, p] of Object.entries(config.rates)) {
    checkKind(kind);
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 1) {
      throw new Error(`fault probability for ${kind} must be a number between 0 and 1, got ${p}`);
    }
    total += p;
  }
  if (total > 1 + 1e-9) throw new Error(`fault probabilities add up to ${total.toFixed(3)}, more than 1`);
  if (
    config.retryAfterSeconds !== undefined &&
    !(Number.isInteger(config.retryAfterSeconds) && config.retryAfterSeconds >= 0)
  ) {
    throw new Error('retryAfter must be a whole number of seconds');
  }
  if (config.lateMs !== undefined && !(Number.isInteger(config.lateMs) && config.lateMs >= 0)) {
    throw new Error('lateMs must be a whole number of milliseconds');
  }
  if (config.seed !== undefined && !Number.isInteger(config.seed))
    throw new Error('fault seed must be an integer');
  return Object.keys(config.rates).length === 0 ? null : config;
}

/** Parse `429=0.1,500=0.05,timeout=0.02,seed=7,retryAfter=2` (see the module comment). */
export function parseFaults(spec: string): FaultConfig {
  const rates: Record<string, number> = {};
  const config: FaultConfig = { rates };
  for (const part of spec.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    if (eq < 1) throw new Error(`invalid fault entry ${JSON.stringify(item)}: expected kind=probability`);
    const key = item.slice(0, eq).trim();
    const raw = item.slice(eq + 1).trim();
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value))
      throw new Error(`invalid value for ${key}: ${JSON.stringify(raw)}`);
    if (key === 'seed') config.seed = value;
    else if (key === 'retryAfter') config.retryAfterSeconds = value;
    else if (key === 'lateMs') config.lateMs = value;
    else {
      checkKind(key);
      rates[key] = value;
    }
  }
  return config;
}

/** Draws faults from its own seeded PRNG (reseeded whenever the config changes). */
export class FaultInjector {
  private config: FaultConfig | null = null;
  private random: () => number = mulberry32(0);

  constructor(
    private readonly defaultSeed: number,
    config?: FaultConfig | string | null,
  ) {
    this.set(config ?? null);
  }

  set(config: FaultConfig | string | null): void {
    this.config = normalizeFaults(config);
    this.random = mulberry32(this.config?.seed ?? this.defaultSeed);
  }

  get retryAfterSeconds(): number {
    return this.config?.retryAfterSeconds ?? 1;
  }

  get lateMs(): number {
    return this.config?.lateMs ?? 5_000;
  }

  /** The fault for the next request, or null. */
  draw(): FaultKind | null {
    if (!this.config) return null;
    const u = this.random();
    let acc = 0;
    for (const [kind, p] of Object.entries(this.config.rates)) {
      acc += p;
      if (u < acc) return kind as FaultKind;
    }
    return null;
  }
}

/** Sliding 60-second window limiter: at most `limit` admitted requests in any 60 s. */
export class SlidingWindowLimiter {
  private readonly admitted: number[] = [];

  constructor(
    private limit: number | null,
    private readonly windowMs = 60_000,
  ) {}

  setLimit(limit: number | null): void {
    this.limit = limit;
  }

  /** Admit a request at `now`, or say how many whole seconds until one would be admitted. */
  take(now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    if (this.limit === null) return { ok: true };
    while (this.admitted.length > 0 && (this.admitted[0] ?? 0) <= now - this.windowMs) this.admitted.shift();
    if (this.admitted.length < this.limit) {
      this.admitted.push(now);
      return { ok: true };
    }
    const oldest = this.admitted[this.admitted.length - this.limit] ?? now;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000)) };
  }
}
