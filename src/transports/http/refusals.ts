/**
 * The HTTP transport's refusals that need more than the gate knows: a new session when no place frees
 * (429 at a principal's quota, 503 when the table is full) and write tools for principals without the
 * write scope (403, recorded in the audit trail).
 */
import type { OAuthGate } from '../../auth/http-auth.js';
import { createScopeGuard, recordScopeRefusal } from '../../auth/scope-guard.js';
import { auditPathOf } from '../../audit/location.js';
import { auditLogAt } from '../../audit/log.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { toolsFor } from '../../tools/index.js';
import { sendRpcError } from './body.js';
import type { HandlerContext } from './streamable.js';

/** The answer when no session place frees: 429 for a principal at its quota, 503 when the table is full. */
export function refuseSession(logger: Logger): HandlerContext['refuseFull'] {
  return (res, why) => {
    if (why === 'quota') {
      logger.warning('a credential is at its session quota with every session busy: refusing it a new one');
      sendRpcError(
        res,
        429,
        -32000,
        'Too many busy sessions for this credential (MCP_MAX_SESSIONS_PER_PRINCIPAL); close one or try again shortly',
        { 'Retry-After': '5' },
      );
      return;
    }
    logger.warning('session limit reached and every session is busy: refusing a new session');
    sendRpcError(res, 503, -32000, 'Too many busy sessions; try again shortly', { 'Retry-After': '5' });
  };
}

/** Write tools refused (403) to principals without the write scope. */
export function scopeGuardFor(config: Config, oauth: () => OAuthGate | undefined, logger: Logger) {
  return createScopeGuard({
    oauth,
    writeTools: new Set(toolsFor(config).filter((t) => !t.annotations.readOnlyHint).map((t) => t.name)),
    onRefused: (principal, tool, scope) => {
      logger.warning(`refused ${tool}: the principal lacks the ${scope} scope`, { subject: principal.subject });
      recordScopeRefusal(auditLogAt(auditPathOf(config)), principal, tool, scope, logger);
    },
  });
}
