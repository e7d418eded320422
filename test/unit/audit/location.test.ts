/** Where the audit trail lives by default, per platform, and the explicit setting winning. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditPathOf, defaultAuditPath } from '../../../src/audit/location.js';
import { validateSettings } from '../../../src/config.js';

describe('audit trail location', () => {
  it.each([
    ['linux', {}, join(homedir(), '.local', 'state', 'drata-personnel-mcp', 'audit.jsonl')],
    ['darwin', {}, join(homedir(), 'Library', 'Logs', 'drata-personnel-mcp', 'audit.jsonl')],
    ['win32', { LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, join('C:\\Users\\a\\AppData\\Local', 'drata-personnel-mcp', 'audit.jsonl')],
    ['linux', { XDG_STATE_HOME: '/var/state/me' }, join('/var/state/me', 'drata-personnel-mcp', 'audit.jsonl')],
  ] as const)('%s with %o', (platform, env, expected) => {
    expect(defaultAuditPath({ platform, env })).toBe(expected);
  });

  it('the sandbox keeps its own file; DRATA_AUDIT_LOG / --audit-log wins', () => {
    expect(defaultAuditPath({ sandbox: true, platform: 'linux', env: {} })).toMatch(/sandbox-audit\.jsonl$/);
    const config = validateSettings({ sandbox: true, auditLog: '/srv/audit/drata.jsonl' });
    expect(auditPathOf(config)).toBe('/srv/audit/drata.jsonl');
  });

  it('OAuth settings without the issuer, or OAuth on stdio, stop start-up with one line', () => {
    expect(() => validateSettings({ sandbox: true, oauthResource: 'https://mcp.example.com/mcp' })).toThrow(
      /MCP_OAUTH_RESOURCE is an OAuth setting: set MCP_OAUTH_ISSUER too/,
    );
    expect(() => validateSettings({ sandbox: true, oauthIssuer: 'https://idp.example.com' })).toThrow(
      /applies to --transport http only/,
    );
    expect(() =>
      validateSettings({ sandbox: true, transport: 'http', host: '0.0.0.0', oauthIssuer: 'https://idp.example.com' }),
    ).toThrow(/MCP_OAUTH_RESOURCE is required to listen on 0\.0\.0\.0/);
    expect(() =>
      validateSettings({ sandbox: true, transport: 'http', oauthIssuer: 'http://idp.example.com' }),
    ).toThrow(/MCP_OAUTH_ISSUER must be an https URL/);
    expect(() =>
      validateSettings({ sandbox: true, transport: 'http', oauthIssuer: 'https://idp.example.com', oauthAlgorithms: 'HS256' }),
    ).toThrow(/asymmetric/);
    const ok = validateSettings({ sandbox: true, transport: 'http', oauthIssuer: 'https://idp.example.com' });
    expect(ok.oauth).toMatchObject({ readScope: 'personnel:read', writeScope: 'personnel:write', clockSkewSeconds: 30 });
  });
});
