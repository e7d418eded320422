/**
 * The added latency of OAuth token validation per call (issue #20). Two servers behind runHttp in this
 * process over one sandbox: one with the static token, one in OAuth mode against a real authorization server
 * (oidc-provider on loopback, test/support/oidc.ts) with a JWT access token from client credentials. Each pair
 * sends the same `ping` on an open session to both (alternating which goes first); the figures are the OAuth
 * calls' median and p99 minus the static-token calls' median and p99: what verifying the token adds to a call
 * once the JWKS is cached (a per-pair difference would measure the machine's noise at p99, not the check). The
 * validation alone (gate.admit, no HTTP) is printed too.
 */
import { createOAuthGate } from '../../src/auth/http-auth.js';
import { type Config, validateSettings } from '../../src/config.js';
import { DrataClient } from '../../src/drata/client.js';
import { createPersonnelApi } from '../../src/drata/personnel.js';
import { createLogger } from '../../src/logger.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { createServer } from '../../src/server.js';
import { runHttp } from '../../src/transports/http.js';
import { startIdp } from '../../test/support/oidc.js';
import { type Figure, figure, log, median, percentile, round } from './util.js';

const PAIRS = 400;
const WARMUP = 40;
const TOKEN = 'bench-static-token-0123456789';

async function session(url: string, authorization: string): Promise<() => Promise<number>> {
  const headers = {
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
    Authorization: authorization,
  };
  const init = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
    }),
  });
  await init.text();
  const sid = init.headers.get('mcp-session-id');
  if (!sid) throw new Error(`initialize failed: ${init.status}`);
  const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
  const h = { ...headers, 'Mcp-Session-Id': sid, 'Mcp-Protocol-Version': '2025-06-18' };
  return async () => {
    const t = performance.now();
    const res = await fetch(url, { method: 'POST', headers: h, body: ping });
    await res.text();
    if (res.status !== 200) throw new Error(`ping answered ${res.status}`);
    return performance.now() - t;
  };
}

export async function benchAuth(): Promise<{ figures: Figure[]; details: Record<string, number> }> {
  log('auth: OAuth token validation vs the static token, per call…');
  const [sandbox, idp] = await Promise.all([startSandbox({ size: 20 }), startIdp()]);
  const logger = createLogger({ level: 'error', write: () => {} });
  const api = createPersonnelApi(new DrataClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, logger }));
  const base = { apiKey: sandbox.apiKey, baseUrl: sandbox.url, transport: 'http', port: '0' } as const;
  const staticConfig = { ...validateSettings(base), httpToken: TOKEN };
  const oauthConfig = validateSettings({ ...base, oauthIssuer: idp.issuer });
  const serve = (config: Config) =>
    runHttp((ctx) => createServer({ config, api, logger, era: ctx?.era, principal: ctx?.principal }), {
      config,
      logger,
    });
  const [plain, oauth] = await Promise.all([serve(staticConfig), serve(oauthConfig)]);
  try {
    const token = await idp.token('alice', oauth.url);
    const pingStatic = await session(plain.url, `Bearer ${TOKEN}`);
    const pingOauth = await session(oauth.url, `Bearer ${token}`);
    const oauthMs: number[] = [];
    const staticMs: number[] = [];
    for (let i = 0; i < WARMUP + PAIRS; i++) {
      let withOauth: number;
      let withStatic: number;
      if (i % 2 === 0) {
        withOauth = await pingOauth();
        withStatic = await pingStatic();
      } else {
        withStatic = await pingStatic();
        withOauth = await pingOauth();
      }
      if (i >= WARMUP) {
        oauthMs.push(withOauth);
        staticMs.push(withStatic);
      }
    }
    const gate = createOAuthGate({ oauth: oauthConfig.oauth!, resource: oauth.url, readOnly: false });
    const url = new URL(oauth.url);
    const admits: number[] = [];
    for (let i = 0; i < WARMUP + PAIRS; i++) {
      const t = performance.now();
      const admitted = await gate.admit(`Bearer ${token}`, url);
      if (!('principal' in admitted)) throw new Error('the token was refused');
      if (i >= WARMUP) admits.push(performance.now() - t);
    }
    const details = {
      pairs: PAIRS,
      addedMedianMs: round(median(oauthMs) - median(staticMs), 2),
      addedP99Ms: round(percentile(oauthMs, 99) - percentile(staticMs, 99), 2),
      validationMedianMs: round(median(admits), 3),
      validationP99Ms: round(percentile(admits, 99), 3),
    };
    return {
      figures: [
        figure('auth', 'OAuth added latency per call, median', details.addedMedianMs, 'ms', {
          target: '≤ 2 ms',
          pass: details.addedMedianMs <= 2,
        }, `${PAIRS} pings on a session each: OAuth (RS256 JWT, JWKS cached) minus static token`),
        figure('auth', 'OAuth added latency per call, p99', details.addedP99Ms, 'ms', {
          target: '≤ 10 ms',
          pass: details.addedP99Ms <= 10,
        }),
        figure('auth', 'token validation alone, median / p99', `${details.validationMedianMs} / ${details.validationP99Ms}`, 'ms'),
      ],
      details,
    };
  } finally {
    await Promise.all([plain.close(), oauth.close()]);
    await Promise.all([sandbox.close(), idp.close()]);
  }
}
