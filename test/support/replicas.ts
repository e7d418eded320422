/**
 * Server processes (the built binary, HTTP transport) behind a round-robin proxy on loopback: each request
 * goes to the next backend, with no affinity. A replica can be restarted (a new process, a new port; the
 * proxy follows), and its stderr is kept so a test can wait for what it logs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The bench runs a compiled copy of this file elsewhere and names the checkout in BENCH_ROOT.
const ROOT = process.env.BENCH_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Replica {
  url: URL;
  child: ChildProcess;
  /** Everything it wrote to stderr so far. */
  log(): string;
}

/** Start `dist/index.js --transport http --port 0` with `env` (no DRATA_ / MCP_ / REDIS_ variable is inherited). */
export async function spawnReplica(env: Record<string, string>): Promise<Replica> {
  const full: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !/^(DRATA_|MCP_|REDIS_)/.test(k)) full[k] = v;
  }
  Object.assign(full, env);
  const child = spawn(process.execPath, [resolve(ROOT, 'dist/index.js'), '--transport', 'http', '--port', '0'], {
    cwd: ROOT,
    env: full,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const url = await new Promise<URL>((res, rej) => {
    const onData = () => {
      const m = /listening on (http:\/\/\S+\/mcp)/.exec(err);
      if (m?.[1]) {
        child.stderr?.off('data', onData);
        res(new URL(m[1]));
      }
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => rej(new Error(`replica exited (${code}):\n${err}`)));
  });
  return { url, child, log: () => err };
}

export async function stopReplica(r: Replica): Promise<void> {
  if (r.child.exitCode !== null) return;
  await new Promise<void>((res) => {
    r.child.once('exit', () => res());
    r.child.kill('SIGTERM');
  });
}

export interface RoundRobin {
  url: URL;
  /** Requests each backend slot received. */
  served: number[];
  /** The slot that received the latest request. */
  last(): number;
  close(): Promise<void>;
}

/** A proxy sending each request to the next of `backends` (read at every request, so it may change). */
export async function roundRobin(backends: () => readonly URL[]): Promise<RoundRobin> {
  let next = 0;
  let last = -1;
  const served: number[] = [];
  const proxy: Server = createServer((req, res) => {
    const list = backends();
    const i = next % list.length;
    next = i + 1;
    served[i] = (served[i] ?? 0) + 1;
    last = i;
    const target = list[i]!;
    const forward = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: target.pathname,
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  return {
    url: new URL(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}/mcp`),
    served,
    last: () => last,
    close: () =>
      new Promise<void>((r) => {
        proxy.closeAllConnections();
        proxy.close(() => r());
      }),
  };
}
