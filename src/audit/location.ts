/** Where the audit trail lives: DRATA_AUDIT_LOG / --audit-log, else a per-user state directory. */
import { join } from 'node:path';
import { perUserStateDir } from '../state-dir.js';

/**
 * The per-user default: `audit.jsonl` in this user's state directory (src/state-dir.ts). The sandbox writes
 * `sandbox-audit.jsonl` beside it, so rehearsals never mix with real changes.
 */
export function defaultAuditPath(
  options: { sandbox?: boolean; env?: Readonly<Record<string, string | undefined>>; platform?: NodeJS.Platform } = {},
): string {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const file = options.sandbox ? 'sandbox-audit.jsonl' : 'audit.jsonl';
  return join(perUserStateDir(env, platform), file);
}

export const auditPathOf = (config: { auditLog: string | undefined; sandbox: boolean }): string =>
  config.auditLog ?? defaultAuditPath({ sandbox: config.sandbox });
