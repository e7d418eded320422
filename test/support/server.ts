/** In-memory MCP client ↔ server pairs for protocol tests (no stdio, no HTTP between client and server). */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { type Config, validateSettings } from '../../src/config.js';
import { DrataClient } from '../../src/drata/client.js';
import { createPersonnelApi, type PersonnelApi } from '../../src/drata/personnel.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { ReportCache } from '../../src/report/cache.js';
import { createServer } from '../../src/server.js';
import type { Approvals } from '../../src/tools/approval.js';

export type ElicitAnswer =
  | 'accept'
  | 'decline'
  | 'cancel'
  | 'accept-false'
  | ((message: string) => ElicitResult);

export interface ConnectOptions {
  config?: Partial<Config>;
  /** How the client answers confirmation requests; undefined = the client lacks elicitation. */
  elicit?: ElicitAnswer;
  now?: () => Date;
  logger?: Logger;
  /** Approval tokens (default: a fresh book with a random secret). */
  approvals?: Approvals;
  /** The client advertises MCP Apps (the io.modelcontextprotocol/ui extension), as Claude or VS Code do. */
  apps?: boolean;
}

/** The client capability of a host that renders MCP Apps. */
export const APPS_CAPABILITY = {
  extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } },
};

export interface Connected {
  client: Client;
  logLines: string[];
  elicitations: string[];
  cache: ReportCache;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...validateSettings({ sandbox: true }), ...overrides };
}

export function apiFor(
  url: string,
  apiKey: string,
  logger: Logger,
  overrides: { timeoutMs?: number; maxRetryWaitMs?: number } = {},
): PersonnelApi {
  return createPersonnelApi(new DrataClient({ apiKey, baseUrl: url, logger, ...overrides }));
}

export async function connect(api: PersonnelApi, options: ConnectOptions = {}): Promise<Connected> {
  const logLines: string[] = [];
  const elicitations: string[] = [];
  const logger = options.logger ?? createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  const config = testConfig(options.config);
  const now = options.now ?? (() => new Date('2026-11-01T00:00:00Z'));
  const cache = new ReportCache(config.reportCacheTtlSeconds * 1000, now, config.snapshotTtlSeconds * 1000);
  const server = createServer({ config, api, logger, now, cache, approvals: options.approvals });
  const client = new Client(
    { name: 'test-client', version: '1.0.0' },
    { capabilities: { ...(options.elicit ? { elicitation: {} } : {}), ...(options.apps ? APPS_CAPABILITY : {}) } },
  );
  const answer = options.elicit;
  if (answer) {
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      elicitations.push(request.params.message);
      if (typeof answer === 'function') return answer(request.params.message);
      if (answer === 'accept') return { action: 'accept', content: { confirm: true } };
      if (answer === 'accept-false') return { action: 'accept', content: { confirm: false } };
      return { action: answer };
    });
  }
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return {
    client,
    logLines,
    elicitations,
    cache,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/** The text of a tool result. */
export function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content
    .filter((c) => c.type === 'text')
    .map((c) => c.text ?? '')
    .join('\n');
}

/** The tools a host shows the model: app-only tools (`_meta.ui.visibility` without "model") left out. */
export function modelTools<T extends { _meta?: Record<string, unknown> }>(tools: readonly T[]): T[] {
  return tools.filter((t) => (t._meta?.ui as { visibility?: string[] } | undefined)?.visibility?.includes('model') ?? true);
}
