/**
 * The log level a client asked for with `logging/setLevel`, per session. The SDK forwards every message
 * until a client sets a level; a client that never does gets what the server logs by default (its
 * DRATA_LOG_LEVEL, `info` unless set), not the debug line of every Drata request.
 */
import { LoggingLevelSchema } from '@modelcontextprotocol/core';
import type { McpServer, LoggingLevel } from '@modelcontextprotocol/server';

const SEVERITY: ReadonlyMap<LoggingLevel, number> = new Map(LoggingLevelSchema.options.map((l, i) => [l, i]));

/**
 * Takes over `logging/setLevel` for `server` and returns the filter for its log notifications: true when a
 * message of `level` is at or above the client's level (or `defaultLevel` before the client chose one).
 */
export function clientLogLevel(server: McpServer, defaultLevel: LoggingLevel): (level: LoggingLevel) => boolean {
  let threshold = defaultLevel;
  server.server.setRequestHandler('logging/setLevel', (request) => {
    threshold = request.params.level;
    return {};
  });
  return (level) => (SEVERITY.get(level) ?? 0) >= (SEVERITY.get(threshold) ?? 0);
}
