/**
 * One tool call's audit recorder, and the two wrappers that make every approval step an audit event without
 * the write tools knowing: the `confirm` callback (elicitation, 2026-07-28 input-required) and the approval
 * token book. Every event is written before the call goes on, so an approval whose line cannot be written
 * never reaches Drata (AuditUnavailableError ends the call). The write tools only say what the write is about
 * (`ctx.audit.about`), once, before they ask.
 */
import type { Principal } from '../auth/principal.js';
import { InputNeeded } from '../protocol/confirm-input.js';
import type { Approvals } from '../tools/approval.js';
import type { Confirmation } from '../tools/types.js';
import type { AuditLog } from './log.js';
import type { ApprovalPath, AuditPrincipal, AuditRecord, AuditTarget, WriteAudit } from './types.js';

export type { WriteAudit } from './types.js';

export const auditPrincipal = (p: Principal): AuditPrincipal => ({
  kind: p.kind,
  subject: p.subject,
  ...(p.email ? { email: p.email } : {}),
  ...(p.osUser ? { osUser: p.osUser } : {}),
});

export function createRecorder(
  log: AuditLog,
  base: { principal: Principal; client: AuditRecord['client']; tool: string; now: () => Date },
): WriteAudit {
  let target: AuditTarget = {};
  let approved = false;
  let approvedVia: ApprovalPath | undefined;
  let requestId: string | undefined;
  const OUTCOMES = new Set(['applied', 'not_applied', 'outcome_unknown']);
  const principal = auditPrincipal(base.principal);
  return {
    about(t) {
      target = t;
    },
    record(event, fields) {
      if (event === 'approved') {
        approved = true;
        approvedVia = fields.approvalPath;
      }
      log.append({
        time: base.now().toISOString(),
        event,
        principal,
        client: base.client,
        tool: base.tool,
        ...target,
        ...(requestId !== undefined && OUTCOMES.has(event) ? { requestId } : {}),
        // An outcome line names the path that approved the write it reports.
        ...(approvedVia !== undefined && OUTCOMES.has(event) ? { approvalPath: approvedVia } : {}),
        ...fields,
        outcome: fields.outcome ?? event,
      });
    },
    get approved() {
      return approved;
    },
    noteRequestId(id) {
      requestId = id;
    },
  };
}

/** The confirm callback, audited: asked, then approved or declined (with the answer). */
export function auditedConfirm(
  confirm: (message: string) => Promise<Confirmation>,
  audit: WriteAudit,
  approvalPath: ApprovalPath,
): (message: string) => Promise<Confirmation> {
  return async (message) => {
    // A dialog is asked before it is shown; an input_required round is asked when it ends the call.
    if (approvalPath === 'elicitation') audit.record('approval_asked', { approvalPath });
    let answer: Confirmation;
    try {
      answer = await confirm(message);
    } catch (err) {
      if (err instanceof InputNeeded) audit.record('approval_asked', { approvalPath });
      else audit.record('declined', { approvalPath, outcome: 'no_answer', reason: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    if (answer === 'accept') audit.record('approved', { approvalPath });
    else audit.record('declined', { approvalPath, outcome: answer === 'decline' ? 'declined' : 'cancelled' });
    return answer;
  };
}

/**
 * The approval token book for one principal: tokens are bound to it (another principal's token does not
 * verify, even for the same change) and every issue and redemption is an audit event.
 */
export function principalApprovals(approvals: Approvals, principalKey: string, audit?: WriteAudit): Approvals {
  const bound = (subject: unknown) => ({ principal: principalKey, change: subject });
  // approveWrite binds each token to its path (`{ path, subject }`): the card's and the relayed token's.
  const pathOf = (subject: unknown): ApprovalPath => (subject as { path?: ApprovalPath } | null)?.path ?? 'approval-token';
  return {
    issue(subject) {
      audit?.record('approval_asked', { approvalPath: pathOf(subject), outcome: 'needs_approval' });
      return approvals.issue(bound(subject));
    },
    async redeem(token, subject) {
      // A verified token is recorded as approved (or declined, from the card) by approveWrite, which knows the answer.
      const check = await approvals.redeem(token, bound(subject));
      if (check !== 'ok') audit?.record('refused', { approvalPath: pathOf(subject), outcome: `token_${check}` });
      return check;
    },
  };
}
