/**
 * The audit trail file: append-only JSON lines, hash-chained (chain.ts), written synchronously and flushed
 * to disk before the call goes on, so a write is never sent unless its line is on disk. One writer per file
 * and process (auditLogAt returns the same instance for the same path); run one file per replica.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { entryHash, GENESIS } from './chain.js';
import type { AuditEntry, AuditRecord } from './types.js';

/** The line could not be written: the write it is about must not be sent. */
export class AuditUnavailableError extends Error {
  override name = 'AuditUnavailableError';
}

/** The last complete line of a trail (for the chain's `prev` and `seq` after a restart). */
function lastEntry(path: string): { hash: string; seq: number } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { hash: GENESIS, seq: 0 };
    throw err;
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const last = lines.at(-1);
  if (last === undefined) return { hash: GENESIS, seq: 0 };
  try {
    const entry = JSON.parse(last) as { hash?: unknown; seq?: unknown };
    return { hash: String(entry.hash), seq: typeof entry.seq === 'number' ? entry.seq : lines.length };
  } catch {
    // A damaged last line: chain on regardless; `audit verify` reports the damage.
    return { hash: 'unreadable', seq: lines.length };
  }
}

export class AuditLog {
  private tail: { hash: string; seq: number } | undefined;

  constructor(readonly path: string) {}

  /** Append one entry and flush it; throws AuditUnavailableError saying why when it cannot. */
  append(record: AuditRecord): AuditEntry {
    let fd: number | undefined;
    try {
      mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
      this.tail ??= lastEntry(this.path);
      const entry = { seq: this.tail.seq + 1, ...record, prev: this.tail.hash } as AuditEntry;
      entry.hash = entryHash(entry as unknown as Record<string, unknown>);
      fd = openSync(this.path, 'a', 0o600);
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
      this.tail = { hash: entry.hash, seq: entry.seq };
      return entry;
    } catch (err) {
      this.tail = undefined; // read the file again next time
      const why = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
      throw new AuditUnavailableError(
        `the audit trail ${this.path} cannot be written (${why}): nothing was sent to Drata. Fix the file's permissions or disk, or set DRATA_AUDIT_LOG to a writable path.`,
      );
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /** The newest entries first, at most `limit`, optionally only those about person `id` or `email`. */
  latest(limit: number, person?: { id?: number; email?: string }): AuditEntry[] {
    return this.newest(limit, person).entries;
  }

  /** The newest `limit` entries (about one person, if given), and how many there are in all. */
  newest(limit: number, person?: { id?: number; email?: string }): { entries: AuditEntry[]; total: number } {
    let text = '';
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const out: AuditEntry[] = [];
    let total = 0;
    const about = (p: { id: number; email?: string }) =>
      p.id === person?.id || (person?.email !== undefined && p.email === person.email);
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i];
      if (!line?.trim()) continue;
      // Without a person filter, the lines past the newest `limit` are only counted, not parsed.
      if (!person && out.length >= limit) {
        total++;
        continue;
      }
      let entry: AuditEntry;
      try {
        entry = JSON.parse(line) as AuditEntry;
      } catch {
        continue;
      }
      if (person && !entry.people?.some(about)) continue;
      total++;
      if (out.length < limit) out.push(entry);
    }
    return { entries: out, total };
  }
}

const logs = new Map<string, AuditLog>();

/** The process's one writer for `path`. */
export function auditLogAt(path: string): AuditLog {
  const key = resolve(path);
  let log = logs.get(key);
  if (!log) {
    log = new AuditLog(key);
    logs.set(key, log);
  }
  return log;
}
