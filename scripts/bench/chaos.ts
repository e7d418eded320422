/**
 * Chaos: the real server (createServer + DrataClient) over an in-memory MCP client, against a sandbox that
 * injects 10% 429 (half without Retry-After), 5% 500, 2% timeouts, 2% unreadable bodies and 1% resets, plus
 * faults that let a write land and then lose its answer (2% late past the client's timeout, 2% 500 after
 * applying, 1% unreadable after applying).
 *
 * - reads succeeded: get_personnel and list_personnel calls that answered (not isError);
 * - reports completed: whole-org reports with complete: true (the others must be labelled partial);
 * - writes: update_personnel calls that each change one start date. From the sandbox's write log, a write
 *   is applied or not; it is reported correctly when an applied write says so (outcome updated) and a write
 *   that was not applied says so (NOT APPLIED, or Drata's refusal); OUTCOME UNKNOWN is counted apart;
 * - duplicates: calls that applied more than one write (must be 0: nothing is resent).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { validateSettings } from '../../src/config.js';
import { DrataClient } from '../../src/drata/client.js';
import { createPersonnelApi } from '../../src/drata/personnel.js';
import { silentLogger } from '../../src/logger.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { createServer } from '../../src/server.js';
import { type Figure, figure, log, round, seeded, textOf } from './util.js';

const FAULTS =
  '429=0.05,429noretry=0.05,500=0.05,timeout=0.02,malformed=0.02,reset=0.01,' +
  'late=0.02,applied500=0.02,appliedMalformed=0.01,retryAfter=0,lateMs=1500,seed=99';
const SIZE = 250;
const READS = 300;
const REPORTS = 20;
const WRITES = 200;

export interface ChaosBench {
  reads: { calls: number; succeeded: number };
  reports: { runs: number; complete: number; partialLabelled: number; errors: number };
  writes: { calls: number; applied: number; reportedCorrectly: number; unknown: number; wrong: string[] };
  duplicates: number;
  faults: Record<string, number>;
}

type Result = { isError?: boolean; structuredContent?: Record<string, unknown>; content: unknown[] };

export async function benchChaos(): Promise<{ figures: Figure[]; details: ChaosBench }> {
  log('chaos: reads, reports and writes under injected faults');
  const sandbox = await startSandbox({ size: SIZE, v2MaxPageSize: 50, faults: FAULTS });
  const logger = silentLogger();
  const api = createPersonnelApi(
    new DrataClient({
      apiKey: sandbox.apiKey,
      baseUrl: sandbox.url,
      logger,
      timeoutMs: 400,
      maxRetryWaitMs: 2_000,
      baseBackoffMs: 5,
      rateLimitPerMinute: 100_000,
    }),
  );
  const server = createServer({
    config: validateSettings({ sandbox: true }),
    api,
    logger,
    now: () => new Date(sandbox.org.now),
  });
  const client = new Client({ name: 'drata-bench-chaos', version: '1.0.0' }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { confirm: true } }));
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(b), client.connect(a)]);
  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 })) as Result;
  const random = seeded(7);
  const out: ChaosBench = {
    reads: { calls: READS, succeeded: 0 },
    reports: { runs: REPORTS, complete: 0, partialLabelled: 0, errors: 0 },
    writes: { calls: 0, applied: 0, reportedCorrectly: 0, unknown: 0, wrong: [] },
    duplicates: 0,
    faults: {},
  };
  try {
    for (let i = 0; i < READS; i++) {
      const id = 1 + Math.floor(random() * SIZE);
      const r = await call(i % 2 ? 'get_personnel' : 'list_personnel', i % 2 ? { personnel: id } : { limit: 20 });
      if (!r.isError) out.reads.succeeded++;
    }
    for (let i = 0; i < REPORTS; i++) {
      const r = await call('personnel_compliance_report', { employmentStatus: ['ALL_PERSONNEL'], refresh: true });
      if (r.isError) out.reports.errors++;
      else if (r.structuredContent?.complete === true) out.reports.complete++;
      else if (/INCOMPLETE/.test(textOf(r))) out.reports.partialLabelled++;
    }
    for (let i = 0; i < WRITES; i++) {
      const id = 1 + Math.floor(random() * SIZE);
      const person = sandbox.org.get(id);
      const day = `20${10 + Math.floor(random() * 10)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
      if (!person || person.startDate === day) continue;
      out.writes.calls++;
      const before = sandbox.writes.length;
      const r = await call('update_personnel', { personnel: id, startedAt: day });
      const applied = sandbox.writes.length - before;
      if (applied > 1) out.duplicates++;
      if (applied > 0) out.writes.applied++;
      const t = textOf(r);
      if (/^OUTCOME UNKNOWN/.test(t)) out.writes.unknown++;
      else if (applied > 0 ? r.structuredContent?.outcome === 'updated' : r.isError === true) {
        out.writes.reportedCorrectly++;
      } else out.writes.wrong.push(`#${id} applied=${applied}: ${t.slice(0, 160)}`);
    }
  } finally {
    out.faults = { ...sandbox.stats.faults };
    await client.close();
    await server.close();
    await sandbox.close();
  }
  const decided = out.writes.calls - out.writes.unknown;
  const pct = (n: number, of: number) => round((100 * n) / Math.max(1, of), 1);
  const figures = [
    figure('chaos', 'reads succeeded', pct(out.reads.succeeded, READS), '%', {
      target: '≥ 95',
      pass: out.reads.succeeded >= 0.95 * READS,
    }),
    figure('chaos', 'reports completed (others labelled partial)', `${out.reports.complete}/${REPORTS}`, undefined, {
      target: '≥ 95%, rest partial',
      pass: out.reports.complete >= 0.95 * REPORTS && out.reports.errors === 0,
    }),
    figure('chaos', 'writes applied', `${out.writes.applied}/${out.writes.calls}`),
    figure('chaos', 'writes reported correctly', `${out.writes.reportedCorrectly}/${decided}`, undefined, {
      target: 'all',
      pass: out.writes.reportedCorrectly === decided,
    }, `${out.writes.unknown} reported as unknown`),
    figure('chaos', 'duplicate writes', out.duplicates, undefined, { target: '0', pass: out.duplicates === 0 }),
  ];
  return { figures, details: out };
}
