/**
 * The sandbox's mutable state: the org, its settings (validated here), the request gate's limiter, faults and
 * forced failures, and the bounded request and write logs.
 */
import type { ServerResponse } from 'node:http';
import { LIMITS } from '../drata/catalog.js';
import { FaultInjector, SlidingWindowLimiter } from './faults.js';
import { DEFAULT_ORG_SIZE, DEFAULT_SEED, generateOrg, MAX_ORG_SIZE } from './generate.js';
import type { Org } from './org.js';
import { DEFAULT_NOW } from './time.js';
import type { AppliedWrite, FailNextSpec, RecordedRequest, SandboxOptions, SandboxStats } from './types.js';

/** The key the sandbox accepts unless told otherwise. Not a secret. */
export const DEFAULT_SANDBOX_API_KEY = 'drata-sandbox-api-key';

export interface SandboxState {
  readonly options: SandboxOptions;
  readonly org: Org;
  readonly apiKey: string;
  readonly v2MaxPageSize: number;
  latencyMs: number;
  readonly limiter: SlidingWindowLimiter;
  readonly faults: FaultInjector;
  forceStatus: number | null;
  readonly failQueue: Array<Required<Pick<FailNextSpec, 'status' | 'times'>> & FailNextSpec>;
  readonly requests: RecordedRequest[];
  readonly writes: AppliedWrite[];
  readonly stats: SandboxStats;
  /** Responses held open by `timeout` faults (destroyed on close). */
  readonly hanging: Set<ServerResponse>;
  seq: number;
}

/** Validate the options (in this order) and build the state. */
export function createState(options: SandboxOptions): SandboxState {
  const seed = checkInt('seed', options.seed ?? DEFAULT_SEED, 0, 0xffffffff);
  const size = checkInt('size', options.size ?? DEFAULT_ORG_SIZE, 1, MAX_ORG_SIZE);
  const org = generateOrg({ size, seed, now: toMs(options.now), profile: options.profile });
  const apiKey = options.apiKey ?? DEFAULT_SANDBOX_API_KEY;
  if (apiKey === '') throw new Error('apiKey must not be empty');
  const v2MaxPageSize = checkInt(
    'v2MaxPageSize',
    options.v2MaxPageSize ?? LIMITS.v2PageSizeMaxSpec,
    1,
    LIMITS.v2PageSizeMaxSpec,
  );
  const latencyMs = checkInt('latencyMs', options.latencyMs ?? 0, 0, 600_000);
  const limiter = new SlidingWindowLimiter(null, checkInt('rateLimitWindowMs', options.rateLimitWindowMs ?? 60_000, 1, 3_600_000));
  setRateLimit(limiter, options.rateLimitPerMinute ?? null);
  const faults = new FaultInjector((seed ^ 0x9e3779b9) >>> 0, options.faults ?? null);
  const forceStatus = options.forceStatus == null ? null : checkStatus('forceStatus', options.forceStatus);
  return {
    options,
    org,
    apiKey,
    v2MaxPageSize,
    latencyMs,
    limiter,
    faults,
    forceStatus,
    failQueue: [],
    requests: [],
    writes: [],
    stats: newStats(),
    hanging: new Set<ServerResponse>(),
    seq: 0,
  };
}

export const setRateLimit = (limiter: SlidingWindowLimiter, perMinute: number | null) =>
  limiter.setLimit(perMinute === null ? null : checkInt('rateLimitPerMinute', perMinute, 1, 1_000_000));

/** `requests` and `writes` keep at most this many entries (the oldest tenth is dropped beyond it). */
const MAX_LOG_ENTRIES = 100_000;

export function appendBounded<T>(log: T[], item: T): void {
  if (log.length >= MAX_LOG_ENTRIES) log.splice(0, MAX_LOG_ENTRIES / 10);
  log.push(item);
}

function toMs(now: SandboxOptions['now']): number {
  const ms =
    now === undefined
      ? Date.parse(DEFAULT_NOW)
      : now instanceof Date
        ? now.getTime()
        : typeof now === 'number'
          ? now
          : Date.parse(now);
  if (!Number.isFinite(ms)) throw new Error(`now must be a valid date, got ${String(now)}`);
  return ms;
}

export function checkInt(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got ${value}`);
  }
  return value;
}

export const checkStatus = (name: string, status: number) => checkInt(name, status, 400, 599);

export function newStats(): SandboxStats {
  return { requests: 0, responses: {}, rateLimited: 0, faults: {}, forced: 0, writes: 0, aborted: 0 };
}
