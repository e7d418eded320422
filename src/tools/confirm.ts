import type { ToolContext } from './types.js';

export type WriteDecision = 'go' | 'declined' | 'cancelled' | 'needs_confirmation';

/**
 * The one confirmation rule for every write: ask the user through elicitation when the client supports it
 * (decline or cancel → nothing is written); never auto-confirm where elicitation is missing for writes
 * that require it (`requireExplicit`): those need `confirm: true`, which the model may only send after the
 * user said yes.
 */
export async function confirmWrite(
  ctx: ToolContext,
  message: string,
  options: { requireExplicit: boolean; explicit: boolean | undefined },
): Promise<WriteDecision> {
  if (ctx.confirm) {
    const answer = await ctx.confirm(message);
    return answer === 'accept' ? 'go' : answer === 'decline' ? 'declined' : 'cancelled';
  }
  if (options.requireExplicit && options.explicit !== true) return 'needs_confirmation';
  return 'go';
}

export const DECISION_TEXT: Record<Exclude<WriteDecision, 'go'>, string> = {
  declined: 'The user declined: nothing was written to Drata.',
  cancelled: 'The user cancelled the confirmation: nothing was written to Drata.',
  needs_confirmation:
    'Not written: this client cannot show a confirmation dialog, so this write needs confirm: true. Ask the user to approve it first, then call again with confirm: true.',
};

export const syncPausedNote = (fields: readonly string[]): string =>
  `Manual edits pause IdP/HRIS sync for ${fields.join(', ')}: Drata ignores changes from the identity provider or HRIS for ${
    fields.length === 1 ? 'that field' : 'those fields'
  } until resync_personnel restores them.`;
