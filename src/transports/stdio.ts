/** stdio transport: stdout carries JSON-RPC only; everything else goes to stderr through the logger. */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Logger } from '../logger.js';
import { answerUnparsable } from '../protocol/parse-error.js';

export interface RunningTransport {
  /** Resolves when the client went away (stdin closed) or close() was called. */
  closed: Promise<void>;
  close(): Promise<void>;
}

export async function runStdio(server: McpServer, logger: Logger): Promise<RunningTransport> {
  const transport = new StdioServerTransport();
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  transport.onclose = () => resolveClosed();
  // The client closing our stdin is the normal way a stdio session ends.
  process.stdin.once('end', () => resolveClosed());
  await server.connect(transport);
  answerUnparsable(transport, logger);
  logger.info('serving MCP over stdio');
  return {
    closed,
    close: async () => {
      await server.close();
      resolveClosed();
    },
  };
}
