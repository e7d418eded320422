/**
 * The sandbox HTTP server: a Drata-compatible Personnel API (V1 + V2) on 127.0.0.1 over a synthetic org.
 *
 * Per request, in arrival order and before any processing: record it, apply the rate limit (429 +
 * Retry-After), draw a fault, check the bearer key (401), then `failNext` / `forceStatus`. Only then is the
 * body read, the latency waited out and the route run, so a faulted, forced or abandoned write is never
 * applied. Every request lands in `requests`; every applied write in `writes`. The gate is gate.ts, the state
 * and its validation server-state.ts, the answers and routing dispatch.ts, the public types types.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { route, send, sendText, TRUNCATED_JSON } from './dispatch.js';
import { v1RecordSize } from './dto.js';
import { errorBody } from './error-body.js';
import { type Decision, decide } from './gate.js';
import {
  appendBounded,
  checkInt,
  checkStatus,
  createState,
  newStats,
  type SandboxState,
  setRateLimit,
} from './server-state.js';
import type { RecordedRequest, Sandbox, SandboxOptions } from './types.js';
import { parseQuery, queryToObject } from './validate.js';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Start the sandbox on 127.0.0.1 and resolve once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const s = createState(options);
  const server: Server = createServer((req, res) => {
    handle(s, req, res).catch((err: unknown) => {
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
  return controls(s, server);
}

/** Record a request as received; `segments` are the decoded path segments (null: invalid percent-encoding). */
function record(s: SandboxState, req: IncomingMessage): { entry: RecordedRequest; segments: string[] | null } {
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
    seq: ++s.seq,
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
  appendBounded(s.requests, entry);
  s.stats.requests++;
  return { entry, segments };
}

async function handle(s: SandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { entry, segments } = record(s, req);
  const decision = decide(s, req, entry);
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
    send(s, res, entry, 413, errorBody(entry.api, 413, `Request body larger than ${MAX_BODY_BYTES} bytes`));
    return;
  }
  if (raw.length > 0) {
    try {
      entry.body = JSON.parse(raw);
    } catch (err) {
      entry.bodyError = err instanceof Error ? err.message : String(err);
    }
  }
  if (s.latencyMs > 0) await new Promise((r) => setTimeout(r, s.latencyMs));
  if (res.destroyed || req.socket.destroyed) {
    entry.outcome ??= 'aborted';
    s.stats.aborted++;
    return;
  }
  answer(s, decision, entry, segments, req, res);
}

/** Answer as decided by the gate: route, error, truncated JSON, no answer (timeout) or a connection reset. */
function answer(
  s: SandboxState,
  decision: Decision,
  entry: RecordedRequest,
  segments: string[] | null,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  switch (decision.kind) {
    case 'route':
      return route(s, entry, segments, res, decision.after);
    case 'error': {
      const headers: Record<string, string> =
        decision.retryAfter === undefined ? {} : { 'retry-after': String(decision.retryAfter) };
      return send(
        s,
        res,
        entry,
        decision.status,
        errorBody(entry.api, decision.status, decision.message),
        headers,
      );
    }
    case 'malformed':
      return sendText(s, res, entry, 200, TRUNCATED_JSON);
    case 'timeout':
      s.hanging.add(res);
      res.on('close', () => s.hanging.delete(res));
      return;
    case 'reset': {
      const socket = req.socket as typeof req.socket & { resetAndDestroy?: () => void };
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      return;
    }
  }
}

/** The handle given to the caller: addresses, the org, the logs and the runtime controls. */
function controls(s: SandboxState, server: Server): Sandbox {
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  let closed: Promise<void> | undefined;

  return {
    url,
    v1Url: `${url}/public`,
    v2Url: `${url}/public/v2`,
    port,
    apiKey: s.apiKey,
    now: new Date(s.org.now),
    org: s.org,
    requests: s.requests,
    writes: s.writes,
    stats: s.stats,
    setFaults: (f) => s.faults.set(f),
    setLatency: (ms) => {
      s.latencyMs = checkInt('latencyMs', ms, 0, 600_000);
    },
    setRateLimit: (perMinute) => setRateLimit(s.limiter, perMinute),
    setForceStatus: (status) => {
      s.forceStatus = status === null ? null : checkStatus('forceStatus', status);
    },
    failNext: (spec) => {
      if (spec.times === 0) {
        s.failQueue.length = 0;
        return;
      }
      checkStatus('failNext status', spec.status);
      s.failQueue.push({ ...spec, times: checkInt('failNext times', spec.times ?? 1, 1, 1_000_000) });
    },
    v1RecordSize: (id) => {
      const p = s.org.get(id);
      if (!p) throw new Error(`no personnel with id ${id}`);
      return v1RecordSize(s.org, p);
    },
    clearLogs: () => {
      s.requests.length = 0;
      s.writes.length = 0;
      Object.assign(s.stats, newStats());
    },
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        for (const res of s.hanging) res.destroy();
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
