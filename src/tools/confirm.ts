import { InputError } from '../errors.js';
import { type Approval, REFUSED_TEXT } from './approval.js';
import type { ApprovalPath } from './approval-path.js';
import type { ToolContext } from './types.js';

export type WriteDecision =
  | { go: true; path: ApprovalPath }
  | { go: false; outcome: 'declined' | 'cancelled' | 'needs_approval'; note: string; approval?: Approval };

export interface WriteRequest {
  /** The question shown in the client's dialog (elicitation). */
  message: string;
  /** The exact change and the values it was computed from: what an approval token is bound to. */
  subject: unknown;
  /** The caller's approvalToken, if any. */
  token: string | undefined;
}

const NOTHING_WRITTEN = 'nothing was written to Drata.';

/** Why a model-relayed token is refused when the opt-in is off (also the README's wording). */
export const RELAY_OFF =
  'approval tokens relayed by the model are turned off on this server (DRATA_APPROVAL_RELAY): a write needs the user\'s own approval in a confirmation dialog or the approval card. Call again without approvalToken.';

const NO_HUMAN_STEP = `Not written: this client cannot ask the user (no confirmation dialog, no MCP Apps approval card), and the model's word alone never writes. Show the user this preview; to apply it they can use a client with confirmation dialogs or MCP Apps, make the change in Drata, or have the server's administrator turn on DRATA_APPROVAL_RELAY (approval by a token the model relays).`;

/** A token is bound to the path it was issued for: a card's token cannot be relayed, nor the reverse. */
const bound = (path: ApprovalPath, subject: unknown) => ({ path, subject });

const approved = (ctx: ToolContext, path: ApprovalPath): WriteDecision => {
  ctx.approval.path = path;
  // The dialog paths are recorded by the audited confirm callback; a token's redemption is recorded here.
  if (path === 'approval-token' || path === 'approval-card') ctx.audit?.record('approved', { approvalPath: path });
  ctx.logger.info(`write approved via ${path}`);
  return { go: true, path };
};

/**
 * The one approval rule for every real write: it goes ahead only on a step a person took. A client with
 * elicitation asks the user in a dialog (2026-07-28: an input_required round); decline or cancel writes
 * nothing. A client with MCP Apps gets the preview with a token for the approval card only (the result's
 * `_meta`); the card's app-only tool brings it back with the person's answer. Otherwise the preview says why
 * nothing was written, and only with the relay opt-in carries a token the model may send back.
 */
export async function approveWrite(ctx: ToolContext, request: WriteRequest): Promise<WriteDecision> {
  const route = ctx.approval;
  if (route.fromCard) return answerFromCard(ctx, request, route.fromCard);
  if (request.token !== undefined && !ctx.config.approvalRelay) throw new InputError('approvalToken', RELAY_OFF);
  if (ctx.confirm) {
    const answer = await ctx.confirm(request.message);
    if (answer === 'accept') return approved(ctx, route.dialog ?? 'elicitation');
    return answer === 'decline'
      ? { go: false, outcome: 'declined', note: `The user declined: ${NOTHING_WRITTEN}` }
      : { go: false, outcome: 'cancelled', note: `The user cancelled the confirmation: ${NOTHING_WRITTEN}` };
  }
  let refused = '';
  if (request.token !== undefined) {
    const check = await ctx.approvals.redeem(request.token, bound('approval-token', request.subject));
    if (check === 'ok') return approved(ctx, 'approval-token');
    refused = `${REFUSED_TEXT[check]} Here is a fresh preview. `;
  }
  if (route.card) {
    const approval = issueCard(ctx, request);
    return {
      go: false,
      outcome: 'needs_approval',
      note: `${refused}Not written yet: the approval card shows the user this change, and only their Approve there writes it (until ${approval.expiresAt}). There is nothing for you to send: tell the user to approve or decline in the card.`,
    };
  }
  if (!ctx.config.approvalRelay) {
    // No step a person could take: the preview is all there is, and the trail says so.
    ctx.audit?.record('preview', { outcome: 'needs_approval' });
    return { go: false, outcome: 'needs_approval', note: `${refused}${NO_HUMAN_STEP}` };
  }
  const approval = ctx.approvals.issue(bound('approval-token', request.subject));
  return {
    go: false,
    outcome: 'needs_approval',
    approval,
    note: `${refused}Not written yet: show the user this preview and ask. Only if they approve, repeat the same call with approvalToken "${approval.token}" (single use, expires ${approval.expiresAt}).`,
  };
}

/** A token for the approval card, handed to server.ts for the result's `_meta` only. */
function issueCard(ctx: ToolContext, request: WriteRequest): Approval {
  const approval = ctx.approvals.issue(bound('approval-card', request.subject));
  ctx.approval.cardApproval = { approval, message: request.message };
  return approval;
}

/** The approval card's answer: Approve writes on a valid token; Decline spends it and writes nothing. */
async function answerFromCard(
  ctx: ToolContext,
  request: WriteRequest,
  answer: { token: string; approve: boolean },
): Promise<WriteDecision> {
  const check = await ctx.approvals.redeem(answer.token, bound('approval-card', request.subject));
  if (!answer.approve) {
    ctx.audit?.record('declined', { approvalPath: 'approval-card', outcome: 'declined' });
    return { go: false, outcome: 'declined', note: `The user declined in the approval card: ${NOTHING_WRITTEN}` };
  }
  if (check === 'ok') return approved(ctx, 'approval-card');
  issueCard(ctx, request);
  return {
    go: false,
    outcome: 'needs_approval',
    note: `${REFUSED_TEXT[check]} Nothing was written; the card shows the change as it is now.`,
  };
}

export const syncPausedNote = (fields: readonly string[], source = 'the identity provider or HRIS'): string =>
  `Manual edits pause IdP/HRIS sync for ${fields.join(', ')}: Drata ignores changes from ${source} for ${
    fields.length === 1 ? 'that field' : 'those fields'
  } until resync_personnel restores them.`;
