/** `drata://personnel/{personnel}`: one person's summary, with completion of the variable by name or email. */
import { ProtocolError, ProtocolErrorCode, ResourceNotFoundError, ResourceTemplate } from '@modelcontextprotocol/server';
import type { McpServer } from '@modelcontextprotocol/server';
import { isDrataError } from '../drata/errors.js';
import { InputError } from '../errors.js';
import { fetchPerson, parsePersonRef } from '../personnel/lookup.js';
import { fromV1 } from '../personnel/normalize.js';
import { renderSummary } from '../personnel/render.js';
import { summarizePerson } from '../personnel/summarize.js';
import type { ResourceDeps } from './deps.js';

/**
 * A person who is not there is a missing resource: -32002 to 2025-era peers, -32602 with `data.uri` to
 * 2026-07-28 ones (protocol/resource-errors.ts); a malformed id or email is invalid params (-32602, no `data.uri`).
 */
function readError(err: unknown, uri: string): unknown {
  if (isDrataError(err, 'not_found'))
    return new ResourceNotFoundError(uri, `Resource not found: ${uri} (no such person in Drata)`);
  if (err instanceof InputError || err instanceof URIError)
    return new ProtocolError(ProtocolErrorCode.InvalidParams, `Invalid resource URI ${uri}: ${err.message}`);
  return err;
}

/** Completion answers at most this many values (MCP caps at 100). */
const COMPLETION_LIMIT = 10;

export function registerPersonnelTemplate(server: McpServer, deps: ResourceDeps): void {
  const template = new ResourceTemplate('drata://personnel/{personnel}', {
    list: undefined,
    complete: {
      personnel: async (value) => {
        const q = value.trim();
        if (q.length < 2) return [];
        try {
          const page = await deps.api.v1List({ q, limit: COMPLETION_LIMIT, sort: 'NAME', sortDir: 'ASC' });
          return page.data.map((r) => fromV1(r).email).filter((e): e is string => Boolean(e));
        } catch (err) {
          deps.logger.warning('personnel completion failed', {
            error: err instanceof Error ? err.message : String(err),
          });
          return [];
        }
      },
    },
  });
  server.registerResource(
    'personnel',
    template,
    {
      title: 'A person in Drata',
      description: 'Compliance summary of one person: drata://personnel/{id or email}',
      mimeType: 'text/markdown',
    },
    async (uri, variables, ctx) =>
      deps.scope(async () => {
        const raw = variables.personnel;
        const fetched = await (async () => {
          const value = decodeURIComponent(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''));
          return fetchPerson(deps.api, parsePersonRef(value), { signal: ctx.mcpReq.signal, logger: deps.logger });
        })().catch((err: unknown) => {
          throw readError(err, uri.href);
        });
        const { person } = fetched;
        const text = renderSummary(summarizePerson(person, { detail: 'summary', now: deps.now() }));
        return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
      }),
  );
}
