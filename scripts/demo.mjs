#!/usr/bin/env node
// A realistic session against the embedded sandbox: spawns the built server over stdio with --sandbox,
// acts as an MCP client (one that can show confirmation dialogs), and prints each call, an excerpt of what
// the model would read, and how many tokens it costs. Run with `npm run demo` (it builds first).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const root = new URL('..', import.meta.url);
const EXCERPT_LINES = 12;

async function tokenCounter() {
  try {
    const { encode } = await import('gpt-tokenizer/encoding/cl100k_base');
    return { name: 'cl100k', count: (text) => encode(text).length };
  } catch {
    const { estimateTokens } = await import(new URL('dist/personnel/tokens.js', root).href);
    return { name: 'estimate', count: estimateTokens };
  }
}

const { name: tokenizer, count } = await tokenCounter();
const tokensOf = (result) =>
  result.content.filter((c) => c.type === 'text').reduce((n, c) => n + count(c.text), 0) +
  (result.structuredContent ? count(JSON.stringify(result.structuredContent)) : 0);

/** The header of one call, printed before the call runs so a dialog it opens appears under it. */
function header(title, args) {
  console.log(`\n━━ ${title}`);
  if (args) console.log(`   arguments: ${JSON.stringify(args)}`);
}

/** An excerpt of what the model reads, and its cost in tokens. */
function excerpt(result) {
  const text = result.content?.find((c) => c.type === 'text')?.text ?? result.contents?.[0]?.text ?? '';
  const lines = text.split('\n');
  for (const line of lines.slice(0, EXCERPT_LINES)) console.log(`   │ ${line}`);
  if (lines.length > EXCERPT_LINES) console.log(`   │ … ${lines.length - EXCERPT_LINES} more lines`);
  const tokens = result.content ? tokensOf(result) : count(text);
  console.log(`   ${result.isError ? 'ERROR · ' : ''}${tokens} tokens (${tokenizer}, text + structured)`);
  return result;
}

const transport = new StdioClientTransport({
  command: process.execPath,
  args: [new URL('dist/index.js', root).pathname, '--sandbox', '--sandbox-size', '250'],
  stderr: 'pipe',
});
let serverLog = '';
transport.stderr?.on('data', (chunk) => {
  serverLog += chunk;
});

const client = new Client(
  { name: 'drata-personnel-mcp-demo', version: '1.0.0' },
  { capabilities: { elicitation: {} } },
);
client.setRequestHandler(ElicitRequestSchema, async (request) => {
  console.log(`   ┌ confirmation dialog shown to the user:`);
  for (const line of request.params.message.split('\n')) console.log(`   │ ${line}`);
  console.log('   └ the user clicks "Apply"');
  return { action: 'accept', content: { confirm: true } };
});

const call = async (name, args) => {
  header(`tools/call ${name}`, args);
  return excerpt(await client.callTool({ name, arguments: args }));
};

try {
  await client.connect(transport);
  const { tools } = await client.listTools();
  console.log(
    `Connected to ${client.getServerVersion()?.name} ${client.getServerVersion()?.version} (sandbox, synthetic data)`,
  );
  console.log(`tools/list: ${tools.map((t) => t.name).join(', ')}`);

  const failingMfa = await call('list_personnel', {
    employmentStatus: ['CURRENT_EMPLOYEE'],
    failing: ['IDENTITY_MFA'],
    limit: 10,
  });
  // Rows are a compact table: columns name the values of each row.
  const page = failingMfa.structuredContent;
  const row = page?.rows?.[0];
  if (!row) throw new Error('the sandbox has no current employee failing MFA');
  const first = Object.fromEntries(page.columns.map((c, i) => [c, row[i]]));

  await call('get_personnel', { personnel: first.email });
  await call('update_personnel', { personnel: first.id, startedAt: '2021-03-01', dryRun: true });
  await call('update_personnel', { personnel: first.id, startedAt: '2021-03-01' });
  await call('resync_personnel', { personnel: [first.id] });
  await call('personnel_compliance_report', {
    employmentStatus: ['ALL_CURRENT_PERSONNEL', 'ALL_FORMER_PERSONNEL'],
  });
  // Where the dashboard appears: the tool's definition names its MCP App.
  const dashboard = tools.find((t) => t.name === 'personnel_compliance_report')?._meta?.ui?.resourceUri;
  if (dashboard) {
    console.log(
      `   ▸ in a client that shows MCP Apps (Claude web and Desktop, ChatGPT, VS Code Copilot, Cursor, M365 Copilot),\n` +
      `     this result also opens the interactive compliance dashboard (${dashboard}) beside the answer`,
    );
  }
  header('resources/read drata://docs/employment-statuses');
  excerpt(await client.readResource({ uri: 'drata://docs/employment-statuses' }));
  console.log(
    '\nDemo finished: every call above ran against the embedded sandbox; no real Drata data was touched.',
  );
} catch (err) {
  console.error(`demo failed: ${err instanceof Error ? err.message : err}`);
  if (serverLog) console.error(`server log:\n${serverLog}`);
  process.exitCode = 1;
} finally {
  await client.close().catch(() => {});
}
