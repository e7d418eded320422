import { type Approval, REFUSED_TEXT } from './approval.js';
import type { ToolContext } from './types.js';

export type WriteDecision =
  | { go: true }
  | { go: false; outcome: 'declined' | 'cancelled' | 'needs_approval'; note: string; approval?: Approval };

export interface WriteRequest {
  /** The question shown in the client's dialog (elicitation). */
  message: string;
  /** The exact change and the values it was computed from: what an approval token is bound to. */
  subject: unknown;
  /** The caller's approvalToken, if any. */
  token: string | undefined;
}

/**
 * The one approval rule for every real write. A client with elicitation asks the user in a dialog (decline
 * or cancel → nothing is written). Without it, nothing is auto-confirmed: the first call returns the preview
 * with an approval token bound to this exact change; only the same call with that token writes.
 */
export async function approveWrite(ctx: ToolContext, request: WriteRequest): Promise<WriteDecision> {
  if (ctx.confirm) {
    const answer = await ctx.confirm(request.message);
    if (answer === 'accept') return { go: true };
    return answer === 'decline'
      ? { go: false, outcome: 'declined', note: 'The user declined: nothing was written to Drata.' }
      : {
          go: false,
          outcome: 'cancelled',
          note: 'The user cancelled the confirmation: nothing was written to Drata.',
        };
  }
  let refused = '';
  if (request.token !== undefined) {
    const check = await ctx.approvals.redeem(request.token, request.subject);
    if (check === 'ok') return { go: true };
    refused = `${REFUSED_TEXT[check]} Here is a fresh preview. `;
  }
  const approval = ctx.approvals.issue(request.subject);
  return {
    go: false,
    outcome: 'needs_approval',
    approval,
    note: `${refused}Not written yet: show the user this preview and ask. Only if they approve, repeat the same call with approvalToken "${approval.token}" (single use, expires ${approval.expiresAt}).`,
  };
}

export const syncPausedNote = (fields: readonly string[]): string =>
  `Manual edits pause IdP/HRIS sync for ${fields.join(', ')}: Drata ignores changes from the identity provider or HRIS for ${
    fields.length === 1 ? 'that field' : 'those fields'
  } until resync_personnel restores them.`;
