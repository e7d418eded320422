import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVAL_TOOL } from '../../src/apps/approval.js';
import { silentLogger } from '../../src/logger.js';
import { ALL_TOOLS } from '../../src/tools/index.js';
import { apiFor, type Connected, connect } from '../support/server.js';

describe('every tool declares its contract', () => {
  it.each(ALL_TOOLS.map((t) => [t.name, t]))('%s', (_name, tool) => {
    expect(tool.title.length).toBeGreaterThan(3);
    expect(Buffer.byteLength(tool.description, 'utf8')).toBeLessThanOrEqual(2048);
    // Says when to use it (or when to use something else).
    expect(tool.description).toMatch(/\b(use|call)\b/i);
    for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
      expect(typeof tool.annotations[hint]).toBe('boolean');
    }
    // A write tool (readOnlyHint false) says it may destroy: clients ask before calling it.
    if (!tool.annotations.readOnlyHint) expect(tool.annotations.destructiveHint).toBe(true);
    expect(tool.inputSchema).toBeDefined();
    expect(tool.outputSchema).toBeDefined();
  });

  it('names are unique and snake_case', () => {
    const names = ALL_TOOLS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z][a-z0-9_]*$/);
  });
});

describe('tools/list as clients see it', () => {
  let conn: Connected;
  let readOnly: Connected;
  beforeAll(async () => {
    // tools/list makes no Drata request: the API points nowhere.
    const api = apiFor('http://127.0.0.1:9', 'unused-key-123456', silentLogger());
    conn = await connect(api);
    readOnly = await connect(api, { config: { readOnly: true } });
  });
  afterAll(async () => {
    await conn.close();
    await readOnly.close();
  });

  it('matches the committed snapshot (CI fails on any unreviewed schema change)', async () => {
    const { tools } = await conn.client.listTools();
    await expect(`${JSON.stringify(tools, null, 2)}\n`).toMatchFileSnapshot(
      '../__snapshots__/tools-list.json',
    );
  });

  it('every listed tool has title, annotations, input and output schemas', async () => {
    const { tools } = await conn.client.listTools();
    // The registry's tools, plus the approval card's app-only tool (its results are the write tools' own).
    expect(tools.map((t) => t.name).sort()).toEqual([...ALL_TOOLS.map((t) => t.name), APPROVAL_TOOL].sort());
    for (const t of tools) {
      expect(t.title).toBeTruthy();
      expect(t.annotations?.title).toBe(t.title);
      expect(t.inputSchema.type).toBe('object');
      if (t.name !== APPROVAL_TOOL) expect(t.outputSchema?.type).toBe('object');
    }
  });

  it('read-only mode does not register write tools at all', async () => {
    const { tools } = await readOnly.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'get_personnel',
      'list_personnel',
      'personnel_compliance_report',
    ]);
    // SDK v2 answers an unknown tool with the protocol error -32602 (MCP 2025-11-25), not an isError result.
    await expect(
      readOnly.client.callTool({ name: 'update_personnel', arguments: { personnel: 1, startedAt: '2020-01-01' } }),
    ).rejects.toMatchObject({ code: -32602, message: expect.stringMatching(/not found/i) });
  });
});
