/**
 * Both protocol eras side by side, with the SDK v2 client in `legacy` mode (2025-era: initialize, session)
 * and pinned to 2026-07-28 (stateless: server/discover, per-request `_meta`), against the same built binary:
 *
 * - cold start: spawn over stdio → the client's connect() resolved (initialize, or server/discover), 8 runs;
 * - per-call overhead: get_personnel over stdio minus the same upstream calls made directly with
 *   PersonnelApi on loopback (pairs alternate which goes first; median of the differences);
 * - HTTP throughput: 10 concurrent clients on `--sandbox --transport http`, read tools back to back for
 *   10 s (2025: one session each; 2026: no session, each call a fresh server instance on the server side).
 */
import { spawn } from 'node:child_process';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { DrataClient } from '../../src/drata/client.js';
import { createPersonnelApi } from '../../src/drata/personnel.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { BIN, cleanEnv, type Figure, figure, log, median, percentile, ROOT, round } from './util.js';

type Mode = 'legacy' | { pin: '2026-07-28' };
const ERAS: Array<[string, Mode]> = [
  ['2025-11-25', 'legacy'],
  ['2026-07-28', { pin: '2026-07-28' }],
];
const STARTS = 8;
const PAIRS = 100;
const WARMUP = 20;
const CLIENTS = 10;
const HTTP_MS = 10_000;
const TOKEN = 'bench-eras-token-0123456789abcdef';

const newClient = (mode: Mode): Client =>
  new Client({ name: 'drata-bench-eras', version: '1.0.0' }, { versionNegotiation: { mode } });

async function stdioClient(mode: Mode, args: string[], env: Record<string, string>): Promise<Client> {
  const client = newClient(mode);
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [BIN, ...args], env: cleanEnv(env), cwd: ROOT }),
  );
  return client;
}

async function coldStarts(mode: Mode, args: string[], env: Record<string, string>): Promise<number[]> {
  const runs: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const t = performance.now();
    const client = await stdioClient(mode, args, env);
    runs.push(performance.now() - t);
    await client.close();
  }
  return runs;
}

async function overhead(client: Client, direct: (id: number) => Promise<unknown>): Promise<number[]> {
  const diffs: number[] = [];
  for (let i = 0; i < WARMUP + PAIRS; i++) {
    const id = 1 + (i % 250);
    const time = async (fn: () => Promise<unknown>) => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    const tool = () => client.callTool({ name: 'get_personnel', arguments: { personnel: id } });
    let t: number;
    let d: number;
    if (i % 2 === 0) {
      t = await time(tool);
      d = await time(() => direct(id));
    } else {
      d = await time(() => direct(id));
      t = await time(tool);
    }
    if (i >= WARMUP) diffs.push(t - d);
  }
  return diffs;
}

async function httpServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const args = ['--sandbox', '--sandbox-size', '1000', '--transport', 'http', '--port', '0', '--rate-limit', '100000'];
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: cleanEnv({ MCP_HTTP_TOKEN: TOKEN }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" line within 30 s:\n${err}`)), 30_000);
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 100_000) err += chunk.toString('utf8');
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(err);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  const stop = async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  return { url, stop };
}

async function throughput(url: string, mode: Mode): Promise<{ perSecond: number; p50: number; errors: number }> {
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = newClient(mode);
      const headers = { Authorization: `Bearer ${TOKEN}` };
      await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
      return client;
    }),
  );
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + HTTP_MS;
  await Promise.all(
    clients.map(async (client, s) => {
      for (let i = s; performance.now() < deadline; i++) {
        const t = performance.now();
        const params =
          i % 2 === 0
            ? { name: 'list_personnel', arguments: { limit: 20 } }
            : { name: 'get_personnel', arguments: { personnel: 1 + ((i * 37) % 1000) } };
        const r = await client.callTool(params).catch(() => ({ isError: true }));
        if (r.isError) errors++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.allSettled(clients.map((c) => c.close()));
  return { perSecond: latencies.length / seconds, p50: percentile(latencies, 50), errors };
}

export async function benchEras(): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  log('eras: 2025-11-25 and 2026-07-28 side by side (SDK v2 client, legacy vs pinned)…');
  const sandbox = await startSandbox({ size: 250 });
  const env = { DRATA_API_KEY: sandbox.apiKey };
  const args = ['--base-url', sandbox.url, '--log-level', 'warning', '--rate-limit', '100000'];
  const api = createPersonnelApi(
    new DrataClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, rateLimitPerMinute: 100_000 }),
  );
  const direct = (id: number) =>
    Promise.all([api.v1Get(id), api.v2Get(id, ['customFields', 'complianceChecks', 'reasonProvider', 'user'])]);
  const details: Record<string, unknown> = {};
  const figures: Figure[] = [];
  try {
    for (const [era, mode] of ERAS) {
      const starts = await coldStarts(mode, args, env);
      const client = await stdioClient(mode, args, env);
      const diffs = await overhead(client, direct).finally(() => client.close());
      details[era] = { startsMs: starts, overheadMedianMs: median(diffs), overheadP95Ms: percentile(diffs, 95) };
      figures.push(
        figure('eras', `${era}: cold start (spawn → connected), median`, Math.round(median(starts)), 'ms', undefined,
          `${STARTS} runs over stdio, p95 ${Math.round(percentile(starts, 95))} ms`),
        figure('eras', `${era}: get_personnel overhead vs direct client, median`, round(median(diffs), 2), 'ms',
          undefined, `p95 ${round(percentile(diffs, 95), 2)} ms over ${PAIRS} pairs (stdio)`),
      );
    }
  } finally {
    await sandbox.close();
  }
  const server = await httpServer();
  try {
    for (const [era, mode] of ERAS) {
      const r = await throughput(server.url, mode);
      details[`${era} http`] = r;
      figures.push(
        figure('eras', `${era}: HTTP throughput, ${CLIENTS} clients, read tools`, round(r.perSecond, 0), 'calls/s',
          { target: '0 errors', pass: r.errors === 0 }, `p50 ${round(r.p50, 1)} ms; ${r.errors} errors`),
      );
    }
  } finally {
    await server.stop();
  }
  return { figures, details };
}
