/**
 * Where `npm run bench` puts its results. Tracked files (bench-results/latest.*, README.md's bench block)
 * change only with `--record`; without it the Markdown is printed and nothing is written.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const START = '<!-- bench:start -->';
export const END = '<!-- bench:end -->';

export interface BenchArgs {
  /** Sections named with `--only a,b`; undefined runs them all. */
  only?: string[];
  /** `--record`: write bench-results/ and README.md (only for a full run). */
  record: boolean;
}

export function parseBenchArgs(argv: readonly string[], sections: readonly string[]): BenchArgs {
  const known = new Set(['--only', '--record']);
  for (const [i, a] of argv.entries()) {
    if (a.startsWith('--') && !known.has(a)) throw new Error(`unknown option ${a}: use --only a,b or --record`);
    if (!a.startsWith('--') && argv[i - 1] !== '--only') throw new Error(`unexpected argument ${a}`);
  }
  const i = argv.indexOf('--only');
  const only = i < 0 ? undefined : (argv[i + 1] ?? '').split(',').filter(Boolean);
  for (const n of only ?? []) {
    if (!sections.includes(n)) throw new Error(`unknown section ${n}: use ${sections.join(', ')}`);
  }
  if (only && argv.includes('--record')) throw new Error('--record needs a full run (without --only)');
  return { only, record: argv.includes('--record') };
}

/** README.md with `markdown` between the bench markers; undefined when the markers are missing. */
function withBenchBlock(readme: string, markdown: string): string | undefined {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) return undefined;
  return `${readme.slice(0, a + START.length)}\n${markdown}\n${readme.slice(b)}`;
}

/**
 * Writes the results under `root` when `record`, else prints the Markdown; returns what was written
 * (repository-relative paths).
 */
export function recordResults(
  root: string,
  results: unknown,
  markdown: string,
  record: boolean,
  print: (line: string) => void = console.log,
): string[] {
  if (!record) {
    print(`\n${markdown}\n`);
    print('Nothing written: `npm run bench -- --record` updates bench-results/ and the README.');
    return [];
  }
  const dir = resolve(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(resolve(dir, 'latest.md'), `# Benchmark results\n\n${markdown}\n`);
  const written = ['bench-results/latest.json', 'bench-results/latest.md'];
  const file = resolve(root, 'README.md');
  const next = withBenchBlock(readFileSync(file, 'utf8'), markdown);
  if (next === undefined) print(`README.md has no ${START} … ${END} block: not updated`);
  else {
    writeFileSync(file, next);
    written.push('README.md');
  }
  print(`wrote ${written.join(', ')}`);
  return written;
}
