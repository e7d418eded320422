/** A sandbox plus an in-memory MCP client over it: the standard fixture of the tool tests. */
import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { createLogger, type Logger } from '../../src/logger.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import { apiFor, type Connected, type ConnectOptions, connect } from './server.js';

export interface Fixture extends Connected {
  sandbox: Sandbox;
  api: ReturnType<typeof apiFor>;
  /** The process-wide logger the fixture's client and server share. */
  logger: Logger;
}

export async function startFixture(
  options: ConnectOptions & { sandbox?: SandboxOptions } = {},
): Promise<Fixture> {
  const sandbox = await startSandbox({ size: 120, ...options.sandbox });
  const logLines: string[] = [];
  const logger = options.logger ?? createLogger({ level: 'debug', write: (line) => logLines.push(line) });
  // Retries stay quick in tests: the wait cap bounds every backoff.
  const api = apiFor(sandbox.url, sandbox.apiKey, logger, { maxRetryWaitMs: 200 });
  const conn = await connect(api, { now: () => new Date(sandbox.org.now), ...options, logger });
  return {
    ...conn,
    logLines: options.logger ? conn.logLines : logLines,
    sandbox,
    api,
    logger,
    close: async () => {
      await conn.close();
      await sandbox.close();
    },
  };
}

export type ToolResult = {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
};

export async function call(f: Connected, name: string, args: Record<string, unknown>): Promise<ToolResult> {
  return (await f.client.callTool({ name, arguments: args })) as ToolResult;
}

/** A result's size in real tokens (cl100k): every text block plus the structured content. */
export const realTokens = (r: ToolResult): number =>
  r.content.reduce((n, c) => n + encode(c.text ?? '').length, 0) +
  (r.structuredContent ? encode(JSON.stringify(r.structuredContent)).length : 0);
