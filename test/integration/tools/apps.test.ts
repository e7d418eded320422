/**
 * MCP Apps over the protocol: the read tools and the write tools name their `ui://` app in `_meta` and
 * nothing else about them changes (the approval card's own protocol is in approval-paths.test.ts);
 * resources/read serves each app as one self-contained text/html;profile=mcp-app file with an empty
 * connect/resource CSP, within the size limit; tool results carry no app data.
 */
import { RESOURCE_MIME_TYPE } from '@modelcontextprotocol/ext-apps/server';
import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_MAX_BYTES, APPS } from '../../../src/apps/register.js';
import { APP_MAX_BYTES as BUILD_MAX_BYTES } from '../../../scripts/build-apps.mjs';
import { type Connected, connect } from '../../support/server.js';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';

type ListedTool = Awaited<ReturnType<Connected['client']['listTools']>>['tools'][number];

describe('MCP Apps: tools/list and resources/read', () => {
  let f: Fixture;
  let readOnly: Connected;
  let tools: ListedTool[];
  beforeAll(async () => {
    f = await startFixture({ sandbox: { size: 60 } });
    readOnly = await connect(f.api, { config: { readOnly: true } });
    tools = (await f.client.listTools()).tools;
  });
  afterAll(async () => {
    await readOnly?.close();
    await f?.close();
  });

  it('the report names the dashboard, get_personnel the person card, the write tools the approval card', () => {
    const meta = Object.fromEntries(tools.map((t) => [t.name, t._meta]));
    const names = (uri: string) => ({ ui: { resourceUri: uri }, 'ui/resourceUri': uri });
    expect(meta.personnel_compliance_report).toEqual(names('ui://drata-personnel/dashboard.html'));
    expect(meta.get_personnel).toEqual(names('ui://drata-personnel/person.html'));
    expect(meta.update_personnel).toEqual(names('ui://drata-personnel/approval.html'));
    expect(meta.resync_personnel).toEqual(names('ui://drata-personnel/approval.html'));
    for (const t of tools.filter((x) => !APPS.some((a) => a.tools.includes(x.name)) && x.name !== 'approve_write')) {
      expect(t._meta).toBeUndefined();
    }
    // One app-only tool, the approval card's: hosts keep it from the model's tool list.
    type UiMeta = { ui?: { visibility?: string[]; resourceUri?: string } } | undefined;
    const appOnly = tools.filter((t) => (t._meta as UiMeta)?.ui?.visibility !== undefined);
    expect(appOnly.map((t) => [t.name, (t._meta as UiMeta)?.ui])).toEqual([
      ['approve_write', { resourceUri: 'ui://drata-personnel/approval.html', visibility: ['app'] }],
    ]);
  });

  it('the model-visible definition (name, description, input schema) says nothing about the apps', () => {
    let total = 0;
    for (const t of tools) {
      const seen = `${t.name}\n${t.description ?? ''}\n${JSON.stringify(t.inputSchema)}`;
      expect(seen).not.toMatch(/ui:\/\/|dashboard|mcp-app/i);
      total += encode(seen).length;
    }
    console.log(`tool definitions: ${tools.length} tools, ${total} tokens (cl100k, name + description + inputSchema)`);
    expect(total).toBeLessThanOrEqual(3000);
  });

  it('resources/list and resources/read: MIME type, CSP metadata, one self-contained file within the size limit', async () => {
    expect(APP_MAX_BYTES).toBe(150 * 1024);
    expect(BUILD_MAX_BYTES).toBe(APP_MAX_BYTES);
    const { resources } = await f.client.listResources();
    for (const app of APPS) {
      const listed = resources.find((r) => r.uri === app.uri);
      expect(listed?.mimeType).toBe('text/html;profile=mcp-app');
      expect(listed?._meta).toEqual({ ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true } });
      const read = await f.client.readResource({ uri: app.uri });
      expect(read.contents).toHaveLength(1);
      const content = read.contents[0] as { uri: string; mimeType: string; text: string; _meta?: unknown };
      expect(content.uri).toBe(app.uri);
      expect(content.mimeType).toBe(RESOURCE_MIME_TYPE);
      expect(content._meta).toEqual({ ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true } });
      const bytes = Buffer.byteLength(content.text);
      console.log(`${app.file}: ${bytes} bytes (limit ${APP_MAX_BYTES})`);
      expect(bytes).toBeLessThanOrEqual(APP_MAX_BYTES);
      expect(content.text).toMatch(/^<!doctype html>/i);
      expect(content.text).toMatch(/<script>[\s\S]+<\/script>/);
      // Self-contained: no script, stylesheet, font or image from anywhere, no link to load.
      expect(content.text).not.toMatch(/<script[^>]+src=|<link\b|@import|@font-face|url\(\s*['"]?(https?:)?\/\//i);
      expect(content.text).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
    }
  });

  it('read-only mode keeps the two read apps, and drops the approval card and its app-only tool', async () => {
    const { resources } = await readOnly.client.listResources();
    expect(resources.filter((r) => r.uri.startsWith('ui://')).map((r) => r.uri).sort()).toEqual(
      ['ui://drata-personnel/dashboard.html', 'ui://drata-personnel/person.html'],
    );
    const listed = (await readOnly.client.listTools()).tools;
    expect(listed.find((t) => t.name === 'personnel_compliance_report')?._meta).toBeDefined();
    expect(listed.map((t) => t.name)).not.toContain('approve_write');
  });

  it('tool results are what a host without the extension gets: content and structuredContent, no app data', async () => {
    const report = await call(f, 'personnel_compliance_report', {});
    expect(Object.keys(report).sort()).toEqual(['content', 'structuredContent']);
    expect(JSON.stringify(report)).not.toMatch(/ui:\/\//);
    const person = await call(f, 'get_personnel', { personnel: String(f.sandbox.org.people[0]?.id) });
    expect(Object.keys(person).sort()).toEqual(['content', 'structuredContent']);
  });
});
