#!/usr/bin/env node
/**
 * Generates the parts of README.md and manifest.json that come from the code, so they cannot drift:
 *
 * - README `gen:config` block: the configuration table, from src/config.ts (keys and defaults from
 *   `validateSettings`, flag and variable names from `settingName`, accepted values from its own error messages).
 * - README `gen:http-env` block: the HTTP-only variables `parseHttpEnv` reads, with HTTP_DEFAULTS and the
 *   ranges it states when it rejects a value.
 * - README `gen:conformance` block: the MCP conformance scenarios that pass (scripts/docs/conformance.mjs).
 * - README `gen:reference` block: every tool, resource and prompt with its arguments, exactly as a client sees
 *   them: a server built by `createServer` from the registries is listed over an in-memory MCP connection.
 * - manifest.json: `version` (package.json), `tools` and `prompts` (names, descriptions, prompt arguments).
 *
 * `node scripts/gen-docs.mjs` (npm run docs) rewrites them; `--check` (npm run docs:check) changes nothing and
 * exits 1 naming every stale part. It imports the compiled server from dist/ (npm run build first); the unit
 * tests call `generate({ source: 'src' })` on the TypeScript sources instead.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { renderAllConformance } from './docs/conformance.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * What each setting means, by its key in src/config.ts. Names, flags, defaults and accepted values are read from
 * the code; a setting added there without a line here (or removed there but not here) makes generation fail.
 */
const SETTING_TEXT = {
  apiKey:
    'Drata API key (Drata → Settings → API Keys). Required unless `--sandbox`. Environment only: a flag would show up in `ps` and shell history.',
  region:
    'Drata region the key was created in: `us` → `public-api.drata.com`, `eu` → `public-api.eu.drata.com`, `apac` → `public-api.apac.drata.com`.',
  baseUrl:
    'API origin override, e.g. `http://127.0.0.1:4010`; `/public` and `/public/v2` are appended. https unless loopback; wins over the region.',
  readOnly: 'Write tools (`update_personnel`, `resync_personnel`) are not registered at all.',
  writeApi:
    'Which endpoint family updates and resyncs use: `v2` (`PUT /personnel/{id}`, `POST /personnel/actions`) or `v1` (contract-dates, status and reset-sync endpoints).',
  maxOutputTokens:
    'Token budget for one whole tool result, text and structured content together; lists are cut by whole rows with a cursor to continue.',
  transport:
    '`stdio` for a desktop client, `http` for Streamable HTTP (and legacy SSE) on `--host`:`--port`.',
  host: 'HTTP bind address. Anything but loopback requires `MCP_HTTP_TOKEN`.',
  port: 'HTTP port (`0` picks a free one).',
  httpToken:
    'Bearer token HTTP clients must send (≥ 16 characters; several, comma-separated, give each client its own, and a session only answers the token that opened it). Unset on loopback: a random one is generated and printed once on stderr. Mandatory off loopback. Environment only.',
  approvalSecret:
    'Secret (≥ 32 characters) that signs approval tokens; give every replica the same one so a token issued by one verifies on another. Default: random per process. Environment only.',
  approvalRelay:
    'Opt-in, off by default. A client with no human approval step (no elicitation, no 2026-07-28 `input_required`, no MCP Apps approval card) gets, with the preview, an approval token the model may send back to write; the model can then approve on its own (see [Write safety](#write-safety)). Off: such a client gets the preview and why nothing was written, and an `approvalToken` argument is refused.',
  sandbox:
    'Start the embedded Drata-compatible API on loopback with synthetic people and use it instead of Drata.',
  sandboxSize: 'How many synthetic people the sandbox generates.',
  timeoutMs: 'Per-request timeout towards Drata, in milliseconds.',
  rateLimitPerMinute: 'Client-side requests per minute to Drata (Drata allows 500 per source IP).',
  reportCacheTtlSeconds:
    'Seconds `personnel_compliance_report` reuses the data of a scope it just walked (`0` disables).',
  snapshotTtlSeconds:
    'How long the org snapshot (one walk of a scope, normalized whole records) answers list_personnel questions, their later pages and reports, in seconds (10..86400); `fresh: true` / `refresh: true` walk again, and a write through the server re-reads the person it changed.',
  reportMaxPages: 'Page cap for one report walk; past it the report says `complete: false`.',
  logLevel: 'Log level; logs go to stderr and, once connected, to the client as MCP log messages.',
  auditLog:
    'The audit trail file (JSON lines, hash-chained); default per user, e.g. `~/.local/state/drata-personnel-mcp/audit.jsonl`. See [Team deployment](#team-deployment).',
};

/** What each HTTP-only variable means, by name; names are discovered from what `parseHttpEnv` reads. */
const HTTP_ENV_TEXT = {
  MCP_ALLOWED_HOSTS: {
    values: 'comma-separated `host` or `host:port`',
    meaning:
      'Extra `Host` header values to accept (the name clients use behind a reverse proxy). Requests with any other Host get 403 (DNS-rebinding protection).',
  },
  MCP_ALLOWED_ORIGINS: {
    values: 'comma-separated origins, e.g. `https://app.example.com`',
    meaning:
      'Browser origins allowed to call the server. Requests without `Origin` (non-browser clients) pass; any other browser page gets 403, including pages on other loopback ports.',
  },
  MCP_SESSION_IDLE_SECONDS: {
    default: (d) => d.sessionIdleMs / 1000,
    meaning: 'A session with no request and no open stream for this many seconds is closed.',
  },
  MCP_MAX_SESSIONS: {
    default: (d) => d.maxSessions,
    meaning:
      'Concurrent sessions (Streamable HTTP and legacy SSE together); at the cap the least recently used idle session is closed to make room (503 only when no session can be freed).',
  },
  MCP_MAX_SESSIONS_PER_PRINCIPAL: {
    default: () => 'MCP_MAX_SESSIONS',
    meaning:
      'Sessions one credential (one token of `MCP_HTTP_TOKEN`) may hold; at it, its own least recently used idle session is closed, or it gets 429. Independently, at `MCP_MAX_SESSIONS` with every session busy, the credential holding the most sessions loses its least recently used one with no call in flight (that client opens a new session), so one holder cannot lock the others out.',
  },
  MCP_MAX_CONNECTIONS: {
    default: (d) => d.maxConnections,
    meaning:
      'Open TCP connections at once. At the cap the oldest connection with no request in progress (a half-sent request, an idle keep-alive) is closed to make room; 503 only when every connection is serving a request. Slow clients are also cut off by header (10 s) and request (30 s) timeouts, and their socket destroyed.',
  },
  MCP_MAX_CONNECTIONS_PER_ADDRESS: {
    default: (d) => d.maxConnectionsPerAddress,
    meaning:
      'Open TCP connections from one client address, with the same make-room rule. Behind a reverse proxy every client has the proxy\'s address: raise it to `MCP_MAX_CONNECTIONS`.',
  },
  MCP_HTTP_INSECURE_NO_AUTH: {
    values: '`yes-i-understand`',
    meaning:
      'Turns the HTTP token off, on loopback only, for trusted test setups. Never set it where other local users or browser pages could reach the port.',
  },
};

/** What each sandbox variable means, by name; names are discovered from what `sandboxOptionsFromEnv` reads. */
const SANDBOX_ENV_TEXT = {
  SANDBOX_SIZE:
    'Synthetic personnel count, 1–20000 (default 250). With `--sandbox` the server uses `--sandbox-size` instead.',
  SANDBOX_SEED: 'Seed of the synthetic org (default 42): the same seed gives the same people.',
  SANDBOX_PROFILE:
    '`default`, or `realistic`: an org in mid-audit (many people failing several checks, a quarter without a device, service accounts with every check excluded, future hires without identities, long out-of-scope reasons).',
  SANDBOX_PORT:
    'Port on 127.0.0.1 for `npm run sandbox` (default 4010); `--sandbox` always picks a free port.',
  SANDBOX_LATENCY_MS: 'Delay before every answer, in milliseconds.',
  SANDBOX_V2_MAX_PAGE_SIZE: 'Largest V2 page `size`: 500 (the spec, default) or 50 (the seed documentation).',
  SANDBOX_FORCE_STATUS:
    'Answer every authenticated request with this status (e.g. `402`, `403`, `412`) to try the error hints.',
  SANDBOX_RATE_LIMIT: 'Requests per sliding minute before 429 with `Retry-After` (`0` or `off`: no limit).',
  SANDBOX_API_KEY: 'The bearer key the sandbox accepts (default `drata-sandbox-api-key`).',
  SANDBOX_NOW:
    'The data\'s reference "now", ISO 8601 (dates such as "training due within 30 days" are relative to it).',
  SANDBOX_FAULTS:
    'Fault injection, e.g. `429=0.1,429noretry=0.05,500=0.05,timeout=0.02,malformed=0.02,reset=0.01` (optional `seed=N`, `retryAfter=S`).',
};

/** Which tools need each Drata permission, by its key in PERMISSIONS (src/drata/catalog.ts). */
const PERMISSION_USE = {
  list: '`list_personnel`, `personnel_compliance_report`, completion of names and emails',
  get: '`get_personnel`, `drata://personnel/{personnel}`, and reading the current record before every write',
  updateV2: '`update_personnel` with `DRATA_WRITE_API=v2` (default)',
  updateStatusV1: '`update_personnel` status changes with `DRATA_WRITE_API=v1`',
  updateDatesV1: '`update_personnel` date changes with `DRATA_WRITE_API=v1`',
  resync: '`resync_personnel`',
};

const BLOCKS = ['config', 'http-env', 'reference', 'permissions', 'sandbox-env', 'conformance'];

const code = (v) => `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``;
/** Text safe inside one markdown table cell. */
const cell = (s) =>
  String(s ?? '')
    .replace(/\r?\n+/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
const firstSentence = (s) => {
  const m = /^(.+?[.!?])(\s|$)/s.exec(s.trim());
  return (m ? m[1] : s).replace(/\s+/g, ' ').trim();
};

async function loadModules(source) {
  const ext = source === 'src' ? '.ts' : '.js';
  const load = (path) => import(pathToFileURL(`${ROOT}${source}/${path}${ext}`).href);
  const [config, server, tools, logger, http, catalog, sandboxOptions, prompts] = await Promise.all([
    load('config'),
    load('server'),
    load('tools/index'),
    load('logger'),
    load('config-http'),
    load('drata/catalog'),
    load('sandbox/options'),
    load('prompts/index'),
  ]);
  return { config, server, tools, logger, http, catalog, sandboxOptions, prompts };
}

/** Configuration rows: every setting in src/config.ts with its names, default and accepted values. */
function collectConfig(mods) {
  const { validateSettings, settingName, ENV_VARS } = mods.config;
  // Every key with its default: the Config a minimal valid environment produces.
  const defaults = validateSettings({ apiKey: 'gen-docs-placeholder' });
  // `http` and `shared` (HTTP-only and replica settings) have their own tables; `oauth` is in Team deployment.
  const keys = Object.keys(defaults).filter((k) => k !== 'http' && k !== 'shared' && k !== 'oauth');
  const missing = keys.filter((k) => !(k in SETTING_TEXT));
  const extra = Object.keys(SETTING_TEXT).filter((k) => !keys.includes(k));
  if (missing.length || extra.length) {
    throw new Error(
      `scripts/gen-docs.mjs SETTING_TEXT is out of step with src/config.ts: ${[
        ...missing.map((k) => `add "${k}"`),
        ...extra.map((k) => `remove "${k}"`),
      ].join(', ')}`,
    );
  }
  const rows = keys.map((key) => {
    const name = settingName(key);
    const [flag, env] = name.includes(' / ') ? name.split(' / ') : [undefined, name];
    const secret = flag === undefined;
    // Accepted values, as the validator states them when it rejects a value.
    let values = '';
    try {
      validateSettings({ apiKey: 'gen-docs-placeholder', [key]: 'gen-docs-invalid' });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const oneOf = /must be one of (.+?), got/.exec(message);
      const range = /must be a whole number from (\d+) to (\d+)/.exec(message);
      if (oneOf) values = oneOf[1].split(', ').map(code).join(', ');
      else if (range) values = `${range[1]}–${range[2]}`;
      else if (/must be true or false/.test(message))
        values = '`true`/`false` (also `1`/`0`, `yes`/`no`, `on`/`off`)';
    }
    if (key === 'httpToken') values = '≥ 16 characters';
    const value = defaults[key];
    const def = secret || value === undefined ? '—' : code(value);
    return { key, env, flag: flag ?? '— (env only)', default: def, values, meaning: SETTING_TEXT[key] };
  });
  // In the order of the settings table in src/config.ts.
  rows.sort((a, b) => ENV_VARS.indexOf(a.env) - ENV_VARS.indexOf(b.env));
  const envs = rows.map((r) => r.env);
  // The OAuth settings have their own table in README's Team deployment section (a test checks it names them).
  const notDocumented = ENV_VARS.filter((e) => !envs.includes(e) && !e.startsWith('MCP_OAUTH_'));
  if (notDocumented.length) throw new Error(`config variables without a row: ${notDocumented.join(', ')}`);
  return rows;
}

/** The variable names a parser reads, found by handing it an environment that records every lookup. */
function envReads(parse, texts, what) {
  const read = [];
  const env = new Proxy(
    {},
    {
      get: (_t, prop) => {
        if (typeof prop === 'string' && !read.includes(prop)) read.push(prop);
        return undefined;
      },
    },
  );
  parse(env);
  const missing = read.filter((name) => !(name in texts));
  const extra = Object.keys(texts).filter((name) => !read.includes(name));
  if (missing.length || extra.length) {
    throw new Error(
      `scripts/gen-docs.mjs is out of step with ${what}: ${[
        ...missing.map((k) => `add "${k}"`),
        ...extra.map((k) => `remove "${k}"`),
      ].join(', ')}`,
    );
  }
  return read;
}

/** `min–max whole number`, as `parse` states it when it rejects a value of the variable `name`. */
function acceptedRange(parse, name) {
  try {
    parse({ [name]: 'gen-docs-invalid' });
  } catch (err) {
    const range = /must be a whole number from (\d+) to (\d+)/.exec(err instanceof Error ? err.message : '');
    if (range) return `${range[1]}–${range[2]} (whole number)`;
  }
  throw new Error(`scripts/gen-docs.mjs: ${name} has no stated range; give HTTP_ENV_TEXT.${name}.values`);
}

function collectHttpEnv(mods) {
  const read = envReads(mods.http.parseHttpEnv, HTTP_ENV_TEXT, 'parseHttpEnv (HTTP_ENV_TEXT)');
  const defaults = mods.http.HTTP_DEFAULTS;
  return read.map((name) => {
    const t = HTTP_ENV_TEXT[name];
    return {
      env: name,
      default: t.default ? code(t.default(defaults)) : '—',
      values: t.values ?? acceptedRange(mods.http.parseHttpEnv, name),
      meaning: t.meaning,
    };
  });
}

/** Lists the server a default configuration builds, over an in-memory MCP connection, as a client would. */
async function collectServer(mods) {
  const config = mods.config.validateSettings({ apiKey: 'gen-docs-placeholder' });
  let apiCalls = 0;
  // Listing never needs Drata; completion handlers that try to query it are recorded, which shows they exist.
  const api = new Proxy(
    {},
    {
      get: (_t, prop) =>
        prop === 'then'
          ? undefined
          : () => {
              apiCalls++;
              return Promise.reject(new Error('gen-docs: no Drata API here'));
            },
    },
  );
  const logger = mods.logger.createLogger({ level: 'error', write: () => {} });
  const server = mods.server.createServer({ config, api, logger, now: () => new Date(0) });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  const client = new Client({ name: 'gen-docs', version: '1.0.0' });
  await client.connect(clientTransport);
  try {
    // App-only tools (`_meta.ui.visibility` without "model": the approval card's) are not the model's tools.
    const tools = (await client.listTools()).tools.filter((t) => t._meta?.ui?.visibility?.includes('model') ?? true);
    const { resources } = await client.listResources();
    const { resourceTemplates } = await client.listResourceTemplates();
    const { prompts } = await client.listPrompts();

    const names = new Set(mods.tools.ALL_TOOLS.map((t) => t.name));
    for (const t of tools) {
      if (!names.has(t.name)) throw new Error(`tools/list has ${t.name}, which is not in ALL_TOOLS`);
      t.kind = t.annotations?.readOnlyHint ? 'read' : 'write';
    }
    for (const name of names) {
      if (!tools.some((t) => t.name === name))
        throw new Error(`ALL_TOOLS has ${name}, which tools/list lacks`);
    }

    for (const template of resourceTemplates) {
      template.completes = [];
      for (const variable of [...template.uriTemplate.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])) {
        const before = apiCalls;
        const { completion } = await client.complete({
          ref: { type: 'ref/resource', uri: template.uriTemplate },
          argument: { name: variable, value: 'ab' },
        });
        if (completion.values.length > 0 || apiCalls > before) template.completes.push(variable);
      }
    }
    for (const prompt of prompts) {
      for (const arg of prompt.arguments ?? []) {
        const { completion } = await client.complete({
          ref: { type: 'ref/prompt', name: prompt.name },
          argument: { name: arg.name, value: '' },
        });
        arg.completes = completion.values.length > 0;
      }
      // The prompt's text with MCPB placeholders where the client's arguments go (placeholders are not valid
      // argument values, so the text comes from the prompt's own builder rather than prompts/get).
      const args = Object.fromEntries(
        (prompt.arguments ?? []).map((a) => [a.name, `\${arguments.${a.name}}`]),
      );
      const definition = mods.prompts.ALL_PROMPTS.find((p) => p.name === prompt.name);
      prompt.text = definition.text(args);
    }
    return { tools, resources, resourceTemplates, prompts };
  } finally {
    await client.close();
    await server.close();
  }
}

// ── rendering ──────────────────────────────────────────────────────────────────────────────────────────────

function typeLabel(s) {
  if (!s || typeof s !== 'object') return 'any';
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return alternatives.map(typeLabel).join(' or ');
  if (s.const !== undefined) return code(s.const);
  if (s.type === 'array') {
    const item = typeLabel(s.items);
    return item.includes(' or ') ? `(${item})[]` : `${item}[]`;
  }
  if (Array.isArray(s.type)) return s.type.join(' or ');
  return s.type ?? 'any';
}

/** The JSON Schema keywords of an argument that bound its value, as they are on the wire (nothing reworded). */
const SCHEMA_KEYWORDS = [
  'enum',
  'minimum',
  'exclusiveMinimum',
  'maximum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
  'format',
  'default',
];

/** `keyword: value` for each bounding keyword of `s` (and of its items, as `items.keyword`). */
function schemaKeywords(s) {
  const out = [];
  const add = (node, prefix) => {
    for (const k of SCHEMA_KEYWORDS) if (node[k] !== undefined) out.push(`${prefix}${k}: ${code(node[k])}`);
  };
  add(s, '');
  if (s.type === 'array' && s.items && !s.items.properties) add(s.items, 'items.');
  return out.join(', ');
}

/** One row per argument; members of objects (and of arrays of objects) get their own `parent[].child` rows. */
function argumentRows(schema, prefix = '') {
  const rows = [];
  const required = new Set(schema.required ?? []);
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${name}`;
    rows.push(
      `| \`${path}\` | ${cell(typeLabel(prop))} | ${required.has(name) ? 'yes' : ''} | ${cell(prop.description)} | ${cell(schemaKeywords(prop))} |`,
    );
    const nested = prop.type === 'array' ? prop.items : prop;
    if (nested?.type === 'object' && nested.properties) {
      rows.push(...argumentRows(nested, `${path}${prop.type === 'array' ? '[]' : ''}.`));
    }
  }
  return rows;
}

/** The annotations that are true, by their names in tools/list. */
function hintList(annotations = {}) {
  return ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint']
    .filter((h) => annotations[h] === true)
    .map(code)
    .join(', ');
}

export function renderReference({ tools, resources, resourceTemplates, prompts }) {
  const out = [];
  const reads = tools.filter((t) => t.kind === 'read').length;
  out.push(
    `${tools.length} tools (${reads} with \`readOnlyHint\`, ${tools.length - reads} without), ${resources.length + resourceTemplates.length} resources and ${prompts.length} prompts.`,
    '',
    '### Tools',
    '',
    '| tool | title | annotations |',
    '|---|---|---|',
    ...tools.map((t) => `| [\`${t.name}\`](#${t.name}) | ${cell(t.title)} | ${hintList(t.annotations)} |`),
  );
  for (const t of tools) {
    out.push('', `#### \`${t.name}\``, '', `**${t.title ?? t.name}** · annotations: ${hintList(t.annotations)}`, '');
    out.push(t.description ?? '', '');
    const rows = argumentRows(t.inputSchema ?? {});
    if (rows.length)
      out.push('| argument | type | required | description | schema |', '|---|---|---|---|---|', ...rows);
    else out.push('No arguments.');
    const fields = Object.keys(t.outputSchema?.properties ?? {});
    if (fields.length) out.push('', `\`outputSchema\` properties: ${fields.map(code).join(', ')}.`);
  }
  out.push(
    '',
    '### Resources',
    '',
    '| URI | title | description | mimeType | completion (`completion/complete`) |',
    '|---|---|---|---|---|',
  );
  for (const r of resources)
    out.push(`| \`${r.uri}\` | ${cell(r.title ?? r.name)} | ${cell(r.description)} | ${cell(r.mimeType)} |  |`);
  for (const r of resourceTemplates) {
    const completes = r.completes.map((v) => `\`{${v}}\``).join(', ');
    out.push(
      `| \`${r.uriTemplate}\` (template) | ${cell(r.title ?? r.name)} | ${cell(r.description)} | ${cell(r.mimeType)} | ${completes} |`,
    );
  }
  out.push('', '### Prompts');
  for (const p of prompts) {
    out.push('', `#### \`${p.name}\``, '', `**${p.title ?? p.name}**: ${p.description ?? ''}`, '');
    if (p.arguments?.length) {
      out.push('| argument | required | completion | description |', '|---|---|---|---|');
      for (const a of p.arguments) {
        out.push(
          `| \`${a.name}\` | ${a.required ? 'yes' : ''} | ${a.completes ? 'yes' : ''} | ${cell(a.description)} |`,
        );
      }
    } else {
      out.push('No arguments.');
    }
  }
  return out.join('\n');
}

export function renderConfig(rows) {
  return [
    '| environment variable | flag | default | values | meaning |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| \`${r.env}\` | ${r.flag.startsWith('—') ? r.flag : `\`--${r.flag.replace(/^--/, '')}\``} | ${r.default} | ${cell(r.values)} | ${cell(r.meaning)} |`,
    ),
  ].join('\n');
}

/** The Drata permissions an API key may need, from PERMISSIONS, with the tools that need each. */
export function renderPermissions(permissions) {
  const keys = Object.keys(permissions);
  const missing = keys.filter((k) => !(k in PERMISSION_USE));
  const extra = Object.keys(PERMISSION_USE).filter((k) => !keys.includes(k));
  if (missing.length || extra.length) {
    throw new Error(
      `scripts/gen-docs.mjs PERMISSION_USE is out of step with PERMISSIONS: ${[
        ...missing.map((k) => `add "${k}"`),
        ...extra.map((k) => `remove "${k}"`),
      ].join(', ')}`,
    );
  }
  return [
    '| Drata permission | id | needed for |',
    '|---|---|---|',
    ...keys.map(
      (k) => `| ${cell(permissions[k].name)} | \`${permissions[k].id}\` | ${cell(PERMISSION_USE[k])} |`,
    ),
  ].join('\n');
}

export function renderSandboxEnv(names) {
  return [
    '| environment variable | meaning |',
    '|---|---|',
    ...names.map((n) => `| \`${n}\` | ${cell(SANDBOX_ENV_TEXT[n])} |`),
  ].join('\n');
}

export function renderHttpEnv(rows) {
  return [
    '| environment variable | default | values | meaning |',
    '|---|---|---|---|',
    ...rows.map((r) => `| \`${r.env}\` | ${r.default} | ${cell(r.values)} | ${cell(r.meaning)} |`),
  ].join('\n');
}

const startMarker = (name) =>
  `<!-- gen:${name} start: generated by \`npm run docs\` from the code; do not edit -->`;
const endMarker = (name) => `<!-- gen:${name} end -->`;

/** Replace the content between a block's markers; throws when the markers are missing. */
export function replaceBlock(text, name, content) {
  const start = startMarker(name);
  const end = endMarker(name);
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i)
    throw new Error(`README.md lacks the markers of the "${name}" block:\n${start}\n${end}`);
  return `${text.slice(0, i + start.length)}\n${content}\n${text.slice(j)}`;
}

/** The manifest's generated fields: version, tools and prompts. */
export function manifestFields({ tools, prompts }, version) {
  return {
    version,
    tools: tools.map((t) => ({ name: t.name, description: firstSentence(t.description ?? '') })),
    prompts: prompts.map((p) => ({
      name: p.name,
      description: p.description ?? '',
      arguments: (p.arguments ?? []).map((a) => a.name),
      text: p.text,
    })),
  };
}

/**
 * Everything the generator would write: `{ readme, manifest }` (expected contents) and `stale` (which parts
 * differ from the files on disk). `source` is 'dist' (compiled) or 'src' (TypeScript, under vitest).
 */
export async function generate({ source = 'dist' } = {}) {
  const mods = await loadModules(source);
  const listing = await collectServer(mods);
  const blocks = {
    config: renderConfig(collectConfig(mods)),
    'http-env': renderHttpEnv(collectHttpEnv(mods)),
    reference: renderReference(listing),
    permissions: renderPermissions(mods.catalog.PERMISSIONS),
    'sandbox-env': renderSandboxEnv(
      envReads(
        mods.sandboxOptions.sandboxOptionsFromEnv,
        SANDBOX_ENV_TEXT,
        'sandboxOptionsFromEnv (SANDBOX_ENV_TEXT)',
      ),
    ),
    conformance: renderAllConformance(ROOT),
  };
  const readmePath = `${ROOT}README.md`;
  const currentReadme = readFileSync(readmePath, 'utf8');
  let readme = currentReadme;
  for (const name of BLOCKS) readme = replaceBlock(readme, name, blocks[name]);

  const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));
  const manifestPath = `${ROOT}manifest.json`;
  const currentManifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const manifest = { ...currentManifest, ...manifestFields(listing, pkg.version) };

  const stale = [];
  for (const name of BLOCKS) {
    if (replaceBlock(currentReadme, name, blocks[name]) !== currentReadme)
      stale.push(`README.md (${name} block)`);
  }
  for (const field of ['version', 'tools', 'prompts']) {
    if (JSON.stringify(currentManifest[field]) !== JSON.stringify(manifest[field]))
      stale.push(`manifest.json (${field})`);
  }
  return { readme, manifest, stale, readmePath, manifestPath, blocks, listing };
}

async function main() {
  const check = process.argv.includes('--check');
  let result;
  try {
    result = await generate({ source: 'dist' });
  } catch (err) {
    if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('/dist/')) {
      console.error('gen-docs: dist/ is missing or incomplete: run `npm run build` first');
    } else {
      console.error(`gen-docs: ${err instanceof Error ? err.message : String(err)}`);
    }
    process.exit(2);
  }
  const { readme, manifest, stale, readmePath, manifestPath } = result;
  if (check) {
    if (stale.length) {
      console.error(
        `docs are stale: ${stale.join(', ')}. Run \`npm run build && npm run docs\` and commit the result.`,
      );
      process.exit(1);
    }
    console.log('docs up to date: README.md generated blocks and manifest.json match the code');
    return;
  }
  writeFileSync(readmePath, readme);
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(stale.length ? `updated: ${stale.join(', ')}` : 'docs already up to date');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
