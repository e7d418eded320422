/**
 * createServer(deps) → McpServer: registers tools, resources and prompts from their registries. Transports
 * are thin wrappers around it (stdio.ts, http.ts); tests drive it through an in-memory Client.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { McpServer } from '@modelcontextprotocol/server';
import type { CallToolResult, InputRequiredResult, LoggingLevel, ServerContext } from '@modelcontextprotocol/server';
import { cardMeta, registerApprovalTool, rendersApps } from './apps/approval.js';
import { appToolMeta, registerApps } from './apps/register.js';
import { localPrincipal, type Principal, principalKey } from './auth/principal.js';
import { DEFAULT_SCOPES } from './auth/settings.js';
import { type AuditLog, auditLogAt } from './audit/log.js';
import { auditPathOf } from './audit/location.js';
import { auditedRun } from './audit/outcome.js';
import { auditedConfirm, createRecorder, principalApprovals } from './audit/recorder.js';
import { registerAuditResources } from './audit/resources.js';
import type { Config } from './config.js';
import type { PersonnelApi } from './drata/personnel.js';
import type { Logger, LogLevel } from './logger.js';
import { CONFIRM_SCHEMA, confirmation, confirmByInputRequired, InputNeeded } from './protocol/confirm-input.js';
import { clientCapabilities, clientInfo, isModernRequest } from './protocol/era.js';
import { clientLogLevel } from './protocol/log-level.js';
import { guardServer } from './protocol/requests.js';
import { fitResult } from './personnel/budget.js';
import { registerPrompts } from './prompts/index.js';
import { ReportCache } from './report/cache.js';
import { type Approvals, createApprovals } from './tools/approval.js';
import type { ApprovalRoute } from './tools/approval-path.js';
import { registerResources } from './resources/index.js';
import { errorResult } from './tools/errors.js';
import { toolsFor } from './tools/index.js';
import type { Confirmation, ToolContext, ToolDefinition } from './tools/types.js';
import { PACKAGE_NAME, VERSION } from './version.js';

export interface ServerDeps {
  config: Config;
  api: PersonnelApi;
  logger: Logger;
  /** The clock used for "due within 30 days" and cache freshness; the sandbox's when in sandbox mode. */
  now?: () => Date;
  /** Shared across sessions of one process so a write in one session invalidates reports in all. */
  cache?: ReportCache;
  /** Shared across sessions of one process: a token issued in one session is spent for all. */
  approvals?: Approvals;
  /**
   * The protocol era this instance serves (SDK v2 builds one per 2025 connection/session, one per 2026-07-28
   * request). 2026-07-28 has no logging/setLevel and no unsolicited log notifications.
   */
  era?: 'legacy' | 'modern';
  /** Who this instance serves (the HTTP gate's principal); default: the local user (stdio). */
  principal?: Principal | undefined;
  /** The audit trail (default: the process's writer for DRATA_AUDIT_LOG or the per-user default). */
  audit?: AuditLog;
}

/**
 * What the transports call to get a server for one connection, session or (2026-07-28) request, for the
 * principal the HTTP gate admitted (undefined on stdio: the local user).
 */
export type ServerFactory = (ctx?: { era: 'legacy' | 'modern'; principal?: Principal | undefined }) => McpServer;

type Deps = ServerDeps & {
  now: () => Date;
  cache: ReportCache;
  approvals: Approvals;
  principal: Principal;
  audit: AuditLog;
};

const INSTRUCTIONS = `Tools over the company's Drata personnel records (people, employment status, compliance checks,
identities, devices, training). Org-wide questions ("who fails MFA", "who left but still has access"): call
personnel_compliance_report once instead of paging list_personnel. Find one person: list_personnel with
"search", then get_personnel. Writes (update_personnel, resync_personnel) show before → after; a real write
needs the user's own approval (a dialog or the approval card): show them the preview and let them answer.`;

/**
 * The session a piece of async work belongs to. The logger is shared by the whole process (over HTTP, by
 * many sessions), so a log line is forwarded as an MCP notification only to the session whose request
 * produced it; process-level lines (start-up, transport) stay on stderr.
 */
const currentSession = new AsyncLocalStorage<McpServer>();

/** Run `fn` as work of `server`'s session (its log lines go to that client). */
export const inSession = <T>(server: McpServer, fn: () => T): T => currentSession.run(server, fn);

const MCP_LEVEL: Record<LogLevel, LoggingLevel> = {
  debug: 'debug',
  info: 'info',
  warning: 'warning',
  error: 'error',
};

export function createServer(deps: ServerDeps): McpServer {
  const { config } = deps;
  const now = deps.now ?? (() => new Date());
  const cache =
    deps.cache ?? new ReportCache(config.reportCacheTtlSeconds * 1000, now, config.snapshotTtlSeconds * 1000);
  const approvals = deps.approvals ?? createApprovals({ secret: config.approvalSecret });
  const server = new McpServer(
    { name: PACKAGE_NAME, title: 'Drata Personnel', version: VERSION },
    {
      capabilities: { logging: {}, tools: {}, resources: {}, prompts: {}, completions: {} },
      instructions: INSTRUCTIONS,
    },
  );

  // 2026-07-28 requests are validated by the SDK's modern codec (which answers removed methods 404/-32601);
  // our one-line -32602 guard and the log forwarding are 2025-era behaviour.
  if (deps.era !== 'modern') {
    guardServer(server);
    forwardLogs(server, deps);
  }

  const scopes = config.readOnly ? [DEFAULT_SCOPES.read] : Object.values(DEFAULT_SCOPES);
  const principal = deps.principal ?? localPrincipal(scopes, !config.readOnly);
  const audit = deps.audit ?? auditLogAt(auditPathOf(config));
  // Without write access (read-only server, or a principal without the write scope) write tools do not exist.
  const tools = toolsFor({ readOnly: config.readOnly || !principal.canWrite });
  const full: Deps = { ...deps, now, cache, approvals, principal, audit };
  for (const tool of tools) registerTool(server, tool, full);
  registerApprovalTool(
    server,
    tools.filter((t) => !t.annotations.readOnlyHint),
    (tool, args, extra, fromCard) => inSession(server, () => runTool(server, tool, full, args, extra, fromCard)),
  );
  registerAuditResources(server, { config, principal, audit });
  registerApps(server, tools.map((t) => t.name));
  registerResources(server, { ...deps, now, scope: (fn) => inSession(server, fn) });
  registerPrompts(server, { ...deps, now });
  return server;
}

/**
 * 2025 era: forward this session's log lines at the client's level to it as MCP logging notifications; other
 * sessions' lines and process-level lines are not this client's business.
 */
function forwardLogs(server: McpServer, { config, logger }: ServerDeps): void {
  const allowed = clientLogLevel(server, MCP_LEVEL[config.logLevel]);
  const removeSink = logger.addSink((level, message, data) => {
    if (currentSession.getStore() !== server || !server.isConnected() || !allowed(MCP_LEVEL[level])) return;
    void server
      .sendLoggingMessage({
        level: MCP_LEVEL[level],
        logger: PACKAGE_NAME,
        data: data ? { message, ...data } : message,
      })
      .catch(() => {});
  });
  const previousOnClose = server.server.onclose;
  server.server.onclose = () => {
    removeSink();
    previousOnClose?.();
  };
}

function registerTool(
  server: McpServer,
  tool: ToolDefinition,
  deps: Deps,
): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema,
      outputSchema: tool.outputSchema,
      annotations: { title: tool.title, ...tool.annotations },
      _meta: appToolMeta(tool.name),
    },
    (args: unknown, extra) => inSession(server, () => runTool(server, tool, deps, args, extra)),
  );
}

type ToolExtra = ServerContext;

/**
 * One tool call: build the context (progress, confirmation, signal), run the handler, map errors. `fromCard`
 * is the approval card's answer when its app-only tool runs a write.
 */
async function runTool(
  server: McpServer,
  tool: ToolDefinition,
  deps: Deps,
  args: unknown,
  extra: ToolExtra,
  fromCard?: ApprovalRoute['fromCard'],
): Promise<CallToolResult | InputRequiredResult> {
  const progressToken = extra.mcpReq._meta?.progressToken;
  const capabilities = clientCapabilities(server, extra);
  const supportsElicitation = Boolean(capabilities?.elicitation);
  const who = principalKey(deps.principal);
  const audit = tool.annotations.readOnlyHint
    ? undefined
    : createRecorder(deps.audit, {
        principal: deps.principal,
        client: clientInfo(server, extra),
        tool: tool.name,
        now: () => new Date(),
      });
  // 2025 era: elicitation pushed on the call's own stream; 2026-07-28: an input_required round trip.
  const modern = isModernRequest(extra);
  const dialog = modern ? 'input-required' : 'elicitation';
  const ask = modern ? confirmByInputRequired(extra, who) : (message: string) => askConfirmation(extra, message);
  const confirm = audit ? auditedConfirm(ask, audit, dialog) : ask;
  const approval: ApprovalRoute = { dialog, card: rendersApps(capabilities), fromCard };
  let lastProgress = -Infinity;
  const ctx: ToolContext = {
    api: deps.api,
    config: deps.config,
    logger: deps.logger,
    now: deps.now,
    signal: extra.mcpReq.signal,
    maxTokens: deps.config.maxOutputTokens,
    cache: deps.cache,
    approvals: principalApprovals(deps.approvals, who, audit),
    approval,
    audit,
    progress: async (progress, total, message) => {
      // Progress only ever increases (a wait for another replica's walk may be followed by a walk of its own).
      if (progressToken === undefined || progress <= lastProgress) return;
      lastProgress = progress;
      await extra.mcpReq.notify({
        method: 'notifications/progress',
        params: {
          progressToken,
          progress,
          ...(total !== undefined ? { total } : {}),
          ...(message ? { message } : {}),
        },
      });
    },
    confirm: supportsElicitation ? confirm : undefined,
  };
  try {
    // One budget for every result: whatever a tool returns is measured and, if need be, fitted here.
    const run = () => tool.handler(args as never, ctx);
    const result = await auditedRun(audit, run, (m) => deps.logger.error(m), deps.logger.redact);
    const { rendered, shortened, fits } = fitResult(result, ctx.maxTokens);
    if (!fits) return tooLargeResult(tool.name, ctx.maxTokens);
    if (shortened) deps.logger.debug(`${tool.name}: result shortened to fit ${ctx.maxTokens} tokens`);
    // The approval card's ticket goes only into `_meta`, which hosts keep from the model.
    const meta = cardMeta(tool.name, args, approval);
    return {
      content: [{ type: 'text', text: rendered.text }],
      structuredContent: rendered.structured as Record<string, unknown>,
      ...(meta ? { _meta: meta } : {}),
    };
  } catch (err) {
    // An input_required result is a question for the client, not a tool result: it is not fitted or mapped.
    if (err instanceof InputNeeded) return err.result;
    deps.logger.warning(`${tool.name} failed`, { error: err instanceof Error ? err.message : String(err) });
    return errorResult(err, deps.logger.redact, deps.config);
  }
}

/** The answer when a result cannot be made to fit the budget: what to do instead (it always fits). */
function tooLargeResult(name: string, budget: number): CallToolResult {
  const text = `The ${name} answer does not fit DRATA_MAX_OUTPUT_TOKENS (${budget} tokens) even shortened. Narrow the request (one status, fewer checks, a smaller limit or maxNames), or raise DRATA_MAX_OUTPUT_TOKENS.`;
  return { content: [{ type: 'text', text }], isError: true };
}

/** A yes/no form through MCP elicitation, sent on the tool call's own stream (works over HTTP too). */
async function askConfirmation(extra: ToolExtra, message: string): Promise<Confirmation> {
  const result = await extra.mcpReq.elicitInput(
    { mode: 'form', message, requestedSchema: CONFIRM_SCHEMA },
    { signal: extra.mcpReq.signal },
  );
  return confirmation(result.action, result.content as Record<string, unknown> | undefined);
}
