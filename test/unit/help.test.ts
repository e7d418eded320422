/** `--help` lists every setting of the configuration (each environment variable, and the sandbox size flag). */
import { describe, expect, it } from 'vitest';
import { ENV_VARS } from '../../src/config.js';
import { HELP_TEXT } from '../../src/help.js';

describe('--help', () => {
  it('names every environment variable the configuration reads', () => {
    expect(ENV_VARS.length).toBeGreaterThan(10);
    for (const name of ENV_VARS) expect(HELP_TEXT, name).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it('gives the sandbox size flag with its variable and default', () => {
    expect(HELP_TEXT).toMatch(/--sandbox-size N +DRATA_SANDBOX_SIZE +.*\(default 250\)/);
  });
});
