/**
 * The npm package as a user gets it: `npm pack` (publishing builds first through `prepack`), the tarball installed into
 * an empty project, and `drata-personnel-mcp --sandbox` started from node_modules/.bin with a real SDK client
 * over stdio. Then every client configuration README.md gives (Claude Desktop JSON, Cursor, VS Code, Claude
 * Code's `claude mcp add … -- npx -y drata-personnel-mcp`) is run exactly as the client would run it, with
 * `--sandbox` added so no Drata account is needed: `npx` finds the installed package, nothing is downloaded.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TOOLS } from '../../src/tools/index.js';
import { CLONE_ENTRY, readmeServers } from './package-readme.js';
import { modelTools } from '../support/server.js';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const READ_TOOLS = ALL_TOOLS.filter((t) => t.annotations.readOnlyHint).map((t) => t.name);
const ALL_TOOL_NAMES = ALL_TOOLS.map((t) => t.name);

let work: string;
let project: string;
let tarball: string;
let packedFiles: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'drata-personnel-npm-'));
  // dist/ is fresh from the e2e global setup; skipping `prepack` (a build) keeps other e2e files' dist/ stable.
  const { stdout } = await run(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!packed) throw new Error('npm pack reported nothing');
  tarball = join(work, packed.filename);
  packedFiles = packed.files.map((f) => f.path);

  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'try-it', version: '1.0.0', private: true }),
  );
  await run(npm, ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: project,
  });
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Connect a client to a stdio server, list its tools and call list_personnel. */
async function drive(params: { command: string; args: string[]; env?: Record<string, string>; cwd: string }) {
  let stderr = '';
  const transport = new StdioClientTransport({ ...params, stderr: 'pipe' });
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: 'package-e2e', version: '1.0.0' });
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    const result = (await client.callTool({
      name: 'list_personnel',
      arguments: { limit: 3 },
    })) as CallToolResult;
    const app = await client.readResource({ uri: 'ui://drata-personnel/dashboard.html' });
    return {
      app: app.contents[0] as { mimeType?: string; text?: string },
      tools: modelTools(tools).map((t) => t.name),
      server: client.getServerVersion(),
      result,
      stderr: () => stderr,
    };
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}\nserver stderr:\n${stderr}`, { cause: err });
  } finally {
    await client.close();
  }
}

describe('npm package', () => {
  it('contains the compiled server, manifest, icon, README and LICENSE, and no development files', () => {
    for (const f of [
      'package.json',
      'README.md',
      'LICENSE',
      'manifest.json',
      'icon.png',
      pkg.bin[pkg.name],
    ]) {
      expect(packedFiles).toContain(f);
    }
    const unexpected = packedFiles.filter(
      (f) =>
        !['package.json', 'README.md', 'LICENSE', 'manifest.json', 'icon.png'].includes(f) &&
        !(f.startsWith('dist/') && f.endsWith('.js')) &&
        !/^dist\/apps\/[a-z]+\.html$/.test(f),
    );
    expect(unexpected).toEqual([]);
    expect(packedFiles).toEqual(expect.arrayContaining(['dist/apps/dashboard.html', 'dist/apps/person.html']));
  });

  it('builds before it is packed or published', () => {
    const scripts = (
      JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.prepack).toMatch(/\bnpm run build\b/);
  });

  it('installs a working bin: --version and --help', async () => {
    const bin = join(project, 'node_modules', '.bin', pkg.name);
    const version = await run(bin, ['--version'], { cwd: project });
    expect(version.stdout.trim()).toBe(pkg.version);
    const help = await run(bin, ['--help'], { cwd: project });
    expect(help.stdout).toContain('--sandbox');
  });

  it('installs only production dependencies', () => {
    const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    const installed = Object.keys(lock.packages);
    for (const dep of Object.keys(pkg.dependencies)) expect(installed).toContain(`node_modules/${dep}`);
    for (const dep of Object.keys(pkg.devDependencies))
      expect(installed).not.toContain(`node_modules/${dep}`);
  });

  it('serves a real MCP client over stdio from node_modules/.bin with --sandbox', async () => {
    const { tools, server, result, app } = await drive({
      command: join(project, 'node_modules', '.bin', pkg.name),
      args: ['--sandbox'],
      cwd: project,
    });
    // The installed package serves the built dashboard (dist/apps/ is in the tarball).
    expect(app.mimeType).toBe('text/html;profile=mcp-app');
    expect(app.text).toMatch(/^<!doctype html>/i);
    expect(server).toMatchObject({ name: pkg.name, version: pkg.version });
    expect(tools).toEqual(ALL_TOOL_NAMES);
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { shown: number }).shown).toBe(3);
  }, 60_000);
});

describe('README client configurations, run as the client runs them', () => {
  for (const server of readmeServers()) {
    it(`${server.source}`, async () => {
      // The README's placeholder for the clone's dist/index.js is, here, the installed package's.
      const entry = join(project, 'node_modules', pkg.name, 'dist', 'index.js');
      const { tools, result } = await drive({
        command: server.command,
        args: [...server.args.map((a) => (a === CLONE_ENTRY ? entry : a)), '--sandbox'],
        env: server.env,
        cwd: project,
      });
      expect(tools).toEqual(server.args.includes('--read-only') ? READ_TOOLS : ALL_TOOL_NAMES);
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { shown: number }).shown).toBe(3);
    }, 60_000);
  }
});
