/**
 * The OAuth 2.1 resource-server settings (HTTP only). Setting MCP_OAUTH_ISSUER switches HTTP from the static
 * bearer token to OAuth: every request needs an access token from that issuer, issued for this server's
 * resource URL (RFC 8707), holding the read scope; writes need the write scope as well. The client secret for
 * introspection comes from the environment only, like every secret.
 */
import { ConfigError } from '../errors.js';
import { isLoopbackHost } from '../net.js';

export const AUTH_SETTINGS = {
  oauthIssuer: { env: 'MCP_OAUTH_ISSUER', flag: 'oauth-issuer' },
  oauthResource: { env: 'MCP_OAUTH_RESOURCE', flag: 'oauth-resource' },
  oauthAudience: { env: 'MCP_OAUTH_AUDIENCE', flag: 'oauth-audience' },
  oauthReadScope: { env: 'MCP_OAUTH_READ_SCOPE', flag: 'oauth-read-scope' },
  oauthWriteScope: { env: 'MCP_OAUTH_WRITE_SCOPE', flag: 'oauth-write-scope' },
  oauthJwksUrl: { env: 'MCP_OAUTH_JWKS_URL', flag: 'oauth-jwks-url' },
  oauthAlgorithms: { env: 'MCP_OAUTH_ALGORITHMS', flag: 'oauth-algorithms' },
  oauthClockSkew: { env: 'MCP_OAUTH_CLOCK_SKEW_SECONDS', flag: 'oauth-clock-skew' },
  oauthIntrospectionUrl: { env: 'MCP_OAUTH_INTROSPECTION_URL', flag: 'oauth-introspection-url' },
  oauthClientId: { env: 'MCP_OAUTH_CLIENT_ID', flag: 'oauth-client-id' },
  oauthClientSecret: { env: 'MCP_OAUTH_CLIENT_SECRET', flag: null },
} as const;

export type AuthRawSettings = { [K in keyof typeof AUTH_SETTINGS]?: string };

export const DEFAULT_SCOPES = { read: 'personnel:read', write: 'personnel:write' } as const;
/** Asymmetric algorithms only: `none` and the HMAC family (a shared secret is not a JWKS) are never accepted. */
export const DEFAULT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA'] as const;
const ALLOWED_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']);

export interface OAuthConfig {
  /** The authorization server's issuer identifier (exact `iss`). */
  issuer: string;
  /**
   * This server's resource identifier (its public MCP URL): the RFC 9728 `resource` and an accepted audience.
   * Undefined only on a loopback bind, where it is the server's own endpoint URL once bound.
   */
  resource: string | undefined;
  /** Another accepted `aud` value (MCP_OAUTH_AUDIENCE), for IdPs that name the API otherwise (`api://…`). */
  audience: string | undefined;
  readScope: string;
  writeScope: string;
  /** Where the signing keys are; undefined = the `jwks_uri` of the issuer's discovery document. */
  jwksUrl: string | undefined;
  algorithms: string[];
  clockSkewSeconds: number;
  /** RFC 7662 introspection for opaque (non-JWT) tokens, when configured. */
  introspection: { url: string; clientId: string; clientSecret: string } | undefined;
}

/** An https URL, or http on a loopback host (local test setups); returns it normalized. */
function httpsUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${value}"`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ConfigError(`${name} must be an https URL (http only on loopback), got "${value}"`);
  }
  if (url.hash || url.username || url.password) throw new ConfigError(`${name} must have no fragment or credentials`);
  return url.href;
}

const scopeToken = (name: string, value: string | undefined, fallback: string): string => {
  const v = value ?? fallback;
  if (!/^[\x21\x23-\x5B\x5D-\x7E]+$/.test(v)) throw new ConfigError(`${name} must be one OAuth scope (no spaces or quotes), got "${v}"`);
  return v;
};

function algorithms(value: string | undefined): string[] {
  if (value === undefined) return [...DEFAULT_ALGORITHMS];
  const list = value.split(',').map((a) => a.trim()).filter((a) => a !== '');
  const bad = list.find((a) => !ALLOWED_ALGORITHMS.has(a));
  if (bad !== undefined || list.length === 0) {
    throw new ConfigError(
      `MCP_OAUTH_ALGORITHMS must list asymmetric JWS algorithms (${[...ALLOWED_ALGORITHMS].join(', ')}), got "${bad ?? value}"`,
    );
  }
  return list;
}

function introspection(raw: AuthRawSettings): OAuthConfig['introspection'] {
  if (raw.oauthIntrospectionUrl === undefined) return undefined;
  if (raw.oauthClientId === undefined || raw.oauthClientSecret === undefined) {
    throw new ConfigError('MCP_OAUTH_INTROSPECTION_URL needs MCP_OAUTH_CLIENT_ID and MCP_OAUTH_CLIENT_SECRET (the introspecting client)');
  }
  return {
    url: httpsUrl('MCP_OAUTH_INTROSPECTION_URL', raw.oauthIntrospectionUrl),
    clientId: raw.oauthClientId,
    clientSecret: raw.oauthClientSecret,
  };
}

/** The OAuth settings, or undefined when MCP_OAUTH_ISSUER is unset (static-token mode). Throws ConfigError. */
export function parseOAuth(raw: AuthRawSettings): OAuthConfig | undefined {
  const oauthIssuer = raw.oauthIssuer;
  if (oauthIssuer === undefined) {
    const stray = (Object.keys(AUTH_SETTINGS) as Array<keyof typeof AUTH_SETTINGS>).find((k) => raw[k] !== undefined);
    if (stray) throw new ConfigError(`${AUTH_SETTINGS[stray].env} is an OAuth setting: set MCP_OAUTH_ISSUER too (or unset it)`);
    return undefined;
  }
  // The issuer is compared byte for byte with `iss`: keep what was configured, only check its shape.
  httpsUrl('MCP_OAUTH_ISSUER', oauthIssuer);
  const resource = raw.oauthResource === undefined ? undefined : httpsUrl('MCP_OAUTH_RESOURCE', raw.oauthResource);
  const skew = raw.oauthClockSkew ?? '30';
  if (!/^\d+$/.test(skew) || Number(skew) > 300) {
    throw new ConfigError(`MCP_OAUTH_CLOCK_SKEW_SECONDS must be a whole number from 0 to 300, got "${skew}"`);
  }
  const readScope = scopeToken('MCP_OAUTH_READ_SCOPE', raw.oauthReadScope, DEFAULT_SCOPES.read);
  const writeScope = scopeToken('MCP_OAUTH_WRITE_SCOPE', raw.oauthWriteScope, DEFAULT_SCOPES.write);
  if (readScope === writeScope) throw new ConfigError('MCP_OAUTH_READ_SCOPE and MCP_OAUTH_WRITE_SCOPE must differ');
  return {
    issuer: oauthIssuer,
    resource,
    audience: raw.oauthAudience,
    readScope,
    writeScope,
    jwksUrl: raw.oauthJwksUrl === undefined ? undefined : httpsUrl('MCP_OAUTH_JWKS_URL', raw.oauthJwksUrl),
    algorithms: algorithms(raw.oauthAlgorithms),
    clockSkewSeconds: Number(skew),
    introspection: introspection(raw),
  };
}

/** The `aud` values a token may carry: the resource (as configured and normalized) and MCP_OAUTH_AUDIENCE. */
export const audiencesOf = (oauth: OAuthConfig, resource: string): string[] =>
  [...new Set([resource, resource.replace(/\/$/, ''), ...(oauth.audience ? [oauth.audience] : [])])];
