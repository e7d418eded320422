import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { PERMISSIONS } from '../../../src/drata/catalog.js';
import {
  DrataAbortedError,
  DrataApiError,
  type DrataError,
  DrataNetworkError,
  DrataTimeoutError,
  DrataUnexpectedResponseError,
} from '../../../src/drata/errors.js';
import { USER_AGENT } from '../../../src/version.js';
import {
  API_KEY,
  type Harness,
  harness,
  netError,
  replySequence,
  V1_PAGE,
  V1_PERSON,
  V2_PAGE,
  V2_PERSON,
} from './helpers.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function failure(promise: Promise<unknown>): Promise<DrataError> {
  try {
    await promise;
  } catch (err) {
    return err as DrataError;
  }
  throw new Error('expected a rejection');
}

describe('request basics', () => {
  it('sends bearer auth, Accept and User-Agent; a JSON body (with content-type) only when there is one', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 200, body: V2_PERSON }]);
    await h.api.v2Get(7);
    await h.api.v2Update(7, { startedAt: '2024-01-02' });
    const [get, put] = h.calls;
    expect(get).toMatchObject({ method: 'GET', path: '/public/v2/personnel/7', body: undefined });
    expect(get?.headers).toMatchObject({
      authorization: `Bearer ${API_KEY}`,
      accept: 'application/json',
      'user-agent': USER_AGENT,
    });
    expect(get?.headers['content-type']).toBeUndefined();
    expect(put).toMatchObject({ method: 'PUT', path: '/public/v2/personnel/7' });
    expect(put?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(put?.body ?? '')).toEqual({ startedAt: '2024-01-02' });
  });

  it('puts V1 under /public and V2 under /public/v2 of a base URL override', async () => {
    h = harness({ baseUrl: 'http://127.0.0.1:4010/' }, 'http://127.0.0.1:4010');
    replySequence(h.pool, [{ status: 200, body: V1_PAGE }]);
    await h.api.v1List({ page: 2, limit: 5 });
    expect(h.calls[0]?.path).toBe('/public/personnel?page=2&limit=5');
  });

  it('logs each request at debug (method, path, status, ms) and each retry at warning, never the key', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 503 }, { status: 200, body: V2_PAGE }]);
    await h.api.v2List({ size: 5 });
    const debug = h.logs.filter((l) => l.includes('debug:'));
    const warnings = h.logs.filter((l) => l.includes('warning:'));
    expect(debug).toHaveLength(2);
    expect(debug[1]).toMatch(/"method":"GET","path":"\/public\/v2\/personnel","status":200,"ms":\d+/);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Retrying Drata GET /public/v2/personnel in 125 ms');
    expect(h.logs.join('\n')).not.toContain(API_KEY);
  });

  it('accepts an empty 200 body where the schema allows it (V1 reset-sync)', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 200, body: '' }]);
    await expect(h.api.v1ResetSyncAll()).resolves.toBeNull();
  });
});

describe('retries and backoff', () => {
  it('retries 502/503/504 on GET with exponential full-jitter backoff', async () => {
    h = harness({ random: () => 0.5 });
    replySequence(h.pool, [
      { status: 502 },
      { status: 503 },
      { status: 504 },
      { status: 200, body: V2_PAGE },
    ]);
    await expect(h.api.v2List()).resolves.toMatchObject({ data: [V2_PERSON] });
    expect(h.calls).toHaveLength(4);
    expect(h.sleeps).toEqual([125, 250, 500]);
  });

  it('keeps each jittered wait within [0, base·2^n)', async () => {
    for (const r of [0, 0.999999]) {
      h = harness({ random: () => r, maxRetries: 4, baseBackoffMs: 100 });
      replySequence(h.pool, [{ status: 503 }]);
      await failure(h.api.v2List());
      expect(h.calls).toHaveLength(5);
      h.sleeps.forEach((ms, n) => {
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThan(100 * 2 ** n);
      });
      await h.close();
    }
  });

  it('gives up after maxRetries with the last error, saying when to try again', async () => {
    h = harness({ maxRetries: 2 });
    replySequence(h.pool, [{ status: 503, body: { statusCode: 503, message: 'Service Unavailable' } }]);
    const err = await failure(h.api.v2List());
    expect(h.calls).toHaveLength(3);
    expect(err).toBeInstanceOf(DrataApiError);
    expect(err).toMatchObject({ kind: 'server_error', status: 503, retryAfterSeconds: 1 });
    expect(err.message).toMatch(/retries exhausted — try again in 1 s$/);
  });

  it('honours Retry-After in delta-seconds', async () => {
    h = harness();
    replySequence(h.pool, [
      { status: 429, headers: { 'retry-after': '2' } },
      { status: 200, body: V2_PAGE },
    ]);
    await h.api.v2List();
    expect(h.sleeps).toEqual([2000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const now = Date.UTC(2026, 0, 5, 12, 0, 0);
    h = harness({ now: () => now });
    const date = new Date(now + 3000).toUTCString();
    replySequence(h.pool, [
      { status: 429, headers: { 'retry-after': date } },
      { status: 200, body: V2_PAGE },
    ]);
    await h.api.v2List();
    expect(h.sleeps).toEqual([3000]);
  });

  it('backs off without Retry-After on 429', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 429 }, { status: 429 }, { status: 200, body: V2_PAGE }]);
    await h.api.v2List();
    expect(h.sleeps).toEqual([125, 250]);
  });

  it('stops when the next wait would exceed maxRetryWaitMs: "retries exhausted — try again in N s"', async () => {
    h = harness({ maxRetryWaitMs: 10_000 });
    replySequence(h.pool, [
      { status: 429, headers: { 'retry-after': '12' } },
      { status: 200, body: V2_PAGE },
    ]);
    const err = await failure(h.api.v2List());
    expect(h.calls).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
    expect(err).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterSeconds: 12 });
    expect(err.message).toBe(
      'Drata rate limit hit (429) on GET /public/v2/personnel; retries exhausted — try again in 12 s',
    );
  });

  it('counts every wait against the total budget', async () => {
    h = harness({ baseBackoffMs: 1000, random: () => 0.999, maxRetryWaitMs: 2500, maxRetries: 10 });
    replySequence(h.pool, [{ status: 503 }]);
    const err = await failure(h.api.v2List());
    expect(h.sleeps).toEqual([999]); // the next wait (1998) would bring the total past 2500
    expect(h.calls).toHaveLength(2);
    expect(err.retryAfterSeconds).toBe(2);
  });

  it.each([
    ['503', { status: 503 }],
    ['500', { status: 500 }],
    ['a connection reset', netError('ECONNRESET')],
    ['an unreadable body', { status: 200, body: '{"id":7,' }],
  ] as const)('never resends a PUT after %s (the caller reads back instead)', async (_, reply) => {
    h = harness();
    replySequence(h.pool, [reply, { status: 200, body: V2_PERSON }]);
    await failure(h.api.v2Update(7, { notHumanReason: 'bot' }));
    expect(h.calls.map((c) => c.method)).toEqual(['PUT']);
  });

  it('resends a PUT after a 429 (refused before processing)', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 429, headers: { 'retry-after': '0' } }, { status: 200, body: V2_PERSON }]);
    await expect(h.api.v2Update(7, { notHumanReason: 'bot' })).resolves.toMatchObject({ id: 7 });
    expect(h.calls.map((c) => c.method)).toEqual(['PUT', 'PUT']);
  });

  it.each([500, 502, 503, 504])('retries a GET answered %i', async (status) => {
    h = harness();
    replySequence(h.pool, [{ status }, netError('ECONNRESET'), { status: 200, body: V2_PAGE }]);
    await h.api.v2List();
    expect(h.calls).toHaveLength(3);
  });

  it('retries a GET whose body is unreadable, but not one whose body has the wrong shape', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 200, body: '{"data":[{"id":1,' }, { status: 200, body: V2_PAGE }]);
    await h.api.v2List();
    expect(h.calls).toHaveLength(2);
    await h.close();
    h = harness();
    replySequence(h.pool, [{ status: 200, body: { data: 'nope' } }, { status: 200, body: V2_PAGE }]);
    await failure(h.api.v2List());
    expect(h.calls).toHaveLength(1);
  });

  it('retries connection failures on GET but not a DNS failure for an unknown host', async () => {
    h = harness();
    replySequence(h.pool, [netError('ECONNREFUSED'), { status: 200, body: V2_PAGE }]);
    await h.api.v2List();
    expect(h.calls).toHaveLength(2);
    await h.close();

    h = harness();
    replySequence(h.pool, [netError('ENOTFOUND')]);
    const err = await failure(h.api.v2List());
    expect(err).toBeInstanceOf(DrataNetworkError);
    expect(err).toMatchObject({
      kind: 'network',
      code: 'ENOTFOUND',
      method: 'GET',
      path: '/public/v2/personnel',
    });
    expect(h.calls).toHaveLength(1);
  });

  it.each([400, 401, 402, 403, 404, 409, 412, 418])('never retries %i', async (status) => {
    h = harness();
    replySequence(h.pool, [{ status }]);
    await failure(h.api.v2List());
    expect(h.calls).toHaveLength(1);
  });

  it('retries a timed-out GET', async () => {
    h = harness({ timeoutMs: 20 });
    replySequence(h.pool, [
      { status: 200, body: V2_PAGE, delayMs: 2_000 },
      { status: 200, body: V2_PAGE },
    ]);
    await expect(h.api.v2List()).resolves.toMatchObject({ data: [V2_PERSON] });
    expect(h.calls).toHaveLength(2);
  });

  it('does not retry a timed-out PUT (it may have been applied)', async () => {
    h = harness({ timeoutMs: 20 });
    replySequence(h.pool, [
      { status: 200, body: V2_PERSON, delayMs: 2_000 },
      { status: 200, body: V2_PERSON },
    ]);
    const err = await failure(h.api.v2Update(7, { startedAt: '2024-01-01' }));
    expect(err).toBeInstanceOf(DrataTimeoutError);
    expect(err).toMatchObject({ kind: 'timeout', method: 'PUT', path: '/public/v2/personnel/7' });
    expect(err.message).toContain('within 20 ms');
    expect(h.calls).toHaveLength(1);
  });
});

describe('POST /personnel/actions (retry on 429 only)', () => {
  it.each<[string, Error | { status: number; delayMs?: number }]>([
    ['500', { status: 500 }],
    ['503', { status: 503 }],
    ['502', { status: 502 }],
    ['connection reset', netError('ECONNRESET')],
    ['timeout', { status: 201, delayMs: 2_000 }],
  ])('makes exactly one attempt on %s', async (_name, response) => {
    h = harness({ timeoutMs: 20 });
    replySequence(h.pool, [response, { status: 201, body: { count: 2 } }]);
    await failure(h.api.v2Action({ action: 'reset-sync', personnelIds: [1, 2] }));
    expect(h.calls).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
  });

  it('retries on 429 and returns the count', async () => {
    h = harness();
    replySequence(h.pool, [
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 201, body: { count: 2 } },
    ]);
    await expect(h.api.v2Action({ action: 'reset-sync', personnelIds: [1, 2] })).resolves.toEqual({
      count: 2,
    });
    expect(h.calls).toHaveLength(2);
    expect(h.calls[1]).toMatchObject({ method: 'POST', path: '/public/v2/personnel/actions' });
    expect(JSON.parse(h.calls[1]?.body ?? '')).toEqual({ action: 'reset-sync', personnelIds: [1, 2] });
  });
});

describe('cancellation', () => {
  it('rejects before any request when the signal is already aborted', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 200, body: V2_PAGE }]);
    const err = await failure(h.api.v2List({}, AbortSignal.abort()));
    expect(err).toBeInstanceOf(DrataAbortedError);
    expect(h.calls).toHaveLength(0);
  });

  it('aborts an in-flight request promptly', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 200, body: V2_PAGE, delayMs: 20_000 }]);
    const controller = new AbortController();
    const pending = failure(h.api.v2List({}, controller.signal));
    setTimeout(() => controller.abort(), 5);
    const started = Date.now();
    const err = await pending;
    expect(err).toBeInstanceOf(DrataAbortedError);
    expect(err).toMatchObject({ kind: 'aborted', method: 'GET', path: '/public/v2/personnel' });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(h.calls).toHaveLength(1);
  });

  it('aborts during a backoff wait, even if the sleep ignores the signal, and sends nothing more', async () => {
    const never = () => new Promise<void>(() => {});
    h = harness({ sleep: never });
    replySequence(h.pool, [{ status: 503 }, { status: 200, body: V2_PAGE }]);
    const controller = new AbortController();
    const pending = failure(h.api.v2List({}, controller.signal));
    await vi.waitFor(() => expect(h.logs.some((l) => l.includes('Retrying'))).toBe(true));
    controller.abort();
    const err = await pending;
    expect(err).toBeInstanceOf(DrataAbortedError);
    expect(h.calls).toHaveLength(1);
  });

  it('aborts during a rate-limit wait', async () => {
    const never = () => new Promise<void>(() => {});
    h = harness({ sleep: never, rateLimitPerMinute: 1 });
    replySequence(h.pool, [{ status: 200, body: V2_PAGE }]);
    await h.api.v2List();
    const controller = new AbortController();
    const pending = failure(h.api.v2List({}, controller.signal));
    await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect(await pending).toBeInstanceOf(DrataAbortedError);
    expect(h.calls).toHaveLength(1);
  });
});

describe('error mapping', () => {
  it.each([
    [400, 'bad_request'],
    [401, 'unauthorized'],
    [402, 'payment_required'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'conflict'],
    [412, 'precondition_failed'],
    [418, 'client_error'],
    [429, 'rate_limited'],
    [500, 'server_error'],
    [503, 'server_error'],
  ])('%i → %s, with method, path and Drata message/code', async (status, kind) => {
    h = harness({ maxRetries: 0 });
    replySequence(h.pool, [
      { status, body: { statusCode: status, message: `upstream says ${status}`, code: 1234, name: 'X' } },
    ]);
    const err = await failure(h.api.v1Get(12));
    expect(err).toBeInstanceOf(DrataApiError);
    expect(err).toMatchObject({
      kind,
      status,
      method: 'GET',
      path: '/public/personnel/12',
      drataMessage: `upstream says ${status}`,
      drataCode: 1234,
    });
    expect(err.message).toContain(`(${status}) on GET /public/personnel/12: upstream says ${status}`);
    expect(err.message).not.toMatch(/\n/);
  });

  it('names the missing permission on 403', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 403, body: { statusCode: 403, message: 'Forbidden', code: 0 } }]);
    const err = await failure(
      h.api.v1UpdateStatus(12, { employmentStatus: 'OUT_OF_SCOPE', notHumanReason: 'x' }),
    );
    expect(err.permission).toEqual(PERMISSIONS.updateStatusV1);
    expect(err.message).toContain(`needs the "${PERMISSIONS.updateStatusV1.name}" permission`);
  });

  it('joins validation messages sent as an array and tolerates non-JSON error bodies', async () => {
    h = harness();
    replySequence(h.pool, [
      {
        status: 400,
        body: { statusCode: 400, message: ['startDate must be a date', 'id must be > 0'], code: 3 },
      },
      { status: 404, body: '<html>Not Found</html>' },
    ]);
    const first = await failure(h.api.v1UpdateContractDates(1, { startDate: 'x' }));
    expect(first.drataMessage).toBe('startDate must be a date; id must be > 0');
    const second = await failure(h.api.v1Get(1));
    expect(second).toMatchObject({ kind: 'not_found', status: 404, drataMessage: undefined });
  });

  it('reports Retry-After on a final 429 even without retries', async () => {
    h = harness({ maxRetries: 0 });
    replySequence(h.pool, [{ status: 429, headers: { 'retry-after': '7' } }]);
    const err = await failure(h.api.v2List());
    expect(err.retryAfterSeconds).toBe(7);
    expect(err.message).toContain('try again in 7 s');
  });
});

describe('unexpected responses', () => {
  it('rejects a 200 whose body is not JSON', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 200, body: '<html>maintenance</html>' }]);
    const err = await failure(h.api.v2Update(7, { notHumanReason: 'bot' }));
    expect(err).toBeInstanceOf(DrataUnexpectedResponseError);
    expect(err.message).toBe('Drata answered PUT /public/v2/personnel/7 with a body that is not JSON');
  });

  it('rejects a body missing the minimal shape, with a short zod reason and without the body', async () => {
    h = harness();
    const filler = 'X'.repeat(5000);
    replySequence(h.pool, [
      { status: 200, body: { data: [{ id: 1, note: filler }], pagination: { cursor: null } } },
    ]);
    const err = await failure(h.api.v2List());
    expect(err.kind).toBe('unexpected_response');
    expect(err.message).toContain('data.0.employmentStatus');
    expect(err.message).not.toContain(filler.slice(0, 50));
    expect(err.message.length).toBeLessThan(400);
  });

  it('does not follow redirects', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 302, headers: { location: 'https://evil.example/' } }]);
    const err = await failure(h.api.v1Get(1));
    expect(err).toMatchObject({ kind: 'unexpected_response', status: 302 });
    expect(h.calls).toHaveLength(1);
  });

  it('validates with the schema the caller passes to request()', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 200, body: V1_PERSON }]);
    const out = await h.client.request({
      api: 'v1',
      method: 'GET',
      segments: ['personnel', 7],
      schema: z.object({ id: z.number() }),
    });
    expect(out).toEqual({ id: 7 });
  });
});
