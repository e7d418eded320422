/**
 * The approval card's server side. A write previewed for a client with MCP Apps carries, in the result's
 * `_meta` only (which hosts keep from the model, per the ext-apps spec), a ticket: the call's arguments and
 * a token bound to the exact change. The card shows the change; Approve or Decline sends the ticket to the
 * app-only tool `approve_write` (`visibility: ["app"]`: hosts neither list it to the model nor let the model
 * call it), which reruns the write with the card's answer: the token is verified against a fresh read
 * (valid, unused, unexpired, same change and before-values) before anything is written.
 */
import { EXTENSION_ID, RESOURCE_MIME_TYPE } from '@modelcontextprotocol/ext-apps/server';
import type {
  CallToolResult,
  ClientCapabilities,
  InputRequiredResult,
  McpServer,
  ServerContext,
} from '@modelcontextprotocol/server';
import { z } from 'zod';
import { parseToken } from '../tools/approval.js';
import type { ApprovalRoute } from '../tools/approval-path.js';
import type { ToolDefinition } from '../tools/types.js';

/** The app-only tool and the `_meta` key of a result that carries the card's ticket. */
export const APPROVAL_TOOL = 'approve_write';
export const APPROVAL_META_KEY = 'drata-personnel-mcp/approval';
export const APPROVAL_CARD_URI = 'ui://drata-personnel/approval.html';
/** Largest ticket: a resync of 100 people named by long emails, base64url-encoded, with room to spare. */
const TICKET_MAX = 65_536;

/** What the card receives in `_meta[APPROVAL_META_KEY]`. */
export interface CardTicket {
  ticket: string;
  expiresAt: string;
  /** The question a confirmation dialog would ask: the change and its warnings. */
  message: string;
}

/** The client renders MCP Apps (it advertises the extension with the app MIME type). */
export function rendersApps(caps: ClientCapabilities | undefined): boolean {
  const ui = (caps as { extensions?: Record<string, { mimeTypes?: unknown } | undefined> } | undefined)?.extensions?.[
    EXTENSION_ID
  ];
  return Array.isArray(ui?.mimeTypes) && ui.mimeTypes.includes(RESOURCE_MIME_TYPE);
}

/** A result's `_meta` when approveWrite issued a card token: the ticket for the card, nothing else. */
export function cardMeta(tool: string, args: unknown, route: ApprovalRoute): CallToolResult['_meta'] {
  if (!route.cardApproval) return undefined;
  const { approvalToken: _token, dryRun: _dryRun, ...replay } = args as Record<string, unknown>;
  const call = Buffer.from(JSON.stringify({ tool, arguments: replay })).toString('base64url');
  const { approval, message } = route.cardApproval;
  const card: CardTicket = { ticket: `${call}.${approval.token}`, expiresAt: approval.expiresAt, message };
  return { [APPROVAL_META_KEY]: card };
}

/** A ticket's parts, or undefined unless it is exactly `<base64url call>.<token>` with a well-formed token. */
export function readTicket(ticket: string): { tool: string; args: unknown; token: string } | undefined {
  const dot = ticket.indexOf('.');
  const call = ticket.slice(0, dot);
  const token = ticket.slice(dot + 1);
  if (dot < 1 || !/^[A-Za-z0-9_-]+$/.test(call) || !parseToken(token)) return undefined;
  const bytes = Buffer.from(call, 'base64url');
  if (bytes.toString('base64url') !== call) return undefined;
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { tool?: unknown; arguments?: unknown };
    if (typeof parsed.tool !== 'string' || typeof parsed.arguments !== 'object' || parsed.arguments === null) return undefined;
    return { tool: parsed.tool, args: parsed.arguments, token };
  } catch {
    return undefined;
  }
}

export type RunWrite = (
  tool: ToolDefinition,
  args: unknown,
  extra: ServerContext,
  fromCard: NonNullable<ApprovalRoute['fromCard']>,
) => Promise<CallToolResult | InputRequiredResult>;

const refused = (why: string): CallToolResult => ({
  content: [{ type: 'text', text: `${APPROVAL_TOOL}: ${why}; nothing was written. Only the approval card can use this tool.` }],
  isError: true,
});

/** Registers the app-only tool that completes (or declines) a write from the approval card. */
export function registerApprovalTool(server: McpServer, writeTools: readonly ToolDefinition[], run: RunWrite): void {
  if (writeTools.length === 0) return;
  server.registerTool(
    APPROVAL_TOOL,
    {
      title: 'Approval card answer',
      description: 'App-only: the approval card applies or declines a previewed write.',
      inputSchema: z.object({
        ticket: z.string().max(TICKET_MAX).describe('From the card'),
        approve: z.boolean().describe('true writes, false declines'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
      _meta: { ui: { resourceUri: APPROVAL_CARD_URI, visibility: ['app'] } },
    },
    async ({ ticket, approve }, extra) => {
      const parts = readTicket(ticket);
      const tool = parts && writeTools.find((t) => t.name === parts.tool);
      if (!parts || !tool) return refused('not a ticket from the approval card');
      const args = tool.inputSchema.safeParse(parts.args);
      if (!args.success) return refused('the ticket holds arguments the tool does not accept');
      return run(tool, args.data, extra, { token: parts.token, approve });
    },
  );
}
