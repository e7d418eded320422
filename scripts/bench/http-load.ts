/**
 * HTTP load: the built binary with `--sandbox --sandbox-size 1000 --transport http --port 0` on loopback, 20
 * concurrent Streamable HTTP sessions (SDK client), each calling read tools back to back for 20 s in
 * rotation: list_personnel {limit: 20} (V2), get_personnel (V1 + V2), list_personnel {search} (V1),
 * personnel_compliance_report (walks once, then served from the report cache). The server's client-side rate
 * limit is raised (`--rate-limit 100000`) so the figure measures the server, not Drata's 500/min quota.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { BIN, cleanEnv, type Figure, figure, log, percentile, ROOT, round } from './util.js';

const SESSIONS = 20;
const DURATION_MS = 20_000;
const CALL_TIMEOUT_MS = 30_000;

export interface HttpBench {
  sessions: number;
  seconds: number;
  calls: number;
  callsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  firstError?: string;
  byTool: Record<string, number>;
}

/** The bearer token the load clients send (the server requires one). */
const TOKEN = 'bench-http-token-0123456789abcdef';

async function startServer(): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      '--sandbox',
      '--sandbox-size',
      '1000',
      '--transport',
      'http',
      '--port',
      '0',
      '--rate-limit',
      '100000',
    ],
    { cwd: ROOT, env: cleanEnv({ MCP_HTTP_TOKEN: TOKEN }), stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" line within 30 s:\n${err}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      if (err.length < 100_000) err += chunk.toString('utf8');
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(err);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${err}`));
    });
  });
  return { child, url, stderr: () => err };
}

export async function benchHttp(): Promise<{ figures: Figure[]; details: HttpBench }> {
  log(`http load: ${SESSIONS} sessions × ${DURATION_MS / 1000} s…`);
  const server = await startServer();
  const latencies: number[] = [];
  const byTool: Record<string, number> = {};
  let errors = 0;
  let firstError: string | undefined;
  const clients: Client[] = [];
  let elapsedMs: number;
  try {
    for (let s = 0; s < SESSIONS; s++) {
      const client = new Client({ name: `bench-http-${s}`, version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(server.url), {
          requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
        }),
      );
      clients.push(client);
    }
    const calls: Array<(i: number) => { name: string; arguments: Record<string, unknown> }> = [
      () => ({ name: 'list_personnel', arguments: { limit: 20 } }),
      (i) => ({ name: 'get_personnel', arguments: { personnel: 1 + ((i * 37) % 1000) } }),
      (i) => ({ name: 'list_personnel', arguments: { search: ['an', 'el', 'ar', 'is'][i % 4], limit: 10 } }),
      () => ({ name: 'personnel_compliance_report', arguments: {} }),
    ];
    const started = performance.now();
    const deadline = started + DURATION_MS;
    await Promise.all(
      clients.map(async (client, s) => {
        for (let i = s; performance.now() < deadline; i++) {
          const params = (calls[i % calls.length] as (typeof calls)[number])(i);
          const t = performance.now();
          try {
            const r = await client.callTool(params, undefined, { timeout: CALL_TIMEOUT_MS });
            if (r.isError) {
              errors++;
              firstError ??= `${params.name}: ${JSON.stringify(r.content).slice(0, 300)}`;
            }
          } catch (err) {
            errors++;
            firstError ??= `${params.name}: ${err instanceof Error ? err.message : String(err)}`;
          }
          latencies.push(performance.now() - t);
          byTool[params.name] = (byTool[params.name] ?? 0) + 1;
        }
      }),
    );
    elapsedMs = performance.now() - started;
  } finally {
    await Promise.allSettled(clients.map((c) => c.close()));
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
  }
  const details: HttpBench = {
    sessions: SESSIONS,
    seconds: round(elapsedMs / 1000, 1),
    calls: latencies.length,
    callsPerSecond: latencies.length / (elapsedMs / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
    firstError,
    byTool,
  };
  const s = 'http load';
  return {
    details,
    figures: [
      figure(
        s,
        `${SESSIONS} sessions, read tools: calls per second`,
        round(details.callsPerSecond, 0),
        'calls/s',
        undefined,
        `${details.calls} calls in ${details.seconds} s: ${Object.entries(byTool)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
      ),
      figure(s, 'call latency p50 / p99', `${round(details.p50Ms, 1)} / ${round(details.p99Ms, 1)}`, 'ms'),
      figure(
        s,
        'errors',
        errors,
        '',
        { target: '0', pass: errors === 0 },
        firstError ? `first: ${firstError}` : undefined,
      ),
    ],
  };
}
