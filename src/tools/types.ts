/**
 * A tool is a declarative object: name, title, description, the five annotations (required by type),
 * zod input and output schemas, and a handler that returns text plus structured content. server.ts
 * registers them; handlers never see MCP plumbing beyond the ToolContext.
 */
import type { z } from 'zod';
import type { Config } from '../config.js';
import type { PersonnelApi } from '../drata/personnel.js';
import type { Logger } from '../logger.js';
import type { Rendered } from '../personnel/budget.js';
import type { ReportCache } from '../report/cache.js';
import type { WriteAudit } from '../audit/types.js';
import type { Approvals } from './approval.js';
import type { ApprovalRoute } from './approval-path.js';

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** The answer to a confirmation request: accepted, or declined/cancelled by the user. */
export type Confirmation = 'accept' | 'decline' | 'cancel';

export interface ToolContext {
  api: PersonnelApi;
  config: Config;
  logger: Logger;
  now: () => Date;
  /** Fires when the client cancels the call (or the session ends). */
  signal: AbortSignal;
  /** Budget for this result, text and structured together (DRATA_MAX_OUTPUT_TOKENS). */
  maxTokens: number;
  /** Sends a progress notification when the client asked for progress; a no-op otherwise. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /**
   * Ask the user to confirm through MCP elicitation. Undefined when the client does not support
   * elicitation: the tool then needs an approval token (see confirm.ts).
   */
  confirm?: (message: string) => Promise<Confirmation>;
  /** Issues and redeems approval tokens (shared by every session of the process). */
  approvals: Approvals;
  /** The human approval steps this call's client offers besides `confirm`, and what approveWrite issued. */
  approval: ApprovalRoute;
  /** Report aggregates; every write through this server invalidates it. */
  cache: ReportCache;
  /** Write tools: the call's audit trail recorder (say what the write is about before asking). */
  audit?: WriteAudit;
}

export interface ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  /** Says what the tool does and when to use it (≤ 2 KB; a test checks). */
  description: string;
  /** `readOnlyHint: false` makes a write tool: not registered in read-only mode (see toolsFor). */
  annotations: ToolAnnotations;
  inputSchema: I;
  outputSchema: O;
  handler(args: z.output<I>, ctx: ToolContext): Promise<Rendered<z.output<O>>>;
}

/** Keeps the generic parameters while letting the registry hold tools of different shapes. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  tool: ToolDefinition<I, O>,
): ToolDefinition {
  return tool as unknown as ToolDefinition;
}
