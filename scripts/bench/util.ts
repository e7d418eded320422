/** Shared helpers of the benchmark: figures, statistics, token counting, spawning the built server. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { encode } from 'gpt-tokenizer/encoding/cl100k_base';

/** The repository root (run.mjs sets BENCH_ROOT; `npm run` starts in the root anyway). */
export const ROOT = process.env.BENCH_ROOT ?? process.cwd();
export const BIN = resolve(ROOT, 'dist/index.js');

/** One reported number, printed beside its target. */
export interface Figure {
  section: string;
  label: string;
  value: number | string;
  unit?: string;
  /** e.g. "≤ 60"; absent for figures reported for context only. */
  target?: string;
  /** PASS / MISS against the target; undefined for context figures. */
  pass?: boolean;
  note?: string;
}

export function figure(
  section: string,
  label: string,
  value: number | string,
  unit?: string,
  check?: { target: string; pass: boolean },
  note?: string,
): Figure {
  return { section, label, value, unit, target: check?.target, pass: check?.pass, note };
}

export const round = (n: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

export const median = (values: readonly number[]): number => percentile(values, 50);
export const mean = (values: readonly number[]): number =>
  values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);

/** cl100k tokens of a string. */
export const tokens = (text: string): number => encode(text).length;

/** Tokens of a tool result as a model receives it: every text block plus the serialized structured content. */
export function resultTokens(result: unknown): number {
  const r = result as CallToolResult;
  let n = 0;
  for (const c of r.content ?? []) if (c.type === 'text') n += tokens(c.text);
  if (r.structuredContent !== undefined) n += tokens(JSON.stringify(r.structuredContent));
  return n;
}

export const textOf = (result: unknown): string =>
  ((result as CallToolResult).content ?? [])
    .filter((c) => c.type === 'text')
    .map((c) => (c as { text: string }).text)
    .join('\n');

/** This environment without the server's own settings, so a developer's DRATA_* never leaks into a run. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(DRATA_|MCP_|SANDBOX_)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

export interface StdioServer {
  client: Client;
  transport: StdioClientTransport;
  pid: number;
  stderr: () => string;
  close(): Promise<void>;
}

/** Spawn the built server over stdio and connect an MCP client to it. */
export async function spawnStdio(args: string[], env: Record<string, string>): Promise<StdioServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, ...args],
    env: cleanEnv(env),
    stderr: 'pipe',
    cwd: ROOT,
  });
  let log = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    if (log.length < 200_000) log += chunk.toString('utf8');
  });
  const client = new Client({ name: 'drata-bench', version: '1.0.0' });
  await client.connect(transport);
  const pid = transport.pid;
  if (pid === null) throw new Error('the server process has no pid');
  return {
    client,
    transport,
    pid,
    stderr: () => log,
    close: () => client.close(),
  };
}

/** Peak resident set size (VmHWM) of a live process in MB, from /proc; undefined where /proc is missing. */
export function peakRssMb(pid: number): number | undefined {
  const file = `/proc/${pid}/status`;
  if (!existsSync(file)) return undefined;
  const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(file, 'utf8'));
  return m?.[1] ? Number(m[1]) / 1024 : undefined;
}

/** Raw GET against the sandbox with the API key, returning the body text (for raw-payload token counts). */
export async function rawGet(url: string, apiKey: string): Promise<string> {
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' },
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}: ${text.slice(0, 200)}`);
  return text;
}

/** A small seeded PRNG (the sandbox's mulberry32) so samples are the same on every run. */
export { mulberry32 as seeded } from '../../src/sandbox/random.js';

/** The start of today (UTC): the sandbox's "now" when the spawned server uses the real clock. */
export const startOfTodayUtc = (): Date => new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);

export const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};
