/**
 * The built binary over stdio with the SDK v2 client in its three modes — legacy, auto and pinned to
 * 2026-07-28: every tool, resources, templates, prompts and completion, and a write is confirmed (2025 era:
 * pushed elicitation; 2026-07-28: an input_required round trip) or declined (nothing written, the person
 * unchanged).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { JSONRPCMessage } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = resolve(root, 'dist/index.js');

// The transport passes on only a few variables by default: hand on the run's XDG_STATE_HOME (vitest.config.ts), so
// the binary's sandbox audit trail goes to this run's directory, never to the developer's own state directory.
const stateHome = process.env.XDG_STATE_HOME ?? '';
const server = {
  command: process.execPath,
  args: [bin, '--sandbox', '--sandbox-size', '30'],
  env: { ...getDefaultEnvironment(), XDG_STATE_HOME: stateHome },
  stderr: 'pipe' as const,
};
const trail = join(stateHome, 'drata-personnel-mcp', 'sandbox-audit.jsonl');
/** This file's applied update_personnel lines in the run's sandbox audit trail. */
const appliedUpdates = (): number =>
  existsSync(trail)
    ? readFileSync(trail, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"v2-stdio-test"') && l.includes('"event":"applied"') && l.includes('"update_personnel"'))
      .length
    : 0;

type Mode = 'legacy' | 'auto' | { pin: '2026-07-28' };

async function launch(mode: Mode, answer: 'accept' | 'decline') {
  const asked: string[] = [];
  const client = new Client(
    { name: 'v2-stdio-test', version: '1.0.0' },
    { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode } },
  );
  client.setRequestHandler('elicitation/create', async (request) => {
    asked.push(request.params.message);
    return answer === 'accept' ? { action: 'accept', content: { confirm: true } } : { action: 'decline' };
  });
  await client.connect(new StdioClientTransport(server));
  return { client, asked };
}

/** What get_personnel says of the person now (the whole structured answer, compared before and after). */
const snapshot = async (client: Client, id: number): Promise<string> =>
  JSON.stringify((await client.callTool({ name: 'get_personnel', arguments: { personnel: id } })).structuredContent);

describe.each([
  ['legacy', 'legacy' as Mode, 'legacy'],
  ['auto', 'auto' as Mode, 'modern'],
  ['pinned 2026-07-28', { pin: '2026-07-28' } as Mode, 'modern'],
])('SDK v2 client over stdio, %s', (_label, mode, era) => {
  it(`a missing person's resource answers the ${era} era's code on the wire (2025: -32002, 2026-07-28: -32602)`, async () => {
    const transport = new StdioClientTransport(server);
    const client = new Client({ name: 'v2-stdio-test', version: '1.0.0' }, { versionNegotiation: { mode } });
    await client.connect(transport);
    // What arrives on the pipe, before the client's codec reads it.
    const wire: unknown[] = [];
    const deliver = transport.onmessage;
    transport.onmessage = (message: JSONRPCMessage) => {
      wire.push(message);
      deliver?.(message);
    };
    try {
      await expect(client.readResource({ uri: 'drata://personnel/999999' })).rejects.toThrow(/Resource not found/);
      const answer = wire.find((m) => JSON.stringify(m).includes('Resource not found')) as { error?: { code: number; data?: unknown } };
      expect(answer.error?.code).toBe(era === 'legacy' ? -32002 : -32602);
      expect(answer.error?.data).toEqual({ uri: 'drata://personnel/999999' });
    } finally {
      await client.close();
    }
  });

  it(`negotiates ${era}; a confirmed write lands, a declined one does not`, async () => {
    const yes = await launch(mode, 'accept');
    try {
      expect(yes.client.getProtocolEra()).toBe(era);
      // The five tools and the approval card's app-only approve_write.
      expect((await yes.client.listTools()).tools).toHaveLength(6);
      expect((await yes.client.listResources()).resources.length).toBeGreaterThan(0);
      const templates = (await yes.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
      expect(templates).toContain('drata://personnel/{personnel}');
      expect(JSON.stringify((await yes.client.readResource({ uri: 'drata://personnel/1' })).contents)).toContain('@');
      const prompts = (await yes.client.listPrompts()).prompts;
      const withArgs = prompts.find((p) => (p.arguments ?? []).length > 0)!;
      expect((await yes.client.getPrompt({ name: withArgs.name, arguments: {} })).messages.length).toBeGreaterThan(0);
      const done = await yes.client.complete({
        ref: { type: 'ref/prompt', name: withArgs.name },
        argument: { name: withArgs.arguments![0]!.name, value: '' },
      });
      expect(done.completion.values.length).toBeGreaterThan(0);
      const list = await yes.client.callTool({ name: 'list_personnel', arguments: { limit: 5 } });
      expect(list.isError, JSON.stringify(list.content)).toBeFalsy();
      const report = await yes.client.callTool({ name: 'personnel_compliance_report', arguments: {} });
      expect(report.isError, JSON.stringify(report.content)).toBeFalsy();
      const resync = await yes.client.callTool({ name: 'resync_personnel', arguments: { personnel: [2] } });
      expect((resync.structuredContent as { outcome?: string }).outcome, JSON.stringify(resync.content)).toBe('resynced');
      expect(yes.asked).toHaveLength(1);
      yes.asked.length = 0;
      const trailBefore = appliedUpdates();
      const r = await yes.client.callTool({ name: 'update_personnel', arguments: { personnel: 1, startedAt: '2017-03-04' } });
      expect((r.structuredContent as { outcome?: string }).outcome, JSON.stringify(r.content)).toBe('updated');
      expect(yes.asked).toHaveLength(1);
      expect((r.structuredContent as { now?: unknown }).now).toEqual({ startedAt: '2017-03-04' });
      // The write is in this run's trail (XDG_STATE_HOME reached the binary), not in the developer's.
      expect(stateHome).not.toBe('');
      expect(appliedUpdates()).toBe(trailBefore + 1);
    } finally {
      await yes.client.close();
    }
    const no = await launch(mode, 'decline');
    try {
      const before = await snapshot(no.client, 1);
      const r = await no.client.callTool({ name: 'update_personnel', arguments: { personnel: 1, startedAt: '2016-01-01' } });
      expect((r.structuredContent as { outcome?: string }).outcome, JSON.stringify(r.content)).toBe('declined');
      expect(no.asked).toHaveLength(1);
      expect(await snapshot(no.client, 1)).toBe(before);
    } finally {
      await no.client.close();
    }
  });
});
