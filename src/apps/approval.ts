/**
 * The approval card's server side. A write previewed for a client with MCP Apps carries, in the result's
 * `_meta` only (which hosts keep from the model, per the ext-apps spec), two tickets, one per button: the
 * call's arguments, the answer, and one token bound to the exact change. Approve or Decline sends its ticket
 * to the app-only tool `approve_write` (`visibility: ["app"]`: hosts neither list it to the model nor let
 * the model call it), which reruns the write with that answer: the token is verified against a fresh read
 * (valid, unused, unexpired, same change and before-values) before anything is written, and either answer
 * spends it.
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
type Answer = 'approve' | 'decline';
const TITLE = 'Approval card answer';
const WRITE_HINTS = { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true };

/** What the card receives in `_meta[APPROVAL_META_KEY]`. */
export interface CardTicket {
  /** The ticket each button sends. */
  approve: string;
  decline: string;
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
  const { approval, message } = route.cardApproval;
  const ticket = (answer: Answer) =>
    `${Buffer.from(JSON.stringify({ tool, arguments: replay, answer })).toString('base64url')}.${approval.token}`;
  const card: CardTicket = { approve: ticket('approve'), decline: ticket('decline'), expiresAt: approval.expiresAt, message };
  return { [APPROVAL_META_KEY]: card };
}

/** A ticket's parts, or undefined unless it is exactly `<base64url call>.<token>` with a well-formed token. */
export function readTicket(ticket: string): { tool: string; args: unknown; answer: Answer; token: string } | undefined {
  const dot = ticket.indexOf('.');
  const call = ticket.slice(0, dot);
  const token = ticket.slice(dot + 1);
  if (dot < 1 || !/^[A-Za-z0-9_-]+$/.test(call) || !parseToken(token)) return undefined;
  const bytes = Buffer.from(call, 'base64url');
  if (bytes.toString('base64url') !== call) return undefined;
  try {
    const parsed = JSON.parse(bytes.toString('utf8')) as { tool?: unknown; arguments?: unknown; answer?: unknown };
    const { tool, arguments: args, answer } = parsed;
    if (typeof tool !== 'string' || typeof args !== 'object' || args === null) return undefined;
    if (answer !== 'approve' && answer !== 'decline') return undefined;
    return { tool, args, answer, token };
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
      title: TITLE,
      // Kept tiny: every client loads it with the tool list, though hosts keep it from the model.
      description: 'For the approval card only.',
      inputSchema: z.object({ ticket: z.string().describe('From its button') }),
      annotations: { title: TITLE, ...WRITE_HINTS },
      _meta: { ui: { resourceUri: APPROVAL_CARD_URI, visibility: ['app'] } },
    },
    async ({ ticket }, extra) => {
      const parts = readTicket(ticket);
      const tool = parts && writeTools.find((t) => t.name === parts.tool);
      if (!parts || !tool) return refused('not a ticket from the approval card');
      const args = tool.inputSchema.safeParse(parts.args);
      if (!args.success) return refused('the ticket holds arguments the tool does not accept');
      return run(tool, args.data, extra, { token: parts.token, approve: parts.answer === 'approve' });
    },
  );
}
