/**
 * list_personnel cursors: the query, the page size and where the next page starts. Opaque to the model but
 * paid in tokens in every result, so the wire form is positional: base64url of
 * `[2, query, limit, at, upstream, skip, total, snapshot]`, empty parts as "" or -1 (or left out at the end).
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import { LIST_QUERY_KEYS, type ListQuery, listQuerySchema, sameFilter } from './list-query.js';
import type { ListPosition } from './planner.js';

export interface ListCursor extends ListPosition {
  q: ListQuery;
  limit: number;
  /** The total the first page announced (V2 says it only there). */
  total?: number;
}

const cursorSchema = z.object({
  q: listQuerySchema,
  limit: z.number().int().min(1).max(50),
  at: z.number().int().min(0),
  upstream: z.string().optional(),
  skip: z.number().int().min(0).optional(),
  total: z.number().int().min(0).optional(),
  snapshot: z.string().max(40).optional(),
});

export function encodeListCursor(c: ListCursor): string {
  // Positions that hold their default (-1, '') at the end are left out: every character is paid in tokens.
  const wire: unknown[] = [3, c.q, c.limit, c.at, c.total ?? -1, c.upstream ?? '', c.skip ?? -1, c.snapshot ?? ''];
  while (wire.length > 4 && (wire.at(-1) === -1 || wire.at(-1) === '')) wire.pop();
  return Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
}

export function decodeListCursor(value: string): ListCursor {
  try {
    const wire = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown[];
    if (!Array.isArray(wire) || wire[0] !== 3) throw new Error('not a cursor');
    const [, q, limit, at, total = -1, upstream = '', skip = -1, snapshot = ''] = wire;
    return cursorSchema.parse({
      q,
      limit,
      at,
      upstream: upstream === '' ? undefined : upstream,
      skip: skip === -1 ? undefined : skip,
      total: total === -1 ? undefined : total,
      snapshot: snapshot === '' ? undefined : snapshot,
    });
  } catch {
    throw new InputError(
      'cursor',
      'not a cursor from list_personnel: pass nextCursor exactly as returned, or omit it',
    );
  }
}

/**
 * Filters sent along with a cursor must be the cursor's own (models often repeat them): any that differ
 * are refused, by name; repeating them is fine.
 */
export function checkRepeatedFilters(cursor: ListCursor, given: Partial<ListQuery>): void {
  const differing = LIST_QUERY_KEYS.filter((k) => given[k] !== undefined && !sameFilter(given[k], cursor.q[k]));
  if (differing.length) {
    throw new InputError(
      differing[0] ?? 'cursor',
      `${differing.join(', ')} differ from the query this cursor continues: repeat them unchanged, or omit cursor to start a new list`,
    );
  }
}
