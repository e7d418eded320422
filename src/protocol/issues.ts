/** zod issues as one readable line: the first problem, named by its path ("arguments: expected an object"). */

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: unknown;
}

const TYPE_NAMES: Record<string, string> = { record: 'an object', object: 'an object', array: 'an array' };

function describe(issue: Issue): string {
  if (issue.code === 'invalid_type' && typeof issue.expected === 'string') {
    const expected = TYPE_NAMES[issue.expected] ?? `a ${issue.expected}`;
    const received = /received (\w+)/.exec(issue.message)?.[1];
    if (received === 'undefined') return `required (${expected})`;
    return `expected ${expected}${received ? `, got ${TYPE_NAMES[received] ?? received}` : ''}`;
  }
  return issue.message.replace(/^Invalid input: /, '').replace(/\s+/g, ' ');
}

export function oneLine(issues: readonly Issue[]): string {
  const [first] = issues;
  if (!first) return 'invalid';
  // Request params live under "params"; the client knows them by their own names.
  const path = first.path.filter((p, i) => !(i === 0 && p === 'params')).map(String).join('.');
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${path ? `${path}: ` : ''}${describe(first)}${more}`;
}
