/** Real-HTTP helpers for the sandbox tests (global fetch on loopback). */
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../src/sandbox/index.js';

// Parsed JSON from the wire, inspected field by field in tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: Json;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent verbatim (for malformed JSON). */
  rawBody?: string;
  /** Bearer key; null sends no Authorization header; default the sandbox key. */
  key?: string | null;
  timeoutMs?: number;
}

/** `method` `path` (from the origin, e.g. `/public/personnel?limit=1`) against the sandbox. */
export async function request(
  sb: Sandbox,
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  const key = opts.key === undefined ? sb.apiKey : opts.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
  });
  const text = await res.text();
  let parsed: Json;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

export const v1 = (sb: Sandbox, method: string, path: string, opts?: RequestOptions) =>
  request(sb, method, `/public${path}`, opts);
export const v2 = (sb: Sandbox, method: string, path: string, opts?: RequestOptions) =>
  request(sb, method, `/public/v2${path}`, opts);

/** Start a sandbox (default 120 people: enough for the whole cast) for one test file or test. */
export const start = (options: SandboxOptions = {}): Promise<Sandbox> =>
  startSandbox({ size: 120, ...options });

/** Every id of a V1 list query, walking all pages. */
export async function v1Ids(sb: Sandbox, query: string): Promise<number[]> {
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const r = await v1(sb, 'GET', `/personnel?limit=50&page=${page}${query ? `&${query}` : ''}`);
    if (r.status !== 200) throw new Error(`GET ${query} → ${r.status} ${r.text}`);
    for (const row of r.body.data) ids.push(row.id);
    if (r.body.data.length < 50) return ids;
  }
}

/** Every person of a V2 list query, walking the cursor; also returns the number of pages. */
export async function v2Walk(
  sb: Sandbox,
  query: string,
): Promise<{ people: Json[]; pages: number; last: Json }> {
  const people: Json[] = [];
  let cursor: string | null = null;
  let pages = 0;
  let last: Json;
  do {
    const c: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const r = await v2(sb, 'GET', `/personnel?${query}${c}`);
    if (r.status !== 200) throw new Error(`GET ${query} → ${r.status} ${r.text}`);
    people.push(...r.body.data);
    cursor = r.body.pagination.cursor;
    last = r.body;
    pages++;
    if (pages > 10_000) throw new Error('cursor walk does not end');
  } while (cursor !== null);
  return { people, pages, last };
}

export const sorted = (ids: readonly number[]) => [...ids].sort((a, b) => a - b);
