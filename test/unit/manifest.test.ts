/**
 * manifest.json (MCP Bundle, manifest_version 0.3) agrees with the package and the code: version, entry point,
 * the tools and prompts the server registers, user_config that maps onto real settings, and a configuration
 * that starts: what Claude Desktop would pass the server is accepted by loadConfig.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENV_VARS, loadConfig, REGIONS } from '../../src/config.js';
import { ALL_PROMPTS } from '../../src/prompts/index.js';
import { ALL_TOOLS } from '../../src/tools/index.js';
import { readManifest, resolveMcpConfig } from '../e2e/mcpb-config.js';

const root = new URL('../../', import.meta.url);
const manifest = readManifest(new URL('manifest.json', root));
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  name: string;
  version: string;
  license: string;
  description: string;
  bin: Record<string, string>;
  engines: { node: string };
  repository: { url: string };
};
const userConfig = manifest.user_config ?? {};

/** The argument names a prompt registers. */
const promptArguments = (prompt: (typeof ALL_PROMPTS)[number]): string[] => Object.keys(prompt.argsSchema);

const minVersion = (range: string) => {
  const m = /^>=\s*(\d+)\.(\d+)(?:\.(\d+))?$/.exec(range.trim());
  if (!m) throw new Error(`not a ">=x.y[.z]" range: ${range}`);
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
};

describe('manifest.json', () => {
  it('is an MCPB 0.3 manifest describing this package', () => {
    expect(manifest.manifest_version).toBe('0.3');
    expect(manifest.name).toBe(pkg.name);
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.display_name).toBeTruthy();
    expect(manifest.description.length).toBeGreaterThan(20);
    expect(manifest.long_description?.length ?? 0).toBeGreaterThan(200);
    expect(manifest.author.name).toBeTruthy();
    expect(manifest.license).toBe(pkg.license);
    const normalize = (url: string) => url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(normalize(manifest.repository?.url ?? '')).toBe(normalize(pkg.repository.url));
  });

  it('has a square PNG icon of at least 256 pixels', () => {
    expect(manifest.icon).toBeTruthy();
    const icon = readFileSync(new URL(manifest.icon ?? '', root));
    expect(icon.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const width = icon.readUInt32BE(16);
    const height = icon.readUInt32BE(20);
    expect(width).toBe(height);
    expect(width).toBeGreaterThanOrEqual(256);
  });

  it('runs the package bin with node from the bundle directory', () => {
    expect(manifest.server.type).toBe('node');
    expect(manifest.server.entry_point).toBe(pkg.bin[pkg.name]);
    expect(manifest.server.mcp_config.command).toBe('node');
    expect(manifest.server.mcp_config.args).toEqual([`\${__dirname}/${manifest.server.entry_point}`]);
    expect(
      existsSync(
        new URL(`src/${manifest.server.entry_point.replace(/^dist\//, '').replace(/\.js$/, '.ts')}`, root),
      ),
    ).toBe(true);
  });

  it('lists exactly the tools the server can register, with their descriptions', () => {
    expect(manifest.tools?.map((t) => t.name)).toEqual(ALL_TOOLS.map((t) => t.name));
    for (const tool of manifest.tools ?? []) {
      const registered = ALL_TOOLS.find((t) => t.name === tool.name);
      expect(tool.description, tool.name).toBeTruthy();
      expect(registered?.description.startsWith(tool.description ?? '-'), tool.name).toBe(true);
    }
  });

  it('lists exactly the prompts the server registers, with their arguments', () => {
    expect(manifest.prompts?.map((p) => p.name)).toEqual(ALL_PROMPTS.map((p) => p.name));
    for (const prompt of ALL_PROMPTS) {
      const declared = manifest.prompts?.find((p) => p.name === prompt.name);
      expect(declared?.description).toBe(prompt.description);
      const args = promptArguments(prompt);
      expect(declared?.arguments, prompt.name).toEqual(args);
      for (const arg of args) expect(declared?.text, prompt.name).toContain(`\${arguments.${arg}}`);
    }
  });

  it('declares Drata as the service personnel data goes to, and where it runs', () => {
    expect(manifest.privacy_policies).toContain('https://drata.com/privacy');
    expect([...(manifest.compatibility?.platforms ?? [])].sort()).toEqual(['darwin', 'linux', 'win32']);
    expect(minVersion(manifest.compatibility?.runtimes?.node ?? '')).toEqual(minVersion(pkg.engines.node));
  });
});

describe('manifest.json user_config', () => {
  const env = manifest.server.mcp_config.env ?? {};

  it('asks for the API key as a required secret and passes it as DRATA_API_KEY', () => {
    const key = Object.entries(env).find(([name]) => name === 'DRATA_API_KEY')?.[1];
    expect(key).toMatch(/^\$\{user_config\.(\w+)\}$/);
    const option = userConfig[/\$\{user_config\.(\w+)\}/.exec(key ?? '')?.[1] ?? ''];
    expect(option).toMatchObject({ type: 'string', sensitive: true, required: true });
  });

  it('offers region, base URL, read-only and write API, each mapped onto a real setting', () => {
    const mapped = Object.fromEntries(
      Object.entries(env).map(([name, value]) => [/\$\{user_config\.(\w+)\}/.exec(value)?.[1], name]),
    );
    expect(mapped).toMatchObject({
      region: 'DRATA_REGION',
      base_url: 'DRATA_BASE_URL',
      read_only: 'DRATA_READ_ONLY',
      write_api: 'DRATA_WRITE_API',
    });
    for (const name of Object.keys(env)) expect(ENV_VARS, name).toContain(name);
    // No dead options: every user_config entry reaches the server.
    for (const key of Object.keys(userConfig)) expect(Object.keys(mapped), key).toContain(key);
    for (const region of REGIONS) expect(userConfig.region?.description).toContain(region);
    expect(userConfig.read_only?.type).toBe('boolean');
  });

  it('gives every optional entry a default, so no user_config placeholder is left for the server', () => {
    for (const [key, option] of Object.entries(userConfig)) {
      if (!option.required) expect(option.default, key).not.toBeUndefined();
    }
    const resolved = resolveMcpConfig(manifest, '/bundle', { drata_api_key: 'key-from-the-form' });
    expect(JSON.stringify(resolved)).not.toContain('${');
  });

  it('gives a configuration the server accepts, with only the key filled in', () => {
    const resolved = resolveMcpConfig(manifest, '/bundle', { drata_api_key: 'key-from-the-form' });
    expect(resolved.args).toEqual(['/bundle/dist/index.js']);
    const result = loadConfig(resolved.args.slice(1), resolved.env);
    expect(result.kind).toBe('run');
    if (result.kind !== 'run') return;
    expect(result.config).toMatchObject({
      apiKey: 'key-from-the-form',
      region: 'us',
      baseUrl: undefined,
      readOnly: false,
      writeApi: 'v2',
      transport: 'stdio',
    });
  });

  it('passes every option through to the server', () => {
    const resolved = resolveMcpConfig(manifest, '/bundle', {
      drata_api_key: 'key-from-the-form',
      region: 'eu',
      base_url: 'https://drata-proxy.example.com',
      read_only: true,
      write_api: 'v1',
    });
    const result = loadConfig(resolved.args.slice(1), resolved.env);
    if (result.kind !== 'run') throw new Error('expected run');
    expect(result.config).toMatchObject({
      region: 'eu',
      baseUrl: 'https://drata-proxy.example.com',
      readOnly: true,
      writeApi: 'v1',
    });
  });
});
