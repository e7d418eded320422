/**
 * OAuth 2.1 resource-server mode against a real authorization server (oidc-provider on loopback): the real
 * server behind runHttp over the sandbox. SDK clients discover the metadata from the 401 and get tokens by
 * client credentials with a resource indicator; a read-only principal sees no write tools and is refused 403
 * insufficient_scope; bad tokens are refused 401; a key rotation is picked up without a restart; sessions and
 * approval tokens and 2026-07-28 input_required rounds belong to their principal.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, ClientCredentialsProvider, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { importJWK, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/audit/types.js';
import { validateSettings } from '../../../src/config.js';
import { DrataClient } from '../../../src/drata/client.js';
import { createPersonnelApi } from '../../../src/drata/personnel.js';
import { createLogger } from '../../../src/logger.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { createServer } from '../../../src/server.js';
import { createApprovals } from '../../../src/tools/approval.js';
import { type RunningHttp, runHttp } from '../../../src/transports/http.js';
import { type ClientName, CLIENTS, type Idp, newSigningKey, READ, secretOf, startIdp, WRITE } from '../../support/oidc.js';

let sandbox: Sandbox;
let idp: Idp;
let running: RunningHttp;
let auditLog: string;
const logs: string[] = [];

beforeAll(async () => {
  [sandbox, idp] = await Promise.all([startSandbox({ size: 30 }), startIdp()]);
  auditLog = join(mkdtempSync(join(tmpdir(), 'oauth-audit-')), 'audit.jsonl');
  const config = validateSettings({
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.url,
    transport: 'http',
    port: '0',
    oauthIssuer: idp.issuer,
    auditLog,
    // The principal-binding test relays an approval token between principals: the opt-in path.
    approvalRelay: true,
  });
  const logger = createLogger({ level: 'debug', secrets: [config.apiKey], write: (l) => logs.push(l) });
  const api = createPersonnelApi(new DrataClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, logger }));
  const now = () => new Date(sandbox.now.getTime());
  const approvals = createApprovals();
  running = await runHttp(
    (ctx) => createServer({ config, api, logger, now, approvals, era: ctx?.era, principal: ctx?.principal }),
    // A rotated key is fetched at once in tests (production waits 30 s between JWKS fetches).
    { config, logger, jwksCooldownMs: 0 },
  );
});

afterAll(async () => {
  await running?.close();
  await Promise.all([sandbox?.close(), idp?.close()]);
});

const metadataUrl = () => new URL('/.well-known/oauth-protected-resource', running.url).href;

/**
 * An SDK v2 client for `name`. Writers run the whole discovery (401 → metadata → token endpoint); the reader
 * brings a token it already has, because the SDK asks for every scope the metadata lists, which this IdP
 * refuses to a client allowed only the read scope.
 */
async function sdkClient(name: ClientName, mode: 'legacy' | { pin: '2026-07-28' } = 'legacy') {
  const authProvider =
    name === 'reader'
      ? { token: () => idp.token('reader', running.url) }
      : new ClientCredentialsProvider({
          clientId: name,
          clientSecret: secretOf(name),
          scope: CLIENTS[name],
          expectedIssuer: idp.issuer,
        });
  const client = new Client({ name: `oauth-test-${name}`, version: '1.0.0' }, { versionNegotiation: { mode } });
  const transport = new StreamableHTTPClientTransport(new URL(running.url), { authProvider });
  await client.connect(transport);
  return { client, transport };
}

/** One raw JSON-RPC POST to /mcp (2025 era, no session: initialize or a stateless probe). */
function post(body: unknown, headers: Record<string, string> = {}, url = running.url) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};
/** The request `_meta` of a raw 2026-07-28 call. */
const modernMeta = (clientCapabilities: Record<string, unknown>) => ({
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': clientCapabilities,
});
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const toolNames = async (client: Client) => (await client.listTools()).tools.map((t) => t.name).sort();

describe('discovery and a full principal', () => {
  it('a 401 names the protected resource metadata, which names the issuer and the scopes', async () => {
    const res = await post(initialize);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(res.headers.get('www-authenticate')).toContain(`resource_metadata="${metadataUrl()}"`);
    const doc = (await (await fetch(metadataUrl())).json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      resource: running.url,
      authorization_servers: [idp.issuer],
      scopes_supported: [READ, WRITE],
      bearer_methods_supported: ['header'],
    });
    // The path-aware form (RFC 9728 §3.1) serves the same document.
    const pathAware = await fetch(new URL('/.well-known/oauth-protected-resource/mcp', running.url));
    expect(await pathAware.json()).toEqual(doc);
  });

  it.each([['legacy'], [{ pin: '2026-07-28' }]] as const)(
    'an SDK client (%o) discovers the metadata from the 401, gets a token and calls tools',
    async (mode) => {
      const { client } = await sdkClient('alice', mode);
      expect(await toolNames(client)).toContain('update_personnel');
      const r = await client.callTool({ name: 'list_personnel', arguments: { limit: 2 } });
      expect(r.isError).toBeFalsy();
      const who = await client.readResource({ uri: 'drata://whoami' });
      const me = JSON.parse(String((who.contents[0] as { text: string }).text)) as Record<string, unknown>;
      expect(me).toMatchObject({
        principal: { kind: 'oauth', subject: 'alice', clientId: 'alice' },
        scopes: [READ, WRITE],
        auth: 'oauth',
        region: 'us',
        writesEnabled: true,
      });
      await client.close();
    },
  );

  it('Drata never sees the client token, only the server key', async () => {
    const token = await idp.token('alice', running.url);
    sandbox.clearLogs();
    const { client } = await sdkClient('alice');
    await client.callTool({ name: 'list_personnel', arguments: { limit: 1 } });
    await client.close();
    expect(sandbox.requests.length).toBeGreaterThan(0);
    expect(JSON.stringify(sandbox.requests)).not.toContain(token.split('.')[2]);
    expect(logs.join('\n')).not.toContain(token);
  });
});

describe('a read-only principal', () => {
  it.each([['legacy'], [{ pin: '2026-07-28' }]] as const)('(%o) sees no write tool', async (mode) => {
    const { client } = await sdkClient('reader', mode);
    const names = await toolNames(client);
    expect(names).toContain('get_personnel');
    expect(names).not.toContain('update_personnel');
    expect(names).not.toContain('resync_personnel');
    const who = await client.readResource({ uri: 'drata://whoami' });
    expect(String((who.contents[0] as { text: string }).text)).toContain(`"whyNoWrites": "the token lacks the ${WRITE} scope"`);
    await client.close();
  });

  it.each([
    ['2025-06-18 session', false],
    ['2026-07-28 request', true],
  ] as const)('is refused 403 insufficient_scope naming the write scope (%s)', async (_era, modern) => {
    const token = await idp.token('reader', running.url);
    let headers: Record<string, string> = bearer(token);
    if (!modern) {
      const init = await post(initialize, headers);
      headers = { ...headers, 'Mcp-Session-Id': init.headers.get('mcp-session-id')!, 'Mcp-Protocol-Version': '2025-06-18' };
    }
    sandbox.clearLogs();
    for (const name of ['update_personnel', 'resync_personnel']) {
      const meta = modern ? { _meta: modernMeta({}) } : {};
      const res = await post(
        { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name, arguments: { personnel: [1], all: undefined }, ...meta } },
        modern ? { ...headers, 'Mcp-Protocol-Version': '2026-07-28' } : headers,
      );
      expect(res.status).toBe(403);
      const challenge = res.headers.get('www-authenticate') ?? '';
      expect(challenge).toContain('error="insufficient_scope"');
      expect(challenge).toContain(`scope="${WRITE}"`);
      expect(challenge).toContain(`resource_metadata="${metadataUrl()}"`);
    }
    expect(sandbox.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
    const refused = readFileSync(auditLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEntry)
      .filter((e) => e.principal.subject === 'reader');
    expect(refused.slice(-2).map((e) => [e.event, e.outcome, e.tool])).toEqual([
      ['refused', 'insufficient_scope', 'update_personnel'],
      ['refused', 'insufficient_scope', 'resync_personnel'],
    ]);
  });
});

/** A token signed with `key` (the IdP's own unless said otherwise) with these claims. */
async function crafted(claims: Record<string, unknown>, key = idp.key) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: `${READ} ${WRITE}`, client_id: 'alice', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid!, typ: 'at+jwt' })
    .setIssuer((claims.iss as string | undefined) ?? idp.issuer)
    .setAudience((claims.aud as string | undefined) ?? running.url)
    .setSubject('alice')
    .setIssuedAt(now - 60)
    .setExpirationTime((claims.exp as number | undefined) ?? now + 300)
    .sign(await importJWK(key, 'RS256'));
}

describe('refused with 401', () => {
  it('a crafted token with the IdP key and correct claims is accepted (the 401s below are about one flaw each)', async () => {
    expect((await post(initialize, bearer(await crafted({})))).status).toBe(200);
  });

  const FLAWED: ReadonlyArray<readonly [string, () => Promise<string>, RegExp]> = [
    ['a wrong audience', async () => idp.token('alice', 'http://127.0.0.1:9/other-server'), /not issued for this resource/],
    ['an expired token', async () => crafted({ exp: Math.floor(Date.now() / 1000) - 3600 }), /expired/],
    ['another issuer', async () => crafted({ iss: 'http://127.0.0.1:9/other-issuer' }), /another issuer/],
    ['an unknown key', async () => crafted({}, await newSigningKey('not-published')), /key the issuer does not publish/],
    [
      'alg none',
      async () =>
        new UnsecuredJWT({ scope: READ })
          .setIssuer(idp.issuer)
          .setAudience(running.url)
          .setSubject('alice')
          .setExpirationTime('5m')
          .encode(),
      /signing algorithm|malformed/,
    ],
    ['garbage', async () => 'not-a-token', /not a JWT/],
  ];
  it.each(FLAWED)('%s', async (_what, make, why) => {
    const res = await post(initialize, bearer(await make()));
    expect(res.status).toBe(401);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('error="invalid_token"');
    expect(challenge).toContain(`resource_metadata="${metadataUrl()}"`);
    expect(((await res.json()) as { error_description: string }).error_description).toMatch(why);
  });

  it('a valid token in the query string', async () => {
    const token = await idp.token('alice', running.url);
    for (const headers of [{}, bearer(token)]) {
      const res = await post(initialize, headers, `${running.url}?access_token=${encodeURIComponent(token)}`);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error_description: string }).error_description).toMatch(/never in the URL/);
    }
  });
});

describe('key rotation and principal binding', () => {
  it('a JWKS key rotation is picked up without a restart', async () => {
    const before = await idp.token('alice', running.url);
    expect((await post(initialize, bearer(before))).status).toBe(200);
    await idp.rotate();
    const after = await idp.token('alice', running.url);
    expect((await post(initialize, bearer(after))).status).toBe(200);
    // The retired key is gone from the IdP's JWKS, so its tokens no longer verify.
    expect((await post(initialize, bearer(before))).status).toBe(401);
  });

  it("a session of principal A does not exist for principal B; A's next token keeps it", async () => {
    const a = await idp.token('alice', running.url);
    const init = await post(initialize, bearer(a));
    const sessionId = init.headers.get('mcp-session-id')!;
    const ping = async (token: string) =>
      (await post({ jsonrpc: '2.0', id: 2, method: 'ping' }, { ...bearer(token), 'Mcp-Session-Id': sessionId, 'Mcp-Protocol-Version': '2025-06-18' })).status;
    expect(await ping(await idp.token('bob', running.url))).toBe(404);
    expect(await ping(await idp.token('alice', running.url))).toBe(200);
  });

  it('an approval token of principal A is refused for principal B, and works for A', async () => {
    const person = sandbox.org.people.find((p) => p.employmentStatus === 'CURRENT_EMPLOYEE' && p.startDate !== null)!;
    const args = { personnel: person.id, startedAt: '2019-07-08' };
    const alice = await sdkClient('alice');
    const bob = await sdkClient('bob');
    const preview = await alice.client.callTool({ name: 'update_personnel', arguments: args });
    const approvalToken = (preview.structuredContent as { approvalToken: string }).approvalToken;
    sandbox.clearLogs();
    const stolen = await bob.client.callTool({ name: 'update_personnel', arguments: { ...args, approvalToken } });
    expect((stolen.structuredContent as { outcome: string }).outcome).toBe('needs_approval');
    expect(JSON.stringify(stolen.content)).toMatch(/does not match this change/);
    expect(sandbox.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
    const own = await alice.client.callTool({ name: 'update_personnel', arguments: { ...args, approvalToken } });
    expect((own.structuredContent as { outcome: string }).outcome).toBe('updated');
    await Promise.all([alice.client.close(), bob.client.close()]);

    const trail = readFileSync(auditLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEntry);
    const about = trail.filter((e) => e.people?.[0]?.id === person.id);
    expect(about.map((e) => [e.principal.subject, e.event, e.outcome])).toEqual([
      ['alice', 'approval_asked', 'needs_approval'],
      ['bob', 'refused', 'token_mismatch'],
      ['bob', 'approval_asked', 'needs_approval'],
      ['alice', 'approved', 'approved'],
      ['alice', 'applied', 'updated'],
    ]);
    expect(about.every((e) => e.principal.kind === 'oauth' && e.client.name?.startsWith('oauth-test-'))).toBe(true);
  });
});

/** One raw 2026-07-28 tools/call of `token`, with the retry channel when given; its JSON-RPC result. */
async function modernCall(token: string, args: Record<string, unknown>, retry: Record<string, unknown> = {}) {
  const meta = modernMeta({ elicitation: { form: {} } });
  const res = await post(
    { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'update_personnel', arguments: args, _meta: meta, ...retry } },
    { ...bearer(token), 'Mcp-Protocol-Version': '2026-07-28', 'Mcp-Method': 'tools/call', 'Mcp-Name': 'update_personnel' },
  );
  const body = await res.text();
  expect(res.status, body).toBe(200);
  // JSON, or one SSE event whose data is the response.
  const json = body.trimStart().startsWith('{') ? body : body.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('');
  return (JSON.parse(json) as { result: Record<string, unknown> }).result;
}

describe('2026-07-28 input_required rounds belong to their principal', () => {
  it("B's answer to A's round writes nothing and asks B again; A's own answer writes once", async () => {
    const person = sandbox.org.people.find((p) => p.employmentStatus === 'CURRENT_EMPLOYEE' && p.startDate !== '2017-05-06')!;
    const args = { personnel: person.id, startedAt: '2017-05-06' };
    const [a, b] = await Promise.all([idp.token('alice', running.url), idp.token('bob', running.url)]);
    const round = await modernCall(a, args);
    expect(round.resultType).toBe('input_required');
    const requestState = round.requestState as string;
    expect(typeof requestState).toBe('string');
    const yes = { inputResponses: { confirm: { action: 'accept', content: { confirm: true } } }, requestState };

    sandbox.clearLogs();
    const bobs = await modernCall(b, args, yes);
    expect(bobs.resultType).toBe('input_required');
    expect(bobs.requestState).not.toBe(requestState);
    expect(sandbox.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);

    const alices = await modernCall(a, args, yes);
    expect(alices.resultType ?? 'complete').toBe('complete');
    expect((alices.structuredContent as { outcome: string }).outcome).toBe('updated');
    expect(sandbox.requests.filter((r) => r.method !== 'GET')).toHaveLength(1);
  });
});
