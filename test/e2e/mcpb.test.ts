/**
 * The MCP Bundle as Claude Desktop gets it: `scripts/pack-mcpb.mjs` builds the `.mcpb` (dist/ is fresh from the
 * e2e global setup), the archive is unpacked into a temporary folder, and its server is started the way the
 * manifest's `mcp_config` says (with `${__dirname}` and `${user_config.*}` substituted) and driven over stdio
 * by the SDK client against the sandbox.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROMPTS } from '../../src/prompts/index.js';
import { ALL_TOOLS } from '../../src/tools/index.js';
import { type Manifest, readManifest, resolveMcpConfig } from './mcpb-config.js';
import { modelTools } from '../support/server.js';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const MCPB_VERSION = /MCPB_VERSION = '([^']+)'/.exec(
  readFileSync(join(ROOT, 'scripts/pack-mcpb.mjs'), 'utf8'),
)?.[1];

let work: string;
let unpacked: string;
let files: string[];
let manifest: Manifest;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [relative(unpacked, join(dir, e.name)).split(sep).join('/')],
  );
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'drata-personnel-mcpb-e2e-'));
  const bundle = join(work, `${pkg.name}.mcpb`);
  await run(process.execPath, [join(ROOT, 'scripts/pack-mcpb.mjs'), '--skip-build', '--out', bundle], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  unpacked = join(work, 'installed extension');
  // A bundle is a zip: unzip it as any tool would; the MCPB CLI's own unpack where unzip is missing.
  if (spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0) {
    await run('unzip', ['-q', bundle, '-d', unpacked]);
  } else {
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    await run(npx, ['-y', `@anthropic-ai/mcpb@${MCPB_VERSION}`, 'unpack', bundle, unpacked]);
  }
  files = walk(unpacked);
  manifest = readManifest(join(unpacked, 'manifest.json'));
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Start the bundle's server as Claude Desktop would, from the manifest, with these form values. */
async function startBundle(userValues: Record<string, string | boolean>) {
  const config = resolveMcpConfig(manifest, unpacked, {
    drata_api_key: 'unused-in-the-sandbox',
    ...userValues,
  });
  expect(config.command).toBe('node');
  let stderr = '';
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: config.args,
    // The sandbox stands in for Drata; everything else is what the manifest passes.
    env: { ...config.env, DRATA_SANDBOX: 'true' },
    cwd: tmpdir(),
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: 'mcpb-e2e', version: '1.0.0' });
  try {
    await client.connect(transport);
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\nserver stderr:\n${stderr}`, { cause: err });
  }
  return client;
}

describe('MCP Bundle (.mcpb)', () => {
  it('holds the manifest, icon and compiled JavaScript, and no sources, tests or maps', () => {
    expect(readFileSync(join(unpacked, 'manifest.json'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'manifest.json'), 'utf8'),
    );
    expect(files).toContain(manifest.icon);
    expect(files).toContain(manifest.server.entry_point);
    const own = files.filter((f) => !f.startsWith('node_modules/'));
    const unexpected = own.filter(
      (f) =>
        !['manifest.json', 'icon.png', 'LICENSE', 'README.md', 'package.json'].includes(f) &&
        !(f.startsWith('dist/') && f.endsWith('.js')) &&
        !/^dist\/apps\/[a-z]+\.html$/.test(f),
    );
    expect(unexpected).toEqual([]);
    // The MCP Apps the server serves as ui:// resources, and none of their browser sources.
    expect(files).toEqual(expect.arrayContaining(['dist/apps/dashboard.html', 'dist/apps/person.html']));
    expect(files.some((f) => f.startsWith('dist/apps/ui/'))).toBe(false);
    expect(files.some((f) => f.endsWith('.map') || f.endsWith('.tsbuildinfo'))).toBe(false);
  });

  it('ships only what runs of its dependencies: no TypeScript, declarations, maps, docs or dev dotfiles', () => {
    const deps = files.filter((f) => f.startsWith('node_modules/'));
    const notRun = deps.filter((f) => {
      const name = f.slice(f.lastIndexOf('/') + 1);
      return /\.([cm]?ts|map|md|markdown|ya?ml)$/i.test(name) && !/^licen[cs]e/i.test(name);
    });
    expect(notRun).toEqual([]);
    expect(deps.filter((f) => f.slice(f.lastIndexOf('/') + 1).startsWith('.'))).toEqual([]);
    // What runs is still there: every dependency's entry point, and data files loaded at run time.
    expect(deps).toContain('node_modules/zod/index.js');
    expect(deps).toContain('node_modules/@modelcontextprotocol/server/dist/index.mjs');
    expect(deps).toContain('node_modules/@modelcontextprotocol/node/dist/index.mjs');
    expect(deps.some((f) => /^node_modules\/@modelcontextprotocol\/sdk\//.test(f))).toBe(false);
    expect(deps.some((f) => /^node_modules\/zod\/src\/.*\.ts$/.test(f))).toBe(false);
  });

  it('bundles the production dependencies and none of the development ones', () => {
    for (const dep of Object.keys(pkg.dependencies))
      expect(files, dep).toContain(`node_modules/${dep}/package.json`);
    for (const dep of Object.keys(pkg.devDependencies)) {
      expect(
        files.some((f) => f.startsWith(`node_modules/${dep}/`)),
        dep,
      ).toBe(false);
    }
    const shipped = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(shipped).toMatchObject({ name: pkg.name, version: pkg.version, dependencies: pkg.dependencies });
    expect(shipped.devDependencies).toBeUndefined();
    expect(shipped.scripts).toBeUndefined();
  });

  it("runs its server from the manifest's mcp_config and answers a real client", async () => {
    const client = await startBundle({});
    try {
      expect(client.getServerVersion()).toMatchObject({ name: pkg.name, version: pkg.version });
      const tools = modelTools((await client.listTools()).tools);
      expect(tools.map((t) => t.name)).toEqual(ALL_TOOLS.map((t) => t.name));
      expect(tools.map((t) => t.name)).toEqual(manifest.tools?.map((t) => t.name));
      const { prompts } = await client.listPrompts();
      expect(prompts.map((p) => p.name)).toEqual(ALL_PROMPTS.map((p) => p.name));
      const result = (await client.callTool({
        name: 'list_personnel',
        arguments: { limit: 5 },
      })) as CallToolResult;
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { shown: number }).shown).toBe(5);
      expect(result.content[0]?.type).toBe('text');
      // The bundle serves the built dashboard as its ui:// resource.
      const app = await client.readResource({ uri: 'ui://drata-personnel/dashboard.html' });
      expect(app.contents[0]).toMatchObject({ mimeType: 'text/html;profile=mcp-app' });
      expect((app.contents[0] as { text: string }).text).toMatch(/^<!doctype html>/i);
    } finally {
      await client.close();
    }
  }, 60_000);

  it('offers only the read tools when the Read-only box is ticked', async () => {
    const client = await startBundle({ read_only: true });
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(ALL_TOOLS.filter((t) => t.annotations.readOnlyHint).map((t) => t.name));
    } finally {
      await client.close();
    }
  }, 60_000);
});
