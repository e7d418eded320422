/**
 * The gate every HTTP request passes before it reaches the SDK: Host allow-list and Origin check (DNS
 * rebinding and browser pages, 403), CORS for listed origins, then authentication. With the static token,
 * OAuth discovery is answered as "no OAuth here" (so OAuth-capable clients fail with a clear message instead of
 * waiting for a browser login) and the bearer token is compared (401). In OAuth mode the protected resource
 * metadata is served and the access token verified (src/auth/http-auth.ts). It resolves to the principal the
 * request acts for and the owner key its sessions are bound to.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Admission, type OAuthGate, staticTokenAdmission } from '../../auth/http-auth.js';
import type { Logger } from '../../logger.js';
import { PACKAGE_NAME } from '../../version.js';
import { checkBearer, type HostAllowList, isHostAllowed, isOriginAllowed, type OriginPolicy } from '../http-security.js';
import { first, sendJson, sendRpcError } from './body.js';

export interface Gate {
  /** Who the request acts for, or undefined when the gate already answered it. */
  pass(req: IncomingMessage, res: ServerResponse, url: URL): Promise<Admission | undefined>;
}

export interface GateOptions {
  hostAllow: () => HostAllowList;
  origins: OriginPolicy;
  /** Digests of the accepted tokens; empty = no token required (the explicit insecure opt-out). */
  tokens: readonly Buffer[];
  /** OAuth mode (set once the server is bound: the resource may be its own URL); undefined = static token. */
  oauth?: () => OAuthGate | undefined;
  /** Read-only server: static-token principals get no write access either. */
  readOnly: boolean;
  logger: Logger;
}

/** OAuth discovery and endpoints: this server has none. */
const OAUTH_PATHS = /^\/(\.well-known\/(oauth-protected-resource|oauth-authorization-server|openid-configuration)(\/.*)?|register|authorize|token)$/;
const NO_OAUTH =
  'This server does not use OAuth: it expects a static bearer token. Send "Authorization: Bearer <token>" (MCP_HTTP_TOKEN, or the token it printed at start).';

const NOT_THE_AS =
  'This server is an OAuth resource server, not the authorization server: read /.well-known/oauth-protected-resource for where to get a token.';

/**
 * Refusals are logged as warnings at most once per reason every 10 s (then at debug), so a scanner or a
 * misconfigured client cannot flood stderr or the MCP log notifications of connected sessions.
 */
function refusalLog(logger: GateOptions['logger']) {
  const lastWarned = new Map<string, number>();
  return (reason: string, message: string, data: Record<string, unknown>) => {
    const now = Date.now();
    if (now - (lastWarned.get(reason) ?? 0) >= 10_000) {
      lastWarned.set(reason, now);
      logger.warning(message, data);
    } else {
      logger.debug(message, data);
    }
  };
}

/** OAuth mode: the verified principal, or the 401/403 sent. */
async function oauthCredential(
  gate: OAuthGate,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  refusal: ReturnType<typeof refusalLog>,
): Promise<Admission | undefined> {
  const admitted = await gate.admit(first(req.headers.authorization), url);
  if ('principal' in admitted) return admitted;
  const why = (admitted.body as { error_description?: unknown }).error_description ?? admitted.status;
  refusal(`oauth-${admitted.status}`, `refused a request: ${String(why)}`, { path: url.pathname });
  sendJson(res, admitted.status, admitted.body, admitted.headers);
  return undefined;
}

/** Metadata (RFC 9728) at its well-known paths: public by design, needs no token. */
function serveMetadata(oauth: OAuthGate, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { error: 'method not allowed' }, { Allow: 'GET, HEAD' });
  } else {
    sendJson(res, 200, oauth.metadata, { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'max-age=300' });
  }
}

export function createGate(options: GateOptions): Gate {
  const refusal = refusalLog(options.logger);

  const browserChecks = (req: IncomingMessage, res: ServerResponse, path: string): boolean => {
    const host = first(req.headers.host);
    if (!isHostAllowed(host, options.hostAllow())) {
      refusal('host', 'refused a request: Host header not allowed (set MCP_ALLOWED_HOSTS to allow it)', {
        host: host ?? null,
        path,
      });
      sendRpcError(res, 403, -32000, 'Forbidden: Host header not allowed');
      return false;
    }
    const origin = first(req.headers.origin);
    if (!isOriginAllowed(origin, host, options.origins)) {
      refusal('origin', 'refused a request: Origin not allowed (set MCP_ALLOWED_ORIGINS to allow it)', {
        origin: origin ?? null,
        path,
      });
      sendRpcError(res, 403, -32000, 'Forbidden: Origin not allowed (set MCP_ALLOWED_ORIGINS to allow it)');
      return false;
    }
    if (origin !== undefined) {
      // Allowed browser origins may read our answers, including the session id header.
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Expose-Headers', 'Mcp-Session-Id, Mcp-Protocol-Version, WWW-Authenticate');
      res.setHeader('Vary', 'Origin');
    }
    return true;
  };

  const ids = options.tokens.map((d) => d.toString('hex').slice(0, 32));
  const staticAdmission = (index: number | 'none') => staticTokenAdmission(index, options.readOnly);

  const credential = (req: IncomingMessage, res: ServerResponse, path: string): Admission | undefined => {
    if (options.tokens.length === 0) return staticAdmission('none');
    const check = checkBearer(first(req.headers.authorization), options.tokens);
    if (typeof check === 'string') return staticAdmission(ids.indexOf(check));
    refusal(`token-${check.problem}`, `refused a request: ${check.problem === 'missing' ? 'no' : 'wrong'} bearer token`, {
      path,
    });
    const challenge =
      check.problem === 'missing' ? `Bearer realm="${PACKAGE_NAME}"` : `Bearer realm="${PACKAGE_NAME}", error="invalid_token"`;
    sendRpcError(res, 401, -32001, 'Unauthorized: send Authorization: Bearer <MCP_HTTP_TOKEN>', {
      'WWW-Authenticate': challenge,
    });
    return undefined;
  };

  return {
    async pass(req, res, url) {
      const path = url.pathname;
      if (!browserChecks(req, res, path)) return undefined;
      if (req.method === 'OPTIONS') {
        // CORS preflight: carries no credentials by definition, so it is answered before the token check.
        res.writeHead(204, {
          'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
          'Access-Control-Allow-Headers':
            'Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID',
          'Access-Control-Max-Age': '600',
        });
        res.end();
        return undefined;
      }
      const oauth = options.oauth?.();
      if (oauth?.isMetadataPath(path)) {
        serveMetadata(oauth, req, res);
        return undefined;
      }
      if (OAUTH_PATHS.test(path)) {
        sendJson(res, 404, { error: 'not_found', error_description: oauth ? NOT_THE_AS : NO_OAUTH });
        return undefined;
      }
      // Liveness needs no token (it says only status, version and the session count).
      if (path === '/healthz') return staticAdmission('none');
      return oauth ? oauthCredential(oauth, req, res, url, refusal) : credential(req, res, path);
    },
  };
}
