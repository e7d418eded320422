/**
 * What every client is given for each parameter, as tools/list returns it: a description, and every bound,
 * default and format restated in that description. Gemini's provider strips min/max/pattern/default (and
 * the like) from tool schemas; the stripped schema must still tell the model every bound. Enums survive
 * stripping, so they need no restating; a minimum of 1 item or character (non-empty) is not restated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { apiFor, type Connected, connect } from '../support/server.js';

type Schema = Record<string, unknown> & {
  description?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
};

/** The keys Gemini drops from function declarations. */
const STRIPPED = [
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
  'default',
  'format',
];

/** Human formats of the patterns in use; a new pattern must be added here with its wording. */
const PATTERN_WORDS: Record<string, string> = { '^\\d{4}-\\d{2}-\\d{2}$': 'YYYY-MM-DD' };

const NO_MAX = Number.MAX_SAFE_INTEGER;
const esc = (v: unknown) => String(v).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The bounds of one schema node, each with the words a description must contain to state it. */
function bounds(s: Schema, suffix = ''): Array<{ bound: string; stated: RegExp }> {
  const out: Array<{ bound: string; stated: RegExp }> = [];
  const range = (label: string, min: number | undefined, max: number | undefined, floor: number) => {
    const hasMax = max !== undefined && max < NO_MAX;
    const hasMin = min !== undefined && min > floor;
    if (hasMax && min !== undefined)
      out.push({ bound: `${label} ${min}..${max}`, stated: new RegExp(`(\\b${min}\\s*(\\.\\.|–|-|to)\\s*${max}\\b|≤\\s*${max}\\b${min <= floor ? '' : '(?!)'})`) });
    else if (hasMax) out.push({ bound: `${label} ≤ ${max}`, stated: new RegExp(`(≤\\s*${max}\\b|up to ${max}\\b)`) });
    else if (hasMin) out.push({ bound: `${label} ≥ ${min}`, stated: new RegExp(`(≥\\s*${min}\\b|at least ${min}\\b)`) });
  };
  const num = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : undefined);
  if (s.type === 'integer' || s.type === 'number') {
    range('value', num('minimum'), num('maximum'), -Infinity);
    const ex = num('exclusiveMinimum');
    if (ex !== undefined) out.push({ bound: `value > ${ex}`, stated: new RegExp(`(>\\s*${ex}\\b|≥\\s*${ex + 1}\\b|positive)`) });
  }
  if (s.type === 'string') range(`length${suffix}`, num('minLength'), num('maxLength'), 1);
  if (s.type === 'array') range('items', num('minItems'), num('maxItems'), 1);
  if (typeof s.pattern === 'string') {
    const words = PATTERN_WORDS[s.pattern];
    out.push({ bound: `pattern ${s.pattern}`, stated: words ? new RegExp(esc(words)) : /(?!)/ });
  }
  if ('default' in s) out.push({ bound: `default ${JSON.stringify(s.default)}`, stated: new RegExp(`\\bdefault:?\\s+${esc(s.default)}\\b`, 'i') });
  // The items' own bounds (a list of strings of at most N characters) are told by the list.
  if (s.items && !s.items.properties && !s.items.description) out.push(...bounds(s.items, ' of each item'));
  return out;
}

/** Every property of a tool's input schema, nested object properties (in arrays too) included. */
function properties(schema: Schema, path = ''): Array<[string, Schema]> {
  const out: Array<[string, Schema]> = [];
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    out.push([`${path}${name}`, prop]);
    const inner = prop.items?.properties ? prop.items : prop.properties ? prop : undefined;
    if (inner) out.push(...properties(inner, `${path}${name}${prop.items ? '[]' : ''}.`));
  }
  return out;
}

/** A deep copy without the keys Gemini strips. */
function stripped(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(stripped);
  if (s === null || typeof s !== 'object') return s;
  return Object.fromEntries(
    Object.entries(s as Record<string, unknown>)
      .filter(([k]) => !STRIPPED.includes(k))
      .map(([k, v]) => [k, k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([n, p]) => [n, stripped(p)])) : stripped(v)]),
  );
}

let conn: Connected;
let tools: Array<{ name: string; inputSchema: Schema }>;
beforeAll(async () => {
  conn = await connect(apiFor('http://127.0.0.1:9', 'unused-key-123456', silentLogger()));
  tools = (await conn.client.listTools()).tools as unknown as typeof tools;
});
afterAll(async () => conn.close());

describe('tool parameters as clients receive them', () => {
  it('every property of every tool has a description naming its bounds, default and format', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const tool of tools) {
      for (const [path, prop] of properties(tool.inputSchema)) {
        checked += 1;
        if (!prop.description?.trim()) {
          problems.push(`${tool.name}.${path}: no description`);
          continue;
        }
        for (const b of bounds(prop)) if (!b.stated.test(prop.description)) problems.push(`${tool.name}.${path}: ${b.bound} not in "${prop.description}"`);
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(30);
  });

  it('the list date parameters carry a YYYY-MM-DD pattern', () => {
    const list = tools.find((t) => t.name === 'list_personnel')!;
    for (const name of ['startedFrom', 'startedTo', 'separatedFrom', 'separatedTo']) {
      expect(list.inputSchema.properties?.[name]).toMatchObject({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: expect.stringContaining('YYYY-MM-DD') });
    }
  });

  it('a Gemini-style stripped schema still tells the model every bound', () => {
    const problems: string[] = [];
    let bound = 0;
    for (const tool of tools) {
      const bare = stripped(tool.inputSchema) as Schema;
      expect(JSON.stringify(bare)).not.toMatch(/"(minimum|maximum|minLength|maxLength|minItems|maxItems|pattern|default)"/);
      const bareProps = new Map(properties(bare));
      for (const [path, prop] of properties(tool.inputSchema)) {
        const description = bareProps.get(path)?.description ?? '';
        for (const b of bounds(prop)) {
          bound += 1;
          if (!b.stated.test(description)) problems.push(`${tool.name}.${path}: ${b.bound} lost`);
        }
      }
    }
    expect(problems).toEqual([]);
    // Bounds there are: limits, lengths, defaults, the date patterns.
    expect(bound).toBeGreaterThanOrEqual(25);
  });
});
