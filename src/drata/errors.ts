/**
 * Typed errors for everything that can go wrong between us and Drata. Every failure of the drata/ layer
 * is a `DrataError` with a `kind`; callers switch on `kind` (or use `isDrataError(err, kind)`), never on
 * message text. Messages are one line, name the method and path, and never contain the API key (the
 * client runs every message through redaction before throwing).
 */
import { PERMISSIONS, type PermissionKey } from './catalog.js';

export type DrataErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'payment_required'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'rate_limited'
  | 'server_error'
  | 'client_error'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'unexpected_response'
  | 'invalid_argument'
  | 'config';

/** The permission a 403 most likely lacks, from the operation's `x-drata-permissions`. */
export type DrataPermission = (typeof PERMISSIONS)[PermissionKey];

export interface DrataErrorInit {
  method?: string | undefined;
  path?: string | undefined;
  status?: number | undefined;
  drataMessage?: string | undefined;
  drataCode?: number | string | undefined;
  retryAfterSeconds?: number | undefined;
  permission?: DrataPermission | undefined;
  cause?: unknown;
}

/** Base class of every error thrown by src/drata. */
export class DrataError extends Error {
  override name = 'DrataError';
  readonly kind: DrataErrorKind;
  /** HTTP method of the failed call (absent for config errors and argument errors raised before a call). */
  method?: string;
  /** Request path without origin and query, e.g. `/public/v2/personnel/12`. */
  path?: string;
  /** HTTP status, when Drata answered. */
  status?: number;
  /** Drata's own error message (validation messages joined with "; "), redacted and shortened. */
  drataMessage?: string;
  /** Drata's error `code`, as sent. */
  drataCode?: number | string;
  /** When it makes sense to try again (from Retry-After or the backoff schedule). */
  retryAfterSeconds?: number;
  /** For 403: the permission the called operation needs. */
  permission?: DrataPermission;

  constructor(kind: DrataErrorKind, message: string, init: DrataErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = kind;
    if (init.method !== undefined) this.method = init.method;
    if (init.path !== undefined) this.path = init.path;
    if (init.status !== undefined) this.status = init.status;
    if (init.drataMessage !== undefined) this.drataMessage = init.drataMessage;
    if (init.drataCode !== undefined) this.drataCode = init.drataCode;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    if (init.permission !== undefined) this.permission = init.permission;
  }

  /** A plain, safe view (no stack, no cause) for logs and structured tool errors. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      method: this.method,
      path: this.path,
      status: this.status,
      drataMessage: this.drataMessage,
      drataCode: this.drataCode,
      retryAfterSeconds: this.retryAfterSeconds,
      permission: this.permission,
    };
  }

  /** Rewrite every human-readable field with `redact` (second line of defence against leaking secrets). */
  redactWith(redact: (text: string) => string): this {
    this.message = redact(this.message);
    if (typeof this.stack === 'string') this.stack = redact(this.stack);
    if (this.path !== undefined) this.path = redact(this.path);
    if (this.drataMessage !== undefined) this.drataMessage = redact(this.drataMessage);
    if (typeof this.drataCode === 'string') this.drataCode = redact(this.drataCode);
    return this;
  }
}

/** Drata answered with a non-success HTTP status; `kind` follows the status (see `kindForStatus`). */
export class DrataApiError extends DrataError {
  override name = 'DrataApiError';
  declare status: number;
}

/** The connection failed (refused, reset, DNS, TLS, socket closed). `code` is the system/undici code. */
export class DrataNetworkError extends DrataError {
  override name = 'DrataNetworkError';
  readonly code: string | undefined;
  /** Connection-level failures that are safe to retry on idempotent calls. */
  readonly transient: boolean;
  constructor(message: string, code: string | undefined, transient: boolean, init: DrataErrorInit = {}) {
    super('network', message, init);
    this.code = code;
    this.transient = transient;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), code: this.code };
  }
}

/** No complete response within the per-request timeout. */
export class DrataTimeoutError extends DrataError {
  override name = 'DrataTimeoutError';
  constructor(message: string, init: DrataErrorInit = {}) {
    super('timeout', message, init);
  }
}

/** The caller's AbortSignal fired (during a request, a backoff, a rate-limit wait or between pages). */
export class DrataAbortedError extends DrataError {
  override name = 'DrataAbortedError';
  constructor(message = 'Drata request cancelled', init: DrataErrorInit = {}) {
    super('aborted', message, init);
  }
}

/** A success status whose body is not JSON or does not have the minimal expected shape. */
export class DrataUnexpectedResponseError extends DrataError {
  override name = 'DrataUnexpectedResponseError';
  /** The body could not be read as JSON (cut off, garbled): worth a retry on a read. */
  readonly unreadable: boolean;
  constructor(message: string, init: DrataErrorInit & { unreadable?: boolean } = {}) {
    super('unexpected_response', message, init);
    this.unreadable = init.unreadable === true;
  }
}

/**
 * What a failed write means for the record. `refused`: Drata answered and did not apply it (4xx) or the
 * request never left (connection refused, invalid argument): nothing changed. `lost`: the request may have
 * been processed but the answer was lost (timeout, 5xx, unreadable 2xx, connection cut): read it back.
 * `cancelled`: the caller aborted; like `lost`, the request may have reached Drata.
 */
export function writeFate(err: unknown): 'refused' | 'lost' | 'cancelled' {
  if (!(err instanceof DrataError)) return 'lost';
  switch (err.kind) {
    case 'timeout':
    case 'server_error':
    case 'unexpected_response':
      return 'lost';
    case 'aborted':
      return 'cancelled';
    case 'network':
      return err instanceof DrataNetworkError && NOT_SENT_CODES.has(err.code ?? '') ? 'refused' : 'lost';
    default:
      return 'refused';
  }
}

/** Connection failures that mean the request never reached Drata. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** A path segment, id, email or query value was rejected before any network I/O. */
export class DrataInvalidArgumentError extends DrataError {
  override name = 'DrataInvalidArgumentError';
  constructor(message: string, init: DrataErrorInit = {}) {
    super('invalid_argument', message, init);
  }
}

/** Client misconfiguration (base URL, region, API key shape). */
export class DrataConfigError extends DrataError {
  override name = 'DrataConfigError';
  constructor(message: string) {
    super('config', message);
  }
}

export function isDrataError(err: unknown, kind?: DrataErrorKind): err is DrataError {
  return err instanceof DrataError && (kind === undefined || err.kind === kind);
}

export function kindForStatus(status: number): DrataErrorKind {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 402:
      return 'payment_required';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 412:
      return 'precondition_failed';
    case 429:
      return 'rate_limited';
    default:
      if (status >= 500) return 'server_error';
      if (status >= 400) return 'client_error';
      return 'unexpected_response';
  }
}

const SUMMARIES: Partial<Record<DrataErrorKind, string>> = {
  bad_request: 'Drata rejected the request as invalid',
  unauthorized: 'Drata rejected the API key',
  payment_required: "This feature is not included in the Drata account's plan",
  forbidden: 'The API key is not allowed to do this',
  not_found: 'Not found in Drata',
  conflict: 'Drata refused the change (business-rule conflict)',
  precondition_failed: "Drata's terms and conditions have not been accepted for this account",
  rate_limited: 'Drata rate limit hit',
  server_error: 'Drata server error',
};

const MAX_DRATA_MESSAGE = 300;

/** Collapse whitespace (one-line messages) and cap the length. */
export function oneLine(text: string, max = MAX_DRATA_MESSAGE): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Drata's error body `{statusCode, message, code, name?}`, parsed tolerantly; anything else yields {}. */
export function parseDrataErrorBody(text: string): { message?: string; code?: number | string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof body !== 'object' || body === null) return {};
  const { message, code, error } = body as Record<string, unknown>;
  const out: { message?: string; code?: number | string } = {};
  const parts = (Array.isArray(message) ? message : [message ?? error]).filter(
    (m): m is string | number => typeof m === 'string' || typeof m === 'number',
  );
  if (parts.length > 0) out.message = oneLine(parts.join('; '));
  if (typeof code === 'number' || typeof code === 'string') out.code = code;
  return out;
}

export interface ApiErrorInput {
  status: number;
  method: string;
  path: string;
  body: string;
  operation?: PermissionKey | undefined;
  retryAfterSeconds?: number | undefined;
}

/** Build the typed error for a non-success status, with a one-line message. */
export function apiErrorFromResponse(input: ApiErrorInput): DrataApiError {
  const kind = kindForStatus(input.status);
  const { message: drataMessage, code: drataCode } = parseDrataErrorBody(input.body);
  const permission = kind === 'forbidden' && input.operation ? PERMISSIONS[input.operation] : undefined;
  const summary = SUMMARIES[kind] ?? `Drata answered HTTP ${input.status}`;
  let message = `${summary} (${input.status}) on ${input.method} ${input.path}`;
  if (drataMessage) message += `: ${drataMessage}`;
  if (permission) message += ` — needs the "${permission.name}" permission (${permission.id})`;
  return new DrataApiError(kind, message, {
    method: input.method,
    path: input.path,
    status: input.status,
    drataMessage,
    drataCode,
    permission,
    retryAfterSeconds: input.retryAfterSeconds,
  });
}
