/**
 * No import cycle in src/, type-only imports included. ESLint's import-x/no-cycle skips `import type`, so a
 * cycle made only of type imports would pass `npm run lint`; this test walks the same graph with
 * TypeScript's own pre-processor (every static import and re-export, types included).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** file → the src/ files it imports (relative specifiers only; `./x.js` is `./x.ts` on disk). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, false);
    const targets = importedFiles
      .map((f) => f.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => resolve(dirname(file), spec).replace(/\.js$/, '.ts'))
      .filter((target) => known.has(target));
    graph.set(file, targets);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the chain of files that closes it. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('import graph of src/', () => {
  const graph = importGraph(sourceFiles(SRC));

  it('sees the imports it checks (type-only ones included)', () => {
    const render = graph.get(join(SRC, 'personnel/render.ts')) ?? [];
    // render.ts imports PersonSummary with `import type`.
    expect(render).toContain(join(SRC, 'personnel/summary-schema.ts'));
    expect(graph.size).toBeGreaterThan(100);
  });

  it('has no cycle, not even through type-only imports', () => {
    const named = cycles(graph).map((c) => c.map((f) => relative(SRC, f)).join(' → '));
    expect(named).toEqual([]);
  });

  it('would report a cycle', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
  });
});
