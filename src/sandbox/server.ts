/**
 * The sandbox HTTP server: a Drata-compatible Personnel API (V1 + V2) on 127.0.0.1 over a synthetic org.
 *
 * Per request, in arrival order and before any processing: record it, apply the rate limit (429 +
 * Retry-After), draw a fault, check the bearer key (401), then `failNext` / `forceStatus`. Only then is the
 * body read, the latency waited out and the route run, so a faulted, forced or abandoned write is never
 * applied. Every request lands in `requests`; every applied write in `writes`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIMITS } from '../drata/catalog.js';
import type { Logger } from '../logger.js';
import { v1RecordSize } from './dto.js';
import {
  type AfterFault,
  type FaultConfig,
  FaultInjector,
  type FaultKind,
  isAfterFault,
  SlidingWindowLimiter,
} from './faults.js';
import { DEFAULT_ORG_SIZE, DEFAULT_SEED, generateOrg, MAX_ORG_SIZE } from './generate.js';
import type { FieldChange } from './mutations.js';
import type { Org } from './org.js';
import { type ApiVersion, matchRoute } from './routes.js';
import { DEFAULT_NOW } from './time.js';
import { HttpError, parseQuery, queryToObject } from './validate.js';

/** The key the sandbox accepts unless told otherwise. Not a secret. */
export const DEFAULT_SANDBOX_API_KEY = 'drata-sandbox-api-key';

export interface SandboxOptions {
  /** Number of personnel, 1..20 000 (default 250). */
  size?: number;
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

const ERROR_NAMES: Record<number, string> = {
  400: 'BadRequestException',
  401: 'UnauthorizedException',
  402: 'PaymentRequiredException',
  403: 'ForbiddenException',
  404: 'NotFoundException',
  405: 'MethodNotAllowedException',
  409: 'ConflictException',
  412: 'PreconditionFailedException',
  413: 'PayloadTooLargeException',
  429: 'ThrottlerException',
  500: 'InternalServerErrorException',
  502: 'BadGatewayException',
  503: 'ServiceUnavailableException',
  504: 'GatewayTimeoutException',
};

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Malformed data and/or validation errors',
  401: 'Invalid Authorization',
  402: 'You must upgrade your plan to use this feature',
  403: 'You are not allowed to perform this action',
  404: 'Not Found',
  409: 'There is a conflict in the business rules with this request',
  412: 'You must accept the Drata terms and conditions to use the API',
  429: 'ThrottlerException: Too Many Requests',
  500: 'Internal server error',
};

/**
 * Error body: V1 `{statusCode, message, code}` (ExceptionResponse[Public]Dto), V2 adds `name` first
 * (ExceptionResponsePublicV2Dto). `code` is a sandbox-defined number: statusCode × 100.
 */
export function errorBody(api: ApiVersion, status: number, message?: string): Record<string, unknown> {
  const base = {
    statusCode: status,
    message: message ?? DEFAULT_MESSAGES[status] ?? `HTTP ${status}`,
    code: status * 100,
  };
  return api === 'v2' ? { name: ERROR_NAMES[status] ?? 'HttpException', ...base } : base;
}

type Decision =
  | { kind: 'route'; after?: AfterFault }
  | { kind: 'error'; status: number; retryAfter?: number; message?: string; outcome?: string }
  | { kind: 'timeout' | 'malformed' | 'reset' };

const MAX_BODY_BYTES = 5 * 1024 * 1024;
/** `requests` and `writes` keep at most this many entries (the oldest tenth is dropped beyond it). */
export const MAX_LOG_ENTRIES = 100_000;

function appendBounded<T>(log: T[], item: T): void {
  if (log.length >= MAX_LOG_ENTRIES) log.splice(0, MAX_LOG_ENTRIES / 10);
  log.push(item);
}
const TRUNCATED_JSON =
  '{"data":[{"id":1,"employmentStatus":"CURRENT_EMPLOYEE","user":{"id":1001,"email":"ali';

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

function checkInt(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got ${value}`);
  }
  return value;
}

const checkStatus = (name: string, status: number) => checkInt(name, status, 400, 599);

function newStats(): SandboxStats {
  return { requests: 0, responses: {}, rateLimited: 0, faults: {}, forced: 0, writes: 0, aborted: 0 };
}

/** Start the sandbox on 127.0.0.1 and resolve once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = checkInt('seed', options.seed ?? DEFAULT_SEED, 0, 0xffffffff);
  const size = checkInt('size', options.size ?? DEFAULT_ORG_SIZE, 1, MAX_ORG_SIZE);
  const org = generateOrg({ size, seed, now: toMs(options.now) });
  const apiKey = options.apiKey ?? DEFAULT_SANDBOX_API_KEY;
  if (apiKey === '') throw new Error('apiKey must not be empty');
  const v2MaxPageSize = checkInt(
    'v2MaxPageSize',
    options.v2MaxPageSize ?? LIMITS.v2PageSizeMaxSpec,
    1,
    LIMITS.v2PageSizeMaxSpec,
  );
  let latencyMs = checkInt('latencyMs', options.latencyMs ?? 0, 0, 600_000);
  const limiter = new SlidingWindowLimiter(null);
  const setRateLimit = (perMinute: number | null) =>
    limiter.setLimit(perMinute === null ? null : checkInt('rateLimitPerMinute', perMinute, 1, 1_000_000));
  setRateLimit(options.rateLimitPerMinute ?? null);
  const faults = new FaultInjector((seed ^ 0x9e3779b9) >>> 0, options.faults ?? null);
  let forceStatus = options.forceStatus == null ? null : checkStatus('forceStatus', options.forceStatus);
  const failQueue: Array<Required<Pick<FailNextSpec, 'status' | 'times'>> & FailNextSpec> = [];
  const requests: RecordedRequest[] = [];
  const writes: AppliedWrite[] = [];
  const stats = newStats();
  const hanging = new Set<ServerResponse>();
  let seq = 0;

  const takeFailNext = (method: string, paths: readonly string[]): FailNextSpec | undefined => {
    const i = failQueue.findIndex(
      (f) =>
        (f.method === undefined || f.method.toUpperCase() === method) &&
        (f.pathIncludes === undefined || paths.some((p) => p.includes(f.pathIncludes as string))),
    );
    const spec = failQueue[i];
    if (!spec) return undefined;
    spec.times--;
    if (spec.times <= 0) failQueue.splice(i, 1);
    return spec;
  };

  const authorized = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    return m?.[1] === apiKey;
  };

  const sendText = (
    res: ServerResponse,
    entry: RecordedRequest,
    status: number,
    text: string,
    headers: Record<string, string> = {},
  ) => {
    entry.status = status;
    stats.responses[status] = (stats.responses[status] ?? 0) + 1;
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    res.end(text);
    const query = entry.rawQuery ? `?${entry.rawQuery}` : '';
    options.logger?.debug(`sandbox ${entry.method} ${entry.rawPath}${query} → ${status}`);
  };
  const send = (res: ServerResponse, entry: RecordedRequest, status: number, body: unknown, headers = {}) =>
    sendText(res, entry, status, JSON.stringify(body), headers);

  const decide = (req: IncomingMessage, entry: RecordedRequest): Decision => {
    const limited = limiter.take(entry.at);
    if (!limited.ok) {
      stats.rateLimited++;
      return { kind: 'error', status: 429, retryAfter: limited.retryAfterSeconds, outcome: 'rate-limit' };
    }
    const fault: FaultKind | null = faults.draw();
    if (fault) {
      stats.faults[fault] = (stats.faults[fault] ?? 0) + 1;
      if (isAfterFault(fault)) return authorized(req) ? { kind: 'route', after: fault } : { kind: 'error', status: 401 };
      if (fault === 'timeout' || fault === 'malformed' || fault === 'reset') return { kind: fault };
      if (fault === '429noretry') return { kind: 'error', status: 429, outcome: fault };
      const status = Number(fault);
      return {
        kind: 'error',
        status,
        outcome: fault,
        ...(status === 429 ? { retryAfter: faults.retryAfterSeconds } : {}),
      };
    }
    if (!authorized(req)) return { kind: 'error', status: 401 };
    const query = entry.rawQuery ? `?${entry.rawQuery}` : '';
    const failed = takeFailNext(entry.method, [entry.rawPath + query, entry.path + query]);
    if (failed?.after) return { kind: 'route', after: failed.after };
    if (failed) {
      stats.forced++;
      return {
        kind: 'error',
        status: failed.status,
        retryAfter: failed.retryAfterSeconds,
        message: failed.message,
        outcome: 'forced',
      };
    }
    if (forceStatus !== null) {
      stats.forced++;
      return { kind: 'error', status: forceStatus, outcome: 'forced' };
    }
    return { kind: 'route' };
  };

  /** An after-fault: the request was processed; its answer is held back or spoiled. */
  const spoil = (after: AfterFault, res: ServerResponse, entry: RecordedRequest, answer: () => void) => {
    entry.outcome = after;
    if (after === 'applied500') return send(res, entry, 500, errorBody(entry.api, 500));
    if (after === 'appliedMalformed') return sendText(res, entry, 200, TRUNCATED_JSON);
    const timer = setTimeout(() => !res.destroyed && answer(), faults.lateMs);
    hanging.add(res);
    res.on('close', () => {
      clearTimeout(timer);
      hanging.delete(res);
    });
  };

  const route = (
    entry: RecordedRequest,
    segments: string[] | null,
    res: ServerResponse,
    after?: AfterFault,
  ): void => {
    const notFound = () =>
      send(res, entry, 404, errorBody(entry.api, 404, `Cannot ${entry.method} ${entry.path}`));
    if (segments === null) {
      send(res, entry, 400, errorBody(entry.api, 400, 'The request path contains invalid percent-encoding'));
      return;
    }
    if (segments[0] !== 'public') {
      notFound();
      return;
    }
    const rest = entry.api === 'v2' ? segments.slice(2) : segments.slice(1);
    const match = matchRoute(entry.api, entry.method, rest);
    if (!match) {
      notFound();
      return;
    }
    try {
      const result = match.route.handler({
        org,
        params: match.params,
        query: new Map(Object.entries(entry.query)),
        body: entry.body,
        bodyError: entry.bodyError,
        v2MaxPageSize,
      });
      if (result.write && result.status < 300) {
        appendBounded(writes, {
          seq: entry.seq,
          method: entry.method,
          path: entry.path,
          api: entry.api,
          personnelIds: result.write.personnelIds,
          changes: result.write.changes,
          at: Date.now(),
        });
        stats.writes++;
      }
      const answer = () => send(res, entry, result.status, result.body);
      if (after) spoil(after, res, entry, answer);
      else answer();
    } catch (err) {
      if (err instanceof HttpError)
        send(res, entry, err.status, errorBody(entry.api, err.status, err.message));
      else {
        options.logger?.error('sandbox handler failed', {
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        });
        send(res, entry, 500, errorBody(entry.api, 500));
      }
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    let segments: string[] | null;
    try {
      segments = rawPath.split('/').slice(1).map(decodeURIComponent);
    } catch {
      segments = null;
    }
    const entry: RecordedRequest = {
      seq: ++seq,
      method: (req.method ?? 'GET').toUpperCase(),
      rawPath,
      path: segments ? `/${segments.join('/')}` : rawPath,
      rawQuery,
      query: queryToObject(parseQuery(rawQuery)),
      body: undefined,
      api: /^\/public\/v2(\/|$)/.test(rawPath) ? 'v2' : 'v1',
      status: null,
      at: Date.now(),
    };
    appendBounded(requests, entry);
    stats.requests++;
    const decision = decide(req, entry);
    if (
      decision.kind === 'error' ||
      decision.kind === 'timeout' ||
      decision.kind === 'malformed' ||
      decision.kind === 'reset'
    ) {
      entry.outcome = decision.kind === 'error' ? decision.outcome : decision.kind;
    }

    const raw = await readBody(req);
    if (raw === null) {
      send(res, entry, 413, errorBody(entry.api, 413, `Request body larger than ${MAX_BODY_BYTES} bytes`));
      return;
    }
    if (raw.length > 0) {
      try {
        entry.body = JSON.parse(raw);
      } catch (err) {
        entry.bodyError = err instanceof Error ? err.message : String(err);
      }
    }
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    if (res.destroyed || req.socket.destroyed) {
      entry.outcome ??= 'aborted';
      stats.aborted++;
      return;
    }

    switch (decision.kind) {
      case 'route':
        return route(entry, segments, res, decision.after);
      case 'error': {
        const headers: Record<string, string> =
          decision.retryAfter === undefined ? {} : { 'retry-after': String(decision.retryAfter) };
        return send(
          res,
          entry,
          decision.status,
          errorBody(entry.api, decision.status, decision.message),
          headers,
        );
      }
      case 'malformed':
        return sendText(res, entry, 200, TRUNCATED_JSON);
      case 'timeout':
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      case 'reset': {
        const socket = req.socket as typeof req.socket & { resetAndDestroy?: () => void };
        if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
        else socket.destroy();
        return;
      }
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      options.logger?.error('sandbox request failed', { error: String(err) });
      if (!res.headersSent) res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;

  return {
    url,
    v1Url: `${url}/public`,
    v2Url: `${url}/public/v2`,
    port,
    apiKey,
    now: new Date(org.now),
    org,
    requests,
    writes,
    stats,
    setFaults: (f) => faults.set(f),
    setLatency: (ms) => {
      latencyMs = checkInt('latencyMs', ms, 0, 600_000);
    },
    setRateLimit,
    setForceStatus: (status) => {
      forceStatus = status === null ? null : checkStatus('forceStatus', status);
    },
    failNext: (spec) => {
      if (spec.times === 0) {
        failQueue.length = 0;
        return;
      }
      checkStatus('failNext status', spec.status);
      failQueue.push({ ...spec, times: checkInt('failNext times', spec.times ?? 1, 1, 1_000_000) });
    },
    v1RecordSize: (id) => {
      const p = org.get(id);
      if (!p) throw new Error(`no personnel with id ${id}`);
      return v1RecordSize(org, p);
    },
    clearLogs: () => {
      requests.length = 0;
      writes.length = 0;
      Object.assign(stats, newStats());
    },
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** Read the whole body as UTF-8; null when it exceeds the limit. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
    req.on('close', () => resolve(tooBig ? null : Buffer.concat(chunks).toString('utf8')));
  });
}
