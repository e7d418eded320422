/**
 * Configuration: argv + env → Config, as pure functions (parse argv, parse env, merge, validate).
 * Flags win over env; the API key and the HTTP token come from env only, never from a flag, so they never
 * show up in `ps` output or shell history. Every problem is reported as one line naming the setting.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AUTH_SETTINGS, type AuthRawSettings, parseOAuth } from './auth/settings.js';
import { type HttpEnvSettings, httpAuth, parseHttpEnv } from './config-http.js';
import { parseSharedEnv, type SharedEnvSettings } from './config-shared.js';
import { type Config, REGIONS } from './config-types.js';
import { DrataConfigError } from './drata/errors.js';
import { resolveBaseUrls } from './drata/client.js';
import { ConfigError } from './errors.js';

export { ConfigError } from './errors.js';

export { type Config, REGIONS, type Region } from './config-types.js';

/** What argv or env said, before defaults and validation. All values are raw strings or booleans. */
export interface RawSettings extends AuthRawSettings {
  apiKey?: string;
  region?: string;
  baseUrl?: string;
  readOnly?: string | boolean;
  writeApi?: string;
  maxOutputTokens?: string;
  transport?: string;
  host?: string;
  port?: string;
  httpToken?: string;
  approvalSecret?: string;
  approvalRelay?: string | boolean;
  sandbox?: string | boolean;
  sandboxSize?: string;
  timeoutMs?: string;
  rateLimitPerMinute?: string;
  reportCacheTtlSeconds?: string;
  snapshotTtlSeconds?: string;
  reportMaxPages?: string;
  logLevel?: string;
  auditLog?: string;
}

/** The settings table: key → env variable and flag. `flag: null` means env only (secrets). */
const SETTINGS = {
  apiKey: { env: 'DRATA_API_KEY', flag: null },
  region: { env: 'DRATA_REGION', flag: 'region' },
  baseUrl: { env: 'DRATA_BASE_URL', flag: 'base-url' },
  readOnly: { env: 'DRATA_READ_ONLY', flag: 'read-only' },
  writeApi: { env: 'DRATA_WRITE_API', flag: 'write-api' },
  maxOutputTokens: { env: 'DRATA_MAX_OUTPUT_TOKENS', flag: 'max-output-tokens' },
  transport: { env: 'MCP_TRANSPORT', flag: 'transport' },
  host: { env: 'MCP_HOST', flag: 'host' },
  port: { env: 'MCP_PORT', flag: 'port' },
  httpToken: { env: 'MCP_HTTP_TOKEN', flag: null },
  approvalSecret: { env: 'DRATA_APPROVAL_SECRET', flag: null },
  approvalRelay: { env: 'DRATA_APPROVAL_RELAY', flag: 'approval-relay' },
  sandbox: { env: 'DRATA_SANDBOX', flag: 'sandbox' },
  sandboxSize: { env: 'DRATA_SANDBOX_SIZE', flag: 'sandbox-size' },
  timeoutMs: { env: 'DRATA_TIMEOUT_MS', flag: 'timeout-ms' },
  rateLimitPerMinute: { env: 'DRATA_RATE_LIMIT', flag: 'rate-limit' },
  reportCacheTtlSeconds: { env: 'DRATA_REPORT_CACHE_TTL', flag: 'report-cache-ttl' },
  snapshotTtlSeconds: { env: 'DRATA_SNAPSHOT_TTL', flag: 'snapshot-ttl' },
  reportMaxPages: { env: 'DRATA_REPORT_MAX_PAGES', flag: 'report-max-pages' },
  logLevel: { env: 'DRATA_LOG_LEVEL', flag: 'log-level' },
  auditLog: { env: 'DRATA_AUDIT_LOG', flag: 'audit-log' },
  ...AUTH_SETTINGS,
} as const satisfies Record<keyof RawSettings, { env: string; flag: string | null }>;

const BOOLEAN_FLAGS = new Set(['read-only', 'sandbox', 'approval-relay']);

/** Names of the settings for docs and error messages: `--region / DRATA_REGION`. */
export function settingName(key: keyof RawSettings): string {
  const s = SETTINGS[key];
  return s.flag ? `--${s.flag} / ${s.env}` : s.env;
}

export const ENV_VARS: readonly string[] = Object.values(SETTINGS).map((s) => s.env);

export type CliAction = { kind: 'run'; raw: RawSettings } | { kind: 'help' } | { kind: 'version' };

/** Parse argv (without node and script). Unknown flags, positionals and secret flags are errors. */
export function parseArgv(argv: readonly string[]): CliAction {
  const options: Record<string, { type: 'string' | 'boolean' }> = {
    help: { type: 'boolean' },
    version: { type: 'boolean' },
  };
  for (const s of Object.values(SETTINGS)) {
    if (s.flag) options[s.flag] = { type: BOOLEAN_FLAGS.has(s.flag) ? 'boolean' : 'string' };
  }
  for (const arg of argv) {
    if (/^--(api-key|drata-api-key|http-token|oauth-client-secret)(=|$)/i.test(arg)) {
      throw new ConfigError(
        'secrets are read from the environment only: set DRATA_API_KEY (or MCP_HTTP_TOKEN, MCP_OAUTH_CLIENT_SECRET), not a flag',
      );
    }
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ConfigError(`${message} (see --help)`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const raw: RawSettings = {};
  for (const [key, s] of Object.entries(SETTINGS) as Array<
    [keyof RawSettings, (typeof SETTINGS)[keyof RawSettings]]
  >) {
    const v = s.flag ? values[s.flag] : undefined;
    if (v !== undefined) (raw as Record<string, string | boolean>)[key] = v;
  }
  return { kind: 'run', raw };
}

/** Pick our variables out of an environment. Empty strings count as unset. */
export function parseEnv(env: Readonly<Record<string, string | undefined>>): RawSettings {
  const raw: RawSettings = {};
  for (const [key, s] of Object.entries(SETTINGS) as Array<[keyof RawSettings, { env: string }]>) {
    const v = env[s.env];
    if (v !== undefined && v.trim() !== '') (raw as Record<string, string>)[key] = v.trim();
  }
  return raw;
}

/** Flags win over env, key by key. */
export function mergeSettings(fromFlags: RawSettings, fromEnv: RawSettings): RawSettings {
  const merged: RawSettings = { ...fromEnv };
  for (const [k, v] of Object.entries(fromFlags))
    if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  return merged;
}

const bool = (key: keyof RawSettings) =>
  z
    .union([z.boolean(), z.string()])
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return false;
      if (typeof v === 'boolean') return v;
      const s = v.toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(s)) return true;
      if (['0', 'false', 'no', 'off'].includes(s)) return false;
      ctx.addIssue({ code: 'custom', message: `${settingName(key)} must be true or false, got "${v}"` });
      return z.NEVER;
    });

const int = (key: keyof RawSettings, def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return def;
      if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
        ctx.addIssue({
          code: 'custom',
          message: `${settingName(key)} must be a whole number from ${min} to ${max}, got "${v}"`,
        });
        return z.NEVER;
      }
      return Number(v);
    });

const oneOf = <T extends string>(key: keyof RawSettings, values: readonly T[], def: T) =>
  z
    .string()
    .optional()
    .transform((v, ctx): T => {
      if (v === undefined) return def;
      const lower = v.toLowerCase() as T;
      if (values.includes(lower)) return lower;
      ctx.addIssue({
        code: 'custom',
        message: `${settingName(key)} must be one of ${values.join(', ')}, got "${v}"`,
      });
      return z.NEVER;
    });

const settingsSchema = z.object({
  apiKey: z.string().optional(),
  region: oneOf('region', REGIONS, 'us'),
  baseUrl: z.string().optional(),
  readOnly: bool('readOnly'),
  writeApi: oneOf('writeApi', ['v2', 'v1'] as const, 'v2'),
  maxOutputTokens: int('maxOutputTokens', 8000, 500, 200_000),
  transport: oneOf('transport', ['stdio', 'http'] as const, 'stdio'),
  host: z.string().optional().default('127.0.0.1'),
  port: int('port', 3000, 0, 65_535),
  httpToken: z.string().optional(),
  approvalSecret: z.string().optional(),
  approvalRelay: bool('approvalRelay'),
  sandbox: bool('sandbox'),
  sandboxSize: int('sandboxSize', 250, 1, 20_000),
  timeoutMs: int('timeoutMs', 30_000, 100, 600_000),
  rateLimitPerMinute: int('rateLimitPerMinute', 500, 1, 100_000),
  reportCacheTtlSeconds: int('reportCacheTtlSeconds', 60, 0, 86_400),
  snapshotTtlSeconds: int('snapshotTtlSeconds', 300, 10, 86_400),
  reportMaxPages: int('reportMaxPages', 1000, 1, 100_000),
  logLevel: oneOf('logLevel', ['debug', 'info', 'warning', 'error'] as const, 'info'),
  auditLog: z.string().optional(),
});

/** Validate merged settings into a Config, or throw ConfigError with one line naming the setting. */
export function validateSettings(
  raw: RawSettings,
  http: HttpEnvSettings = parseHttpEnv({}),
  shared: SharedEnvSettings = parseSharedEnv({}),
): Config {
  const result = settingsSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(issue?.message ?? 'invalid configuration');
  }
  const c = result.data;
  const config: Config = {
    ...c,
    apiKey: c.apiKey,
    baseUrl: c.baseUrl,
    httpToken: c.httpToken,
    approvalSecret: c.approvalSecret,
    http,
    oauth: parseOAuth(raw),
    auditLog: c.auditLog,
    shared,
  };
  if (config.approvalSecret !== undefined && config.approvalSecret.length < 32) {
    throw new ConfigError('DRATA_APPROVAL_SECRET must be at least 32 characters');
  }

  if (!config.sandbox) {
    if (!config.apiKey) {
      throw new ConfigError(
        'DRATA_API_KEY is not set: create an API key in Drata (Settings → API Keys) and export it, or run with --sandbox',
      );
    }
    if (/\s/.test(config.apiKey)) throw new ConfigError('DRATA_API_KEY must not contain whitespace');
  }
  if (config.baseUrl !== undefined) config.baseUrl = checkBaseUrl(config.baseUrl);
  if (config.sandbox && config.baseUrl !== undefined) {
    throw new ConfigError(
      '--sandbox starts its own local API: do not combine it with --base-url / DRATA_BASE_URL',
    );
  }
  if (config.transport === 'http') httpAuth(config);
  else if (config.oauth) throw new ConfigError('MCP_OAUTH_ISSUER applies to --transport http only (stdio runs as the local user)');
  return config;
}

/** The client's own base-URL rule (it never echoes credentials); returns the origin. */
function checkBaseUrl(value: string): string {
  try {
    return new URL(resolveBaseUrls({ baseUrl: value }).v1).origin;
  } catch (err) {
    if (err instanceof DrataConfigError) throw new ConfigError(`--base-url / DRATA_BASE_URL: ${err.message}`);
    throw err;
  }
}

/** The whole pipeline: argv + env → action. Throws ConfigError. */
export function loadConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { kind: 'run'; config: Config } | { kind: 'help' } | { kind: 'version' } {
  const action = parseArgv(argv);
  if (action.kind !== 'run') return action;
  const raw = mergeSettings(action.raw, parseEnv(env));
  return { kind: 'run', config: validateSettings(raw, parseHttpEnv(env), parseSharedEnv(env)) };
}
