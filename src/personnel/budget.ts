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

/** Strings up to this long are never shortened by `fitResult`. */
const KEEP_CHARS = 120;

/**
 * The last line of defence, applied by the tool runner to every result: while it is over `budget`, the
 * longest string value (a 28,000-character reason, say) is cut to half, ending with how long it was, in
 * both the structured content and the text. Tools that shape their own output (lists, summaries) are
 * already within budget and pass through untouched. `fits` is false when even that is not enough (the
 * structured content alone is over the budget): the runner then answers with an error instead.
 */
export function fitResult<S>(
  rendered: Rendered<S>,
  budget: number,
): { rendered: Rendered<S>; shortened: boolean; fits: boolean } {
  let current = rendered;
  let shortened = false;
  for (let round = 0; round < 200 && tokensOf(current) > budget; round++) {
    const longest = longestString(current.structured);
    if (longest === undefined || longest.length <= KEEP_CHARS) break;
    const full = /… \[shortened from (\d+) characters\]$/.exec(longest)?.[1] ?? String(longest.length);
    const base = longest.replace(/… \[shortened from \d+ characters\]$/, '');
    const cut = `${base.slice(0, Math.max(KEEP_CHARS / 2, Math.floor(base.length / 2)))}… [shortened from ${full} characters]`;
    current = {
      text: current.text.split(longest).join(cut),
      structured: replaceString(current.structured, longest, cut) as S,
    };
    shortened = true;
  }
  // Text the structured content does not mirror (rare): cut it by lines, saying so.
  if (tokensOf(current) > budget) {
    const lines = current.text.split('\n');
    const cutText = () => `${lines.join('\n')}\n… (cut to fit the output budget)`;
    while (lines.length > 1 && tokensOf({ ...current, text: cutText() }) > budget) lines.pop();
    current = { ...current, text: cutText() };
    shortened = true;
  }
  return { rendered: current, shortened, fits: tokensOf(current) <= budget };
}

function longestString(value: unknown): string | undefined {
  let best: string | undefined;
  const visit = (v: unknown) => {
    if (typeof v === 'string') {
      if (best === undefined || v.length > best.length) best = v;
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(value);
  return best;
}

function replaceString(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value === from ? to : value;
  if (Array.isArray(value)) return value.map((v) => replaceString(v, from, to));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceString(v, from, to)]));
  }
  return value;
}
