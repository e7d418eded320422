/**
 * MCP Apps (the `io.modelcontextprotocol/ui` extension): two read tools and the two write tools name a
 * `ui://` HTML resource that a host with the extension renders in a sandboxed frame beside the answer. Hosts
 * without it ignore `_meta` and never read the resources, so their tool results and tool definitions (name,
 * description, schemas) are exactly what they were. The HTML is built by `npm run build` (scripts/build-apps.mjs) into
 * dist/apps/; the dashboard and person card call back only read tools, through the host; the approval card
 * calls only its app-only tool (approval.ts).
 */
import { readFile } from 'node:fs/promises';
import {
  RESOURCE_MIME_TYPE,
  RESOURCE_URI_META_KEY,
  registerAppResource,
} from '@modelcontextprotocol/ext-apps/server';
import type { McpServer } from '@modelcontextprotocol/server';
import { APPROVAL_CARD_URI } from './approval.js';

export interface AppDefinition {
  /** File name in dist/apps/ (the build's output) and last segment of the `ui://` URI. */
  file: string;
  uri: string;
  title: string;
  description: string;
  /** The tools whose results the app shows. */
  tools: readonly string[];
}

/** The one place that says which tool shows which app. */
export const APPS: readonly AppDefinition[] = [
  {
    file: 'dashboard.html',
    uri: 'ui://drata-personnel/dashboard.html',
    title: 'Compliance dashboard',
    description: 'Interactive view of personnel_compliance_report: counts, per-check bars, the people behind each.',
    tools: ['personnel_compliance_report'],
  },
  {
    file: 'person.html',
    uri: 'ui://drata-personnel/person.html',
    title: 'Person card',
    description: 'Interactive view of get_personnel: status, failing checks with the reason, identities, devices.',
    tools: ['get_personnel'],
  },
  {
    file: 'approval.html',
    uri: APPROVAL_CARD_URI,
    title: 'Approval card',
    description: 'Shows a previewed write (before → after, warnings); Approve or Decline is the user\'s own answer.',
    tools: ['update_personnel', 'resync_personnel'],
  },
];

/** Largest app file the build may produce and the server may serve (hosts load it inline). */
export const APP_MAX_BYTES = 150 * 1024;

/**
 * No request may leave the frame: the app is one self-contained file (scripts and styles inline), so it
 * needs no origin for network connections or static resources.
 */
export const APP_CSP = { connectDomains: [] as string[], resourceDomains: [] as string[] };

/** `_meta` for a tool's definition: the app it shows (and the pre-1.0 key older hosts read), or nothing. */
export function appToolMeta(toolName: string): Record<string, unknown> | undefined {
  const app = APPS.find((a) => a.tools.includes(toolName));
  return app ? { ui: { resourceUri: app.uri }, [RESOURCE_URI_META_KEY]: app.uri } : undefined;
}

/**
 * dist/apps/ from this module, compiled (dist/apps/register.js) or run from source in tests
 * (src/apps/register.ts): both sit two folders below the package root.
 */
const BUILT = new URL('../../dist/apps/', import.meta.url);

const cache = new Map<string, Promise<string>>();

async function appHtml(file: string): Promise<string> {
  let html = cache.get(file);
  if (!html) {
    html = readFile(new URL(file, BUILT), 'utf8').catch((err: NodeJS.ErrnoException) => {
      cache.delete(file);
      throw new Error(
        err.code === 'ENOENT' ? `the ${file} app is not built: run npm run build` : `cannot read ${file}: ${err.message}`,
      );
    });
    cache.set(file, html);
  }
  return html;
}

/** Registers the app resources of the tools this configuration registers. */
export function registerApps(server: McpServer, toolNames: readonly string[]): void {
  const resourceMeta = { ui: { csp: APP_CSP, prefersBorder: true } };
  for (const app of APPS.filter((a) => a.tools.some((t) => toolNames.includes(t)))) {
    registerAppResource(
      server,
      app.title,
      app.uri,
      { description: app.description, mimeType: RESOURCE_MIME_TYPE, _meta: resourceMeta },
      async () => ({
        contents: [{ uri: app.uri, mimeType: RESOURCE_MIME_TYPE, text: await appHtml(app.file), _meta: resourceMeta }],
      }),
    );
  }
}
