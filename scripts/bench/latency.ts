/**
 * Latency and start-up of the built binary over stdio.
 *
 * Latency: the sandbox runs in this process (org of 250, no added latency); the binary is spawned with
 * `--base-url <sandbox>` and DRATA_API_KEY, and each tool call is paired with the same upstream work done
 * directly through a PersonnelApi on loopback from this process (get_personnel ↔ V1 get + V2 get with the
 * same expansions, concurrently; list_personnel {limit: 20} ↔ the V1 list call it makes: by name, since
 * rows carry devices, which only V1 has). Pairs alternate
 * which goes first; the figure is the median and p95 of (tool call − direct call) per pair.
 *
 * Start-up: spawn → the `initialize` response on stdout, written to stdin right after spawn, over 12 runs,
 * with `--base-url` (how a real deployment starts) and, for context, with `--sandbox` (which also builds a
 * synthetic org of 250).
 */
import { spawn } from 'node:child_process';
import { DrataClient } from '../../src/drata/client.js';
import { createPersonnelApi } from '../../src/drata/personnel.js';
import { startSandbox } from '../../src/sandbox/index.js';
import {
  BIN,
  cleanEnv,
  type Figure,
  figure,
  log,
  median,
  percentile,
  ROOT,
  round,
  spawnStdio,
} from './util.js';

const PAIRS = 200;
const WARMUP = 30;
const STARTUP_RUNS = 12;

export interface LatencyBench {
  operation: string;
  pairs: number;
  toolMedianMs: number;
  directMedianMs: number;
  diffMedianMs: number;
  diffP95Ms: number;
}

export async function benchLatency(): Promise<{ figures: Figure[]; details: LatencyBench[] }> {
  log('latency: stdio tool calls vs direct client calls…');
  const sandbox = await startSandbox({ size: 250 });
  const server = await spawnStdio(
    ['--base-url', sandbox.url, '--log-level', 'warning', '--rate-limit', '100000'],
    {
      DRATA_API_KEY: sandbox.apiKey,
    },
  );
  const api = createPersonnelApi(
    new DrataClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, rateLimitPerMinute: 100_000 }),
  );
  const details: LatencyBench[] = [];
  try {
    const ops: Array<{
      name: string;
      tool: (i: number) => Promise<unknown>;
      direct: (i: number) => Promise<unknown>;
    }> = [
      {
        name: 'get_personnel (summary)',
        tool: (i) =>
          server.client.callTool({ name: 'get_personnel', arguments: { personnel: 1 + (i % 250) } }),
        direct: (i) =>
          Promise.all([
            api.v1Get(1 + (i % 250)),
            api.v2Get(1 + (i % 250), ['customFields', 'complianceChecks', 'reasonProvider', 'user']),
          ]),
      },
      {
        name: 'list_personnel {limit: 20}',
        tool: () => server.client.callTool({ name: 'list_personnel', arguments: { limit: 20 } }),
        direct: () => api.v1List({ page: 1, limit: 20, sort: 'NAME', sortDir: 'ASC' }),
      },
    ];
    for (const op of ops) {
      const tool: number[] = [];
      const direct: number[] = [];
      const diff: number[] = [];
      for (let i = 0; i < WARMUP + PAIRS; i++) {
        const time = async (fn: () => Promise<unknown>) => {
          const t = performance.now();
          const r = (await fn()) as { isError?: boolean };
          if (r && typeof r === 'object' && 'isError' in r && r.isError) throw new Error(`${op.name} failed`);
          return performance.now() - t;
        };
        let t: number;
        let d: number;
        if (i % 2 === 0) {
          t = await time(() => op.tool(i));
          d = await time(() => op.direct(i));
        } else {
          d = await time(() => op.direct(i));
          t = await time(() => op.tool(i));
        }
        if (i < WARMUP) continue;
        tool.push(t);
        direct.push(d);
        diff.push(t - d);
      }
      details.push({
        operation: op.name,
        pairs: PAIRS,
        toolMedianMs: median(tool),
        directMedianMs: median(direct),
        diffMedianMs: median(diff),
        diffP95Ms: percentile(diff, 95),
      });
    }
  } finally {
    await server.close();
    await sandbox.close();
  }

  log('start-up: spawn → initialize…');
  const startSandboxForStartup = await startSandbox({ size: 10 });
  let baseUrlRuns: number[];
  let sandboxRuns: number[];
  try {
    baseUrlRuns = await startupRuns(['--base-url', startSandboxForStartup.url], {
      DRATA_API_KEY: startSandboxForStartup.apiKey,
    });
    sandboxRuns = await startupRuns(['--sandbox', '--sandbox-size', '250'], {});
  } finally {
    await startSandboxForStartup.close();
  }

  const figures: Figure[] = details.map((d) =>
    figure(
      'latency (stdio)',
      `${d.operation}: overhead vs direct client, median`,
      round(d.diffMedianMs, 2),
      'ms',
      { target: '≤ 2 ms', pass: d.diffMedianMs <= 2 },
      `p95 ${round(d.diffP95Ms, 2)} ms; tool ${round(d.toolMedianMs, 2)} ms vs direct ${round(d.directMedianMs, 2)} ms (medians of ${d.pairs} pairs)`,
    ),
  );
  const startMedian = median(baseUrlRuns);
  figures.push(
    figure(
      'start-up',
      'spawn → initialize response, median',
      Math.round(startMedian),
      'ms',
      { target: '≤ 400 ms', pass: startMedian <= 400 },
      `${STARTUP_RUNS} runs with --base-url, p95 ${Math.round(percentile(baseUrlRuns, 95))} ms; with --sandbox (builds an org of 250) ${Math.round(median(sandboxRuns))} ms`,
    ),
  );
  return { figures, details };
}

/** Spawn the binary `STARTUP_RUNS` times; each time, ms from spawn to the initialize response. */
async function startupRuns(args: string[], env: Record<string, string>): Promise<number[]> {
  const runs: number[] = [];
  const initialize = `${JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
  })}\n`;
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args, '--log-level', 'warning'], {
      cwd: ROOT,
      env: cleanEnv(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdin.write(initialize);
    const ms = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('no initialize response within 10 s')), 10_000);
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (/"id":1\b/.test(out) && out.includes('\n')) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code}) before answering initialize`));
      });
    });
    runs.push(ms);
    const exited = new Promise((r) => child.once('exit', r));
    child.stdin.end();
    child.kill('SIGTERM');
    await exited;
  }
  return runs;
}
