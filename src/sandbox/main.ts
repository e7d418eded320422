/**
 * `npm run sandbox`: run the sandbox alone (default port 4010), configured by SANDBOX_* variables
 * (see options.ts). Prints where it listens and how to call it; stops cleanly on SIGINT/SIGTERM.
 */
import { createLogger, type LogLevel } from '../logger.js';
import { SandboxConfigError, sandboxOptionsFromEnv } from './options.js';
import { startSandbox } from './server.js';

async function main(): Promise<void> {
  let options: ReturnType<typeof sandboxOptionsFromEnv>;
  try {
    options = sandboxOptionsFromEnv(process.env);
  } catch (err) {
    if (err instanceof SandboxConfigError) {
      console.error(`sandbox: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const level = (process.env.SANDBOX_LOG_LEVEL ?? 'info') as LogLevel;
  const logger = createLogger({ level });
  const started = Date.now();
  const sandbox = await startSandbox({ ...options, port: options.port ?? 4010, logger });
  const org = sandbox.org;
  console.log(
    `Drata sandbox listening on ${sandbox.url}  (${org.size} personnel, seed ${org.seed}, ready in ${Date.now() - started} ms)`,
  );
  console.log(`  V1 base URL: ${sandbox.v1Url}`);
  console.log(`  V2 base URL: ${sandbox.v2Url}`);
  console.log(`  API key:     ${sandbox.apiKey}`);
  console.log(`  data "now":  ${sandbox.now.toISOString()}`);
  const extras = [
    options.latencyMs ? `latency ${options.latencyMs} ms` : '',
    options.rateLimitPerMinute ? `rate limit ${options.rateLimitPerMinute}/min` : '',
    process.env.SANDBOX_FAULTS?.trim() ? `faults ${process.env.SANDBOX_FAULTS.trim()}` : '',
    options.forceStatus ? `every request answers ${options.forceStatus}` : '',
    options.v2MaxPageSize ? `V2 size ≤ ${options.v2MaxPageSize}` : '',
  ].filter(Boolean);
  if (extras.length > 0) console.log(`  chaos:       ${extras.join(', ')}`);
  console.log(
    `  try: curl -s -H 'Authorization: Bearer ${sandbox.apiKey}' '${sandbox.v2Url}/personnel?size=2&expand[]=user'`,
  );
  console.log(
    `  MCP server: DRATA_BASE_URL=${sandbox.url} DRATA_API_KEY=${sandbox.apiKey} drata-personnel-mcp`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`sandbox: ${signal}, shutting down after ${sandbox.stats.requests} requests`);
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(`sandbox: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
