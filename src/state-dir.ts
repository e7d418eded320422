/**
 * This user's state directory for the server (the audit trail, used approval tokens): one rule for both.
 * `$XDG_STATE_HOME/drata-personnel-mcp` when XDG_STATE_HOME is an absolute path, else
 * `%LOCALAPPDATA%\drata-personnel-mcp` on Windows, `~/Library/Logs/drata-personnel-mcp` on macOS and
 * `~/.local/state/drata-personnel-mcp` elsewhere.
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

const DIR = 'drata-personnel-mcp';

export function perUserStateDir(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const xdg = env.XDG_STATE_HOME?.trim();
  if (xdg && isAbsolute(xdg)) return join(xdg, DIR);
  const home = env.HOME?.trim() || homedir();
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), DIR);
  if (platform === 'darwin') return join(home, 'Library', 'Logs', DIR);
  return join(home, '.local', 'state', DIR);
}
