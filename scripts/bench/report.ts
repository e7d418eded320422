/**
 * Issue #5: personnel_compliance_report over the whole org (ALL_PERSONNEL) for orgs of 1,000 and 10,000, with
 * 50 ms sandbox latency and the sandbox's rate limit on at 500/min.
 *
 * - The server is the built binary, spawned over stdio with `--base-url <sandbox>` (the sandbox runs in this
 *   process), so its peak RSS (VmHWM from /proc) is the server's alone.
 * - Requests: the report is computed from the org snapshot (issue #18), one V1 walk of its scope, 50 a page:
 *   the target is at most 1.1 × ceil(N/50). (Before the snapshot it walked V2 for everyone plus three
 *   filtered V1 walks; the sizes of those filters are still printed for comparison.)
 * - Sequential walk: the very pages the report fetched (the sandbox's request log), fetched again one after
 *   another through a DrataClient (same URLs, auth, rate limiter, JSON parsing and schema validation), without
 *   the report's normalization and aggregation, so the baseline is if anything too fast.
 * - CPU floor: the same report again (refresh) with the sandbox's latency at 0.
 * - The sequential walk and the capped-heap run use a second sandbox of the same org without a rate limit
 *   (the reports have filled the first one's window).
 */

import type { ZodType } from 'zod';
import { CURRENT_STATUSES, FORMER_STATUSES } from '../../src/drata/catalog.js';
import { DrataClient } from '../../src/drata/client.js';
import { WALK_CONCURRENCY } from '../../src/personnel/snapshot-walk.js';
import { V1PersonnelPageSchema, V2PersonnelPageSchema } from '../../src/drata/schemas.js';
import { hasCompliantDevices, matchesCheckFilter, type RecordedRequest, startSandbox } from '../../src/sandbox/index.js';
import {
  type Figure,
  figure,
  log,
  peakRssMb,
  resultTokens,
  round,
  spawnStdio,
  startOfTodayUtc,
} from './util.js';

const V2_PAGE = 500;
const V1_PAGE = 50;
const LATENCY_MS = 50;
const HEAP_CAP_MB = 96;
const SANDBOX_RATE_LIMIT = 500;

export interface ReportBench {
  size: number;
  minimum: {
    v2: number;
    mfa: number;
    former: number;
    devices: number;
    total: number;
    people: number;
    mfaPeople: number;
    formerPeople: number;
    devicePeople: number;
  };
  requests: number;
  requestsByApi: { v1: number; v2: number };
  rateLimited429: number;
  wallMs: number;
  sequentialMs: number;
  ratio: number;
  cpuFloorMs: number;
  /** VmHWM after the report with 50 ms latency (the figure). */
  peakRssMb: number | undefined;
  /** VmHWM once connected, before any call. */
  peakRssAtStartMb: number | undefined;
  /** VmHWM after the second, 0-latency report (pages arrive faster, more of them in memory at once). */
  peakRssAfterFloorMb: number | undefined;
  /** The same report in a server started with a capped V8 heap (10,000 only). */
  cappedHeap?: { peakRssMb: number | undefined; ok: boolean };
  resultTokens: number;
  complete: boolean;
  totalMatches: boolean;
}

const mb = (n: number | undefined): string => (n === undefined ? 'n/a' : String(Math.round(n)));
const pagesFor = (n: number, size: number) => Math.max(1, Math.ceil(n / size));

/**
 * The sequential walk (the report's very pages, one after another, through a DrataClient) and the capped-heap
 * diagnostic, against their own sandbox (the same org and latency, no rate limit): the two reports have filled
 * the first sandbox's 500/min window, and neither a new client nor a new server process knows that.
 */
async function baselines(size: number, pages: readonly RecordedRequest[]) {
  const quiet = await startSandbox({ size, latencyMs: LATENCY_MS, now: startOfTodayUtc() });
  try {
    const client = new DrataClient({ apiKey: quiet.apiKey, baseUrl: quiet.url });
    const t2 = performance.now();
    for (const r of pages) {
      const segments = r.path
        .split('/')
        .filter(Boolean)
        .slice(r.api === 'v2' ? 2 : 1);
      await client.request({
        api: r.api,
        method: 'GET',
        segments,
        query: r.query,
        schema: (r.api === 'v2' ? V2PersonnelPageSchema : V1PersonnelPageSchema) as ZodType<unknown>,
      });
    }
    const sequentialMs = performance.now() - t2;

    // Diagnostic for the RSS figure: the same report in a server whose V8 heap is capped. If it completes with
    // a much lower peak, the excess RSS is collectable garbage from parsed pages, not live data.
    let cappedHeap: { peakRssMb: number | undefined; ok: boolean } | undefined;
    if (size >= 10_000) {
      const capped = await spawnStdio(['--base-url', quiet.url, '--log-level', 'warning'], {
        DRATA_API_KEY: quiet.apiKey,
        NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}`,
      });
      try {
        const r = await capped.client.callTool(
          { name: 'personnel_compliance_report', arguments: { employmentStatus: ['ALL_PERSONNEL'] } },
          undefined,
          { timeout: 240_000 },
        );
        cappedHeap = { peakRssMb: peakRssMb(capped.pid), ok: !r.isError };
      } finally {
        await capped.close();
      }
    }
    return { sequentialMs, cappedHeap };
  } finally {
    await quiet.close();
  }
}

async function benchSize(size: number): Promise<ReportBench> {
  const sandbox = await startSandbox({
    size,
    latencyMs: LATENCY_MS,
    rateLimitPerMinute: SANDBOX_RATE_LIMIT,
    now: startOfTodayUtc(),
  });
  try {
    const people = sandbox.org.people;
    const current = people.filter((p) => CURRENT_STATUSES.includes(p.employmentStatus));
    const mfaPeople = current.filter((p) => matchesCheckFilter(p, 'IDENTITY_MFA', false)).length;
    const formerPeople = people.filter((p) => FORMER_STATUSES.includes(p.employmentStatus)).length;
    // The device section reads current personnel without a fully compliant fleet (V1 deviceCompliance=false).
    const devicePeople = current.filter((p) => !hasCompliantDevices(p)).length;
    const minimum = {
      v2: pagesFor(people.length, V2_PAGE),
      mfa: pagesFor(mfaPeople, V1_PAGE),
      former: pagesFor(formerPeople, V1_PAGE),
      devices: pagesFor(devicePeople, V1_PAGE),
      total: 0,
      people: people.length,
      mfaPeople,
      formerPeople,
      devicePeople,
    };
    // The snapshot walk: every person in scope once, 50 a page (V1 is the only source of identities/devices).
    minimum.total = pagesFor(people.length, V1_PAGE);

    const server = await spawnStdio(['--base-url', sandbox.url, '--log-level', 'warning'], {
      DRATA_API_KEY: sandbox.apiKey,
    });
    let result: Awaited<ReturnType<typeof server.client.callTool>>;
    let wallMs: number;
    let cpuFloorMs: number;
    let rss: number | undefined;
    let rssAfterFloor: number | undefined;
    const rssAtStart = peakRssMb(server.pid);
    let pages: RecordedRequest[];
    let requests: number;
    let rateLimited: number;
    try {
      sandbox.clearLogs();
      const t0 = performance.now();
      result = await server.client.callTool(
        { name: 'personnel_compliance_report', arguments: { employmentStatus: ['ALL_PERSONNEL'] } },
        undefined,
        { timeout: 240_000 },
      );
      wallMs = performance.now() - t0;
      rss = peakRssMb(server.pid);
      requests = sandbox.stats.requests;
      rateLimited = sandbox.stats.rateLimited;
      pages = [...sandbox.requests];

      // CPU floor: the same walk with no network latency.
      sandbox.setLatency(0);
      const t1 = performance.now();
      await server.client.callTool(
        {
          name: 'personnel_compliance_report',
          arguments: { employmentStatus: ['ALL_PERSONNEL'], refresh: true },
        },
        undefined,
        { timeout: 240_000 },
      );
      cpuFloorMs = performance.now() - t1;
      rssAfterFloor = peakRssMb(server.pid);
      sandbox.setLatency(LATENCY_MS);
    } finally {
      await server.close();
    }

    const { sequentialMs, cappedHeap } = await baselines(size, pages);

    const structured = (result as { structuredContent?: { total?: number; complete?: boolean } })
      .structuredContent;
    return {
      size,
      minimum,
      requests,
      requestsByApi: {
        v1: pages.filter((r) => r.api === 'v1').length,
        v2: pages.filter((r) => r.api === 'v2').length,
      },
      rateLimited429: rateLimited,
      wallMs,
      sequentialMs,
      ratio: wallMs / sequentialMs,
      cpuFloorMs,
      peakRssMb: rss,
      peakRssAtStartMb: rssAtStart,
      peakRssAfterFloorMb: rssAfterFloor,
      cappedHeap,
      resultTokens: resultTokens(result),
      complete: structured?.complete === true,
      totalMatches: structured?.total === people.length,
    };
  } finally {
    await sandbox.close();
  }
}

export async function benchReport(): Promise<{ figures: Figure[]; details: ReportBench[] }> {
  const figures: Figure[] = [];
  const details: ReportBench[] = [];
  for (const size of [1000, 10_000]) {
    log(`report: org of ${size}…`);
    const b = await benchSize(size);
    details.push(b);
    const s = `report ${size.toLocaleString('en-US')}`;
    const m = b.minimum;
    figures.push(
      figure(
        s,
        'upstream requests',
        b.requests,
        'requests',
        { target: `≤ 1.1 × ${m.total} V1 pages = ${Math.floor(1.1 * m.total)}`, pass: b.requests <= 1.1 * m.total },
        `one V1 walk of the scope (${m.people}/50 = ${m.total} pages), kept as the org snapshot; sent ${b.requestsByApi.v2} V2 + ${b.requestsByApi.v1} V1 (the former plan: ${m.v2} V2 + ${m.mfa} MFA + ${m.former} former + ${m.devices} device V1 pages)`,
      ),
      figure(
        s,
        'wall time vs sequential walk',
        round(b.ratio * 100, 0),
        '%',
        { target: '≤ 40%', pass: b.ratio <= 0.4 },
        `${Math.round(b.wallMs)} ms vs ${Math.round(b.sequentialMs)} ms sequential; ${Math.round(b.cpuFloorMs)} ms with 0 ms latency (${Math.round((100 * b.cpuFloorMs) / b.sequentialMs)}% of sequential: CPU work that concurrency cannot hide; the first page is read alone, for the total, then ${WALK_CONCURRENCY} in flight: ${1 + Math.ceil((b.minimum.total - 1) / WALK_CONCURRENCY)} round trips for ${b.minimum.total} pages)`,
      ),
      figure(s, 'wall time', Math.round(b.wallMs), 'ms'),
      figure(s, '429 from the sandbox rate limit', b.rateLimited429, '', {
        target: '0',
        pass: b.rateLimited429 === 0,
      }),
      figure(
        s,
        'peak RSS (server process)',
        b.peakRssMb === undefined ? 'n/a' : round(b.peakRssMb, 0),
        'MB',
        size >= 10_000
          ? { target: '≤ 200 MB', pass: b.peakRssMb !== undefined && b.peakRssMb <= 200 }
          : undefined,
        `VmHWM: ${mb(b.peakRssAtStartMb)} MB after start-up, ${mb(b.peakRssAfterFloorMb)} MB after a second report with 0 ms latency${
          b.cappedHeap
            ? `; with NODE_OPTIONS=--max-old-space-size=${HEAP_CAP_MB} the same report ${b.cappedHeap.ok ? 'completes' : 'FAILS'} at ${mb(b.cappedHeap.peakRssMb)} MB (the excess is garbage from parsed pages in flight, not live data)`
            : ''
        }`,
      ),
      figure(s, 'result tokens', b.resultTokens, 'tokens', {
        target: '≤ 4,000',
        pass: b.resultTokens <= 4000,
      }),
      figure(s, 'complete, total = org size', b.complete && b.totalMatches ? 'yes' : 'no', '', {
        target: 'yes',
        pass: b.complete && b.totalMatches,
      }),
    );
  }
  return { figures, details };
}
