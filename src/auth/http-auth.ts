/**
 * OAuth mode at the HTTP gate: the RFC 9728 protected resource metadata, and each request's bearer token
 * turned into a principal, or into the 401/403 answer with a `WWW-Authenticate` challenge naming the metadata.
 * The SDK's bearer-auth helpers do the header parsing, scope and expiry checks and the challenge wording; the
 * token itself is checked by verify.ts.
 */
import {
  type AuthInfo,
  bearerAuthChallengeResponse,
  buildOAuthProtectedResourceMetadata,
  OAuthError,
  OAuthErrorCode,
  type OAuthProtectedResourceMetadata,
  verifyBearerToken,
} from '@modelcontextprotocol/server';
import type { Logger } from '../logger.js';
import { PACKAGE_NAME } from '../version.js';
import { type Principal, principalKey, staticTokenPrincipal } from './principal.js';
import { DEFAULT_SCOPES, type OAuthConfig } from './settings.js';
import { createVerifier } from './verify.js';

/** A request let in: who it acts for, what its session is bound to, and the SDK's view of its token. */
export interface Admission {
  /** What a session is bound to: the principal key, plus whether it may write (a step-up opens a new session). */
  owner: string;
  principal: Principal;
  auth: AuthInfo;
}

/** An HTTP answer the gate sends instead of serving the request. */
export interface Refusal {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export interface OAuthGate {
  /** True for the paths the metadata document is served at. */
  isMetadataPath(path: string): boolean;
  metadata: OAuthProtectedResourceMetadata;
  metadataUrl: string;
  writeScope: string;
  admit(authorization: string | undefined, url: URL): Promise<Admission | Refusal>;
  /** The 403 for a request that needs `scope`. */
  insufficientScope(scope: string, description: string): Promise<Refusal>;
}

export const sessionOwner = (p: Principal): string => `${principalKey(p)}${p.canWrite ? '' : '#read'}`;

/** Static-token mode: the principal of the `index`-th MCP_HTTP_TOKEN (or of the no-auth opt-out). */
export function staticTokenAdmission(index: number | 'none', readOnly: boolean): Admission {
  const scopes = readOnly ? [DEFAULT_SCOPES.read] : [DEFAULT_SCOPES.read, DEFAULT_SCOPES.write];
  const principal = staticTokenPrincipal(index, scopes, !readOnly);
  // The AuthInfo the SDK hands to handlers: it carries the principal, never the static token.
  return { owner: sessionOwner(principal), principal, auth: { token: '', clientId: principal.subject, scopes, extra: { principal } } };
}

async function refusal(response: Response): Promise<Refusal> {
  const headers: Record<string, string> = {};
  const challenge = response.headers.get('www-authenticate');
  if (challenge) headers['WWW-Authenticate'] = challenge;
  return { status: response.status, headers, body: await response.json().catch(() => ({})) };
}

export function createOAuthGate(options: {
  oauth: OAuthConfig;
  resource: string;
  readOnly: boolean;
  jwksCooldownMs?: number;
}): OAuthGate {
  const { oauth, resource } = options;
  const verifier = createVerifier(options);
  const resourceUrl = new URL(resource);
  const metadataUrl = new URL('/.well-known/oauth-protected-resource', resourceUrl).href;
  const pathAware = new URL(metadataUrl);
  pathAware.pathname += resourceUrl.pathname === '/' ? '' : resourceUrl.pathname.replace(/\/$/, '');
  const metadata: OAuthProtectedResourceMetadata = {
    ...buildOAuthProtectedResourceMetadata({
      oauthMetadata: { issuer: oauth.issuer } as Parameters<typeof buildOAuthProtectedResourceMetadata>[0]['oauthMetadata'],
      resourceServerUrl: resourceUrl,
      scopesSupported: [oauth.readScope, oauth.writeScope],
      resourceName: PACKAGE_NAME,
      dangerouslyAllowInsecureIssuerUrl: true, // settings.ts already allows http on loopback only
    }),
    bearer_methods_supported: ['header'],
  };
  const paths = new Set([new URL(metadataUrl).pathname, pathAware.pathname]);
  const challengeOptions = { resourceMetadataUrl: metadataUrl };

  return {
    isMetadataPath: (path) => paths.has(path.replace(/(.)\/$/, '$1')),
    metadata,
    metadataUrl,
    writeScope: oauth.writeScope,
    async admit(authorization, url) {
      // RFC 6750 §2.3 is not supported: a token in a URL ends up in logs and browser history.
      if (url.searchParams.has('access_token')) {
        const err = new OAuthError(OAuthErrorCode.InvalidToken, 'Send the access token in the Authorization header, never in the URL');
        return refusal(bearerAuthChallengeResponse(err, challengeOptions));
      }
      try {
        const auth = await verifyBearerToken(authorization, {
          verifier,
          requiredScopes: [oauth.readScope],
          resourceMetadataUrl: metadataUrl,
        });
        const principal = (auth.extra as { principal: Principal }).principal;
        return { owner: sessionOwner(principal), principal, auth };
      } catch (err) {
        const needsRead = err instanceof OAuthError && err.code === OAuthErrorCode.InsufficientScope;
        return refusal(
          bearerAuthChallengeResponse(err, { ...challengeOptions, requiredScopes: needsRead ? [oauth.readScope] : [] }),
        );
      }
    },
    insufficientScope: (scope, description) =>
      refusal(
        bearerAuthChallengeResponse(new OAuthError(OAuthErrorCode.InsufficientScope, description), {
          ...challengeOptions,
          requiredScopes: [scope],
        }),
      ),
  };
}

/**
 * OAuth mode of one HTTP server: the gate exists once the server is bound, since on loopback the resource
 * defaults to the server's own endpoint URL. `current()` is undefined in static-token mode.
 */
export function oauthForHttp(
  config: { oauth: OAuthConfig | undefined; readOnly: boolean },
  logger: Logger,
  jwksCooldownMs?: number,
): { current: () => OAuthGate | undefined; bound: (url: string) => void } {
  let gate: OAuthGate | undefined;
  return {
    current: () => gate,
    bound(url) {
      if (!config.oauth) return;
      const resource = config.oauth.resource ?? url;
      gate = createOAuthGate({ oauth: config.oauth, resource, readOnly: config.readOnly, jwksCooldownMs });
      logger.info(`OAuth resource server: tokens from ${config.oauth.issuer} for ${resource}; metadata at ${gate.metadataUrl}`);
    },
  };
}
