/** The resource registry: reference docs and the per-person template. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ResourceDeps } from './deps.js';
import { DOCS } from './docs.js';
import { registerPersonnelTemplate } from './personnel.js';

export function registerResources(server: McpServer, deps: ResourceDeps): void {
  for (const doc of DOCS) {
    server.registerResource(
      doc.name,
      doc.uri,
      { title: doc.title, description: doc.description, mimeType: 'text/markdown' },
      async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/markdown', text: doc.text() }] }),
    );
  }
  registerPersonnelTemplate(server, deps);
}
