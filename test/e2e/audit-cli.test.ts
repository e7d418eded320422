/**
 * The built binary end to end: a confirmed write over stdio leaves its chained lines in --audit-log, and the
 * `audit verify` and `audit export --csv` subcommands of the same binary check and export that file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../..', 'dist/index.js');
const audit = (args: string[]) =>
  spawnSync(process.execPath, [bin, 'audit', ...args], { encoding: 'utf8', timeout: 20_000, env: { PATH: process.env.PATH ?? '' } });

describe('audit trail of the built binary', () => {
  it('a stdio write is recorded as local with the OS user; audit verify and export read it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'e2e-audit-')), 'audit.jsonl');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin, '--sandbox', '--sandbox-size', '40', '--audit-log', file],
      stderr: 'pipe',
      env: { PATH: process.env.PATH ?? '' },
    });
    const client = new Client({ name: 'e2e-audit', version: '3.1.4' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { confirm: true } }));
    await client.connect(transport);
    try {
      const list = await client.callTool({ name: 'list_personnel', arguments: { employmentStatus: ['CURRENT_EMPLOYEE'], limit: 1 } });
      const id = (list.structuredContent as { rows: Array<Array<unknown>> }).rows[0]?.[0] as number;
      const r = await client.callTool({ name: 'update_personnel', arguments: { personnel: id, startedAt: '2017-06-07' } });
      expect((r.structuredContent as { outcome: string }).outcome).toBe('updated');
    } finally {
      await client.close();
    }
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((e) => e.event)).toEqual(['approval_asked', 'approved', 'applied']);
    expect(lines[0]).toMatchObject({ principal: { kind: 'local', subject: 'local' }, client: { name: 'e2e-audit', version: '3.1.4' } });
    expect(typeof (lines[0]?.principal as { osUser?: unknown }).osUser).toBe('string');

    const ok = audit(['verify', '--file', file]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^OK: .*: 3 entries, chain intact/);
    const csv = audit(['export', '--csv', '--file', file]);
    expect(csv.status).toBe(0);
    expect(csv.stdout.trimEnd().split('\r\n')).toHaveLength(4);

    writeFileSync(file, readFileSync(file, 'utf8').replace('2017-06-07', '2017-06-08'));
    const broken = audit(['verify', '--file', file]);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(/^BROKEN: [\s\S]*its content does not match its hash \(edited\)/);
  });
});
