/**
 * Secrets: every tool through every error path with a known, distinctive API key. The key (or any 12
 * characters of it) must appear in no tool result, no log line and no logging or progress notification,
 * including when Drata echoes the key back in an error message and when a caller pastes it as an argument.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { type Rig, startRig, type ToolResult } from './helpers.js';

const KEY = 'drata-SECRET-key-5f3a9c1e7b2d4068';
/** Every 12-character window of the key: a truncated or partly masked key is a leak too. */
const FRAGMENTS = Array.from({ length: KEY.length - 11 }, (_, i) => KEY.slice(i, i + 12));
/** The key as echoes commonly encode it: base64 / base64url (alone or as Basic user:key), URL-encoded. */
const b64 = (t: string) => Buffer.from(t).toString('base64');
const ENCODED = [
  b64(KEY),
  Buffer.from(KEY).toString('base64url'),
  b64(`user:${KEY}`),
  b64(`ab:${KEY}`),
  encodeURIComponent(`${KEY}/ä`),
];
/** The part of each encoding that depends on the key alone (the edges mix with neighbours). */
const ENCODED_CORES = ENCODED.map((e) => e.slice(6, -6));
const leaks = (s: string): string[] => [
  ...FRAGMENTS.filter((f) => s.includes(f)),
  ...ENCODED_CORES.filter((f) => s.includes(f)),
];

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
const echoedEncoded = (status: number): Path => ({
  name: `${status} echoing the key encoded`,
  arm: (rig) =>
    rig.sandbox.failNext({
      status,
      times: 1000,
      message: `bad credentials: ${ENCODED.map((e, i) => `form${i}=${e}`).join(' ')} Basic ${b64(`user:${KEY}`)}`,
    }),
});
const PATHS: Path[] = [
  ...[401, 402, 403, 404, 409, 412, 429, 500, 503].map(forced),
  echoed(400),
  echoed(409),
  echoedEncoded(400),
  echoedEncoded(403),
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
      // The report returns what it has (complete: false) when pages cannot be had for a transient reason.
      const partial = (result.structuredContent as { complete?: boolean } | undefined)?.complete === false;
      expect(result.isError === true || (tool === 'personnel_compliance_report' && partial), `${where} should fail`).toBe(
        true,
      );
      expect(leaks(JSON.stringify(result)), `${where}: result`).toEqual([]);
      // Drata's own message reached the result, with the key masked.
      if (path.name.endsWith('echoing the key')) expect(JSON.stringify(result), where).toContain('Bearer [REDACTED]');
      if (path.name.endsWith('encoded')) expect(JSON.stringify(result), where).toContain('form0=[REDACTED]');
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
      ['personnel_compliance_report', { employmentStatus: [KEY] }],
      ['list_personnel', { passing: [KEY] }],
      ['list_personnel', { identity: { provider: KEY.repeat(5) } }],
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

  it('start-up errors never echo credentials (base URL with a password, bad HTTP token)', () => {
    const cases: Array<[string[], Record<string, string>]> = [
      [['--base-url', `http://user:${KEY}@127.0.0.1:4010`], { DRATA_API_KEY: 'x'.repeat(20) }],
      [['--base-url', `https://u:${encodeURIComponent(KEY)}@api.example.com`], { DRATA_API_KEY: 'x'.repeat(20) }],
      [['--base-url', `ftp://${KEY}@host`], { DRATA_API_KEY: 'x'.repeat(20) }],
      [['--transport', 'http'], { DRATA_API_KEY: KEY, MCP_HTTP_TOKEN: KEY.slice(0, 10) }],
      [[], { DRATA_API_KEY: `${KEY} with space` }],
    ];
    for (const [argv, env] of cases) {
      let message = '';
      try {
        loadConfig(argv, env);
      } catch (err) {
        message = err instanceof ConfigError ? err.message : `not a ConfigError: ${String(err)}`;
      }
      expect(message, argv.join(' ')).not.toBe('');
      expect(message).not.toMatch(/not a ConfigError/);
      expect(leaks(message), message).toEqual([]);
      expect(message).not.toContain(KEY.slice(0, 10));
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
