import { afterEach, describe, expect, it } from 'vitest';
import { DrataAbortedError, DrataUnexpectedResponseError } from '../../../src/drata/errors.js';
import { walkV1Pages, walkV1Personnel, walkV2Pages, walkV2Personnel } from '../../../src/drata/pagination.js';
import { type Harness, harness, replySequence, V1_PERSON, V2_PERSON } from './helpers.js';

interface FakeV1Page {
  data: number[];
  page: number;
  limit: number;
  total: number;
}

/** A V1 list of `total` items served `limit` at a time, recording fetches and concurrency. */
function v1Source(total: number, limit = 20, delayMs = 0) {
  const fetched: number[] = [];
  const signals: Array<AbortSignal | undefined> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetchPage = async (page: number, signal: AbortSignal | undefined): Promise<FakeV1Page> => {
    fetched.push(page);
    signals.push(signal);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, delayMs));
    inFlight--;
    const from = (page - 1) * limit;
    const data = Array.from({ length: Math.max(0, Math.min(limit, total - from)) }, (_, i) => from + i);
    return { data, page, limit, total };
  };
  return { fetchPage, fetched, signals, maxInFlight: () => maxInFlight };
}

async function collect<P>(walk: AsyncIterable<P>): Promise<P[]> {
  const pages: P[] = [];
  for await (const p of walk) pages.push(p);
  return pages;
}

describe('walkV1Pages', () => {
  it('walks until total is reached (last page short)', async () => {
    const src = v1Source(45);
    const walk = walkV1Pages(src.fetchPage);
    const pages = await collect(walk);
    expect(pages.flatMap((p) => p.data)).toEqual(Array.from({ length: 45 }, (_, i) => i));
    expect(src.fetched).toEqual([1, 2, 3]);
    expect(walk).toMatchObject({ pages: 3, complete: true, capped: false, nextPage: null });
  });

  it('stops on total without asking for an empty page when total is a multiple of the size', async () => {
    const src = v1Source(40);
    await collect(walkV1Pages(src.fetchPage));
    expect(src.fetched).toEqual([1, 2]);
  });

  it('stops on an empty page, and on a short page even if total claims more', async () => {
    const empty = v1Source(0);
    const walk = walkV1Pages(empty.fetchPage);
    expect(await collect(walk)).toHaveLength(1);
    expect(walk.complete).toBe(true);

    const liar = walkV1Pages(async (page) => ({
      data: page === 1 ? [1, 2, 3] : [],
      page,
      limit: 20,
      total: 500,
    }));
    expect(await collect(liar)).toHaveLength(1);
    expect(liar.complete).toBe(true);
  });

  it('caps at maxPages and says where to resume', async () => {
    const src = v1Source(100);
    const walk = walkV1Pages(src.fetchPage, { maxPages: 2 });
    await collect(walk);
    expect(src.fetched).toEqual([1, 2]);
    expect(walk).toMatchObject({ pages: 2, complete: false, capped: true, nextPage: 3 });
  });

  it('is not capped when the cap lands exactly on the last page', async () => {
    const walk = walkV1Pages(v1Source(40).fetchPage, { maxPages: 2 });
    await collect(walk);
    expect(walk).toMatchObject({ complete: true, capped: false });
  });

  it('starts at startPage', async () => {
    const src = v1Source(100);
    await collect(walkV1Pages(src.fetchPage, { startPage: 4 }));
    expect(src.fetched).toEqual([4, 5]);
  });

  it('prefetches up to `concurrency` pages, yields them in order, never past total or maxPages', async () => {
    const src = v1Source(190, 20, 2);
    const walk = walkV1Pages(src.fetchPage, { concurrency: 4 });
    const pages = await collect(walk);
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([...src.fetched].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(src.maxInFlight()).toBe(4);

    const sequential = v1Source(190, 20, 1);
    await collect(walkV1Pages(sequential.fetchPage));
    expect(sequential.maxInFlight()).toBe(1);

    const capped = v1Source(190, 20, 1);
    const w2 = walkV1Pages(capped.fetchPage, { concurrency: 4, maxPages: 3 });
    await collect(w2);
    expect(capped.fetched.sort()).toEqual([1, 2, 3]);
    expect(w2.capped).toBe(true);
  });

  it('cancels prefetched pages when the consumer stops early', async () => {
    const src = v1Source(1000, 20, 2);
    for await (const page of walkV1Pages(src.fetchPage, { concurrency: 3 })) {
      if (page.page === 2) break;
    }
    expect(src.signals.every((s) => s?.aborted)).toBe(true);
  });

  it('makes no request once the signal has aborted', async () => {
    const src = v1Source(100);
    const controller = new AbortController();
    const walk = walkV1Pages(src.fetchPage, { signal: controller.signal, concurrency: 1 });
    await expect(
      (async () => {
        for await (const _ of walk) controller.abort();
      })(),
    ).rejects.toBeInstanceOf(DrataAbortedError);
    expect(src.fetched).toEqual([1]);
    expect(walk.complete).toBe(false);

    const never = v1Source(100);
    await expect(
      collect(walkV1Pages(never.fetchPage, { signal: AbortSignal.abort() })),
    ).rejects.toBeInstanceOf(DrataAbortedError);
    expect(never.fetched).toEqual([]);
  });

  it('propagates a fetch error', async () => {
    const walk = walkV1Pages(async (page) => {
      if (page === 2) throw new Error('boom');
      return { data: [1, 2], page, limit: 2, total: 10 };
    });
    await expect(collect(walk)).rejects.toThrow('boom');
    expect(walk.pages).toBe(1);
  });

  it('can be iterated only once', async () => {
    const walk = walkV1Pages(v1Source(1).fetchPage);
    await collect(walk);
    await expect(collect(walk)).rejects.toThrow('only be iterated once');
  });
});

describe('walkV2Pages', () => {
  const chain = (next: Record<string, string | null>) => {
    const asked: Array<string | undefined> = [];
    const fetchPage = async (cursor: string | undefined) => {
      asked.push(cursor);
      const key = cursor ?? 'start';
      return { data: [key], pagination: { cursor: next[key] ?? null } };
    };
    return { asked, fetchPage };
  };

  it('follows cursors until null', async () => {
    const src = chain({ start: 'a', a: 'b', b: null });
    const walk = walkV2Pages(src.fetchPage);
    const pages = await collect(walk);
    expect(pages.flatMap((p) => p.data)).toEqual(['start', 'a', 'b']);
    expect(src.asked).toEqual([undefined, 'a', 'b']);
    expect(walk).toMatchObject({ pages: 3, complete: true, capped: false, nextCursor: null });
  });

  it('throws instead of looping when a cursor repeats', async () => {
    const src = chain({ start: 'a', a: 'b', b: 'a' });
    const walk = walkV2Pages(src.fetchPage, { maxPages: 100 });
    await expect(collect(walk)).rejects.toBeInstanceOf(DrataUnexpectedResponseError);
    expect(src.asked).toEqual([undefined, 'a', 'b']);
  });

  it('treats the starting cursor as seen', async () => {
    const src = chain({ x: 'x' });
    await expect(collect(walkV2Pages(src.fetchPage, { cursor: 'x' }))).rejects.toThrow(/already returned/);
  });

  it('caps at maxPages and says where to resume', async () => {
    const src = chain({ start: 'a', a: 'b', b: 'c', c: null });
    const walk = walkV2Pages(src.fetchPage, { maxPages: 2 });
    await collect(walk);
    expect(walk).toMatchObject({ pages: 2, complete: false, capped: true, nextCursor: 'b' });
    expect(src.asked).toEqual([undefined, 'a']);
  });

  it('makes no request once the signal has aborted', async () => {
    const src = chain({ start: 'a', a: 'b', b: null });
    const controller = new AbortController();
    const walk = walkV2Pages(src.fetchPage, { signal: controller.signal });
    await expect(
      (async () => {
        for await (const _ of walk) controller.abort();
      })(),
    ).rejects.toBeInstanceOf(DrataAbortedError);
    expect(src.asked).toEqual([undefined]);
  });
});

describe('personnel walks over the client', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('walks V1 personnel pages with the list parameters', async () => {
    h = harness();
    replySequence(h.pool, [
      { status: 200, body: { data: [V1_PERSON, V1_PERSON], page: 1, limit: 2, total: 3 } },
      { status: 200, body: { data: [V1_PERSON], page: 2, limit: 2, total: 3 } },
    ]);
    const walk = walkV1Personnel(h.api, { limit: 2, employmentStatuses: ['ALL_CURRENT_PERSONNEL'] });
    const pages = await collect(walk);
    expect(pages.map((p) => p.data.length)).toEqual([2, 1]);
    expect(h.calls.map((c) => c.path)).toEqual([
      '/public/personnel?page=1&limit=2&employmentStatuses[]=ALL_CURRENT_PERSONNEL',
      '/public/personnel?page=2&limit=2&employmentStatuses[]=ALL_CURRENT_PERSONNEL',
    ]);
    expect(walk.complete).toBe(true);
  });

  it('walks V2 personnel by cursor', async () => {
    h = harness();
    replySequence(h.pool, [
      { status: 200, body: { data: [V2_PERSON], pagination: { cursor: 'c1' } } },
      { status: 200, body: { data: [V2_PERSON], pagination: { cursor: null } } },
    ]);
    const walk = walkV2Personnel(h.api, { size: 1 });
    expect(await collect(walk)).toHaveLength(2);
    expect(h.calls.map((c) => c.path)).toEqual([
      '/public/v2/personnel?size=1',
      '/public/v2/personnel?cursor=c1&size=1',
    ]);
    expect(walk.complete).toBe(true);
  });
});
