/**
 * The README's list of passing MCP conformance scenarios, generated, per spec revision: every scenario of
 * test/conformance-scenarios.yml (2025-11-25; test/conformance-scenarios-<spec>.yml for the others) that the
 * matching baseline does not list as an expected failure, with the ones that pass only vacuously marked.
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

/** The spec revisions CI checks (.ci/checks/conformance.sh); the first is scripts/conformance.sh's default. */
export const CONFORMANCE_SPECS = ['2025-11-25', '2026-07-28'];

export function collectConformance(root, spec = CONFORMANCE_SPECS[0]) {
  const read = (f) => readFileSync(`${root}${f}`, 'utf8');
  const suffix = spec === CONFORMANCE_SPECS[0] ? '' : `-${spec}`;
  const baseline = `test/conformance-baseline${suffix}.yml`;
  const scenarios = yamlList(read(`test/conformance-scenarios${suffix}.yml`), 'server');
  const vacuous = yamlList(read(`test/conformance-scenarios${suffix}.yml`), 'vacuous');
  const expected = yamlList(read(baseline), 'server');
  const version = /CONFORMANCE_VERSION:-([^}]+)\}/.exec(read('scripts/conformance.sh'))?.[1];
  const defaultSpec = /CONFORMANCE_SPEC_VERSION:-([^}]+)\}/.exec(read('scripts/conformance.sh'))?.[1];
  const unknown = [...expected, ...vacuous].filter((s) => !scenarios.includes(s));
  if (unknown.length) throw new Error(`conformance lists name unknown scenarios: ${unknown.join(', ')}`);
  if (!version || defaultSpec !== CONFORMANCE_SPECS[0]) {
    throw new Error('scripts/conformance.sh: suite version not found or default spec changed');
  }
  return { scenarios, vacuous, expected, version, spec, baseline };
}

/** Both revisions' blocks, one paragraph each. */
export const renderAllConformance = (root) =>
  CONFORMANCE_SPECS.map((spec) => renderConformance(collectConformance(root, spec))).join('\n\n');

export function renderConformance({ scenarios, vacuous, expected, version, spec, baseline }) {
  const passing = scenarios.filter((s) => !expected.includes(s));
  const names = passing.map((s) => (vacuous.includes(s) ? `\`${s}\`*` : `\`${s}\``)).join(', ');
  return [
    `${passing.length} of the ${scenarios.length} server scenarios of spec ${spec} pass ` +
    `(\`@modelcontextprotocol/conformance@${version}\`): ${names}.`,
    ...(passing.some((s) => vacuous.includes(s)) ? ['', VACUOUS_NOTE] : []),
    '',
    `The other ${expected.length} are expected failures, listed in \`${baseline}\`.`,
  ].join('\n');
}

const VACUOUS_NOTE =
  `\\* Passes only because the tool it calls, one of the suite's fixtures, does not exist here, so the ` +
  'scenario has nothing left to check. It says nothing about our tools.';
