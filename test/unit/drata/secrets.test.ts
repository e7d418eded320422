/**
 * The API key never appears in an error (message, JSON, string form, stack) or a log line, whatever the
 * failure — including when Drata's error body or a network error echoes it back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DrataClient } from '../../../src/drata/client.js';
import { DrataError } from '../../../src/drata/errors.js';
import { API_KEY, type Harness, harness, type MockResponse, replySequence } from './helpers.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

function expectClean(err: unknown, logs: string[]): void {
  expect(err).toBeInstanceOf(DrataError);
  const e = err as DrataError;
  for (const text of [
    e.message,
    JSON.stringify(e),
    String(e),
    e.stack ?? '',
    e.drataMessage ?? '',
    logs.join('\n'),
  ]) {
    expect(text).not.toContain(API_KEY);
  }
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

const ECHO = {
  statusCode: 0,
  message: [`invalid token ${API_KEY}`, `Authorization: Bearer ${API_KEY}`],
  code: `E_${API_KEY}`,
  name: API_KEY,
};

describe('the API key never leaks', () => {
  it.each([400, 401, 402, 403, 404, 409, 412, 418, 429, 500, 502, 503])(
    'HTTP %i whose body echoes the key',
    async (status) => {
      h = harness({ maxRetries: 1 });
      replySequence(h.pool, [
        { status, body: { ...ECHO, statusCode: status }, headers: { 'retry-after': '1' } },
      ]);
      const err = await caught(h.api.v1Get(1));
      expect((err as DrataError).drataMessage).toContain('[REDACTED]');
      expectClean(err, h.logs);
    },
  );

  it.each<[string, MockResponse | Error, Partial<ConstructorParameters<typeof DrataClient>[0]>]>([
    ['network', Object.assign(new Error(`socket hang up ${API_KEY}`), { code: 'ECONNRESET' }), {}],
    ['network (no code)', new Error(`weird failure ${API_KEY}`), {}],
    ['timeout', { status: 200, body: {}, delayMs: 2_000 }, { timeoutMs: 10 }],
    ['non-JSON body', { status: 200, body: `<html>${API_KEY}</html>` }, {}],
    ['schema mismatch', { status: 200, body: { id: API_KEY, employmentStatus: 5, [API_KEY]: API_KEY } }, {}],
    ['redirect', { status: 301, headers: { location: `https://x.example/${API_KEY}` } }, {}],
  ])('%s', async (_name, response, options) => {
    h = harness({ maxRetries: 1, ...options });
    replySequence(h.pool, [response]);
    expectClean(await caught(h.api.v2Update(1, { notHumanReason: API_KEY })), h.logs);
  });

  it('aborted', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 200, body: {}, delayMs: 5_000 }]);
    const controller = new AbortController();
    const pending = caught(h.api.v2Get(1, undefined, controller.signal));
    setTimeout(() => controller.abort(new Error(`stop ${API_KEY}`)), 5);
    expectClean(await pending, h.logs);
  });

  it('invalid arguments that contain the key', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 200, body: {} }]);
    expectClean(await caught(h.api.v2Get({ kind: 'email', email: `${API_KEY}/x@y.com` })), h.logs);
    expectClean(await caught(h.api.v1GetByEmail(`${API_KEY}`)), h.logs);
    expectClean(await caught(h.api.v1Get(API_KEY as unknown as number)), h.logs);
    expectClean(
      await caught(
        h.client.request({ api: 'v1', method: 'GET', segments: [`${API_KEY}/x`], schema: z.unknown() }),
      ),
      h.logs,
    );
    expectClean(
      await caught(
        h.client.request({
          api: 'v1',
          method: 'GET',
          segments: ['x'],
          query: { [API_KEY]: Number.NaN },
          schema: z.unknown(),
        }),
      ),
      h.logs,
    );
    expect(h.calls).toEqual([]);
  });

  it('configuration errors', () => {
    for (const make of [
      () => new DrataClient({ apiKey: `${API_KEY} x` }),
      () => new DrataClient({ apiKey: API_KEY, baseUrl: `https://u:${API_KEY}@example.com` }),
      () => new DrataClient({ apiKey: API_KEY, baseUrl: `http://example.com/${API_KEY}` }),
    ]) {
      let err: unknown;
      try {
        make();
      } catch (e) {
        err = e;
      }
      expectClean(err, []);
    }
  });
});
