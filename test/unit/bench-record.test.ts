/** `npm run bench` writes tracked files (bench-results/, README.md) only when asked with --record. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { END, parseBenchArgs, recordResults, START } from '../../scripts/bench/record.js';

const SECTIONS = ['report', 'tokens', 'http'];

describe('bench arguments', () => {
  it('prints only by default, records with --record', () => {
    expect(parseBenchArgs([], SECTIONS)).toEqual({ only: undefined, record: false });
    expect(parseBenchArgs(['--record'], SECTIONS)).toEqual({ only: undefined, record: true });
    expect(parseBenchArgs(['--only', 'tokens,http'], SECTIONS)).toEqual({ only: ['tokens', 'http'], record: false });
  });

  it('refuses unknown options and sections, and --record with --only', () => {
    expect(() => parseBenchArgs(['--write'], SECTIONS)).toThrow(/unknown option --write/);
    expect(() => parseBenchArgs(['--only', 'nope'], SECTIONS)).toThrow(/unknown section nope/);
    expect(() => parseBenchArgs(['--only', 'tokens', '--record'], SECTIONS)).toThrow(/full run/);
  });
});

describe('recordResults', () => {
  let root: string;
  const readme = `# x\n\n${START}\nold figures\n${END}\n\nrest\n`;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'bench-record-'));
    writeFileSync(join(root, 'README.md'), readme);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('without --record writes nothing and prints the figures', () => {
    const printed: string[] = [];
    expect(recordResults(root, { a: 1 }, '| new figures |', false, (l) => printed.push(l))).toEqual([]);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe(readme);
    expect(existsSync(join(root, 'bench-results'))).toBe(false);
    expect(printed.join('\n')).toContain('| new figures |');
    expect(printed.join('\n')).toContain('--record');
  });

  it('with --record writes the results files and the README block', () => {
    const written = recordResults(root, { a: 1 }, '| new figures |', true, () => {});
    expect(written).toEqual(['bench-results/latest.json', 'bench-results/latest.md', 'README.md']);
    expect(JSON.parse(readFileSync(join(root, 'bench-results/latest.json'), 'utf8'))).toEqual({ a: 1 });
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe(`# x\n\n${START}\n| new figures |\n${END}\n\nrest\n`);
  });
});
