#!/usr/bin/env node
/**
 * The drata-personnel-mcp bin: configuration → (sandbox) → Drata client → MCP server → transport.
 * A configuration problem prints one line on stderr and exits with code 2. stdout is JSON-RPC only.
 */
import { type Config, ConfigError, loadConfig } from './config.js';
import { auditingDispatcher } from './audit/upstream.js';
import { HELP_TEXT } from './help.js';
import { DrataClient } from './drata/client.js';
import { DrataError } from './drata/errors.js';
import { createPersonnelApi } from './drata/personnel.js';
import type { RequestBudget } from './drata/rate-limit.js';
import { createLogger, type Logger } from './logger.js';
import { ReportCache } from './report/cache.js';
import { createServer, type ServerFactory } from './server.js';
import { setUpSharing } from './replica-state/setup.js';
import { createApprovals } from './tools/approval.js';
import { type RunningTransport, runStdio } from './transports/stdio.js';
import { PACKAGE_NAME, VERSION } from './version.js';

function fail(message: string): never {
  process.stderr.write(`${PACKAGE_NAME}: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  if (process.argv[2] === 'audit') {
    const { runAuditCli } = await import('./audit/cli.js');
    const out = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s) };
    process.exitCode = runAuditCli(process.argv.slice(3), process.env, out);
    return;
  }
  let action: ReturnType<typeof loadConfig>;
  try {
    action = loadConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  if (action.kind === 'help') {
    process.stdout.write(HELP_TEXT);
    return;
  }
  if (action.kind === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const config: Config = action.config;
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.apiKey, config.httpToken, config.approvalSecret, config.oauth?.introspection?.clientSecret],
  });

  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection (kept running)', {
      reason: reason instanceof Error ? reason.message : String(reason),
    });
  });

  const { apiKey, baseUrl, now, closeSandbox: stopSandbox } = await drataTarget(config, logger);
  const sharing = await setUpSharing(config, logger);
  const closeSandbox = async () => {
    await sharing.close().catch(() => {});
    await stopSandbox?.();
  };
  const api = createPersonnelApi(drataClient(config, logger, { apiKey, baseUrl, budget: sharing.budget }));
  const cache = new ReportCache(
    config.reportCacheTtlSeconds * 1000,
    now,
    config.snapshotTtlSeconds * 1000,
    sharing.snapshots,
  );
  const approvals = createApprovals({ secret: config.approvalSecret, used: sharing.usedTokens });
  // One cache and one approval ledger per process, shared by every session and (2026-07-28) every request.
  const makeServer: ServerFactory = (ctx) =>
    createServer({ config, api, logger, now, cache, approvals, era: ctx?.era, principal: ctx?.principal });

  let running: RunningTransport;
  if (config.transport === 'http') {
    const { runHttp } = await import('./transports/http.js');
    try {
      running = await runHttp(makeServer, { config, logger });
      logger.info(sharing.summary);
    } catch (err) {
      // A port already in use is a start-up error like a bad setting: one line, exit 2.
      if (err instanceof ConfigError) {
        await closeSandbox?.().catch(() => {});
        fail(err.message);
      }
      throw err;
    }
  } else {
    running = await runStdio(makeServer, logger);
  }

  stopOnSignals(running, logger, closeSandbox);
}

/** The one Drata client of this process (a bad base URL or region is a start-up error: one line, exit 2). */
function drataClient(
  config: Config,
  logger: Logger,
  target: { apiKey: string | undefined; baseUrl: string | undefined; budget: RequestBudget },
): DrataClient {
  try {
    return new DrataClient({
      apiKey: target.apiKey ?? '',
      region: config.region,
      baseUrl: target.baseUrl,
      timeoutMs: config.timeoutMs,
      rateLimitPerMinute: config.rateLimitPerMinute,
      budget: target.budget,
      logger,
      // Notes Drata's request id of each write for its audit line (src/audit/upstream.ts).
      dispatcher: auditingDispatcher(),
    });
  } catch (err) {
    if (err instanceof DrataError) fail(err.message);
    throw err;
  }
}

interface DrataTarget {
  apiKey: string | undefined;
  baseUrl: string | undefined;
  /** The sandbox's clock in sandbox mode, else undefined (the real clock). */
  now: (() => Date) | undefined;
  closeSandbox: (() => Promise<void>) | undefined;
}

/** Where Drata requests go: the configured tenant, or (--sandbox) an embedded sandbox started here. */
async function drataTarget(config: Config, logger: Logger): Promise<DrataTarget> {
  if (!config.sandbox) {
    return { apiKey: config.apiKey, baseUrl: config.baseUrl, now: undefined, closeSandbox: undefined };
  }
  // Loaded only when used: the sandbox and the HTTP transport stay out of a plain stdio start-up.
  const { startSandbox, sandboxOptionsFromEnv } = await import('./sandbox/index.js');
  const sandbox = await startSandbox({ ...sandboxOptionsFromEnv(process.env), size: config.sandboxSize, port: 0 });
  logger.addSecret(sandbox.apiKey);
  logger.info(`sandbox: ${config.sandboxSize} synthetic personnel at ${sandbox.url} (no real Drata data)`);
  // The sandbox's data is dated relative to its own clock: use it, so "due within 30 days" stays true.
  const sandboxNow = sandbox.now;
  return {
    apiKey: sandbox.apiKey,
    baseUrl: sandbox.url,
    now: () => new Date(sandboxNow.getTime()),
    closeSandbox: () => sandbox.close(),
  };
}

/**
 * SIGINT, SIGTERM or the client going away: close the transport (and sandbox), then exit 0. A transport that
 * ended on an error of its own (`running.failure()`) is logged with that reason and exits 1.
 */
function stopOnSignals(running: RunningTransport, logger: Logger, closeSandbox?: () => Promise<void>): void {
  let stopping = false;
  const stop = async (why: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    if (code === 0) logger.info(`shutting down (${why})`);
    else logger.error(`shutting down: ${why}`);
    const force = setTimeout(() => process.exit(code), 10_000);
    force.unref();
    await running
      .close()
      .catch((err: unknown) => logger.warning('error while closing transport', { error: String(err) }));
    await closeSandbox?.().catch(() => {});
    process.exit(code);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  void running.closed.then(() => {
    const failure = running.failure?.();
    return failure === undefined ? stop('client disconnected') : stop(failure, 1);
  });
}

main().catch((err: unknown) => {
  const logger: Logger = createLogger({ secrets: [process.env.DRATA_API_KEY, process.env.MCP_HTTP_TOKEN] });
  logger.error(`fatal: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
