/**
 * What an MCP Bundle host (Claude Desktop) does with manifest.json's `mcp_config`, per the MCPB spec: merge
 * `user_config` defaults with what the user entered, turn booleans into "true"/"false", and substitute
 * `${__dirname}` and `${user_config.KEY}`. A placeholder with no value stays as it is, which is why every
 * optional user_config entry needs a default. Shared by the manifest unit test and the bundle e2e test.
 */
import { readFileSync } from 'node:fs';

export interface UserConfigOption {
  type: 'string' | 'number' | 'boolean' | 'directory' | 'file';
  title: string;
  description: string;
  required?: boolean;
  sensitive?: boolean;
  default?: string | number | boolean | string[];
}

export interface Manifest {
  manifest_version: string;
  name: string;
  display_name?: string;
  version: string;
  description: string;
  long_description?: string;
  author: { name: string; email?: string; url?: string };
  repository?: { type: string; url: string };
  license?: string;
  icon?: string;
  server: {
    type: string;
    entry_point: string;
    mcp_config: { command: string; args?: string[]; env?: Record<string, string> };
  };
  tools?: Array<{ name: string; description?: string }>;
  prompts?: Array<{ name: string; description?: string; arguments?: string[]; text: string }>;
  privacy_policies?: string[];
  compatibility?: { platforms?: string[]; runtimes?: { node?: string } };
  user_config?: Record<string, UserConfigOption>;
}

export function readManifest(path: string | URL): Manifest {
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

export interface ResolvedConfig {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export function resolveMcpConfig(
  manifest: Manifest,
  dirname: string,
  userValues: Record<string, string | number | boolean>,
): ResolvedConfig {
  const values: Record<string, string> = {};
  for (const [key, option] of Object.entries(manifest.user_config ?? {})) {
    if (option.default !== undefined) values[key] = String(option.default);
  }
  for (const [key, value] of Object.entries(userValues)) values[key] = String(value);
  const substitute = (s: string) =>
    s
      .replace(/\$\{__dirname\}/g, () => dirname)
      .replace(/\$\{user_config\.([^}]+)\}/g, (whole, key: string) => values[key] ?? whole);
  const { command, args = [], env = {} } = manifest.server.mcp_config;
  return {
    command: substitute(command),
    args: args.map(substitute),
    env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, substitute(v)])),
  };
}
