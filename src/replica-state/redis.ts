/**
 * The one connection to the shared state (Redis or Valkey, through ioredis) and its health. Commands never
 * queue while the connection is down (`enableOfflineQueue: false`) and time out after `commandTimeoutMs`,
 * so a caller learns at once that the shared state is unreachable and takes its fallback: the budget goes
 * on with a local limiter, snapshots are walked here, a write is refused. ioredis reconnects on its own;
 * `health` follows it.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** Every key this server writes starts with this, so it can share a Redis with other applications. */
export const KEY_PREFIX = 'drata-personnel-mcp:';

export interface SharedStateHealth {
  /** True while commands can reach Redis. */
  readonly up: boolean;
  /** Called on every change between up and down. */
  onChange(listener: (up: boolean) => void): void;
}

export interface SharedState {
  readonly redis: Redis;
  readonly health: SharedStateHealth;
  /** Resolves once connected, or after `ms` (false) when Redis cannot be reached yet. */
  ready(ms: number): Promise<boolean>;
  close(): Promise<void>;
}

export interface SharedStateOptions {
  url: string;
  logger: Logger;
  /** Per command; default 1 000 ms. */
  commandTimeoutMs?: number;
}

/** Open the shared state (the connection is made in the background; see `ready`). */
export function openSharedState(options: SharedStateOptions): SharedState {
  const { logger } = options;
  const redis = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    connectTimeout: 2_000,
    // Reconnect for ever, at most every 2 s: the shared state comes back when Redis does.
    retryStrategy: (times) => Math.min(100 * times, 2_000),
    lazyConnect: false,
  });
  let up = false;
  let connected = false;
  const listeners: Array<(up: boolean) => void> = [];
  const set = (next: boolean, why: string) => {
    if (next === up) return;
    up = next;
    if (next && !connected) logger.info('shared state: connected to Redis');
    else if (next) logger.info('shared state: Redis is reachable again; limits and approvals are shared');
    else logger.warning(`shared state: Redis is unreachable (${why}); reads go on with a local limiter and local snapshots, writes are refused`);
    connected ||= next;
    for (const l of listeners) l(next);
  };
  let lastError = 'not connected yet';
  redis.on('ready', () => set(true, 'ready'));
  redis.on('error', (err: Error) => {
    lastError = (err as { code?: string }).code ?? err.message;
  });
  redis.on('close', () => set(false, lastError));
  redis.on('end', () => set(false, lastError));

  return {
    redis,
    health: {
      get up() {
        return up;
      },
      onChange: (listener) => void listeners.push(listener),
    },
    ready: (ms) =>
      up
        ? Promise.resolve(true)
        : new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), ms);
            timer.unref();
            redis.once('ready', () => {
              clearTimeout(timer);
              resolve(true);
            });
          }),
    close: async () => {
      listeners.length = 0;
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** The error a caller gets when the shared state is configured but unreachable. */
export class SharedStateUnavailableError extends Error {
  override name = 'SharedStateUnavailableError';
}
