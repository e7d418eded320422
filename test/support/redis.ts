/**
 * A real redis-server (Debian's package; .ci/run installs it) on a free loopback port, in its own temp
 * directory, with append-only persistence (fsync always) so a restart keeps what was written, as a
 * production Redis configured for this server would. `kill` stops it hard (SIGKILL) mid-test, `start`
 * brings it back on the same port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Start (again) on the same port and directory; resolves once it accepts connections. */
  start(): Promise<void>;
  /** SIGKILL: Redis disappears as in a crash. */
  kill(): Promise<void>;
  /** Stop it and remove its directory. */
  close(): Promise<void>;
}

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'dpm-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes'];
      args.push('--appendfsync', 'always', '--daemonize', 'no', '--protected-mode', 'yes', '--loglevel', 'notice');
      const proc = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      let out = '';
      const onData = (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (/Ready to accept connections/i.test(out)) resolve();
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', onData);
      proc.once('error', reject);
      proc.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${out}`)));
    });
  const stop = async (signal: NodeJS.Signals) => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    kill: () => stop('SIGKILL'),
    close: async () => {
      await stop('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `cond` holds, looking every 20 ms (the test's own timeout bounds it). */
export const until = async (cond: () => boolean | Promise<boolean>): Promise<void> => {
  while (!(await cond())) await new Promise((r) => setTimeout(r, 20));
};

/**
 * A redis-server for the tests of one file: started before them; after them, the connections they opened
 * (pushed to `opened`) are closed, then the server.
 */
export function redisPerFile(): { readonly server: RedisServer; readonly opened: Array<{ close(): Promise<void> }> } {
  const held = { server: undefined as unknown as RedisServer, opened: [] as Array<{ close(): Promise<void> }> };
  beforeAll(async () => {
    held.server = await startRedis();
  }, 30_000);
  afterAll(async () => {
    for (const s of held.opened) await s.close();
    await held.server?.close();
  });
  return held;
}

/** 12 callers spread over `budgets` acquire again and again for `ms`; each start's time goes to `starts`. */
export async function pressBudgets(
  budgets: ReadonlyArray<{ acquire(): Promise<unknown> }>,
  ms: number,
  starts: number[],
): Promise<number> {
  const stopAt = Date.now() + ms;
  let made = 0;
  await Promise.all(
    Array.from({ length: 12 }, async (_, i) => {
      const b = budgets[i % budgets.length]!;
      while (Date.now() < stopAt) {
        await b.acquire();
        starts.push(Date.now());
        made++;
      }
    }),
  );
  return made;
}
