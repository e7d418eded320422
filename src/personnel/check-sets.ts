/**
 * Sets of check names as rows write them: a plain comma-separated list, or, when fewer tokens, a named
 * group with its exceptions. `all device checks` is the seven device checks, `all 13 checks` every check
 * but FULL_COMPLIANCE and OFFBOARDING; `… but A/B` leaves A and B out. Read back with `decodeCheckSet`: the
 * same set, nothing lost. A person with no device: "BG_CHECK,all device checks but LOCATION_SERVICES"
 * instead of seven names; a service account with every check excluded: "all 13 checks".
 */
import { COMPLIANCE_CHECK_TYPES } from '../drata/catalog.js';
import { estimateTokens } from './tokens.js';

/** The device checks (LOCATION_SERVICES applies to some departments only: "but LOCATION_SERVICES"). */
export const DEVICE_CHECK_GROUP = [
  'AGENT_INSTALLED',
  'PASSWORD_MANAGER',
  'HDD_ENCRYPTION',
  'ANTIVIRUS',
  'AUTO_UPDATES',
  'LOCK_SCREEN',
  'LOCATION_SERVICES',
] as const;

/** Every check a current person can have: all but FULL_COMPLIANCE (their sum) and OFFBOARDING (former staff). */
export const PERSON_CHECK_GROUP = COMPLIANCE_CHECK_TYPES.filter((t) => t !== 'FULL_COMPLIANCE' && t !== 'OFFBOARDING');

const GROUPS: ReadonlyArray<readonly [name: string, members: readonly string[]]> = [
  [`all ${PERSON_CHECK_GROUP.length} checks`, PERSON_CHECK_GROUP],
  ['all device checks', DEVICE_CHECK_GROUP],
];

/** A group is used when at most this many of its members are missing from the set. */
const MAX_EXCEPTIONS = 3;

/** What the groups stand for, once per result (only those a result uses). */
export function groupLegend(used: ReadonlySet<string>): string[] {
  return GROUPS.filter(([name]) => used.has(name)).map(
    ([name, members]) =>
      `${name} = ${members === PERSON_CHECK_GROUP ? 'every check but FULL_COMPLIANCE, OFFBOARDING' : members.join(',')}`,
  );
}

/** How a cell marks a check that is MISCONFIGURED rather than FAIL: "IDENTITY_MFA misconfigured". */
export const MISCONFIGURED_MARK = ' misconfigured';

/** The set written as compactly as the groups allow (fewest tokens); `used` collects the groups used. */
function encodeSet(types: readonly string[], used?: Set<string>): string {
  const set = [...new Set(types)].sort();
  let best = { text: set.join(','), group: '' };
  for (const [name, members] of GROUPS) {
    const missing = members.filter((m) => !set.includes(m));
    if (missing.length > MAX_EXCEPTIONS || missing.length === members.length) continue;
    const rest = set.filter((t) => !members.includes(t));
    const text = [...rest, missing.length ? `${name} but ${missing.join('/')}` : name].join(',');
    if (estimateTokens(text) < estimateTokens(best.text)) best = { text, group: name };
  }
  if (best.group) used?.add(best.group);
  return best.text;
}

/**
 * The set written as compactly as the groups allow; those of `types` also in `misconfigured` say so
 * ("IDENTITY_MFA misconfigured": in place when named, else after the group that holds them), so a
 * MISCONFIGURED check is never folded into FAIL.
 */
export function encodeCheckSet(
  types: readonly string[],
  used?: Set<string>,
  misconfigured?: readonly string[],
): string {
  const text = encodeSet(types, used);
  const mis = [...new Set(types)].filter((t) => misconfigured?.includes(t)).sort();
  if (!mis.length) return text;
  const items = text.split(',');
  const marked = items.map((item) => (mis.includes(item) ? `${item}${MISCONFIGURED_MARK}` : item));
  const inGroups = mis.filter((m) => !items.includes(m)).map((m) => `${m}${MISCONFIGURED_MARK}`);
  return [...marked, ...inGroups].join(',');
}

/** The names a cell written by `encodeCheckSet` stands for, sorted (misconfigured ones included). */
export function decodeCheckSet(cell: string): string[] {
  const out = new Set<string>();
  for (const item of cell.split(',').filter(Boolean)) {
    if (item.endsWith(MISCONFIGURED_MARK)) {
      out.add(item.slice(0, -MISCONFIGURED_MARK.length));
      continue;
    }
    const group = GROUPS.find(([name]) => item === name || item.startsWith(`${name} but `));
    if (!group) {
      out.add(item);
      continue;
    }
    const [name, members] = group;
    const except = new Set(item.slice(name.length).replace(/^ but /, '').split('/').filter(Boolean));
    for (const m of members) if (!except.has(m)) out.add(m);
  }
  return [...out].sort();
}
