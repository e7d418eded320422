/**
 * Opaque access tokens through RFC 7662 introspection at the real authorization server (oidc-provider): an
 * active token for this resource is let in as its subject; an unknown one and one for another resource are
 * refused 401; the introspection client's secret never shows up in the logs.
 */
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSettings } from '../../../src/config.js';
import { DrataClient } from '../../../src/drata/client.js';
import { createPersonnelApi } from '../../../src/drata/personnel.js';
import { createLogger } from '../../../src/logger.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { createServer } from '../../../src/server.js';
import { type RunningHttp, runHttp } from '../../../src/transports/http.js';
import { type Idp, secretOf, startIdp } from '../../support/oidc.js';

let sandbox: Sandbox;
let idp: Idp;
let running: RunningHttp;
const logs: string[] = [];

beforeAll(async () => {
  [sandbox, idp] = await Promise.all([startSandbox({ size: 20 }), startIdp()]);
  const secret = secretOf('introspector');
  const config = validateSettings({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.url,
    transport: 'http',
    port: '0',
    oauthIssuer: idp.issuer,
    oauthIntrospectionUrl: idp.introspectionUrl,
    oauthClientId: 'introspector',
    oauthClientSecret: secret,
  });
  const logger = createLogger({ level: 'debug', secrets: [config.apiKey, secret], write: (l) => logs.push(l) });
  const api = createPersonnelApi(new DrataClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, logger }));
  running = await runHttp((ctx) => createServer({ config, api, logger, era: ctx?.era, principal: ctx?.principal }), {
    config,
    logger,
  });
  idp.opaqueFor(running.url);
  idp.opaqueFor('http://127.0.0.1:9/elsewhere');
});

afterAll(async () => {
  await running?.close();
  await Promise.all([sandbox?.close(), idp?.close()]);
});

const init = (token: string) =>
  fetch(running.url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      Authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    }),
  });

describe('opaque tokens by introspection', () => {
  it('an active opaque token for this resource is let in as its subject', async () => {
    const token = await idp.token('alice', running.url);
    expect(token.split('.')).toHaveLength(1);
    const client = new Client({ name: 'opaque', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(running.url), { authProvider: { token: async () => token } }),
    );
    const who = await client.readResource({ uri: 'drata://whoami' });
    expect(JSON.parse(String((who.contents[0] as { text: string }).text))).toMatchObject({
      principal: { kind: 'oauth', subject: 'alice' },
      writesEnabled: true,
    });
    await client.close();
    expect(logs.join('\n')).not.toContain(secretOf('introspector'));
  });

  const REFUSED: ReadonlyArray<readonly [string, () => Promise<string>, RegExp]> = [
    ['an unknown token', async () => 'opaque-but-unknown-token', /not active/],
    ['a token for another resource', () => idp.token('alice', 'http://127.0.0.1:9/elsewhere'), /not issued for this/],
  ];
  it.each(REFUSED)('%s is refused 401', async (_what, make, why) => {
    const res = await init(await make());
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error_description: string }).error_description).toMatch(why);
  });
});
