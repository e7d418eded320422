/**
 * Resources about who is asking and what was changed: `drata://whoami` (the principal, its scopes, the Drata
 * region, whether writes are enabled, where the audit trail is) and the latest audit entries, all or about one
 * person (`drata://audit/recent`, `drata://audit/person/{personnel}` by id or email).
 */
import { ProtocolError, ProtocolErrorCode, ResourceTemplate, type McpServer } from '@modelcontextprotocol/server';
import { describePrincipal, type Principal } from '../auth/principal.js';
import type { Config } from '../config.js';
import type { AuditLog } from './log.js';
import type { AuditEntry } from './types.js';

/** How many entries drata://audit/recent shows (newest first): one compact line each, about 1,200 tokens. */
export const AUDIT_RESOURCE_LIMIT = 20;

const json = (uri: URL, value: unknown) => ({
  contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }],
});

/** One person's trail is short: more of it fits. */
const PERSON_LIMIT = 50;

const plain = (uri: URL, text: string) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text }] });

/** Who acted, in a few words. */
const actor = (e: AuditEntry): string =>
  e.principal.kind === 'local' ? `local ${e.principal.osUser ?? '?'}` : `${e.principal.kind} ${e.principal.email ?? e.principal.subject}`;

/**
 * One entry as one line: `#12 2026-11-01T10:00:00Z applied update_personnel (updated) by oauth a@x.com via
 * elicitation; #123 anna@x.com; startedAt 2023-01-04 → 2023-02-01`. The hash chain stays in the file
 * (`audit verify` checks it); the line keeps what a reader asks: when, what, who, about whom, which change.
 */
export function auditLine(e: AuditEntry): string {
  const outcome = e.outcome === e.event ? '' : ` (${e.outcome})`;
  const head = `#${e.seq} ${e.time} ${e.event} ${e.tool}${outcome} by ${actor(e)}${e.approvalPath ? ` via ${e.approvalPath}` : ''}`;
  const people = e.scope === 'all' ? 'everyone' : (e.people ?? []).map((p) => `#${p.id}${p.email ? ` ${p.email}` : ''}`).join(', ');
  const changes = (e.changes ?? [])
    .map((c) => `${c.person === undefined ? '' : `#${c.person} `}${c.field} ${c.before ?? '∅'} → ${c.after ?? '∅'}`)
    .join(', ');
  return [head, people, changes, e.reason && `reason: ${e.reason}`, e.requestId && `request ${e.requestId}`]
    .filter(Boolean)
    .join('; ');
}

/** The newest entries as lines, with the total and where the rest is. */
function auditText(title: string, found: { entries: AuditEntry[]; total: number }, file: string, more: string): string {
  const { entries, total } = found;
  const shown = entries.length < total ? `the newest ${entries.length} shown, newest first` : 'all shown, newest first';
  const lines = [`${title}: ${total} ${total === 1 ? 'entry' : 'entries'} (${shown}). File: ${file}`];
  lines.push(...entries.map(auditLine));
  if (entries.length < total) lines.push(`${total - entries.length} older: ${more}`);
  return lines.join('\n');
}

const EXPORT = '`drata-personnel-mcp audit export --csv` writes the whole trail (and `audit verify` checks its hash chain)';

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
      description: `The newest ${AUDIT_RESOURCE_LIMIT} audit entries (every write attempt and outcome), one line each, newest first, and the total`,
      mimeType: 'text/plain',
    },
    async (uri) =>
      plain(
        uri,
        auditText('Audit trail', audit.newest(AUDIT_RESOURCE_LIMIT), audit.path, `drata://audit/person/{id or email} lists those about one person; ${EXPORT}`),
      ),
  );
  server.registerResource(
    'audit-person',
    new ResourceTemplate('drata://audit/person/{personnel}', { list: undefined }),
    {
      title: 'Audit trail of one person',
      description: 'The newest audit entries about one person, one line each: drata://audit/person/{id or email}',
      mimeType: 'text/plain',
    },
    async (uri, variables) => {
      const person = personFilter(variables.personnel);
      const who = person.id !== undefined ? `#${person.id}` : (person.email ?? '');
      return plain(uri, auditText(`Audit trail of ${who}`, audit.newest(PERSON_LIMIT, person), audit.path, EXPORT));
    },
  );
}
