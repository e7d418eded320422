/**
 * The reliability rig: a sandbox, a DrataClient tuned for fast failure (small timeouts and retry waits), and
 * an in-memory MCP client over the real server, with everything the server says captured: log lines,
 * logging notifications and progress notifications.
 */
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Config } from '../../src/config.js';
import { DrataClient, type DrataClientOptions } from '../../src/drata/client.js';
import { createPersonnelApi, type PersonnelApi } from '../../src/drata/personnel.js';
import { createLogger } from '../../src/logger.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/sandbox/index.js';
import { type Connected, connect, type ElicitAnswer } from '../support/server.js';

export interface Rig extends Connected {
  sandbox: Sandbox;
  api: PersonnelApi;
  /** Every line the shared logger wrote (level debug). */
  lines: string[];
  /** Every notifications/message the client received, serialized. */
  notifications: string[];
  close(): Promise<void>;
}

export interface RigOptions {
  sandbox?: SandboxOptions;
  /** DrataClient overrides (apiKey defaults to the sandbox's). */
  client?: Partial<DrataClientOptions>;
  config?: Partial<Config>;
  elicit?: ElicitAnswer;
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const sandbox = await startSandbox({ size: 60, ...options.sandbox });
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  const api = createPersonnelApi(
    new DrataClient({
      apiKey: sandbox.apiKey,
      baseUrl: sandbox.url,
      logger,
      timeoutMs: 2_000,
      maxRetryWaitMs: 300,
      baseBackoffMs: 5,
      ...options.client,
    }),
  );
  const conn = await connect(api, {
    logger,
    elicit: options.elicit,
    config: options.config,
    now: () => new Date(sandbox.org.now),
  });
  const notifications: string[] = [];
  conn.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    notifications.push(JSON.stringify(n));
  });
  await conn.client.setLoggingLevel('debug');
  return {
    ...conn,
    sandbox,
    api,
    lines,
    notifications,
    close: async () => {
      await conn.close();
      await sandbox.close();
    },
  };
}

import type { ToolResult } from '../support/sandbox.js';

export type { ToolResult };

export const text = (r: ToolResult): string =>
  r.content
    .filter((c) => c.type === 'text')
    .map((c) => c.text ?? '')
    .join('\n');

/** Signs that an internal error leaked instead of a clear message. */
export const LEAK_PATTERNS: readonly RegExp[] = [
  /\n\s+at [^\n]*[(/]/, // stack frame
  /\.(ts|js):\d+/, // source position
  /Unexpected error/, // an exception no mapping knew
  /Output validation error/, // the tool produced structured content its own schema rejects
  /\[object Object\]/,
  /undefined is not|Cannot read propert/,
];

/** Problems with an error result's text: a leaked internal error, or an empty message. */
export function unclear(r: ToolResult): string | undefined {
  const t = text(r);
  if (t.trim().length < 10) return `empty error text: ${JSON.stringify(t)}`;
  const leak = LEAK_PATTERNS.find((p) => p.test(t));
  return leak ? `error text matches ${leak}: ${t.slice(0, 300)}` : undefined;
}

/** A deterministic PRNG (the sandbox's mulberry32). */
export { mulberry32 as prng } from '../../src/sandbox/random.js';
