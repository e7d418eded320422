/**
 * How a real write was approved: the one list of approval paths, for results, logs and the audit trail.
 * Every path but the last is a step only a person can take:
 *
 * - `elicitation`: the client's confirmation dialog (MCP elicitation, 2025 era);
 * - `input-required`: the 2026-07-28 `input_required` round whose form the client's user answers;
 * - `approval-card`: Approve pressed in the approval card (MCP Apps), which alone holds the token;
 * - `approval-token`: a token the model relayed from the preview (opt-in: DRATA_APPROVAL_RELAY).
 */
import type { Approval } from './approval.js';

export const APPROVAL_PATHS = ['elicitation', 'input-required', 'approval-card', 'approval-token'] as const;

export type ApprovalPath = (typeof APPROVAL_PATHS)[number];

/** What the client of one call offers for approval, beyond the `confirm` dialog; filled in by approveWrite. */
export interface ApprovalRoute {
  /** Which path `ctx.confirm` is, when the client has one. */
  dialog?: 'elicitation' | 'input-required';
  /** The client renders MCP Apps: a preview issues a card token, delivered only in the result's `_meta`. */
  card: boolean;
  /** Set when the approval card's app-only tool runs this call: the card's token and the person's answer. */
  fromCard?: { token: string; approve: boolean };
  /** Set by approveWrite when a write goes ahead: how it was approved (what the audit trail records). */
  path?: ApprovalPath;
  /** Set by approveWrite: the card's token and question (never in the text or structuredContent). */
  cardApproval?: { approval: Approval; message: string };
}
