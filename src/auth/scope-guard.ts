/**
 * Write access by scope at the HTTP edge: a `tools/call` of a write tool from a principal without the write
 * scope is answered 403 `insufficient_scope` naming that scope (a client can step up and retry), in both
 * protocol eras and on every transport. Behind it, the server built for such a principal does not register
 * the write tools at all (server.ts), so they are absent from `tools/list` and unknown if called anyway.
 */
import type { AuditLog } from '../audit/log.js';
import { auditPrincipal } from '../audit/recorder.js';
import type { Logger } from '../logger.js';
import type { OAuthGate, Refusal } from './http-auth.js';
import type { Principal } from './principal.js';

/** The write tools a JSON-RPC message (or batch) calls. */
export function writeToolCalls(body: unknown, writeTools: ReadonlySet<string>): string[] {
  const messages = Array.isArray(body) ? body : [body];
  const names: string[] = [];
  for (const m of messages) {
    const msg = m as { method?: unknown; params?: { name?: unknown } } | null;
    if (msg?.method === 'tools/call' && typeof msg.params?.name === 'string' && writeTools.has(msg.params.name)) {
      names.push(msg.params.name);
    }
  }
  return names;
}

export interface ScopeGuardOptions {
  oauth: () => OAuthGate | undefined;
  /** Names of the write tools this server registers (none when read-only). */
  writeTools: ReadonlySet<string>;
  /** Told about each refusal (the audit trail records it). */
  onRefused?: (principal: Principal, tool: string, scope: string) => void;
}

/** The 403 for `body` from `principal`, or undefined when it may go on. */
export function createScopeGuard(options: ScopeGuardOptions) {
  return async (principal: Principal | undefined, body: unknown): Promise<Refusal | undefined> => {
    const oauth = options.oauth();
    if (!oauth || !principal || principal.canWrite) return undefined;
    const [tool] = writeToolCalls(body, options.writeTools);
    if (tool === undefined) return undefined;
    options.onRefused?.(principal, tool, oauth.writeScope);
    return oauth.insufficientScope(oauth.writeScope, `${tool} needs the ${oauth.writeScope} scope`);
  };
}

/** A write refused for want of the write scope is a `refused` line in the audit trail (nothing was sent). */
export function recordScopeRefusal(
  log: AuditLog,
  principal: Principal,
  tool: string,
  scope: string,
  logger: Logger,
): void {
  try {
    log.append({
      time: new Date().toISOString(),
      event: 'refused',
      principal: auditPrincipal(principal),
      client: {},
      tool,
      outcome: 'insufficient_scope',
      reason: `the token lacks the ${scope} scope`,
    });
  } catch (err) {
    logger.error(err instanceof Error ? err.message : String(err));
  }
}
