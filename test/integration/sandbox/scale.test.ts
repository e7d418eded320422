import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { start, v1, v2, v2Walk } from './helpers.js';

const EXPANDS = 'expand[]=customFields&expand[]=complianceChecks&expand[]=reasonProvider&expand[]=user';

describe('determinism', () => {
  it('the same seed and size give byte-identical responses; another seed does not', async () => {
    const [a, b, c] = await Promise.all([
      start({ seed: 7, size: 300 }),
      start({ seed: 7, size: 300 }),
      start({ seed: 8, size: 300 }),
    ]);
    try {
      const paths = [
        '/public/personnel?page=2&limit=50',
        '/public/personnel?sort=FULL_COMPLIANCE&identityMfaCompliance=false',
        '/public/personnel/17',
        `/public/v2/personnel?size=300&${EXPANDS}`,
      ];
      for (const path of paths) {
        const [ra, rb, rc] = await Promise.all(
          [a, b, c].map((s) =>
            fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${s.apiKey}` } }).then((r) =>
              r.text(),
            ),
          ),
        );
        expect(ra?.length).toBeGreaterThan(100);
        expect(ra, path).toBe(rb);
        expect(ra, path).not.toBe(rc);
      }
    } finally {
      await Promise.all([a, b, c].map((s) => s.close()));
    }
  });

  it('the reference now is fixed (2026-11-01) unless given; data moves with it', async () => {
    const a = await start({ size: 30 });
    const b = await start({ size: 30, now: '2027-03-01T00:00:00Z' });
    try {
      expect(a.now.toISOString()).toBe('2026-11-01T00:00:00.000Z');
      expect(b.now.toISOString()).toBe('2027-03-01T00:00:00.000Z');
      const first = (s: Sandbox) => v2(s, 'GET', '/personnel?size=1').then((r) => r.body.data[0]);
      expect(Date.parse((await first(b)).createdAt)).toBeGreaterThan(Date.parse((await first(a)).createdAt));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('a 20 000-person org', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await start({ size: 20_000 });
  });
  afterAll(() => sb.close());

  // How fast it builds is measured by `npm run bench` (snapshot section), not asserted here.
  it('holds 20 000 distinct people', () => {
    expect(sb.org.size).toBe(20_000);
    expect(new Set(sb.org.people.map((p) => p.email.toLowerCase())).size).toBe(20_000);
  });

  it('V1 records weigh 4–15 KB (sampled over HTTP and from the renderer)', async () => {
    const step = 97;
    const sizes: number[] = [];
    for (let id = 1; id <= 20_000; id += step) sizes.push(sb.v1RecordSize(id));
    for (const id of [1, 5_000, 10_000, 15_000, 20_000]) {
      const r = await v1(sb, 'GET', `/personnel/${id}`);
      expect(Buffer.byteLength(r.text)).toBe(sb.v1RecordSize(id));
    }
    const min = Math.min(...sizes);
    const max = Math.max(...sizes);
    console.log(`sandbox: V1 record sizes over ${sizes.length} samples: ${min}–${max} bytes`);
    expect(min).toBeGreaterThanOrEqual(4096);
    expect(max).toBeLessThanOrEqual(15_000);
  });

  it('a V2 cursor walk at size 500 covers everyone exactly once', async () => {
    const { people, pages } = await v2Walk(sb, 'size=500&sort=name');
    expect(pages).toBe(40);
    expect(new Set(people.map((p) => p.id)).size).toBe(20_000);
  });

  it('V1 filters over the whole org answer with exact totals', async () => {
    const r = await v1(
      sb,
      'GET',
      '/personnel?employmentStatuses[]=ALL_FORMER_PERSONNEL&offboardingEvidence=false&sort=SEPARATION_DATE&sortDir=DESC&limit=50',
    );
    expect(r.status).toBe(200);
    const expected = sb.org.people.filter(
      (p) =>
        p.employmentStatus.includes('FORMER') &&
        ['FAIL', 'MISCONFIGURED', 'EXCLUDED'].includes(p.checks.OFFBOARDING ?? ''),
    );
    expect(r.body.total).toBe(expected.length);
  });
});
