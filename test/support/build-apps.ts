/**
 * Global setup of the projects that read the built apps (resources/read, the browser test): the apps are
 * built from src/apps/ui into dist/apps/ first (esbuild, well under a second), so no test reads a stale file.
 */
import { buildApps } from '../../scripts/build-apps.mjs';

export default async function setup(): Promise<void> {
  await buildApps();
}
