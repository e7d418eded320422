/** `drata://personnel/{personnel}`: one person's summary, with completion of the variable by name or email. */
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { fetchPerson, parsePersonRef } from '../personnel/lookup.js';
import { fromV1 } from '../personnel/normalize.js';
import { renderSummary } from '../personnel/render.js';
import { summarizePerson } from '../personnel/summarize.js';
import type { ResourceDeps } from './index.js';

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
    async (uri, variables, extra) =>
      deps.scope(async () => {
        const raw = variables.personnel;
        const value = decodeURIComponent(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''));
        const { person } = await fetchPerson(deps.api, parsePersonRef(value), {
          signal: extra.signal,
          logger: deps.logger,
        });
        const text = renderSummary(summarizePerson(person, { detail: 'summary', now: deps.now() }));
        return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
      }),
  );
}
