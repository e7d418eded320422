import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The audit trail's per-user default lives under XDG_STATE_HOME: tests (and the binaries they spawn) write to a
// fresh directory of this run, never to the developer's own trail.
const STATE_HOME = mkdtempSync(join(tmpdir(), 'drata-mcp-test-state-'));

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { XDG_STATE_HOME: STATE_HOME },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/build-apps.ts'],
        },
      },
      {
        // End-to-end tests spawn the built binary: this project alone builds dist/ first.
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/e2e/global-setup.ts'] },
      },
      {
        // The MCP Apps in headless Chromium (Debian's chromium, driven by playwright-core), fed by a test host.
        extends: true,
        test: { name: 'browser', include: ['test/browser/**/*.test.ts'], globalSetup: ['test/support/build-apps.ts'] },
      },
      {
        // Chaos, fuzzing, secret-leak and path-injection tests through the MCP client against the sandbox.
        extends: true,
        test: { name: 'reliability', include: ['test/reliability/**/*.test.ts'] },
      },
    ],
  },
});
