/**
 * Every tool's input schema as two client libraries hand it to a model: LangChain's MCP adapter (which
 * simplifies schemas and drops scalar anyOf) and the AI SDK's MCP client. No property may lose its type
 * or its enum on the way; a property that reaches the model as `{description}` alone is a tool the model
 * cannot call correctly.
 */
import { createMCPClient, type MCPTransport } from '@ai-sdk/mcp';
import { loadMcpTools } from '@langchain/mcp-adapters';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../../src/server.js';
import { type Fixture, startFixture } from '../../support/sandbox.js';
import { testConfig } from '../../support/server.js';

type Json = Record<string, unknown>;

/** path → the type (and enum) of every property, recursively through properties and items. */
function propertyTypes(schema: Json, path = '', out = new Map<string, string>()): Map<string, string> {
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  for (const [name, prop] of Object.entries(properties)) {
    const here = path ? `${path}.${name}` : name;
    out.set(here, describeType(prop));
    if (prop.properties) propertyTypes(prop, here, out);
    const items = prop.items as Json | undefined;
    if (items) {
      out.set(`${here}[]`, describeType(items));
      if (items.properties) propertyTypes(items, `${here}[]`, out);
    }
  }
  return out;
}

/** The paths whose property reached the model with no type. */
const untyped = (types: Map<string, string>): string[] =>
  [...types].filter(([, t]) => t.startsWith('UNTYPED')).map(([p]) => p);

const describeType = (s: Json): string =>
  `${typeof s.type === 'string' ? s.type : 'UNTYPED'}${Array.isArray(s.enum) ? ` enum(${s.enum.join('|')})` : ''}`;

describe('input schemas survive client libraries', () => {
  let f: Fixture;
  let tools: Tool[];
  beforeAll(async () => {
    f = await startFixture();
    tools = (await f.client.listTools()).tools;
  });
  afterAll(() => f.close());

  it('every property of every tool has one JSON type as the server sends it', () => {
    expect(tools.length).toBeGreaterThanOrEqual(5);
    for (const tool of tools) {
      const types = propertyTypes(tool.inputSchema as Json);
      expect(types.size, tool.name).toBeGreaterThan(0);
      expect(untyped(types), tool.name).toEqual([]);
    }
  });

  it("LangChain's MCP adapter keeps every property's type and enum", async () => {
    const converted = await loadMcpTools('drata', f.client, { throwOnLoadError: true });
    expect(converted.map((t) => t.name).sort()).toEqual(tools.map((t) => t.name).sort());
    for (const tool of tools) {
      const lc = propertyTypes(converted.find((t) => t.name === tool.name)?.schema as Json);
      expect(untyped(lc), tool.name).toEqual([]);
      expect(lc, tool.name).toEqual(propertyTypes(tool.inputSchema as Json));
    }
  });

  it("the AI SDK's MCP client keeps every property's type and enum", async () => {
    const server = createServer({ config: testConfig(), api: f.api, logger: f.logger });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = await createMCPClient({ transport: clientSide as unknown as MCPTransport });
    try {
      const aiTools = await client.tools();
      expect(Object.keys(aiTools).sort()).toEqual(tools.map((t) => t.name).sort());
      for (const tool of tools) {
        const schema = (aiTools[tool.name]?.inputSchema as { jsonSchema?: Json } | undefined)?.jsonSchema;
        const ai = propertyTypes(schema ?? {});
        expect(untyped(ai), tool.name).toEqual([]);
        expect(ai, tool.name).toEqual(propertyTypes(tool.inputSchema as Json));
      }
    } finally {
      await client.close();
      await server.close();
    }
  });
});
