/**
 * stdio transport: stdout carries JSON-RPC only; everything else goes to stderr through the logger.
 * SDK v2's `serveStdio` picks the era from the connection's opening: an `initialize` pins a 2025-era
 * instance (handshake, session-scoped capabilities); a 2026-07-28 request (`server/discover` or any request
 * with the per-request `_meta` envelope) pins a modern one. One factory backs both.
 */
import { serveStdio, StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import type { Logger } from '../logger.js';
import type { ServerFactory } from '../server.js';
import { answerUnparsable, screenUnparsable } from '../protocol/parse-error.js';

export interface RunningTransport {
  /** Resolves when the client went away (stdin closed) or close() was called. */
  closed: Promise<void>;
  close(): Promise<void>;
  /** Why the transport ended on its own error (undefined when the client went away or close() was called). */
  failure?: () => string | undefined;
}

export async function runStdio(makeServer: ServerFactory, logger: Logger): Promise<RunningTransport> {
  const stdin = process.stdin.pipe(screenUnparsable(logger, (message) => void transport.send(message).catch(() => {})));
  const transport = new StdioServerTransport(stdin, process.stdout);
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  // The client closing our stdin is the normal way a stdio session ends.
  let stdinEnded = false;
  process.stdin.once('end', () => {
    stdinEnded = true;
    resolveClosed();
  });
  let lastError: string | undefined;
  let failure: string | undefined;
  let closing = false;
  const handle = serveStdio((ctx) => makeServer({ era: ctx.era }), {
    transport,
    onerror: (err) => {
      lastError = err.message;
      logger.debug(`stdio: ${err.message}`);
    },
  });
  // serveStdio owns the wire's callbacks; chain ours after it installed them.
  const onclose = transport.onclose;
  transport.onclose = () => {
    onclose?.();
    // Closed while stdin is still open: the transport gave up (the SDK closes on errors it cannot recover).
    if (!stdinEnded && !closing) failure = `the stdio transport closed: ${lastError ?? 'no reason given'}`;
    resolveClosed();
  };
  answerUnparsable(transport, logger);
  logger.info('serving MCP over stdio (protocol 2025-era and 2026-07-28)');
  return {
    closed,
    failure: () => failure,
    close: async () => {
      closing = true;
      await handle.close();
      resolveClosed();
    },
  };
}
