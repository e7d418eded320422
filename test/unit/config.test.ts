import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  loadConfig,
  mergeSettings,
  parseArgv,
  parseEnv,
  validateSettings,
} from '../../src/config.js';
import { isLoopbackHost } from '../../src/net.js';

const KEY = { DRATA_API_KEY: 'test-key-0123456789' };

function run(argv: string[], env: Record<string, string | undefined> = KEY) {
  const result = loadConfig(argv, env);
  if (result.kind !== 'run') throw new Error(`expected run, got ${result.kind}`);
  return result.config;
}

function fails(argv: string[], env: Record<string, string | undefined>, pattern: RegExp) {
  let error: unknown;
  try {
    loadConfig(argv, env);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as Error).message;
  expect(message).toMatch(pattern);
  expect(message).not.toContain('\n');
}

describe('parseArgv', () => {
  it('reads --flag value and --flag=value forms and boolean flags', () => {
    const action = parseArgv([
      '--region',
      'eu',
      '--write-api=v1',
      '--read-only',
      '--sandbox',
      '--sandbox-size',
      '40',
    ]);
    expect(action).toEqual({
      kind: 'run',
      raw: { region: 'eu', writeApi: 'v1', readOnly: true, sandbox: true, sandboxSize: '40' },
    });
  });
  it('recognises --help and --version', () => {
    expect(parseArgv(['--help']).kind).toBe('help');
    expect(parseArgv(['--version']).kind).toBe('version');
  });
  it('rejects unknown flags and positionals', () => {
    expect(() => parseArgv(['--regoin', 'eu'])).toThrow(ConfigError);
    expect(() => parseArgv(['stray'])).toThrow(ConfigError);
  });
  it('refuses secrets as flags without echoing them', () => {
    let message = '';
    try {
      parseArgv(['--api-key=sekrit-value-123']);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/DRATA_API_KEY/);
    expect(message).not.toContain('sekrit-value-123');
  });
});

describe('parseEnv and merge', () => {
  it('maps env variables, ignoring empty values', () => {
    expect(parseEnv({ DRATA_REGION: 'apac', MCP_PORT: '', DRATA_API_KEY: ' k ', OTHER: 'x' })).toEqual({
      region: 'apac',
      apiKey: 'k',
    });
  });
  it('lets flags win over env, key by key', () => {
    expect(mergeSettings({ region: 'eu' }, { region: 'us', writeApi: 'v1' })).toEqual({
      region: 'eu',
      writeApi: 'v1',
    });
  });
});

describe('validateSettings defaults and values', () => {
  it('applies the documented defaults', () => {
    expect(run([])).toEqual({
      apiKey: KEY.DRATA_API_KEY,
      approvalSecret: undefined,
      approvalRelay: false,
      http: {
        allowedHosts: [],
        allowedOrigins: [],
        insecureNoAuth: false,
        maxConnections: undefined,
        maxSessions: undefined,
        sessionIdleMs: undefined,
      },
      shared: { redisUrl: undefined, stateDir: expect.stringMatching(/drata-personnel-mcp$/), rateWindowMs: 60_000, fallbackPercent: 25, stateless2025: false },
      region: 'us',
      baseUrl: undefined,
      readOnly: false,
      writeApi: 'v2',
      maxOutputTokens: 8000,
      transport: 'stdio',
      host: '127.0.0.1',
      port: 3000,
      httpToken: undefined,
      sandbox: false,
      sandboxSize: 250,
      timeoutMs: 30000,
      rateLimitPerMinute: 500,
      reportCacheTtlSeconds: 60,
      snapshotTtlSeconds: 300,
      reportMaxPages: 1000,
      logLevel: 'info',
    });
  });
  it('reads every env variable', () => {
    const c = run([], {
      ...KEY,
      DRATA_REGION: 'EU',
      DRATA_BASE_URL: 'http://127.0.0.1:4010/',
      DRATA_READ_ONLY: 'true',
      DRATA_WRITE_API: 'v1',
      DRATA_MAX_OUTPUT_TOKENS: '4000',
      MCP_TRANSPORT: 'http',
      MCP_HOST: '0.0.0.0',
      MCP_PORT: '8080',
      MCP_HTTP_TOKEN: 'a-long-enough-token',
      DRATA_TIMEOUT_MS: '5000',
      DRATA_RATE_LIMIT: '100',
      DRATA_REPORT_CACHE_TTL: '0',
      DRATA_REPORT_MAX_PAGES: '7',
      DRATA_LOG_LEVEL: 'debug',
    });
    expect(c).toMatchObject({
      region: 'eu',
      baseUrl: 'http://127.0.0.1:4010',
      readOnly: true,
      writeApi: 'v1',
      maxOutputTokens: 4000,
      transport: 'http',
      host: '0.0.0.0',
      port: 8080,
      httpToken: 'a-long-enough-token',
      timeoutMs: 5000,
      rateLimitPerMinute: 100,
      reportCacheTtlSeconds: 0,
      reportMaxPages: 7,
      logLevel: 'debug',
    });
  });
  it('flags override env', () => {
    expect(
      run(['--region', 'apac', '--max-output-tokens', '2000'], { ...KEY, DRATA_REGION: 'eu' }),
    ).toMatchObject({
      region: 'apac',
      maxOutputTokens: 2000,
    });
  });
  it('sandbox mode needs no API key', () => {
    expect(run(['--sandbox'], {})).toMatchObject({ sandbox: true, apiKey: undefined, sandboxSize: 250 });
  });
});

describe('validateSettings errors: one line naming the setting', () => {
  it('missing key', () => fails([], {}, /DRATA_API_KEY is not set/));
  it('bad region', () =>
    fails(['--region', 'mars'], KEY, /--region \/ DRATA_REGION must be one of us, eu, apac/));
  it('bad write api', () =>
    fails([], { ...KEY, DRATA_WRITE_API: 'v3' }, /DRATA_WRITE_API must be one of v2, v1/));
  it('bad boolean', () =>
    fails([], { ...KEY, DRATA_READ_ONLY: 'maybe' }, /DRATA_READ_ONLY must be true or false/));
  it('bad number', () => fails(['--max-output-tokens', '12abc'], KEY, /--max-output-tokens .* whole number/));
  it('number out of range', () =>
    fails(['--port', '70000'], KEY, /MCP_PORT must be a whole number from 0 to 65535/));
  it('sandbox size bound', () => fails(['--sandbox', '--sandbox-size', '20001'], {}, /--sandbox-size/));
  it('transport', () => fails(['--transport', 'ws'], KEY, /MCP_TRANSPORT must be one of stdio, http/));
  it('non-loopback bind without token', () =>
    fails(['--transport', 'http', '--host', '0.0.0.0'], KEY, /MCP_HTTP_TOKEN is required .* 0\.0\.0\.0/));
  it('short token', () =>
    fails(['--transport', 'http'], { ...KEY, MCP_HTTP_TOKEN: 'short' }, /at least 16/));
  it('insecure opt-out off loopback, or with a token', () => {
    const optOut = { ...KEY, MCP_HTTP_INSECURE_NO_AUTH: 'yes-i-understand' };
    fails(['--transport', 'http', '--host', '0.0.0.0'], optOut, /refused on the non-loopback address/);
    fails(['--transport', 'http'], { ...optOut, MCP_HTTP_TOKEN: 'x'.repeat(20) }, /set only one/);
  });
  it('plain http base url off loopback', () =>
    fails(['--base-url', 'http://api.example.com'], KEY, /must use https unless the host is loopback/));
  it('base url with a path', () =>
    fails(['--base-url', 'https://api.example.com/public'], KEY, /must be an origin without path/));
  it('base url garbage', () => fails(['--base-url', 'not a url'], KEY, /not a valid absolute URL/));
  it('base url with credentials: refused without echoing them, in any encoding', () => {
    for (const url of ['http://u:s3cr3t-pw@127.0.0.1:4010', 'https://user%40x:s3cr3t-pw@api.example.com']) {
      let message = '';
      try {
        loadConfig(['--base-url', url], KEY);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/must not contain credentials/);
      expect(message).not.toMatch(/s3cr3t|user|u:/);
      expect(message).not.toContain(Buffer.from('s3cr3t-pw').toString('base64'));
    }
  });
  it('sandbox with base url', () =>
    fails(['--sandbox', '--base-url', 'http://127.0.0.1:1'], {}, /do not combine/));
  it('never echoes the key', () => {
    try {
      validateSettings({ apiKey: 'has space-secret' });
    } catch (err) {
      expect((err as Error).message).not.toContain('space-secret');
    }
  });
});

describe('the base URL (the client rule) and isLoopbackHost', () => {
  it('accepts https anywhere and http on loopback', () => {
    const base = (u: string) => validateSettings({ apiKey: 'k', baseUrl: u }).baseUrl;
    expect(base('https://public-api.eu.drata.com/')).toBe('https://public-api.eu.drata.com');
    expect(base('http://localhost:4010')).toBe('http://localhost:4010');
    expect(base('http://[::1]:4010')).toBe('http://[::1]:4010');
  });
  it('classifies loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.8.9.10', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(h)).toBe(true);
    }
    for (const h of ['0.0.0.0', '10.0.0.1', 'example.com', '::', '128.0.0.1', 'localhost.example.com']) {
      expect(isLoopbackHost(h)).toBe(false);
    }
  });
});

describe('replica-state settings (REDIS_URL, DRATA_STATE_DIR, DRATA_RATE_LIMIT_WINDOW, DRATA_RATE_LIMIT_FALLBACK)', () => {
  it('reads them from the environment', () => {
    const c = run([], {
      ...KEY,
      REDIS_URL: 'redis://:pw@cache.internal:6379/2',
      DRATA_STATE_DIR: '/var/lib/dpm',
      DRATA_RATE_LIMIT_WINDOW: '10',
      DRATA_RATE_LIMIT_FALLBACK: '34',
    });
    expect(c.shared).toEqual({
      redisUrl: 'redis://:pw@cache.internal:6379/2',
      stateDir: '/var/lib/dpm',
      rateWindowMs: 10_000,
      fallbackPercent: 34,
      stateless2025: true,
    });
    expect(run([], { ...KEY, REDIS_URL: 'redis://c:6379', MCP_HTTP_STATELESS: 'false' }).shared.stateless2025).toBe(false);
    expect(run([], { ...KEY, MCP_HTTP_STATELESS: 'on' }).shared.stateless2025).toBe(true);
    expect(run([], { ...KEY, XDG_STATE_HOME: '/x/state' }).shared.stateDir).toBe('/x/state/drata-personnel-mcp');
  });
  it('refuses what it cannot use, naming the setting', () => {
    expect(() => run([], { ...KEY, REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL must start with redis:\/\//);
    expect(() => run([], { ...KEY, REDIS_URL: 'not a url' })).toThrow(/REDIS_URL must be a URL/);
    expect(() => run([], { ...KEY, DRATA_STATE_DIR: 'relative/dir' })).toThrow(/DRATA_STATE_DIR must be an absolute path/);
    expect(() => run([], { ...KEY, DRATA_RATE_LIMIT_FALLBACK: '0' })).toThrow(/DRATA_RATE_LIMIT_FALLBACK must be a whole number from 1 to 100/);
    expect(() => run([], { ...KEY, DRATA_RATE_LIMIT_WINDOW: '0' })).toThrow(/DRATA_RATE_LIMIT_WINDOW/);
    expect(() => run([], { ...KEY, MCP_HTTP_STATELESS: 'maybe' })).toThrow(/MCP_HTTP_STATELESS must be true or false/);
  });
});
