/**
 * The SDK v2 client in its three modes — legacy (2025 handshake), auto (server/discover, falls back) and
 * pinned to 2026-07-28 (stateless, no session) — against the real server behind runHttp on loopback, over
 * the sandbox: tools, resources, templates, prompts, completion, and a confirmed and a declined write
 * (the 2026 era confirms through an input_required round trip; a decline writes nothing).
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrataClient } from '../../../src/drata/client.js';
import { createPersonnelApi } from '../../../src/drata/personnel.js';
import { createLogger } from '../../../src/logger.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { createServer } from '../../../src/server.js';
import { type RunningHttp, runHttp } from '../../../src/transports/http.js';
import { httpConfig, TOKEN } from '../http/helpers.js';

type Mode = 'legacy' | 'auto' | { pin: '2026-07-28' };
// The sandbox is shared: each mode writes its own start date, so no write is "already matches".
const MODES: Array<[string, Mode, 'legacy' | 'modern', string]> = [
  ['legacy', 'legacy', 'legacy', '2019-04-05'],
  ['auto', 'auto', 'modern', '2019-04-06'],
  ['pinned 2026-07-28', { pin: '2026-07-28' }, 'modern', '2019-04-07'],
];

let sandbox: Sandbox;
let running: RunningHttp;
const logs: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ size: 40 });
  const config = httpConfig({ sandbox: false, apiKey: sandbox.apiKey, baseUrl: sandbox.url, httpToken: TOKEN });
  const logger = createLogger({ level: 'debug', secrets: [config.apiKey], write: (l) => logs.push(l) });
  const api = createPersonnelApi(new DrataClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, logger }));
  const now = () => new Date(sandbox.now.getTime());
  running = await runHttp((ctx) => createServer({ config, api, logger, now, era: ctx?.era }), { config, logger });
});

afterAll(async () => {
  await running?.close();
  await sandbox?.close();
});

async function connect(mode: Mode, answer: 'accept' | 'decline'): Promise<{ client: Client; asked: string[] }> {
  const asked: string[] = [];
  const client = new Client(
    { name: 'v2-test', version: '1.0.0' },
    { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode } },
  );
  client.setRequestHandler('elicitation/create', async (request) => {
    asked.push(request.params.message);
    return answer === 'accept' ? { action: 'accept', content: { confirm: true } } : { action: 'decline' };
  });
  const transport = new StreamableHTTPClientTransport(new URL(running.url), {
    requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
  });
  await client.connect(transport);
  return { client, asked };
}

const writes = () => sandbox.requests.filter((r) => r.method !== 'GET');
const someone = () =>
  sandbox.org.people.find((p) => p.employmentStatus === 'CURRENT_EMPLOYEE' && p.separationDate === null)!;

describe.each(MODES)('SDK v2 client, %s, over Streamable HTTP', (_label, mode, era, date) => {
  it(`a missing person's resource answers the ${era} era's code on the wire (2025: -32002, 2026-07-28: -32602)`, async () => {
    const wire: string[] = [];
    const client = new Client({ name: 'v2-test', version: '1.0.0' }, { versionNegotiation: { mode } });
    const transport = new StreamableHTTPClientTransport(new URL(running.url), {
      requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        wire.push(await res.clone().text());
        return res;
      },
    });
    await client.connect(transport);
    try {
      const err = await client.readResource({ uri: 'drata://personnel/999999' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(String(err)).toMatch(/Resource not found: drata:\/\/personnel\/999999/);
      const answer = wire.map((w) => /\{"code":(-?\d+),"message":"Resource not found[^}]*"data":\{"uri":"drata:\/\/personnel\/999999"\}/.exec(w)).find(Boolean);
      expect(answer?.[1]).toBe(era === 'legacy' ? '-32002' : '-32602');
    } finally {
      await client.close();
    }
  });

  it(`negotiates the ${era} era and lists every tool, resource, template and prompt`, async () => {
    const { client } = await connect(mode, 'accept');
    try {
      expect(client.getProtocolEra()).toBe(era);
      const tools = (await client.listTools()).tools.map((t) => t.name).sort();
      // approve_write is the approval card's app-only tool (hosts with MCP Apps keep it from the model).
      expect(tools).toEqual([
        'approve_write',
        'get_personnel',
        'list_personnel',
        'personnel_compliance_report',
        'resync_personnel',
        'update_personnel',
      ]);
      expect((await client.listResources()).resources.length).toBeGreaterThan(0);
      const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
      expect(templates).toContain('drata://personnel/{personnel}');
      expect((await client.listPrompts()).prompts.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it('calls the read tools, reads a person, gets a prompt and completes an argument', async () => {
    const { client } = await connect(mode, 'accept');
    try {
      const p = someone();
      const list = await client.callTool({ name: 'list_personnel', arguments: { search: p.email } });
      expect(list.isError, JSON.stringify(list.content)).toBeFalsy();
      expect(JSON.stringify(list.structuredContent)).toContain(p.email);
      const get = await client.callTool({ name: 'get_personnel', arguments: { personnel: p.id } });
      expect(get.isError, JSON.stringify(get.content)).toBeFalsy();
      const read = await client.readResource({ uri: `drata://personnel/${p.id}` });
      expect(JSON.stringify(read.contents)).toContain(p.email);
      const prompts = (await client.listPrompts()).prompts;
      const prompt = await client.getPrompt({ name: prompts[0]!.name, arguments: {} });
      expect(prompt.messages.length).toBeGreaterThan(0);
      const argument = prompts.flatMap((pr) => (pr.arguments ?? []).map((a) => ({ pr: pr.name, a: a.name })))[0];
      if (argument) {
        const done = await client.complete({
          ref: { type: 'ref/prompt', name: argument.pr },
          argument: { name: argument.a, value: '' },
        });
        expect(done.completion.values.length).toBeGreaterThan(0);
      }
    } finally {
      await client.close();
    }
  });

  it('a confirmed write asks the user once and reaches the sandbox', async () => {
    const { client, asked } = await connect(mode, 'accept');
    try {
      const p = someone();
      sandbox.clearLogs();
      const r = await client.callTool({ name: 'update_personnel', arguments: { personnel: p.id, startedAt: date } });
      expect((r.structuredContent as { outcome?: string }).outcome, JSON.stringify(r.content)).toBe('updated');
      expect(asked).toHaveLength(1);
      expect(asked[0]).toContain(`→ ${date}`);
      expect(writes().length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it('a confirmed resync asks once and reaches the sandbox; a declined one writes nothing', async () => {
    const p = someone();
    const yes = await connect(mode, 'accept');
    try {
      sandbox.clearLogs();
      const r = await yes.client.callTool({ name: 'resync_personnel', arguments: { personnel: [p.id] } });
      expect((r.structuredContent as { outcome?: string }).outcome, JSON.stringify(r.content)).toBe('resynced');
      expect(yes.asked).toHaveLength(1);
      expect(writes().length).toBeGreaterThan(0);
    } finally {
      await yes.client.close();
    }
    const no = await connect(mode, 'decline');
    try {
      sandbox.clearLogs();
      const r = await no.client.callTool({ name: 'resync_personnel', arguments: { personnel: [p.id] } });
      expect((r.structuredContent as { outcome?: string }).outcome, JSON.stringify(r.content)).toBe('declined');
      expect(no.asked).toHaveLength(1);
      expect(writes()).toHaveLength(0);
    } finally {
      await no.client.close();
    }
  });

  it('the compliance report reports progress to a client that asks for it', async () => {
    const { client } = await connect(mode, 'accept');
    try {
      const ticks: number[] = [];
      const r = await client.callTool(
        { name: 'personnel_compliance_report', arguments: {} },
        { onprogress: (p) => ticks.push(p.progress) },
      );
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      expect(ticks.length).toBeGreaterThan(0);
      expect([...ticks].sort((a, b) => a - b)).toEqual(ticks);
    } finally {
      await client.close();
    }
  });

  it('a declined write writes nothing', async () => {
    const { client, asked } = await connect(mode, 'decline');
    try {
      const p = someone();
      sandbox.clearLogs();
      const r = await client.callTool({ name: 'update_personnel', arguments: { personnel: p.id, startedAt: '2018-01-02' } });
      expect((r.structuredContent as { outcome?: string }).outcome, JSON.stringify(r.content)).toBe('declined');
      expect(asked).toHaveLength(1);
      expect(writes()).toHaveLength(0);
    } finally {
      await client.close();
    }
  });
});
