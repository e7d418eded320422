/** The built binary over stdio, as an MCP client launches it: every tool, a resource, and start-up errors. */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = resolve(root, 'dist/index.js');

type Result = {
  isError?: boolean;
  content: Array<{ text?: string }>;
  structuredContent?: Record<string, unknown>;
};

describe('stdio binary with --sandbox', () => {
  let client: Client;
  let stderr = '';
  beforeAll(async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, '--sandbox', '--sandbox-size', '150'],
      stderr: 'pipe',
      env: { PATH: process.env.PATH ?? '', XDG_STATE_HOME: process.env.XDG_STATE_HOME ?? '' },
    });
    transport.stderr?.on('data', (c) => {
      stderr += String(c);
    });
    client = new Client({ name: 'e2e', version: '1.0.0' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async () => ({
      action: 'accept',
      content: { confirm: true },
    }));
    await client.connect(transport);
  });
  afterAll(async () => {
    await client.close();
  });

  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as Result;

  it('lists the five tools, and the approval card’s app-only tool', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'approve_write',
      'get_personnel',
      'list_personnel',
      'personnel_compliance_report',
      'resync_personnel',
      'update_personnel',
    ]);
  });

  it('calls every tool', async () => {
    const list = await call('list_personnel', { employmentStatus: ['CURRENT_EMPLOYEE'], limit: 3 });
    expect(list.isError).toBeFalsy();
    const page = list.structuredContent as { rows: Array<Array<string | number | null>> };
    const id = page.rows[0]?.[0] as number;
    expect(typeof id).toBe('number');

    const get = await call('get_personnel', { personnel: id });
    expect(get.isError).toBeFalsy();
    expect(get.content[0]?.text).toContain(`(#${id})`);

    const update = await call('update_personnel', { personnel: id, startedAt: '2020-05-05' });
    expect(update.structuredContent?.outcome, update.content[0]?.text).toBe('updated');

    const resync = await call('resync_personnel', { personnel: [id] });
    expect(resync.structuredContent?.outcome, resync.content[0]?.text).toBe('resynced');

    const report = await call('personnel_compliance_report', {});
    expect(report.structuredContent?.complete).toBe(true);
    expect(report.structuredContent?.total).toBeGreaterThan(0);
  });

  it('reads a resource', async () => {
    const { contents } = await client.readResource({ uri: 'drata://docs/compliance-checks' });
    expect((contents[0] as { text: string }).text).toContain('IDENTITY_MFA');
  });

  it('keeps stdout for JSON-RPC: the log lines went to stderr', () => {
    expect(stderr).toContain('serving MCP over stdio');
  });
});

describe('start-up', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH ?? '', XDG_STATE_HOME: process.env.XDG_STATE_HOME ?? '', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });

  it.each([
    [[], {}, /DRATA_API_KEY is not set/],
    [
      ['--region', 'mars'],
      { DRATA_API_KEY: 'k-0123456789' },
      /--region \/ DRATA_REGION must be one of us, eu, apac/,
    ],
    [['--bogus'], { DRATA_API_KEY: 'k-0123456789' }, /Unknown option '--bogus'/],
    [
      ['--transport', 'http', '--host', '0.0.0.0'],
      { DRATA_API_KEY: 'k-0123456789' },
      /MCP_HTTP_TOKEN is required/,
    ],
    [
      ['--transport', 'http'],
      { DRATA_API_KEY: 'k-0123456789', MCP_MAX_SESSIONS: 'many' },
      /MCP_MAX_SESSIONS/,
    ],
    [
      ['--base-url', 'http://example.com'],
      { DRATA_API_KEY: 'k-0123456789' },
      /must use https unless the host is loopback/,
    ],
  ])('%j %j → one stderr line and exit code 2', (args, env, pattern) => {
    const r = run(args, env);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(r.stderr).not.toContain('k-0123456789');
  });

  it('--version and --help print and exit 0', () => {
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('DRATA_API_KEY');
  });
});
