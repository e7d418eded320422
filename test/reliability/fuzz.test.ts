/**
 * Fuzzing every tool through the MCP client with fast-check: random and adversarial arguments (wrong types,
 * huge strings, unicode, path fragments, negative and fractional ids, impossible dates).
 *
 * For every input: the server answers (no crash, no leaked internal error); an input its schema rejects is
 * an error naming the field and sends no request; an argument error never comes with a write. Then a table
 * of inputs valid by the schema but invalid by rules on the arguments alone (no request may be sent), and of
 * rules that need the current record (a GET is allowed, never a write); each error names its field.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { resultTokens } from '../../src/personnel/tokens.js';
import { ALL_TOOLS } from '../../src/tools/index.js';
import { type Rig, startRig, type ToolResult, text, unclear } from './helpers.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? 20_241_101);

const HOSTILE = [
  '../all/reset-sync',
  '..%2Fall%2Freset-sync',
  '%2e%2e/%2e%2e/all/reset-sync',
  '/all/reset-sync',
  '1/status',
  '1?limit=50',
  '1#frag',
  '1%2Fstatus',
  '1%3Fx%3D1',
  'all',
  'email:',
  'email:../x@y.com',
  'x@y.com/../../all/reset-sync',
  'a%2F..%2Fb@x.com',
  '\u0000',
  '\u202e1',
  '١٢٣',
  '💥@💥.com',
  'NaN',
  '-1',
  '1.5',
  '1e3',
  '0x10',
  '2023-02-30',
  '2023-13-01',
  '0000-00-00',
  '99999-01-01',
  '2024-02-29T00:00:00Z',
  'null',
  ' ',
  '',
  'é'.repeat(400),
  'x'.repeat(100_000),
] as const;

/** Anything a confused or hostile client might send for one field. */
const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.constantFrom(0, -1, 1.5, -0.5, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1e308),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.integer(), fc.string({ maxLength: 8 })), {
    maxLength: 4,
  }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), {
    maxKeys: 3,
  }),
);

/** Either a plausible value for the field or a weird one. */
const field = <T>(plausible: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 2, arbitrary: plausible as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: weird });

const STATUSES = ['CURRENT_EMPLOYEE', 'FORMER_EMPLOYEE', 'OUT_OF_SCOPE', 'ALL_CURRENT_PERSONNEL', 'NOPE'];
const CHECKS = ['IDENTITY_MFA', 'HDD_ENCRYPTION', 'SECURITY_TRAINING', 'FULL_COMPLIANCE', 'MFA'];
const personnel = fc.oneof(
  fc.integer({ min: 1, max: 40 }),
  fc.integer({ min: -5, max: 100_000 }),
  fc.constantFrom('3', 'email:nobody@example.com', 'NOBODY@EXAMPLE.COM'),
);
const date = fc.oneof(
  fc.constantFrom('2020-01-01', '2024-02-29', '2019-06-30'),
  fc.constantFrom('2023-02-30', '2025-02-29', '2023-00-10', '1899-12-31'),
);
const subset = (values: readonly string[]) => fc.subarray([...values], { minLength: 0, maxLength: 3 });

const ARGS: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  list_personnel: fc.record(
    {
      employmentStatus: field(subset(STATUSES)),
      search: field(fc.string({ maxLength: 12 })),
      failing: field(subset(CHECKS)),
      passing: field(subset(CHECKS)),
      excluded: field(subset(CHECKS)),
      devices: field(fc.constantFrom('none', 'anyFailing', 'allCompliant', 'some')),
      startedFrom: field(fc.oneof(fc.constantFrom('2024-01-01', '2024-02-30', '2024-1-1'), fc.string({ maxLength: 10 }))),
      separatedTo: field(fc.constantFrom('2026-12-31', '1899-12-31', '')),
      sort: field(fc.constantFrom('name', 'startDate', 'createdAt', 'id')),
      sortDir: field(fc.constantFrom('ASC', 'DESC', 'asc')),
      limit: field(fc.integer({ min: -2, max: 60 })),
      cursor: field(fc.oneof(fc.base64String({ maxLength: 40 }), fc.constantFrom('WzEse31d', 'eyJ4IjoxfQ'))),
    },
    { requiredKeys: [] },
  ),
  get_personnel: fc.record(
    {
      personnel: field(personnel),
      detail: field(fc.constantFrom('summary', 'full', 'raw')),
      sections: field(subset(['checks', 'identities', 'devices', 'training', 'secrets'])),
    },
    { requiredKeys: [] },
  ),
  update_personnel: fc.record(
    {
      personnel: field(personnel),
      startedAt: field(date),
      separatedAt: field(date),
      employmentStatus: field(fc.constantFrom(...STATUSES)),
      notHumanReason: field(fc.string({ maxLength: 30 })),
      customFields: field(
        fc.array(
          fc.record(
            {
              id: field(fc.integer({ min: -1, max: 6 })),
              name: field(fc.constantFrom('Office', 'office', 'Nope')),
              value: field(fc.option(fc.string({ maxLength: 10 }))),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 2 },
        ),
      ),
      dryRun: field(fc.boolean()),
    },
    { requiredKeys: [] },
  ),
  resync_personnel: fc.record(
    {
      personnel: field(fc.array(personnel, { maxLength: 3 })),
      all: field(fc.boolean()),
      dryRun: field(fc.boolean()),
      approvalToken: field(fc.string({ maxLength: 60 })),
    },
    { requiredKeys: [] },
  ),
  personnel_compliance_report: fc.record(
    {
      employmentStatus: field(subset(STATUSES)),
      checks: field(subset(CHECKS)),
      maxNames: field(fc.integer({ min: -1, max: 120 })),
      refresh: field(fc.boolean()),
    },
    { requiredKeys: [] },
  ),
};

const writes = (rig: Rig) => rig.sandbox.requests.filter((r) => r.method !== 'GET');

/** Call a tool; a protocol-level failure (thrown) is reported as an error result so properties can see it. */
async function callTool(
  rig: Rig,
  name: string,
  args: Record<string, unknown>,
): Promise<ToolResult & { thrown?: string }> {
  try {
    return (await rig.client.callTool({ name, arguments: args }, undefined, {
      timeout: 20_000,
    })) as ToolResult;
  } catch (err) {
    return { isError: true, content: [], thrown: err instanceof Error ? err.message : String(err) };
  }
}

describe('fuzzing every tool through the MCP client', () => {
  let rig: Rig;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    rig = await startRig({ sandbox: { size: 40 } });
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await rig?.close();
  });
  beforeEach(() => rig.sandbox.clearLogs());

  it.each(ALL_TOOLS.map((t) => [t.name, t] as const))(
    '%s: random and adversarial arguments',
    async (name, tool) => {
      const arb = ARGS[name];
      if (!arb) throw new Error(`no arbitrary for ${name}`);
      await fc.assert(
        fc.asyncProperty(arb, async (args) => {
          rig.sandbox.clearLogs();
          const r = await callTool(rig, name, args);
          const t = text(r);
          expect(r.thrown, 'the call threw instead of answering').toBeUndefined();
          expect(r.content.length, 'an answer with content').toBeGreaterThan(0);
          if (r.isError) expect(unclear(r)).toBeUndefined();
          const parsed = (tool.inputSchema as z.ZodType).safeParse(args);
          if (!parsed.success) {
            expect(r.isError, `schema-invalid input accepted: ${t.slice(0, 200)}`).toBe(true);
            expect(rig.sandbox.requests, 'a request for a schema-invalid input').toHaveLength(0);
            const fields = parsed.error.issues.map((i) => String(i.path[0] ?? ''));
            expect(
              fields.some((f) => f && t.includes(f)),
              `error names none of ${fields}: ${t.slice(0, 300)}`,
            ).toBe(true);
          }
          if (r.isError) {
            // No tool writes and then reports failure (there are no upstream faults here).
            expect(writes(rig), `a write on a failed call: ${t.slice(0, 200)}`).toHaveLength(0);
            if (/^Invalid argument/.test(t)) {
              const fields = Object.keys((tool.inputSchema as z.ZodObject).shape);
              const named = fields.some((k) => t.includes(k)) || t.includes('arguments');
              expect(named, `argument error names no field: ${t.slice(0, 300)}`).toBe(true);
            }
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      expect(unhandled).toEqual([]);
    },
  );

  const ARGUMENT_RULES: Array<[tool: string, args: Record<string, unknown>, field: string]> = [
    ['list_personnel', { failing: ['IDENTITY_MFA'], passing: ['IDENTITY_MFA'] }, 'failing'],
    ['list_personnel', { cursor: 'not-a-cursor' }, 'cursor'],
    // A cursor of an older wire version is not a cursor any more.
    ['list_personnel', { cursor: 'WzEse31d', search: 'ann' }, 'cursor'],
    ['list_personnel', { search: 'ann', sort: 'createdAt' }, 'sort'],
    ['list_personnel', { startedFrom: '2024-05-01', startedTo: '2024-04-01' }, 'startedFrom'],
    ['list_personnel', { separatedTo: '2024-02-30' }, 'separatedTo'],
    ['list_personnel', { limit: 51 }, 'limit'],
    ['list_personnel', { limit: 2.5 }, 'limit'],
    ['get_personnel', { personnel: '../all/reset-sync' }, 'personnel'],
    ['get_personnel', { personnel: -3 }, 'personnel'],
    ['get_personnel', { personnel: 1.5 }, 'personnel'],
    ['get_personnel', { personnel: 'email:' }, 'personnel'],
    ['get_personnel', { personnel: 'x'.repeat(100_000) }, 'personnel'],
    ['get_personnel', { personnel: 3, detail: 'raw' }, 'detail'],
    ['update_personnel', { personnel: 3 }, 'arguments'],
    ['update_personnel', { personnel: 3, employmentStatus: 'OUT_OF_SCOPE' }, 'notHumanReason'],
    ['update_personnel', { personnel: 3, startedAt: '2024-05-01', separatedAt: '2024-01-01' }, 'separatedAt'],
    ['update_personnel', { personnel: 3, startedAt: '2023-02-30' }, 'startedAt'],
    ['update_personnel', { personnel: 3, separatedAt: '2025-13-01' }, 'separatedAt'],
    ['update_personnel', { personnel: 3, customFields: [{ value: 'x' }] }, 'customFields'],
    ['update_personnel', { personnel: '1/status', startedAt: '2020-01-01' }, 'personnel'],
    [
      'update_personnel',
      { personnel: 3, notHumanReason: 'x'.repeat(30_001), employmentStatus: 'OUT_OF_SCOPE' },
      'notHumanReason',
    ],
    ['resync_personnel', {}, 'personnel'],
    ['resync_personnel', { all: true, personnel: [1] }, 'all'],
    ['resync_personnel', { all: false }, 'all'],
    ['resync_personnel', { personnel: [] }, 'personnel'],
    ['resync_personnel', { personnel: [1, '../all/reset-sync'] }, 'personnel[1]'],
    ['personnel_compliance_report', { maxNames: -1 }, 'maxNames'],
    ['personnel_compliance_report', { employmentStatus: [] }, 'employmentStatus'],
    ['personnel_compliance_report', { checks: ['MFA'] }, 'checks'],
  ];

  const short = (args: Record<string, unknown>) => {
    const json = JSON.stringify(args);
    return json.length > 90 ? `${json.slice(0, 87)}…` : json;
  };
  it.each(ARGUMENT_RULES.map(([name, args, fieldName]) => [name, short(args), fieldName, args] as const))(
    '%s %s: rejected before any request, naming %s',
    async (name, _label, fieldName, args) => {
      const r = await callTool(rig, name, args);
      expect(r.isError).toBe(true);
      expect(unclear(r)).toBeUndefined();
      expect(text(r)).toContain(fieldName);
      expect(rig.sandbox.requests.map((q) => `${q.method} ${q.path}`)).toEqual([]);
    },
  );

  it('rules that need the current record read it (GET only) and never write', async () => {
    const org = rig.sandbox.org;
    const current = org.people.find(
      (p) =>
        p.employmentStatus === 'CURRENT_EMPLOYEE' && p.separationDate === null && p.startDate > '2015-01-01',
    );
    if (!current) throw new Error('no current employee without a separation date');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ personnel: current.id, employmentStatus: 'FORMER_EMPLOYEE' }, 'separatedAt'],
      [
        { personnel: current.id, customFields: [{ name: 'No Such Field', value: 'x' }] },
        'customFields[0].name',
      ],
      [{ personnel: current.id, customFields: [{ id: 999, value: 'x' }] }, 'customFields[0].id'],
      [{ personnel: current.id, separatedAt: '2001-01-01' }, 'separatedAt'],
      [{ personnel: current.id, notHumanReason: 'a bot' }, 'notHumanReason'],
    ];
    for (const [args, fieldName] of cases) {
      rig.sandbox.clearLogs();
      const r = await callTool(rig, 'update_personnel', args);
      expect(r.isError, JSON.stringify(args)).toBe(true);
      expect(text(r)).toContain(fieldName);
      expect(rig.sandbox.requests.length, JSON.stringify(args)).toBeGreaterThan(0);
      expect(writes(rig), JSON.stringify(args)).toEqual([]);
      expect(rig.sandbox.writes).toEqual([]);
    }
  });
});

describe('one output budget for every tool, writes included', () => {
  const BUDGET = 1_200;
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig({ sandbox: { size: 40 }, config: { maxOutputTokens: BUDGET }, elicit: 'accept' });
  });
  afterAll(async () => rig?.close());

  const long = fc.string({ minLength: 2_000, maxLength: 30_000, unit: 'grapheme-ascii' });
  const BIG: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
    ...ARGS,
    // Valid calls with the largest answers (the adversarial ones above are mostly refused).
    list_personnel: fc.record({ limit: fc.integer({ min: 1, max: 50 }) }),
    get_personnel: fc.record({
      personnel: fc.integer({ min: 1, max: 40 }),
      detail: fc.constantFrom('summary', 'full'),
    }),
    // Long values are echoed back as before → after: the runner must fit them too.
    update_personnel: fc.record({
      personnel: fc.integer({ min: 1, max: 40 }),
      employmentStatus: fc.constant('OUT_OF_SCOPE'),
      notHumanReason: long,
      dryRun: fc.boolean(),
    }),
  };

  it.each(ALL_TOOLS.map((t) => [t.name] as const))('%s never exceeds DRATA_MAX_OUTPUT_TOKENS', async (name) => {
    const arb = BIG[name];
    if (!arb) throw new Error(`no arbitrary for ${name}`);
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(arb, async (args) => {
        const r = await callTool(rig, name, args);
        if (r.isError) return;
        answered++;
        const tokens = resultTokens(r.content.map((c) => c.text ?? ''), r.structuredContent);
        expect(tokens, `${name} ${JSON.stringify(args).slice(0, 200)}`).toBeLessThanOrEqual(BUDGET);
      }),
      { numRuns: Math.min(RUNS, 25), seed: SEED, endOnFailure: true },
    );
    expect(answered, 'some calls succeeded').toBeGreaterThan(0);
  });

  it('an answer that cannot be shortened enough is an error saying how to narrow it, within the budget', async () => {
    // Every status and every check: the counts alone are more than 1,200 tokens of structured content.
    const r = await callTool(rig, 'personnel_compliance_report', { employmentStatus: ['ALL_PERSONNEL'], maxNames: 0 });
    expect(r.isError).toBe(true);
    expect(text(r)).toMatch(/does not fit DRATA_MAX_OUTPUT_TOKENS \(1200 tokens\).*Narrow the request/);
    expect(resultTokens([text(r)], r.structuredContent)).toBeLessThanOrEqual(BUDGET);
  });

  it('a 28,000-character reason in a dry run is shortened, with its length stated', async () => {
    const reason = 'r'.repeat(28_000);
    const r = await callTool(rig, 'update_personnel', {
      personnel: 3,
      employmentStatus: 'OUT_OF_SCOPE',
      notHumanReason: reason,
      dryRun: true,
    });
    expect(r.isError).toBeFalsy();
    expect(resultTokens([text(r)], r.structuredContent)).toBeLessThanOrEqual(BUDGET);
    expect(text(r)).toContain('… [shortened from 28000 characters]');
    expect(JSON.stringify(r.structuredContent)).toContain('[shortened from 28000 characters]');
  });
});
