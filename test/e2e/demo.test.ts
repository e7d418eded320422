/** `npm run demo`'s script against the built server: it runs to the end, each dialog under its own call. */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('the demo', () => {
  it('prints each confirmation dialog inside the block of the call that opens it, before its result', () => {
    const run = spawnSync(process.execPath, [resolve(root, 'scripts/demo.mjs')], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', XDG_STATE_HOME: process.env.XDG_STATE_HOME ?? '' },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Demo finished/);
    const blocks = run.stdout.split('\n━━ ').slice(1);
    const withDialog = blocks.filter((b) => b.includes('confirmation dialog'));
    expect(withDialog.map((b) => b.split('\n')[0])).toEqual([
      'tools/call update_personnel',
      'tools/call resync_personnel',
    ]);
    for (const block of withDialog) {
      const lines = block.split('\n');
      const dialog = lines.findIndex((l) => l.includes('┌ confirmation dialog'));
      const asked = lines[dialog + 1] ?? '';
      // The dialog follows the call's arguments and comes before the call's result and token count.
      expect(lines[dialog - 1]).toMatch(/^ {3}arguments: /);
      expect(asked).toMatch(block.startsWith('tools/call update') ? /│ Update / : /│ Resync /);
      expect(lines.findIndex((l) => / tokens \(/.test(l))).toBeGreaterThan(dialog);
      expect(lines.findIndex((l) => l.includes('the user clicks'))).toBeLessThan(
        lines.findIndex((l) => /│ (update|resync)_personnel /.test(l)),
      );
    }
  });
});
