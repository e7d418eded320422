/**
 * The audit trail's hash chain. Every line is one JSON object whose `prev` is the hash of the line before
 * (the first line's is GENESIS) and whose `hash` is SHA-256 over the line's canonical JSON without `hash`.
 * Editing a line breaks its own hash; deleting or moving one breaks the next line's `prev`. Truncating the
 * end leaves a valid shorter chain: `audit verify` prints the last hash and the count so they can be kept
 * elsewhere (a ticket, a SIEM) and compared later.
 */
import { createHash } from 'node:crypto';
import { canonical } from '../tools/approval.js';

export const GENESIS = '0'.repeat(64);

export const entryHash = (entry: Record<string, unknown>): string => {
  const { hash: _ignored, ...rest } = entry;
  return createHash('sha256').update(canonical(rest)).digest('hex');
};

export interface VerifyResult {
  ok: boolean;
  /** Lines read (blank lines excluded). */
  count: number;
  /** The last line's hash (GENESIS for an empty file). */
  lastHash: string;
  /** What is wrong, one line each, with the line number (1-based). */
  problems: string[];
}

/** Check a whole trail's text. */
export function verifyChain(text: string): VerifyResult {
  const problems: string[] = [];
  let prev = GENESIS;
  let count = 0;
  let expectedSeq = 1;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    count += 1;
    const at = `line ${i + 1}`;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      problems.push(`${at}: not JSON (edited or cut)`);
      prev = 'unreadable';
      return;
    }
    if (entry.hash !== entryHash(entry)) problems.push(`${at}: its content does not match its hash (edited)`);
    if (entry.prev !== prev) problems.push(`${at}: does not follow the line before (a line was deleted, inserted or moved)`);
    if (entry.seq !== expectedSeq) problems.push(`${at}: sequence number ${String(entry.seq)}, expected ${expectedSeq}`);
    expectedSeq = typeof entry.seq === 'number' ? entry.seq + 1 : expectedSeq + 1;
    prev = typeof entry.hash === 'string' ? entry.hash : 'missing';
  });
  return { ok: problems.length === 0, count, lastHash: prev, problems };
}
