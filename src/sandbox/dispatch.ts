/** Answers: JSON responses (counted in the stats, logged at debug) and the routing of a request to its handler. */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { AfterFault } from './faults.js';
import { errorBody } from './error-body.js';
import { matchRoute } from './routes.js';
import { appendBounded, type SandboxState } from './server-state.js';
import type { RecordedRequest } from './types.js';
import { HttpError } from './validate.js';

export function sendText(
  s: SandboxState,
  res: ServerResponse,
  entry: RecordedRequest,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  entry.status = status;
  s.stats.responses[status] = (s.stats.responses[status] ?? 0) + 1;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    // Like an API gateway in front of Drata: every answer names its request.
    'x-request-id': `sbx-${randomUUID()}`,
    ...headers,
  });
  res.end(text);
  const query = entry.rawQuery ? `?${entry.rawQuery}` : '';
  s.options.logger?.debug(`sandbox ${entry.method} ${entry.rawPath}${query} → ${status}`);
}
export function send(
  s: SandboxState,
  res: ServerResponse,
  entry: RecordedRequest,
  status: number,
  body: unknown,
  headers = {},
): void {
  sendText(s, res, entry, status, JSON.stringify(body), headers);
}

/** A truncated JSON body: what an unreadable answer looks like. */
export const TRUNCATED_JSON =
  '{"data":[{"id":1,"employmentStatus":"CURRENT_EMPLOYEE","user":{"id":1001,"email":"ali';

/** An after-fault: the request was processed; its answer is held back (past a client's timeout) or spoiled. */
function spoil(s: SandboxState, after: AfterFault, res: ServerResponse, entry: RecordedRequest, answer: () => void) {
  entry.outcome = after;
  if (after === 'applied500') return send(s, res, entry, 500, errorBody(entry.api, 500));
  if (after === 'appliedMalformed') return sendText(s, res, entry, 200, TRUNCATED_JSON);
  const timer = setTimeout(() => !res.destroyed && answer(), s.faults.lateMs);
  s.hanging.add(res);
  res.on('close', () => {
    clearTimeout(timer);
    s.hanging.delete(res);
  });
}

export function route(
  s: SandboxState,
  entry: RecordedRequest,
  segments: string[] | null,
  res: ServerResponse,
  after?: AfterFault,
): void {
  const notFound = () =>
    send(s, res, entry, 404, errorBody(entry.api, 404, `Cannot ${entry.method} ${entry.path}`));
  if (segments === null) {
    send(s, res, entry, 400, errorBody(entry.api, 400, 'The request path contains invalid percent-encoding'));
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
      org: s.org,
      params: match.params,
      query: new Map(Object.entries(entry.query)),
      body: entry.body,
      bodyError: entry.bodyError,
      v2MaxPageSize: s.v2MaxPageSize,
    });
    if (result.write && result.status < 300) {
      appendBounded(s.writes, {
        seq: entry.seq,
        method: entry.method,
        path: entry.path,
        api: entry.api,
        personnelIds: result.write.personnelIds,
        changes: result.write.changes,
        at: Date.now(),
      });
      s.stats.writes++;
    }
    const answer = () => send(s, res, entry, result.status, result.body);
    if (after) spoil(s, after, res, entry, answer);
    else answer();
  } catch (err) {
    if (err instanceof HttpError)
      send(s, res, entry, err.status, errorBody(entry.api, err.status, err.message));
    else {
      s.options.logger?.error('sandbox handler failed', {
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
      send(s, res, entry, 500, errorBody(entry.api, 500));
    }
  }
}
