/** Where the audit trail lives: DRATA_AUDIT_LOG / --audit-log, else a per-user state directory. */
import { homedir } from 'node:os';
import { join } from 'node:path';

const DIR = 'drata-personnel-mcp';

/**
 * The per-user default: `$XDG_STATE_HOME/drata-personnel-mcp/audit.jsonl` when XDG_STATE_HOME is set, else
 * `%LOCALAPPDATA%\drata-personnel-mcp\audit.jsonl` on Windows, `~/Library/Logs/drata-personnel-mcp/audit.jsonl`
 * on macOS and `~/.local/state/drata-personnel-mcp/audit.jsonl` elsewhere. The sandbox writes `sandbox-audit.jsonl`
 * beside it, so rehearsals never mix with real changes.
 */
export function defaultAuditPath(
  options: { sandbox?: boolean; env?: Readonly<Record<string, string | undefined>>; platform?: NodeJS.Platform } = {},
): string {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const file = options.sandbox ? 'sandbox-audit.jsonl' : 'audit.jsonl';
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, DIR, file);
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), DIR, file);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Logs', DIR, file);
  return join(homedir(), '.local', 'state', DIR, file);
}

export const auditPathOf = (config: { auditLog: string | undefined; sandbox: boolean }): string =>
  config.auditLog ?? defaultAuditPath({ sandbox: config.sandbox });
