import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config.js';
import {
  buildHostAllowList,
  checkBearer,
  isHostAllowed,
  isOriginAllowed,
  isWildcardHost,
  normalizeOrigin,
  parseHostHeader,
  tokenDigest,
} from '../../../src/transports/http-security.js';
import { parseHttpEnv } from '../../../src/config-http.js';

describe('parseHostHeader', () => {
  it('splits hostname and port, normalizing case, trailing dots and IPv6 brackets', () => {
    expect(parseHostHeader('Example.COM:8080')).toEqual({ hostname: 'example.com', port: 8080 });
    expect(parseHostHeader('localhost.')).toEqual({ hostname: 'localhost', port: undefined });
    expect(parseHostHeader('[::1]:3000')).toEqual({ hostname: '[::1]', port: 3000 });
    expect(parseHostHeader('[0:0:0:0:0:0:0:1]')).toEqual({ hostname: '[0:0:0:0:0:0:0:1]', port: undefined });
  });

  it('rejects what is not a host', () => {
    for (const bad of [
      undefined,
      '',
      ' ',
      'a b',
      'host:99999',
      'user@host',
      'host/path',
      '::1',
      'host:port',
      'h:1:2',
    ]) {
      expect(parseHostHeader(bad), String(bad)).toBeUndefined();
    }
  });
});

describe('Host allow-list', () => {
  it('allows the loopback names on a loopback bind, on any port', () => {
    const allow = buildHostAllowList({ bindHost: '127.0.0.1', boundAddress: '127.0.0.1' });
    for (const ok of ['127.0.0.1:3000', 'localhost:3000', '[::1]:3000', 'localhost', 'LOCALHOST:1']) {
      expect(isHostAllowed(ok, allow), ok).toBe(true);
    }
    for (const bad of ['evil.example.com:3000', '127.0.0.2:3000', 'localhost.evil.test', undefined, '']) {
      expect(isHostAllowed(bad, allow), String(bad)).toBe(false);
    }
  });

  it('allows only the bind host (and listed hosts) on a specific non-loopback bind', () => {
    const allow = buildHostAllowList({
      bindHost: '10.1.2.3',
      boundAddress: '10.1.2.3',
      extra: ['mcp.example.com', 'proxy.example.com:8443'],
    });
    expect(isHostAllowed('10.1.2.3:3000', allow)).toBe(true);
    expect(isHostAllowed('mcp.example.com', allow)).toBe(true);
    expect(isHostAllowed('mcp.example.com:443', allow)).toBe(true);
    expect(isHostAllowed('proxy.example.com:8443', allow)).toBe(true);
    expect(isHostAllowed('proxy.example.com:8080', allow)).toBe(false);
    expect(isHostAllowed('proxy.example.com', allow)).toBe(false);
    expect(isHostAllowed('localhost:3000', allow)).toBe(false);
  });

  it('on a wildcard bind allows loopback names and the machine’s own addresses', () => {
    expect(isWildcardHost('0.0.0.0')).toBe(true);
    expect(isWildcardHost('::')).toBe(true);
    expect(isWildcardHost('[::]')).toBe(true);
    expect(isWildcardHost('127.0.0.1')).toBe(false);
    const allow = buildHostAllowList({
      bindHost: '0.0.0.0',
      boundAddress: '0.0.0.0',
      interfaceHosts: ['myhost', '192.168.1.20', 'fe80::1'],
    });
    for (const ok of ['localhost:3000', 'myhost:3000', '192.168.1.20:3000', '[fe80::1]:3000']) {
      expect(isHostAllowed(ok, allow), ok).toBe(true);
    }
    expect(isHostAllowed('0.0.0.0:3000', allow)).toBe(false);
    expect(isHostAllowed('evil.example.com:3000', allow)).toBe(false);
  });
});

describe('Origin policy', () => {
  const loopback = { allowed: new Set<string>() };
  const remote = { allowed: new Set(['https://app.example.com']) };

  it('passes requests without Origin (non-browser clients)', () => {
    expect(isOriginAllowed(undefined, 'localhost:3000', loopback)).toBe(true);
  });

  it('does not trust pages on other loopback ports (any local page could be one)', () => {
    expect(isOriginAllowed('http://localhost:5173', 'localhost:3000', loopback)).toBe(false);
    expect(isOriginAllowed('http://localhost:6274', 'localhost:3000', loopback)).toBe(false);
    expect(isOriginAllowed('http://[::1]:5173', '127.0.0.1:3000', loopback)).toBe(false);
    // Same origin as the server itself (which serves no pages) passes; a listed one does too.
    expect(isOriginAllowed('http://127.0.0.1:3000', '127.0.0.1:3000', loopback)).toBe(true);
    expect(isOriginAllowed('http://localhost:6274', 'localhost:3000', { allowed: new Set(['http://localhost:6274']) })).toBe(true);
  });

  it('refuses foreign, opaque, non-http and malformed origins', () => {
    for (const bad of [
      'http://evil.example.com',
      'null',
      'file://',
      'chrome-extension://abc',
      'garbage',
      '',
    ]) {
      expect(isOriginAllowed(bad, 'localhost:3000', loopback), bad).toBe(false);
    }
    expect(isOriginAllowed('http://localhost:3000', '10.0.0.1:3000', remote)).toBe(false);
  });

  it('allows listed origins and same-origin pages on a remote bind', () => {
    expect(isOriginAllowed('https://app.example.com', 'mcp.example.com', remote)).toBe(true);
    expect(isOriginAllowed('https://APP.example.com:443/', 'mcp.example.com', remote)).toBe(true);
    expect(isOriginAllowed('https://mcp.example.com', 'mcp.example.com', remote)).toBe(true);
    expect(isOriginAllowed('http://mcp.example.com:8080', 'mcp.example.com:8080', remote)).toBe(true);
    expect(isOriginAllowed('https://mcp.example.com', 'mcp.example.com:8080', remote)).toBe(false);
    expect(isOriginAllowed('https://app.example.com:8443', 'mcp.example.com', remote)).toBe(false);
  });

  it('normalizes origins', () => {
    expect(normalizeOrigin('HTTPS://App.Example.com:443')).toBe('https://app.example.com');
    expect(normalizeOrigin('http://localhost:80/')).toBe('http://localhost');
    expect(normalizeOrigin('null')).toBe('null');
    expect(normalizeOrigin('nope')).toBeUndefined();
  });
});

describe('checkBearer', () => {
  const expected = [tokenDigest('correct-horse-battery-staple')];
  const id = tokenDigest('correct-horse-battery-staple').toString('hex').slice(0, 32);

  it('accepts the token with any case of the scheme, naming the credential', () => {
    expect(checkBearer('Bearer correct-horse-battery-staple', expected)).toBe(id);
    expect(checkBearer('bearer correct-horse-battery-staple', expected)).toBe(id);
    expect(checkBearer('BEARER   correct-horse-battery-staple  ', expected)).toBe(id);
  });

  it('tells one token from another', () => {
    const two = [...expected, tokenDigest('second-client-token-0123')];
    expect(checkBearer('Bearer second-client-token-0123', two)).not.toBe(id);
    expect(checkBearer('Bearer second-client-token-0123', two)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('tells missing from invalid', () => {
    expect(checkBearer(undefined, expected)).toEqual({ problem: 'missing' });
    expect(checkBearer('', expected)).toEqual({ problem: 'missing' });
    for (const bad of [
      'Bearer correct-horse-battery-stapl',
      'Bearer correct-horse-battery-staple!',
      'Bearer ',
      'Basic Y29ycmVjdA==',
      'correct-horse-battery-staple',
      'Bearer correct-horse-battery-staple extra',
    ]) {
      expect(checkBearer(bad, expected), bad).toEqual({ problem: 'invalid' });
    }
  });
});

describe('parseHttpEnv', () => {
  it('reads the lists and numbers', () => {
    expect(
      parseHttpEnv({
        MCP_ALLOWED_HOSTS: ' mcp.example.com , proxy:8443,,',
        MCP_ALLOWED_ORIGINS: 'https://app.example.com,http://localhost:6274/',
        MCP_SESSION_IDLE_SECONDS: '60',
        MCP_MAX_SESSIONS: '5',
      }),
    ).toEqual({
      allowedHosts: ['mcp.example.com', 'proxy:8443'],
      allowedOrigins: ['https://app.example.com', 'http://localhost:6274/'],
      sessionIdleMs: 60_000,
      maxSessions: 5,
      maxConnections: undefined,
      insecureNoAuth: false,
    });
    expect(parseHttpEnv({})).toEqual({
      allowedHosts: [],
      allowedOrigins: [],
      sessionIdleMs: undefined,
      maxSessions: undefined,
      maxConnections: undefined,
      insecureNoAuth: false,
    });
    expect(parseHttpEnv({ MCP_HTTP_INSECURE_NO_AUTH: 'yes-i-understand' }).insecureNoAuth).toBe(true);
  });

  it('names the setting when a value is malformed', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ MCP_ALLOWED_HOSTS: 'http://x' }, /MCP_ALLOWED_HOSTS/],
      [{ MCP_ALLOWED_ORIGINS: 'app.example.com' }, /MCP_ALLOWED_ORIGINS/],
      [{ MCP_ALLOWED_ORIGINS: 'https://app.example.com/path' }, /MCP_ALLOWED_ORIGINS/],
      [{ MCP_SESSION_IDLE_SECONDS: '-1' }, /MCP_SESSION_IDLE_SECONDS/],
      [{ MCP_MAX_SESSIONS: '0' }, /MCP_MAX_SESSIONS/],
      [{ MCP_MAX_SESSIONS: '1e3' }, /MCP_MAX_SESSIONS/],
      // The opt-out must be spelled out: "1" or "true" is not enough.
      [{ MCP_HTTP_INSECURE_NO_AUTH: '1' }, /MCP_HTTP_INSECURE_NO_AUTH/],
      [{ MCP_HTTP_INSECURE_NO_AUTH: 'true' }, /yes-i-understand/],
    ];
    for (const [env, message] of cases) {
      expect(() => parseHttpEnv(env)).toThrow(ConfigError);
      expect(() => parseHttpEnv(env)).toThrow(message);
    }
  });
});
