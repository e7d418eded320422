/**
 * Resources about who is asking and what was changed: `drata://whoami` (the principal, its scopes, the Drata
 * region, whether writes are enabled, where the audit trail is) and the latest audit entries, all or about one
 * person (`drata://audit/recent`, `drata://audit/person/{personnel}` by id or email).
 */
import { ProtocolError, ProtocolErrorCode, ResourceTemplate, type McpServer } from '@modelcontextprotocol/server';
import { describePrincipal, type Principal } from '../auth/principal.js';
import type { Config } from '../config.js';
import type { AuditLog } from './log.js';

/** How many entries the audit resources show (newest first). */
export const AUDIT_RESOURCE_LIMIT = 50;

const json = (uri: URL, value: unknown) => ({
  contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }],
});

export function whoami(config: Pick<Config, 'region' | 'readOnly' | 'oauth'>, principal: Principal, audit: AuditLog) {
  return {
    principal: {
      kind: principal.kind,
      subject: principal.subject,
      ...(principal.email ? { email: principal.email } : {}),
      ...(principal.clientId ? { clientId: principal.clientId } : {}),
      ...(principal.osUser ? { osUser: principal.osUser } : {}),
      label: describePrincipal(principal),
    },
    scopes: [...principal.scopes],
    auth: config.oauth ? 'oauth' : principal.kind,
    region: config.region,
    writesEnabled: principal.canWrite,
    ...(principal.canWrite ? {} : { whyNoWrites: config.readOnly ? 'the server runs read-only' : `the token lacks the ${config.oauth?.writeScope ?? 'write'} scope` }),
    auditLog: audit.path,
  };
}

/** A person filter from the template variable: a numeric id or an email. */
function personFilter(raw: string | string[] | undefined): { id?: number; email?: string } {
  const value = decodeURIComponent((Array.isArray(raw) ? raw[0] : raw) ?? '').trim().replace(/^email:/i, '');
  if (/^\d+$/.test(value)) return { id: Number(value) };
  if (/^[^@\s]+@[^@\s]+$/.test(value)) return { email: value.toLowerCase() };
  throw new ProtocolError(ProtocolErrorCode.InvalidParams, `drata://audit/person/{personnel} takes a numeric id or an email, got "${value}"`);
}

export function registerAuditResources(
  server: McpServer,
  deps: { config: Config; principal: Principal; audit: AuditLog },
): void {
  const { audit } = deps;
  server.registerResource(
    'whoami',
    'drata://whoami',
    {
      title: 'Who am I',
      description: 'The principal this session acts for, its scopes, the Drata region and whether writes are enabled',
      mimeType: 'application/json',
    },
    async (uri) => json(uri, whoami(deps.config, deps.principal, audit)),
  );
  server.registerResource(
    'audit-recent',
    'drata://audit/recent',
    {
      title: 'Audit trail: latest writes',
      description: `The newest ${AUDIT_RESOURCE_LIMIT} audit entries (every write attempt and outcome), newest first`,
      mimeType: 'application/json',
    },
    async (uri) => json(uri, { file: audit.path, entries: audit.latest(AUDIT_RESOURCE_LIMIT) }),
  );
  server.registerResource(
    'audit-person',
    new ResourceTemplate('drata://audit/person/{personnel}', { list: undefined }),
    {
      title: 'Audit trail of one person',
      description: 'The newest audit entries about one person: drata://audit/person/{id or email}',
      mimeType: 'application/json',
    },
    async (uri, variables) => {
      const person = personFilter(variables.personnel);
      return json(uri, { person, entries: audit.latest(AUDIT_RESOURCE_LIMIT, person) });
    },
  );
}
