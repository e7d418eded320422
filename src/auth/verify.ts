/**
 * Access-token verification for OAuth mode, as the SDK's OAuthTokenVerifier. JWTs are checked with `jose`
 * against the issuer's JWKS (a remote key set: cached, fetched again when a token names an unknown `kid`):
 * signature with an allow-listed asymmetric algorithm (never `none`, never HMAC), `iss` equal to the issuer,
 * `aud` naming this server's resource (RFC 8707), `exp` and `nbf` with a small clock skew. A token that is not
 * a JWT is asked about through RFC 7662 introspection when configured, and refused otherwise. The client's
 * token is only ever compared here: it is never stored, logged or sent to Drata.
 */
import { createHash } from 'node:crypto';
import { type AuthInfo, OAuthError, OAuthErrorCode, type OAuthTokenVerifier } from '@modelcontextprotocol/server';
import { createRemoteJWKSet, errors as joseErrors, type JWTPayload, jwtVerify } from 'jose';
import { type Principal } from './principal.js';
import { audiencesOf, type OAuthConfig } from './settings.js';

export interface VerifierOptions {
  oauth: OAuthConfig;
  /** This server's resource identifier (configured, or the bound endpoint URL on loopback). */
  resource: string;
  readOnly: boolean;
  /** After a JWKS fetch, how long an unknown `kid` does not trigger another (default 30 s). */
  jwksCooldownMs?: number;
  fetch?: typeof globalThis.fetch;
}

const invalid = (why: string) => new OAuthError(OAuthErrorCode.InvalidToken, why);

/**
 * Scopes as IdPs put them: `scope` (RFC 9068, Auth0), `scp` (Okta, Entra ID), `permissions` (Auth0 RBAC),
 * `roles` (Entra ID app roles, which client-credentials tokens carry instead of scopes).
 */
export function scopesOf(claims: Record<string, unknown>): string[] {
  const out = new Set<string>();
  for (const key of ['scope', 'scp', 'permissions', 'roles']) {
    const v = claims[key];
    const items = typeof v === 'string' ? v.split(' ') : Array.isArray(v) ? v : [];
    for (const s of items) if (typeof s === 'string' && s !== '') out.add(s);
  }
  return [...out];
}

const emailOf = (claims: Record<string, unknown>): string | undefined => {
  for (const key of ['email', 'preferred_username', 'upn']) {
    const v = claims[key];
    if (typeof v === 'string' && /^[^@\s]+@[^@\s]+$/.test(v)) return v.toLowerCase();
  }
  return undefined;
};

/** The principal of verified claims. A token without `sub` (some client-credentials tokens) is its client. */
export function oauthPrincipal(claims: Record<string, unknown>, writeScope: string, readOnly: boolean): Principal {
  const clientId = [claims.client_id, claims.azp, claims.appid].find((v): v is string => typeof v === 'string');
  const subject = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : clientId;
  if (subject === undefined) throw invalid('The token names no subject (sub) or client');
  const scopes = scopesOf(claims);
  const email = emailOf(claims);
  return {
    kind: 'oauth',
    subject,
    ...(email ? { email } : {}),
    ...(clientId ? { clientId } : {}),
    scopes,
    canWrite: !readOnly && scopes.includes(writeScope),
  };
}

/** A compact JWS has three base64url parts; anything else goes to introspection (or is refused). */
const looksLikeJwt = (token: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token);

async function discoverJwks(oauth: OAuthConfig, fetchFn: typeof globalThis.fetch): Promise<URL> {
  const base = oauth.issuer.replace(/\/$/, '');
  for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
    const res = await fetchFn(`${base}${path}`, { signal: AbortSignal.timeout(10_000), redirect: 'error' }).catch(() => undefined);
    if (!res?.ok) continue;
    const doc = (await res.json().catch(() => ({}))) as { issuer?: unknown; jwks_uri?: unknown };
    if (doc.issuer !== oauth.issuer) throw new Error(`the issuer's metadata names another issuer (${String(doc.issuer)})`);
    if (typeof doc.jwks_uri === 'string') return new URL(doc.jwks_uri);
  }
  throw new Error(`cannot read the issuer's metadata at ${base}/.well-known/openid-configuration`);
}

export function createVerifier(options: VerifierOptions): OAuthTokenVerifier {
  const { oauth, readOnly, resource } = options;
  const audiences = audiencesOf(oauth, resource);
  const fetchFn = options.fetch ?? globalThis.fetch;
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  const keySet = async () => {
    // Discovered on first use (and again after a failure), so start-up does not depend on the IdP.
    keys ??= createRemoteJWKSet(oauth.jwksUrl ? new URL(oauth.jwksUrl) : await discoverJwks(oauth, fetchFn), {
      cooldownDuration: options.jwksCooldownMs ?? 30_000,
      cacheMaxAge: 10 * 60_000,
      timeoutDuration: 5_000,
    });
    return keys;
  };
  const introspect = oauth.introspection ? introspector(oauth, audiences, fetchFn) : undefined;

  const authInfo = (token: string, claims: Record<string, unknown>): AuthInfo => {
    const principal = oauthPrincipal(claims, oauth.writeScope, readOnly);
    const exp = typeof claims.exp === 'number' ? claims.exp : Number.NaN;
    return {
      token,
      clientId: principal.clientId ?? principal.subject,
      scopes: [...principal.scopes],
      // The moment the token is refused, clock skew included (the SDK refuses it after that).
      expiresAt: exp + oauth.clockSkewSeconds,
      resource: new URL(resource),
      extra: { principal },
    };
  };

  return {
    async verifyAccessToken(token) {
      if (!looksLikeJwt(token)) {
        if (!introspect) throw invalid('The access token is not a JWT and this server has no introspection configured');
        return authInfo(token, await introspect(token));
      }
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, await keySet(), {
          issuer: oauth.issuer,
          audience: audiences,
          algorithms: oauth.algorithms,
          clockTolerance: oauth.clockSkewSeconds,
          requiredClaims: ['exp'],
        }));
      } catch (err) {
        if (err instanceof joseErrors.JOSEError) throw invalid(tokenProblem(err));
        keys = undefined;
        throw new OAuthError(OAuthErrorCode.ServerError, `Cannot check tokens now: ${err instanceof Error ? err.message : String(err)}`);
      }
      return authInfo(token, payload as Record<string, unknown>);
    },
  };
}

/** Why jose refused a token, in words a client developer can act on (no token content in it). */
function tokenProblem(err: InstanceType<typeof joseErrors.JOSEError>): string {
  if (err instanceof joseErrors.JWTExpired) return 'The access token has expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'aud') return 'The access token was not issued for this resource (audience)';
    if (err.claim === 'iss') return 'The access token is from another issuer';
    if (err.claim === 'nbf') return 'The access token is not valid yet';
    return `The access token's ${err.claim} claim is not acceptable`;
  }
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'The access token is signed with a key the issuer does not publish';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'The access token uses a signing algorithm this server does not accept';
  return 'The access token is malformed or its signature does not verify';
}

/** RFC 7662: ask the issuer about an opaque token; results are kept briefly (by the token's digest). */
function introspector(oauth: OAuthConfig, audiences: readonly string[], fetchFn: typeof globalThis.fetch) {
  const intro = oauth.introspection as NonNullable<OAuthConfig['introspection']>;
  const basic = Buffer.from(`${encodeURIComponent(intro.clientId)}:${encodeURIComponent(intro.clientSecret)}`).toString('base64');
  const cache = new Map<string, { until: number; claims: Record<string, unknown> }>();
  return async (token: string): Promise<Record<string, unknown>> => {
    const key = createHash('sha256').update(token).digest('base64url');
    const now = Date.now();
    const hit = cache.get(key);
    if (hit && hit.until > now) return hit.claims;
    const res = await fetchFn(intro.url, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
      signal: AbortSignal.timeout(10_000),
      redirect: 'error',
    }).catch((err: unknown) => {
      throw new OAuthError(OAuthErrorCode.ServerError, `Token introspection failed: ${err instanceof Error ? err.message : String(err)}`);
    });
    if (!res.ok) throw new OAuthError(OAuthErrorCode.ServerError, `Token introspection answered HTTP ${res.status}`);
    const claims = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (claims.active !== true) throw invalid('The access token is not active');
    if (claims.iss !== undefined && claims.iss !== oauth.issuer) throw invalid('The access token is from another issuer');
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.some((a) => typeof a === 'string' && audiences.includes(a))) {
      throw invalid('The access token was not issued for this resource (audience)');
    }
    const exp = typeof claims.exp === 'number' ? claims.exp : Number.NaN;
    if (!(exp + oauth.clockSkewSeconds > now / 1000)) throw invalid('The access token has expired');
    if (cache.size > 1000) cache.clear();
    cache.set(key, { until: Math.min(now + 60_000, exp * 1000), claims });
    return claims;
  };
}
