/**
 * The README's list of passing MCP conformance scenarios, generated: every scenario of
 * test/conformance-scenarios.yml that test/conformance-baseline.yml does not list as an expected failure,
 * with the ones that pass only vacuously marked.
 */
import { readFileSync } from 'node:fs';

/** The `  - name` items under the top-level `key:` of a simple YAML list file. */
export function yamlList(text, key) {
  const items = [];
  let inside = false;
  for (const line of text.split('\n')) {
    if (/^\S/.test(line) && !line.startsWith('#')) inside = line.trim() === `${key}:`;
    const m = inside ? /^ {2}- ([A-Za-z0-9_.-]+)/.exec(line) : null;
    if (m) items.push(m[1]);
  }
  return items;
}

export function collectConformance(root) {
  const read = (f) => readFileSync(`${root}${f}`, 'utf8');
  const scenarios = yamlList(read('test/conformance-scenarios.yml'), 'server');
  const vacuous = yamlList(read('test/conformance-scenarios.yml'), 'vacuous');
  const expected = yamlList(read('test/conformance-baseline.yml'), 'server');
  const version = /CONFORMANCE_VERSION:-([^}]+)\}/.exec(read('scripts/conformance.sh'))?.[1];
  const spec = /CONFORMANCE_SPEC_VERSION:-([^}]+)\}/.exec(read('scripts/conformance.sh'))?.[1];
  const unknown = [...expected, ...vacuous].filter((s) => !scenarios.includes(s));
  if (unknown.length) throw new Error(`conformance lists name unknown scenarios: ${unknown.join(', ')}`);
  if (!version || !spec) throw new Error('scripts/conformance.sh: suite or spec version not found');
  return { scenarios, vacuous, expected, version, spec };
}

export function renderConformance({ scenarios, vacuous, expected, version, spec }) {
  const passing = scenarios.filter((s) => !expected.includes(s));
  const names = passing.map((s) => (vacuous.includes(s) ? `\`${s}\`*` : `\`${s}\``)).join(', ');
  return [
    `${passing.length} of the ${scenarios.length} server scenarios of spec ${spec} pass ` +
    `(\`@modelcontextprotocol/conformance@${version}\`): ${names}.`,
    ...(passing.some((s) => vacuous.includes(s)) ? ['', VACUOUS_NOTE] : []),
    '',
    `The other ${expected.length} are expected failures, listed in \`test/conformance-baseline.yml\`.`,
  ].join('\n');
}

const VACUOUS_NOTE =
  `\\* Passes only because the tool it calls, one of the suite's fixtures, does not exist here, so the ` +
  'scenario has nothing left to check. It says nothing about our tools.';
