import { describe, expect, it } from 'vitest';
import { DrataClient, resolveBaseUrls } from '../../../src/drata/client.js';
import { DrataConfigError } from '../../../src/drata/errors.js';

function configError(fn: () => unknown): DrataConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DrataConfigError);
    const e = err as DrataConfigError;
    expect(e.kind).toBe('config');
    expect(e.message).not.toMatch(/\n/);
    return e;
  }
  throw new Error('expected a DrataConfigError');
}

describe('resolveBaseUrls', () => {
  it.each([
    [undefined, 'https://public-api.drata.com'],
    ['us', 'https://public-api.drata.com'],
    ['eu', 'https://public-api.eu.drata.com'],
    ['apac', 'https://public-api.apac.drata.com'],
  ] as const)('region %s → %s', (region, origin) => {
    expect(resolveBaseUrls({ region })).toEqual({ v1: `${origin}/public`, v2: `${origin}/public/v2` });
  });

  it('rejects an unknown region', () => {
    expect(configError(() => resolveBaseUrls({ region: 'mars' as 'us' })).message).toContain(
      'us, eu or apac',
    );
  });

  it.each([
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://127.0.0.1:4010/', 'http://127.0.0.1:4010'],
    ['http://127.8.9.10:80', 'http://127.8.9.10'],
    ['http://localhost:4010', 'http://localhost:4010'],
    ['http://[::1]:4010/', 'http://[::1]:4010'],
    ['https://drata.internal.example.com', 'https://drata.internal.example.com'],
    ['  https://proxy.example.com:8443/  ', 'https://proxy.example.com:8443'],
  ])('override %s is used as the origin', (baseUrl, origin) => {
    expect(resolveBaseUrls({ region: 'eu', baseUrl })).toEqual({
      v1: `${origin}/public`,
      v2: `${origin}/public/v2`,
    });
  });

  it.each([
    ['http://public-api.drata.com', 'https unless'],
    ['http://10.0.0.5:4010', 'https unless'],
    ['http://[::2]:4010', 'https unless'],
    ['ftp://127.0.0.1', 'must use https'],
    ['https://public-api.drata.com/public', 'without path'],
    ['https://public-api.drata.com/x/', 'without path'],
    ['https://public-api.drata.com/?a=1', 'without path, query'],
    ['https://public-api.drata.com/#frag', 'fragment'],
    ['not a url', 'not a valid absolute URL'],
    ['127.0.0.1:4010', 'not a valid absolute URL'],
    ['localhost:4010', 'must use https'],
  ])('rejects %s', (baseUrl, fragment) => {
    expect(configError(() => resolveBaseUrls({ baseUrl })).message).toContain(fragment);
  });

  it('rejects credentials in the URL without echoing them', () => {
    const e = configError(() => resolveBaseUrls({ baseUrl: 'https://user:hunter2-secret@example.com' }));
    expect(e.message).toContain('must not contain credentials');
    expect(e.message).not.toContain('hunter2');
  });
});

describe('DrataClient construction', () => {
  it('exposes the resolved base URLs', () => {
    expect(new DrataClient({ apiKey: 'k'.repeat(20), region: 'apac' }).baseUrls.v2).toBe(
      'https://public-api.apac.drata.com/public/v2',
    );
  });

  it.each(['', '   ', 'abc def', 'abc\ndef'])('rejects the API key %j without printing it', (apiKey) => {
    const e = configError(() => new DrataClient({ apiKey }));
    if (apiKey.trim()) expect(e.message).not.toContain(apiKey.trim());
  });

  it('rejects nonsensical numeric options', () => {
    configError(() => new DrataClient({ apiKey: 'key-123456', timeoutMs: -1 }));
    configError(() => new DrataClient({ apiKey: 'key-123456', rateLimitPerMinute: 0 }));
  });
});
