import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApps } from '../../scripts/build-apps.mjs';

/**
 * End-to-end tests spawn the built binary, so every test run starts from a fresh build of src/ (and of the
 * MCP Apps, which the binary serves).
 * tsc is incremental enough on this code base (a few seconds) that this is cheaper than staleness bugs.
 */
export default async function setup(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  execFileSync(
    process.execPath,
    [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  await buildApps();
}
