/**
 * No id or email argument can reach another endpoint: bad values are rejected before any request, and
 * legitimately odd emails travel as exactly one path segment.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DrataInvalidArgumentError } from '../../../src/drata/errors.js';
import type { PersonnelApi } from '../../../src/drata/personnel.js';
import { type Harness, harness, replySequence, V1_PERSON, V2_PERSON } from './helpers.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const HOSTILE = [
  '../all/reset-sync',
  '%2e%2e/all/reset-sync',
  '%2e%2e%2fall%2freset-sync',
  '..%2Fall%2Freset-sync',
  '1/status',
  'a/b@x.com',
  'x?y=1',
  'x#y',
  '..',
  '.',
  '',
  'all',
  'some',
  '1\\status',
  '1%3Fx=1',
  'a@b.com/../../all/reset-sync',
  'a@b.com\r\nX-Injected: 1',
] as const;

type Call = (api: PersonnelApi, arg: string) => Promise<unknown>;
const CALLS: Record<string, Call> = {
  v1Get: (api, arg) => api.v1Get(arg as unknown as number),
  v1GetByEmail: (api, arg) => api.v1GetByEmail(arg),
  v1UpdateContractDates: (api, arg) =>
    api.v1UpdateContractDates(arg as unknown as number, { startDate: '2024-01-01' }),
  v1UpdateStatus: (api, arg) => api.v1UpdateStatus(arg as unknown as number, { employmentStatus: 'UNKNOWN' }),
  v1ResetSync: (api, arg) => api.v1ResetSync(arg as unknown as number),
  v1ResetSyncSome: (api, arg) => api.v1ResetSyncSome([1, arg as unknown as number]),
  v2Get: (api, arg) => api.v2Get({ kind: 'email', email: arg }),
  v2GetById: (api, arg) => api.v2Get({ kind: 'id', id: arg as unknown as number }),
  v2Update: (api, arg) => api.v2Update({ kind: 'email', email: arg }, { notHumanReason: 'x' }),
  v2Action: (api, arg) => api.v2Action({ action: 'reset-sync', personnelIds: [arg as unknown as number] }),
};

describe('path injection', () => {
  it.each(Object.keys(CALLS))('%s rejects every hostile argument before any request', async (name) => {
    h = harness();
    replySequence(h.pool, [{ status: 200, body: V1_PERSON }]);
    const call = CALLS[name] as Call;
    for (const arg of HOSTILE) {
      await expect(call(h.api, arg), `${name}(${JSON.stringify(arg)})`).rejects.toBeInstanceOf(
        DrataInvalidArgumentError,
      );
    }
    expect(h.calls).toEqual([]);
  });

  it('rejects non-integer and non-positive ids for V1 id routes', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 200, body: V1_PERSON }]);
    for (const id of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      await expect(h.api.v1Get(id)).rejects.toBeInstanceOf(DrataInvalidArgumentError);
    }
    await expect(h.api.v1ResetSyncSome([])).rejects.toBeInstanceOf(DrataInvalidArgumentError);
    expect(h.calls).toEqual([]);
  });

  it('sends a weird but valid email as exactly one encoded segment (V1 and V2)', async () => {
    h = harness();
    replySequence(h.pool, [{ status: 200, body: { ...V1_PERSON, ...V2_PERSON } }]);
    const email = "O'Brien+Test@Exämple.com";
    await h.api.v1GetByEmail(email);
    await h.api.v2Get({ kind: 'email', email });
    const segment = "O'Brien%2BTest%40Ex%C3%A4mple.com";
    expect(h.calls.map((c) => c.path)).toEqual([
      `/public/personnel/${segment}/email`,
      `/public/v2/personnel/email%3A${segment}`,
    ]);
  });
});
