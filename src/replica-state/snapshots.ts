/**
 * The org snapshots the replicas share, in Redis (the `SharedSnapshots` of src/personnel/snapshot-share.ts):
 *  - `snapshot:<id>`: a complete walk, its people gzip-compressed one per line (snapshot-codec.ts; a
 *    20,000-person org is a few MB), expiring with the snapshot (DRATA_SNAPSHOT_TTL from its walk);
 *    `snapshots`: a hash of their scopes.
 *  - `snapshot-walk:<scope>`: the one walk in flight (SET NX PX, renewed while walking, released at the end
 *    by its holder only; a dead holder's claim lapses after `lockMs`).
 *  - `writes-seq` and `writes`: every write through a replica, numbered (the person's id, or `*` when
 *    unknown, which also drops every shared snapshot); the last WRITES_KEPT are kept.
 * Redis unreachable: nothing is found, the walk is the replica's own, a write is noted and told once Redis
 * is back; one warning per outage. Nothing here throws.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import type { SharedChanges, SharedSnapshotRecord, SharedSnapshots, WalkClaim } from '../personnel/snapshot-share.js';
import { KEY_PREFIX, type SharedState } from './redis.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot-codec.js';

const INDEX = `${KEY_PREFIX}snapshots`;
const blob = (id: string) => `${KEY_PREFIX}snapshot:${id}`;
const lock = (key: string) => `${KEY_PREFIX}snapshot-walk:${key}`;
const SEQ = `${KEY_PREFIX}writes-seq`;
const WRITES = `${KEY_PREFIX}writes`;
export const WRITES_KEPT = 10_000;

interface Meta {
  id: string;
  statuses: string[];
  asOf: number;
  expiresAt: number;
}

// Only the holder renews or releases its claim (the value is its random token).
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
// One number per write, its entry, the oldest trimmed; an unknown write drops the shared snapshots' index.
const WROTE = `local n = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], n, n .. ':' .. ARGV[1])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -1 - tonumber(ARGV[2]))
if ARGV[1] == '*' then redis.call('DEL', KEYS[3]) end
return n`;

export interface RedisSnapshotsOptions {
  logger: Logger;
  /** How long a walk's claim lives without renewal (renewed every third of it); default 15 s. */
  lockMs?: number;
  /** How often a waiting replica looks for the walker's snapshot; default 200 ms. */
  pollMs?: number;
  now?: () => number;
}

type Redis = SharedState['redis'];

async function metas(redis: Redis, now: number): Promise<Meta[]> {
  const all = await redis.hgetall(INDEX);
  const live: Meta[] = [];
  const gone: string[] = [];
  for (const [id, text] of Object.entries(all)) {
    const m = JSON.parse(text) as Meta;
    if (m.expiresAt > now) live.push(m);
    else gone.push(id);
  }
  if (gone.length) await redis.hdel(INDEX, ...gone);
  return live.sort((a, b) => b.asOf - a.asOf);
}

async function read(redis: Redis, id: string): Promise<SharedSnapshotRecord | undefined> {
  const data = await redis.getBuffer(blob(id));
  if (data === null) {
    await redis.hdel(INDEX, id);
    return undefined;
  }
  return decodeSnapshot(data);
}

async function find(redis: Redis, scope: readonly string[], now: number): Promise<SharedSnapshotRecord | undefined> {
  for (const m of await metas(redis, now)) {
    if (!scope.every((s) => m.statuses.includes(s))) continue;
    const record = await read(redis, m.id);
    if (record) return record;
  }
  return undefined;
}

async function put(redis: Redis, record: SharedSnapshotRecord, ttl: number, now: number): Promise<void> {
  const data = await encodeSnapshot(record);
  const covered = (await metas(redis, now)).filter((m) => m.statuses.every((s) => record.statuses.includes(s)));
  const meta: Meta = { id: record.id, statuses: record.statuses, asOf: record.asOf, expiresAt: now + ttl };
  const tx = redis.multi().set(blob(record.id), data, 'PX', ttl).hset(INDEX, record.id, JSON.stringify(meta));
  for (const m of covered) tx.hdel(INDEX, m.id).del(blob(m.id));
  await tx.exec();
}

async function claim(redis: Redis, key: string, lockMs: number): Promise<WalkClaim> {
  const token = randomBytes(12).toString('base64url');
  if ((await redis.set(lock(key), token, 'PX', lockMs, 'NX')) !== 'OK') return { walk: false };
  const timer = setInterval(() => {
    redis.eval(RENEW, 1, lock(key), token, lockMs).catch(() => {});
  }, Math.max(50, Math.floor(lockMs / 3)));
  timer.unref();
  return {
    walk: true,
    release: async () => {
      clearInterval(timer);
      await redis.eval(RELEASE, 1, lock(key), token).catch(() => {});
    },
  };
}

async function changes(redis: Redis, seq: number): Promise<SharedChanges> {
  if (seq < 0) return { seq: Number((await redis.get(SEQ)) ?? 0), ids: [], all: false };
  const answers = await redis.multi().get(SEQ).zrangebyscore(WRITES, `(${seq}`, '+inf').exec();
  const [[, current], [, entries]] = answers as [[unknown, string | null], [unknown, string[]]];
  const at = Number(current ?? 0);
  const members = entries.map((e) => e.slice(e.indexOf(':') + 1));
  // Fewer entries than writes (trimmed, or Redis lost its data): what changed is unknown.
  const all = at < seq || entries.length < at - seq || members.includes('*');
  return { seq: at, ids: all ? [] : [...new Set(members.map(Number))], all };
}

export function redisSnapshots(state: SharedState, options: RedisSnapshotsOptions): SharedSnapshots {
  const { redis, health } = state;
  const lockMs = options.lockMs ?? 15_000;
  const now = options.now ?? Date.now;
  let warned = false;
  /** A write could not be told (Redis went away): it is told, as one unknown write, once Redis is back. */
  let untold = false;
  const failed = <T>(what: string, fallback: T) => (err: unknown): T => {
    if (!warned) {
      warned = true;
      options.logger.warning(`shared snapshots: Redis did not answer (${what}: ${String(err)}); this replica reads the org itself until it does`);
    }
    return fallback;
  };
  const tell = (member: string): Promise<number | undefined> =>
    redis.eval(WROTE, 3, SEQ, WRITES, INDEX, member, WRITES_KEPT).then(Number, failed('write', undefined));
  health.onChange((up) => {
    if (!up) return;
    warned = false;
    if (untold) void tell('*').then((n) => (untold = n === undefined));
  });
  const local: WalkClaim = { walk: true, release: async () => {} };
  const when = <T>(fallback: T, what: string, run: () => Promise<T>): Promise<T> =>
    health.up ? run().catch(failed(what, fallback)) : Promise.resolve(fallback);

  return {
    pollMs: options.pollMs ?? 200,
    find: (scope) => when(undefined, 'snapshot', () => find(redis, scope, now())),
    byId: (id) => when(undefined, 'snapshot', () => read(redis, id)),
    put: (record, ttlMs) =>
      when(undefined, 'share a snapshot', async () => {
        if (Math.floor(ttlMs) > 0) await put(redis, record, Math.floor(ttlMs), now());
      }),
    claimWalk: (key) => when(local, 'walk claim', () => claim(redis, key, lockMs)),
    walking: (key) => when(false, 'walk claim', async () => (await redis.exists(lock(key))) === 1),
    async wrote(personnelId) {
      const n = health.up ? await tell(personnelId === undefined ? '*' : String(personnelId)) : undefined;
      if (n === undefined) untold = true;
      return n;
    },
    changesSince: (seq) => when(undefined, 'writes', () => changes(redis, seq)),
  };
}
