import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';

describe('upstream errors become isError results with what to do', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ elicit: 'accept' });
  });
  afterAll(() => f.close());

  it.each([
    [401, /401.*DRATA_API_KEY.*DRATA_REGION/s],
    [402, /402.*plan/s],
    [403, /403.*"Personnel: List Personnel" \(personnel-get\)/s],
    [412, /412.*accept/s],
    [429, /429.*Try again in \d+ s/s],
    [500, /500.*Try again in a minute/s],
    [503, /503.*Try again/s],
  ])('%i on list_personnel', async (status, pattern) => {
    f.sandbox.failNext({ status, times: 10 });
    const r = await call(f, 'list_personnel', { limit: 3 });
    f.sandbox.failNext({ status: 200, times: 0 });
    expect(r.isError).toBe(true);
    expect(r.content[0]?.text).toMatch(pattern);
    expect(r.content[0]?.text).not.toContain(f.sandbox.apiKey);
  });

  it('403 on a V2 update names the update permission', async () => {
    f.sandbox.failNext({ status: 403, method: 'PUT', times: 1 });
    const r = await call(f, 'update_personnel', { personnel: 1, startedAt: '2019-09-09' });
    expect(r.isError).toBe(true);
    expect(r.content[0]?.text).toMatch(/Personnel: Update Personnel - applies to V2 only/);
  });

  it('409 from a V1 business rule is explained', async () => {
    const v1 = await startFixture({ elicit: 'accept', config: { writeApi: 'v1' } });
    try {
      v1.sandbox.failNext({ status: 409, method: 'PUT', times: 1 });
      const r = await call(v1, 'update_personnel', { personnel: 1, startedAt: '2019-09-09' });
      expect(r.isError).toBe(true);
      expect(r.content[0]?.text).toMatch(/409.*business rule/s);
    } finally {
      await v1.close();
    }
  });

  it('with DRATA_BASE_URL set, the 401 hint names the base URL, not DRATA_REGION (which it overrides)', async () => {
    const { apiFor, connect } = await import('../../support/server.js');
    const conn = await connect(apiFor(f.sandbox.url, 'not-the-sandbox-key', f.logger), {
      logger: f.logger,
      config: { baseUrl: f.sandbox.url },
    });
    try {
      const r = await call(conn, 'get_personnel', { personnel: 1 });
      expect(r.isError).toBe(true);
      const text = r.content[0]?.text ?? '';
      expect(text).toMatch(/401.*DRATA_API_KEY.*DRATA_BASE_URL/s);
      expect(text).toContain(f.sandbox.url);
      expect(text).not.toContain('DRATA_REGION');
    } finally {
      await conn.close();
    }
  });

  it('a wrong key is 401 and the key never appears anywhere', async () => {
    const { apiFor, connect } = await import('../../support/server.js');
    const { createLogger } = await import('../../../src/logger.js');
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (l) => lines.push(l) });
    const conn = await connect(apiFor(f.sandbox.url, 'wrong-key-SECRET-0123456789', logger), { logger });
    try {
      const r = await call(conn, 'get_personnel', { personnel: 1 });
      expect(r.isError).toBe(true);
      expect(r.content[0]?.text).toMatch(/401/);
      expect(JSON.stringify(r)).not.toContain('wrong-key-SECRET');
      expect(lines.join('\n')).not.toContain('wrong-key-SECRET');
    } finally {
      await conn.close();
    }
  });
});
