/**
 * Secrets: every tool through every error path with a known, distinctive API key. The key (or any 12
 * characters of it) must appear in no tool result, no log line and no logging or progress notification,
 * including when Drata echoes the key back in an error message and when a caller pastes it as an argument.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Rig, startRig, type ToolResult } from './helpers.js';

const KEY = 'drata-SECRET-key-5f3a9c1e7b2d4068';
/** Every 12-character window of the key: a truncated or partly masked key is a leak too. */
const FRAGMENTS = Array.from({ length: KEY.length - 11 }, (_, i) => KEY.slice(i, i + 12));
const leaks = (s: string): string[] => FRAGMENTS.filter((f) => s.includes(f));

const CALLS: Array<[string, Record<string, unknown>]> = [
  ['list_personnel', { limit: 5 }],
  ['list_personnel', { search: 'an', failing: ['IDENTITY_MFA'] }],
  ['get_personnel', { personnel: 3 }],
  ['get_personnel', { personnel: 'someone@example.com', detail: 'full' }],
  ['update_personnel', { personnel: 3, startedAt: '2020-01-01' }],
  ['resync_personnel', { personnel: [3, 4] }],
  ['resync_personnel', { all: true }],
  ['personnel_compliance_report', { employmentStatus: ['ALL_PERSONNEL'], refresh: true }],
];

type Path = { name: string; arm(rig: Rig): void };
const forced = (status: number): Path => ({
  name: String(status),
  arm: (rig) => rig.sandbox.setForceStatus(status),
});
const faulted = (kind: string): Path => ({ name: kind, arm: (rig) => rig.sandbox.setFaults(`${kind}=1`) });
const echoed = (status: number): Path => ({
  name: `${status} echoing the key`,
  arm: (rig) =>
    rig.sandbox.failNext({
      status,
      times: 1000,
      message: `Invalid Authorization: Bearer ${KEY} (key ${KEY} rejected)`,
    }),
});
const PATHS: Path[] = [
  ...[401, 402, 403, 404, 409, 412, 429, 500, 503].map(forced),
  echoed(400),
  echoed(409),
  faulted('timeout'),
  faulted('malformed'),
  faulted('reset'),
];

describe('the API key never leaks', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig({
      sandbox: { apiKey: KEY, size: 30 },
      client: {
        timeoutMs: 250,
        maxRetries: 1,
        maxRetryWaitMs: 100,
        baseBackoffMs: 5,
        rateLimitPerMinute: 100_000,
      },
      elicit: 'accept',
    });
  });
  afterAll(() => rig?.close());

  const disarm = () => {
    rig.sandbox.setForceStatus(null);
    rig.sandbox.setFaults(null);
    rig.sandbox.failNext({ status: 400, times: 0 });
  };

  it.each(PATHS.map((p) => [p.name, p] as const))('error path %s, every tool', async (_name, path) => {
    for (const [tool, args] of CALLS) {
      const before = { lines: rig.lines.length, notes: rig.notifications.length };
      const progress: string[] = [];
      path.arm(rig);
      let result: ToolResult;
      try {
        result = (await rig.client.callTool({ name: tool, arguments: args }, undefined, {
          onprogress: (p) => progress.push(JSON.stringify(p)),
          timeout: 20_000,
        })) as ToolResult;
      } finally {
        disarm();
      }
      const where = `${tool} ${JSON.stringify(args)} on ${path.name}`;
      expect(result.isError, `${where} should fail`).toBe(true);
      expect(leaks(JSON.stringify(result)), `${where}: result`).toEqual([]);
      // Drata's own message reached the result, with the key masked.
      if (path.name.includes('echoing')) expect(JSON.stringify(result), where).toContain('Bearer [REDACTED]');
      expect(leaks(rig.lines.slice(before.lines).join('\n')), `${where}: log lines`).toEqual([]);
      expect(leaks(rig.notifications.slice(before.notes).join('\n')), `${where}: notifications`).toEqual([]);
      expect(leaks(progress.join('\n')), `${where}: progress`).toEqual([]);
    }
    // The paths were exercised: the server logged the failures and told the client.
    expect(rig.lines.length).toBeGreaterThan(0);
    expect(rig.notifications.length).toBeGreaterThan(0);
  });

  it('invalid input carrying the key: the error does not repeat it', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['get_personnel', { personnel: KEY }],
      ['update_personnel', { personnel: 3, notHumanReason: KEY }],
      ['update_personnel', { personnel: KEY, startedAt: '2020-01-01' }],
      ['resync_personnel', { personnel: [KEY] }],
      ['list_personnel', { cursor: KEY }],
      ['list_personnel', { sort: KEY }],
      ['personnel_compliance_report', { checks: [KEY] }],
    ];
    for (const [tool, args] of cases) {
      const before = { lines: rig.lines.length, notes: rig.notifications.length };
      const r = (await rig.client.callTool({ name: tool, arguments: args })) as ToolResult;
      const where = `${tool} ${JSON.stringify(args).replace(KEY, 'KEY')}`;
      expect(r.isError, where).toBe(true);
      expect(leaks(JSON.stringify(r)), `${where}: result`).toEqual([]);
      expect(leaks(rig.lines.slice(before.lines).join('\n')), `${where}: log lines`).toEqual([]);
      expect(leaks(rig.notifications.slice(before.notes).join('\n')), `${where}: notifications`).toEqual([]);
    }
  });

  it('a key the API rejects (401) is not shown either', async () => {
    const wrong = await startRig({
      sandbox: { apiKey: 'the-key-the-sandbox-expects', size: 10 },
      client: { apiKey: KEY, maxRetries: 0 },
    });
    try {
      for (const [tool, args] of CALLS) {
        const r = (await wrong.client.callTool({ name: tool, arguments: args })) as ToolResult;
        expect(r.isError, tool).toBe(true);
        expect(JSON.stringify(r), tool).toMatch(/401/);
        expect(leaks(JSON.stringify(r)), tool).toEqual([]);
      }
      expect(leaks(wrong.lines.join('\n'))).toEqual([]);
      expect(leaks(wrong.notifications.join('\n'))).toEqual([]);
    } finally {
      await wrong.close();
    }
  });
});
