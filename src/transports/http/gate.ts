/**
 * The gate every HTTP request passes before it reaches the SDK: Host allow-list and Origin check (DNS
 * rebinding and browser pages, 403), CORS for listed origins, OAuth discovery answered as "no OAuth here"
 * (so OAuth-capable clients fail with a clear message instead of waiting for a browser login), then the
 * bearer token (401). It resolves to the credential the request carries, which sessions are bound to.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../logger.js';
import { PACKAGE_NAME } from '../../version.js';
import { checkBearer, type HostAllowList, isHostAllowed, isOriginAllowed, type OriginPolicy } from '../http-security.js';
import { first, sendJson, sendRpcError } from './body.js';

export interface Gate {
  /**
   * The request's principal key, or undefined when the gate already answered it. Sessions are bound to it
   * and session quotas count by it: the accepted static token's id (a digest prefix) today; another auth
   * mode supplies its own key here (e.g. the OAuth subject), and nothing else changes.
   */
  pass(req: IncomingMessage, res: ServerResponse, path: string): string | undefined;
}

export interface GateOptions {
  hostAllow: () => HostAllowList;
  origins: OriginPolicy;
  /** Digests of the accepted tokens; empty = no token required (the explicit insecure opt-out). */
  tokens: readonly Buffer[];
  logger: Logger;
}

/** OAuth discovery and endpoints: this server has none. */
const OAUTH_PATHS = /^\/(\.well-known\/(oauth-protected-resource|oauth-authorization-server|openid-configuration)(\/.*)?|register|authorize|token)$/;
const NO_OAUTH =
  'This server does not use OAuth: it expects a static bearer token. Send "Authorization: Bearer <token>" (MCP_HTTP_TOKEN, or the token it printed at start).';

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

  const credential = (req: IncomingMessage, res: ServerResponse, path: string): string | undefined => {
    if (options.tokens.length === 0) return 'anonymous';
    const check = checkBearer(first(req.headers.authorization), options.tokens);
    if (typeof check === 'string') return check;
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
    pass(req, res, path) {
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
      if (OAUTH_PATHS.test(path)) {
        sendJson(res, 404, { error: 'not_found', error_description: NO_OAUTH });
        return undefined;
      }
      // Liveness needs no token (it says only status, version and the session count).
      if (path === '/healthz') return 'public';
      return credential(req, res, path);
    },
  };
}
