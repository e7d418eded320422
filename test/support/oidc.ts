/**
 * A real OAuth 2.1 / OpenID authorization server on loopback for the OAuth tests: oidc-provider (a certified
 * OpenID provider) with client-credentials clients and resource indicators (RFC 8707), so every access token is
 * a JWT for the requested resource, signed with keys it publishes at its JWKS endpoint. `rotate()` replaces the
 * signing key the way an IdP rotates it: same issuer and URL, a new key under a new `kid`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider from 'oidc-provider';

export const READ = 'personnel:read';
export const WRITE = 'personnel:write';

/** Clients by name: id = name, secret derived from it; `reader` may only ask for the read scope. */
export const CLIENTS = {
  alice: `${READ} ${WRITE}`,
  bob: `${READ} ${WRITE}`,
  reader: READ,
  /** The resource server itself, for RFC 7662 introspection. */
  introspector: READ,
} as const;
export type ClientName = keyof typeof CLIENTS;
export const secretOf = (name: string): string => `${name}-secret-for-loopback-tests-only`;

export interface Idp {
  issuer: string;
  /** The current signing key (private JWK with kid and alg), for crafting tokens with the IdP's own key. */
  key: JWK;
  /** A client-credentials token for `resource` from client `name` (with these scopes). */
  token(name: ClientName, resource: string, scope?: string): Promise<string>;
  rotate(): Promise<void>;
  /** From now on, tokens for `resource` are opaque (checked by introspection) instead of JWTs. */
  opaqueFor(resource: string): void;
  introspectionUrl: string;
  close(): Promise<void>;
}

export async function newSigningKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}

function provider(issuer: string, key: JWK, opaque: ReadonlySet<string>): Provider {
  return new Provider(issuer, {
    clients: Object.entries(CLIENTS).map(([name, scope]) => ({
      client_id: name,
      client_secret: secretOf(name),
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      scope,
    })),
    jwks: { keys: [key] },
    scopes: [READ, WRITE],
    ttl: { ClientCredentials: 300 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      resourceIndicators: {
        enabled: true,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resourceIndicator: string) => ({
          scope: `${READ} ${WRITE}`,
          audience: resourceIndicator,
          accessTokenTTL: 300,
          accessTokenFormat: opaque.has(resourceIndicator) ? 'opaque' : 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  });
}

export async function startIdp(): Promise<Idp> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server: Server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let generation = 1;
  const opaque = new Set<string>();
  const idp: Idp = {
    issuer,
    key: await newSigningKey(`key-${generation}`),
    async token(name, resource, scope = CLIENTS[name]) {
      const res = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${name}:${secretOf(name)}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope, resource }),
      });
      const body = (await res.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!body.access_token) throw new Error(`token request failed: ${body.error} ${body.error_description}`);
      return body.access_token;
    },
    async rotate() {
      generation += 1;
      idp.key = await newSigningKey(`key-${generation}`);
      handle = provider(issuer, idp.key, opaque).callback();
    },
    opaqueFor: (resource) => void opaque.add(resource),
    introspectionUrl: `${issuer}/token/introspection`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  handle = provider(issuer, idp.key, opaque).callback();
  return idp;
}
