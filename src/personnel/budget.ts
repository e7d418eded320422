/**
 * Keeping every tool result inside DRATA_MAX_OUTPUT_TOKENS: text and structured content together.
 * Lists lose whole rows from the end (never half a record) and say how many were shown; single records
 * lose whole items from their longest sections, and say so in `omitted`.
 */
import { resultTokens } from './tokens.js';

export interface Rendered<S> {
  text: string;
  structured: S;
}

export const tokensOf = <S>(r: Rendered<S>): number => resultTokens([r.text], r.structured);

/**
 * The largest prefix of `items` whose rendering fits `budget` (binary search: rendering is monotonic in
 * the number of rows). Returns the rendering and how many items it holds; at least zero items.
 */
export function fitItems<T, S>(
  items: readonly T[],
  render: (shown: readonly T[], truncated: boolean) => Rendered<S>,
  budget: number,
): { rendered: Rendered<S>; shown: number } {
  const all = render(items, false);
  if (tokensOf(all) <= budget) return { rendered: all, shown: items.length };
  let lo = 0;
  let hi = items.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (tokensOf(render(items.slice(0, mid), true)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return { rendered: render(items.slice(0, lo), true), shown: lo };
}

/**
 * Shrink an object's array-valued sections (found at the given paths) until its rendering fits: the
 * longest section is halved each round, and `note(path, kept, total)` records what was dropped.
 */
export function fitSections<V extends object, S>(
  value: V,
  paths: ReadonlyArray<readonly string[]>,
  render: (v: V) => Rendered<S>,
  budget: number,
  note: (v: V, path: readonly string[], kept: number, total: number) => void,
): { rendered: Rendered<S>; value: V; shortened: boolean } {
  let current = structuredClone(value);
  let rendered = render(current);
  const originals = new Map<string, number>();
  for (let round = 0; round < 64 && tokensOf(rendered) > budget; round++) {
    let longest: { path: readonly string[]; arr: unknown[] } | undefined;
    for (const path of paths) {
      const arr = getPath(current, path);
      if (Array.isArray(arr) && arr.length > 0 && (!longest || arr.length > longest.arr.length))
        longest = { path, arr };
    }
    if (!longest) break;
    const key = longest.path.join('.');
    if (!originals.has(key)) originals.set(key, longest.arr.length);
    const kept = Math.floor(longest.arr.length / 2);
    longest.arr.splice(kept);
    current = structuredClone(current);
    note(current, longest.path, kept, originals.get(key) ?? kept);
    rendered = render(current);
  }
  return { rendered, value: current, shortened: originals.size > 0 };
}

function getPath(obj: unknown, path: readonly string[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}
