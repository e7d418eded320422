/** The sandbox's public contract: its options, the request and write logs, stats and the handle it returns. */
import type { Logger } from '../logger.js';
import type { AfterFault, FaultConfig } from './faults.js';
import type { ApiVersion } from './handlers-common.js';
import type { FieldChange } from './mutations.js';
import type { Org } from './org.js';
import type { OrgProfile } from './profiles.js';

export interface SandboxOptions {
  /** Number of personnel, 1..20 000 (default 250). */
  size?: number;
  /** What the org looks like: `default`, or `realistic` (see profiles.ts). Default `default`. */
  profile?: OrgProfile;
  /** PRNG seed of the org (default 42). Same seed + size + now → byte-identical responses. */
  seed?: number;
  /** Reference "now" of the data (default 2026-11-01T00:00:00.000Z). */
  now?: Date | string | number;
  /** Bearer key to accept (default `drata-sandbox-api-key`). */
  apiKey?: string;
  /** Port on 127.0.0.1 (default 0: ephemeral). */
  port?: number;
  /** Delay before every response, in ms (default 0). */
  latencyMs?: number;
  /** Requests per sliding 60 s window before 429s (default: no limit). */
  rateLimitPerMinute?: number | null;
  /** The rate limit's window in ms (default 60 000: Drata's minute; shorter for tests of the budget). */
  rateLimitWindowMs?: number;
  /** Random faults (see faults.ts for the string format). */
  faults?: FaultConfig | string | null;
  /** Answer every authenticated request with this status (e.g. 403, 412). */
  forceStatus?: number | null;
  /** Largest V2 `size` accepted: 500 per the spec (default 50), or 50 per the seed docs (default 20). */
  v2MaxPageSize?: number;
  /** Receives one debug line per request. */
  logger?: Logger;
}

/** One request as received (and, once answered, its status). */
export interface RecordedRequest {
  readonly seq: number;
  readonly method: string;
  /** Path as sent, percent-encoding intact, without the query. */
  readonly rawPath: string;
  /** Path with every segment percent-decoded. */
  readonly path: string;
  readonly rawQuery: string;
  readonly query: Readonly<Record<string, string[]>>;
  /** Parsed JSON body (undefined when absent or malformed). */
  body: unknown;
  bodyError?: string;
  readonly api: ApiVersion;
  /** Status answered; null while pending or when no HTTP answer was given (timeout, reset, aborted). */
  status: number | null;
  /** Injected outcome, if any: a fault kind, `rate-limit`, `forced` or `aborted`. */
  outcome?: string;
  /** When it arrived (epoch ms, wall clock). */
  readonly at: number;
}

/** A write the sandbox applied (2xx answer to a PUT/POST). */
export interface AppliedWrite {
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly api: ApiVersion;
  readonly personnelIds: readonly number[];
  /** Fields that actually changed (empty for a no-op write). */
  readonly changes: readonly FieldChange[];
  /** When it was applied (epoch ms, wall clock). */
  readonly at: number;
}

export interface SandboxStats {
  requests: number;
  /** Answers by HTTP status. */
  responses: Record<string, number>;
  /** 429s produced by the rate limiter (not by faults). */
  rateLimited: number;
  /** Injected faults by kind. */
  faults: Record<string, number>;
  /** Answers forced by failNext / forceStatus. */
  forced: number;
  /** Applied writes. */
  writes: number;
  /** Clients that went away before being answered. */
  aborted: number;
}

/**
 * Force the next matching request(s) to fail with `status` and a correctly shaped error body.
 * `times: 0` instead clears every pending forced failure (whatever `status` says).
 */
export interface FailNextSpec {
  status: number;
  /** How many matching requests to fail (default 1); 0 clears the queue. */
  times?: number;
  /** Only requests with this method. */
  method?: string;
  /** Only requests whose raw or decoded path (with query) contains this. */
  pathIncludes?: string;
  /** Adds `Retry-After` (seconds). */
  retryAfterSeconds?: number;
  /** Overrides the default error message. */
  message?: string;
  /** Process the request (apply the write) and then spoil the answer this way instead (`status` unused). */
  after?: AfterFault;
}

export interface Sandbox {
  /** Origin, e.g. `http://127.0.0.1:54321`; V1 lives under `/public`, V2 under `/public/v2`. */
  readonly url: string;
  readonly v1Url: string;
  readonly v2Url: string;
  readonly port: number;
  readonly apiKey: string;
  /** The org's reference "now". */
  readonly now: Date;
  readonly org: Org;
  /** Every request received, oldest first (bounded by MAX_LOG_ENTRIES). */
  readonly requests: RecordedRequest[];
  /** Every applied write, oldest first (bounded by MAX_LOG_ENTRIES). */
  readonly writes: AppliedWrite[];
  readonly stats: SandboxStats;
  setFaults(faults: FaultConfig | string | null): void;
  setLatency(ms: number): void;
  setRateLimit(perMinute: number | null): void;
  setForceStatus(status: number | null): void;
  failNext(spec: FailNextSpec): void;
  /** Size in bytes of personnel `id`'s V1 details JSON. */
  v1RecordSize(id: number): number;
  /** Empty `requests` and `writes` (in place) and reset `stats`. */
  clearLogs(): void;
  close(): Promise<void>;
}
