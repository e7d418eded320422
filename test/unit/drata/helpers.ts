/**
 * Test harness for src/drata: a DrataClient over an undici MockAgent (no network), with every dispatched
 * request recorded exactly as sent, deterministic jitter, an instant recording `sleep`, a clock that moves only
 * when the client sleeps (so a wait computed from it, such as a Retry-After hold, is exact), and captured logs.
 */
import { type Dispatcher, MockAgent, type MockPool } from 'undici';
import { DrataClient, type DrataClientOptions } from '../../../src/drata/client.js';
import { PersonnelApi } from '../../../src/drata/personnel.js';
import { createLogger } from '../../../src/logger.js';

/** Distinctive, so a leak is unmistakable. */
export const API_KEY = 'drk_live_SECRET-7f3a9c2e1b8d4f6a';
export const ORIGIN = 'https://public-api.drata.com';

export interface RecordedCall {
  method: string;
  /** Path and query exactly as dispatched (not normalised). */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface Harness {
  agent: MockAgent;
  pool: MockPool;
  client: DrataClient;
  api: PersonnelApi;
  calls: RecordedCall[];
  /** Every wait the client asked for (backoff and rate limiting), in ms. */
  sleeps: number[];
  logs: string[];
  close(): Promise<void>;
}

export function harness(options: Partial<DrataClientOptions> = {}, origin = ORIGIN): Harness {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const calls: RecordedCall[] = [];
  const dispatcher = agent.compose(
    (dispatch) => (opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) => {
      calls.push({
        method: opts.method,
        path: opts.path,
        headers: { ...(opts.headers as Record<string, string>) },
        body: typeof opts.body === 'string' ? opts.body : undefined,
      });
      return dispatch(opts, handler);
    },
  );
  let closed: Promise<void> | undefined;
  const sleeps: number[] = [];
  const logs: string[] = [];
  let clock = Date.UTC(2026, 0, 5, 12, 0, 0);
  const client = new DrataClient({
    apiKey: API_KEY,
    dispatcher,
    logger: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
    random: () => 0.5,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    ...options,
  });
  return {
    agent,
    pool: agent.get(origin),
    client,
    api: new PersonnelApi(client),
    calls,
    sleeps,
    logs,
    close: () => (closed ??= agent.close()),
  };
}

export type MockResponse = {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
};

/** Answer the requests on `pool` with `responses` in order; the last one repeats forever. */
export function replySequence(pool: MockPool, responses: Array<MockResponse | Error>): void {
  responses.forEach((r, i) => {
    const interceptor = pool.intercept({ path: () => true, method: () => true });
    const scope =
      r instanceof Error
        ? interceptor.replyWithError(r)
        : interceptor.reply(r.status, typeof r.body === 'string' ? r.body : JSON.stringify(r.body ?? {}), {
            headers: { 'content-type': 'application/json', ...r.headers },
          });
    if (!(r instanceof Error) && r.delayMs) scope.delay(r.delayMs);
    if (i === responses.length - 1) scope.persist();
  });
}

/** A network-level failure like Node raises it. */
export function netError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:443`), { code });
}

export const V2_PERSON = { id: 7, employmentStatus: 'CURRENT_EMPLOYEE', userId: 3 };
export const V1_PERSON = {
  id: 7,
  employmentStatus: 'CURRENT_EMPLOYEE',
  user: { id: 3, email: 'ada@example.com' },
};
export const V1_PAGE = { data: [V1_PERSON], page: 1, limit: 20, total: 1 };
export const V2_PAGE = { data: [V2_PERSON], pagination: { cursor: null } };
