/**
 * The request gate, run per request in arrival order before any processing: the rate limit (429 +
 * Retry-After), a drawn fault, the bearer key (401), then `failNext` / `forceStatus`.
 */
import type { IncomingMessage } from 'node:http';
import { type AfterFault, type FaultKind, isAfterFault } from './faults.js';
import type { SandboxState } from './server-state.js';
import type { FailNextSpec, RecordedRequest } from './types.js';

export type Decision =
  | { kind: 'route'; after?: AfterFault }
  | { kind: 'error'; status: number; retryAfter?: number; message?: string; outcome?: string }
  | { kind: 'timeout' | 'malformed' | 'reset' };

function takeFailNext(s: SandboxState, method: string, paths: readonly string[]): FailNextSpec | undefined {
  const i = s.failQueue.findIndex(
    (f) =>
      (f.method === undefined || f.method.toUpperCase() === method) &&
      (f.pathIncludes === undefined || paths.some((p) => p.includes(f.pathIncludes as string))),
  );
  const spec = s.failQueue[i];
  if (!spec) return undefined;
  spec.times--;
  if (spec.times <= 0) s.failQueue.splice(i, 1);
  return spec;
}

function authorized(s: SandboxState, req: IncomingMessage): boolean {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m?.[1] === s.apiKey;
}

export function decide(s: SandboxState, req: IncomingMessage, entry: RecordedRequest): Decision {
  const limited = s.limiter.take(entry.at);
  if (!limited.ok) {
    s.stats.rateLimited++;
    return { kind: 'error', status: 429, retryAfter: limited.retryAfterSeconds, outcome: 'rate-limit' };
  }
  const fault: FaultKind | null = s.faults.draw();
  if (fault) {
    s.stats.faults[fault] = (s.stats.faults[fault] ?? 0) + 1;
    if (isAfterFault(fault)) return authorized(s, req) ? { kind: 'route', after: fault } : { kind: 'error', status: 401 };
    if (fault === 'timeout' || fault === 'malformed' || fault === 'reset') return { kind: fault };
    if (fault === '429noretry') return { kind: 'error', status: 429, outcome: fault };
    const status = Number(fault);
    return {
      kind: 'error',
      status,
      outcome: fault,
      ...(status === 429 ? { retryAfter: s.faults.retryAfterSeconds } : {}),
    };
  }
  if (!authorized(s, req)) return { kind: 'error', status: 401 };
  const query = entry.rawQuery ? `?${entry.rawQuery}` : '';
  const failed = takeFailNext(s, entry.method, [entry.rawPath + query, entry.path + query]);
  if (failed?.after) return { kind: 'route', after: failed.after };
  if (failed) {
    s.stats.forced++;
    return {
      kind: 'error',
      status: failed.status,
      retryAfter: failed.retryAfterSeconds,
      message: failed.message,
      outcome: 'forced',
    };
  }
  if (s.forceStatus !== null) {
    s.stats.forced++;
    return { kind: 'error', status: s.forceStatus, outcome: 'forced' };
  }
  return { kind: 'route' };
}
