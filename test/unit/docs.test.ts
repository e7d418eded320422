/**
 * README.md tells the truth: its generated parts match the code (the same generator `npm run docs:check`
 * runs in CI, here on src/), the client configurations it gives use only flags and variables the server
 * knows and produce a valid configuration, and every section the issue asks for is there.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_VARS, loadConfig, REGIONS } from '../../src/config.js';
import { REGION_ORIGINS } from '../../src/drata/client.js';
import { sandboxOptionsFromEnv } from '../../src/sandbox/options.js';
import { parseHttpEnv } from '../../src/config-http.js';
import { parseSharedEnv } from '../../src/config-shared.js';
import { CLONE_ENTRY, codeBlocks, README, readmeServers } from '../e2e/package-readme.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string;
  scripts: Record<string, string>;
};

interface Generated {
  stale: string[];
}
const generator = (await import(new URL('../../scripts/gen-docs.mjs', import.meta.url).href)) as {
  generate(options: { source: 'src' | 'dist' }): Promise<Generated>;
};

/** Names a parser reads from its environment. */
function envNames(parse: (env: Record<string, string | undefined>) => unknown): string[] {
  const names: string[] = [];
  parse(
    new Proxy({} as Record<string, string | undefined>, {
      get: (_t, prop) => {
        if (typeof prop === 'string') names.push(prop);
        return undefined;
      },
    }),
  );
  return names;
}

/** A README section: from its `## ` heading to the next one. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}`);
  if (start < 0) throw new Error(`README has no "## ${title}" section`);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

describe('README.md', () => {
  it('starts with the two quick-start commands, and they exist', () => {
    const first = codeBlocks()[0];
    expect(first?.lang).toBe('sh');
    expect(first?.text).toMatch(/^npm install && npm run demo\b/m);
    expect(first?.text).toMatch(/^npm test\b/m);
    expect(README.indexOf('```sh')).toBeLessThan(README.indexOf('\n## '));
    expect(pkg.scripts.demo).toBeTruthy();
    expect(pkg.scripts.test).toBeTruthy();
  });

  it('has its generated parts (config, reference, permissions, env tables) and manifest.json up to date', async () => {
    const { stale } = await generator.generate({ source: 'src' });
    expect(stale, 'run `npm run build && npm run docs`').toEqual([]);
  }, 60_000);

  it('names only npm scripts that exist', () => {
    const scripts = Object.keys(pkg.scripts);
    for (const m of README.matchAll(/npm run ([\w:-]+)/g)) expect(scripts, m[0]).toContain(m[1]);
  });

  it('names only environment variables the code reads', () => {
    // The replica-state parser also reads HOME and XDG_STATE_HOME (for the default state directory) and REDIS_URL.
    const shared = envNames(parseSharedEnv).filter((n) => /^(DRATA|MCP)_/.test(n));
    expect(envNames(parseSharedEnv)).toContain('REDIS_URL');
    expect(README).toContain('REDIS_URL');
    const known = new Set([...ENV_VARS, ...envNames(parseHttpEnv), ...envNames(sandboxOptionsFromEnv), ...shared]);
    const named = new Set([...README.matchAll(/\b(?:DRATA|MCP|SANDBOX)_[A-Z0-9_]+\b/g)].map((m) => m[0]));
    for (const name of named) expect(known, name).toContain(name);
    for (const name of known) expect(named, `${name} is not documented`).toContain(name);
  });

  it('has internal links that resolve to headings', () => {
    const anchors = new Set([...README.matchAll(/^#{1,6}\s+(.*)$/gm)].map((m) => slug(m[1] ?? '')));
    for (const m of README.matchAll(/\]\(#([^)]+)\)/g)) expect(anchors, `#${m[1]}`).toContain(m[1]);
  });

  it('explains installation in Claude Desktop (bundle and JSON), Claude Code, Cursor and VS Code', () => {
    const install = section('Install in your client');
    for (const heading of [
      '### Claude Desktop: the bundle',
      '### Claude Desktop: JSON configuration',
      '### Claude Code',
      '### Cursor',
      '### VS Code',
    ]) {
      expect(install).toContain(heading);
    }
    expect(install).toContain('npm run pack:mcpb');
    expect(install).toContain('.mcpb');
    expect(install).toMatch(
      /claude mcp add drata-personnel -e DRATA_API_KEY=\S+ .*-- node \/path\/to\/drata-personnel-mcp\/dist\/index\.js/,
    );
  });

  it('documents the five test groups of vitest.config.ts and npm run format', () => {
    const config = readFileSync(new URL('../../vitest.config.ts', import.meta.url), 'utf8');
    const groups = [...config.matchAll(/name: '(\w+)'/g)].map((m) => m[1] ?? '');
    expect(groups).toEqual(['unit', 'integration', 'e2e', 'browser', 'reliability']);
    const dev = section('Development');
    for (const g of groups) expect(dev).toContain(`\`${g}\``);
    expect(dev).toContain('npm run format');
    expect(dev).toContain('npm run bench -- --record');
  });

  it('says the npm package is not published yet and how to run from a clone', () => {
    const install = section('Install in your client');
    expect(install).toMatch(/npm package is not published yet/);
    expect(install).toContain('npm install && npm run build');
    expect(install).toContain(`node ${CLONE_ENTRY}`);
  });

  it('gives the MCP Inspector recipe that .ci/checks/inspector.sh runs', () => {
    const check = readFileSync(new URL('../../.ci/checks/inspector.sh', import.meta.url), 'utf8');
    const version = /INSPECTOR_VERSION=(\S+)/.exec(check)?.[1];
    expect(version).toBeTruthy();
    expect(check).toContain('mcp-inspector --cli node dist/index.js --sandbox --method tools/list --strict');
    const install = section('Install in your client');
    expect(install).toContain(`@modelcontextprotocol/inspector@${version}`);
    expect(install).toContain('mcp-inspector --cli node dist/index.js --sandbox --method tools/list --strict');
  });

  describe('client configurations', () => {
    const servers = readmeServers();

    it('covers every client', () => {
      const sources = servers.map((s) => s.source.split(' ')[0]);
      expect(new Set(sources)).toEqual(new Set(['Claude', 'Cursor', 'VS']));
      expect(servers.filter((s) => s.source.startsWith('Claude Code')).length).toBeGreaterThanOrEqual(2);
    });

    for (const server of servers) {
      it(`${server.source}: runs this package's bin with known flags and variables`, () => {
        // Not on npm yet: every client runs the clone's built server with node.
        expect(server.command).toBe('node');
        expect(server.args[0]).toBe(CLONE_ENTRY);
        for (const name of Object.keys(server.env)) expect(ENV_VARS).toContain(name);
        expect(server.env.DRATA_API_KEY).toBeTruthy();
        const result = loadConfig(server.args.slice(1), server.env);
        expect(result.kind).toBe('run');
        if (result.kind === 'run') expect(result.config.transport).toBe('stdio');
        // The sandbox alternative the README offers: the same line with --sandbox.
        expect(loadConfig([...server.args.slice(1), '--sandbox'], {}).kind).toBe('run');
      });
    }
  });

  it('documents write safety: read-only mode, dry-run, confirmation, approval tokens and lost answers', () => {
    const text = section('Write safety');
    for (const word of [
      '--read-only',
      'DRATA_READ_ONLY',
      'dryRun',
      'elicitation',
      'approvalToken',
      'needs_approval',
      'DRATA_APPROVAL_SECRET',
      'NOT APPLIED',
      'OUTCOME UNKNOWN',
      'already matches',
    ]) {
      expect(text).toContain(word);
    }
  });

  it('documents HTTP deployment and its security settings', () => {
    const text = section('HTTP deployment');
    for (const word of [
      '--transport http',
      'MCP_HTTP_TOKEN',
      'MCP_ALLOWED_HOSTS',
      'MCP_ALLOWED_ORIGINS',
      '/mcp',
      '/sse',
      '/healthz',
      'Authorization: Bearer',
      '127.0.0.1',
      'generates a random token',
      'MCP_HTTP_INSECURE_NO_AUTH',
      'Last-Event-ID',
      'least recently used',
    ]) {
      expect(text).toContain(word);
    }
  });

  it('has troubleshooting for 401, 403 (with the permissions), 412, 429 and regions', () => {
    const text = section('Troubleshooting');
    for (const heading of ['### 401', '### 403', '### 412', '### 429']) expect(text).toContain(heading);
    for (const region of REGIONS) {
      expect(text).toContain(`\`${region}\``);
      expect(text).toContain(new URL(REGION_ORIGINS[region]).host);
    }
    expect(text).toContain('<!-- gen:permissions start');
  });

  it('keeps one performance section, filled by `npm run bench`', () => {
    const text = section('Performance');
    expect(text.match(/<!-- bench:start -->/g)).toHaveLength(1);
    expect(text.match(/<!-- bench:end -->/g)).toHaveLength(1);
    expect(README.match(/<!-- bench:start -->/g)).toHaveLength(1);
  });
});
