/**
 * The one approval rule (approveWrite), path by path: which human step a client offers decides how a write
 * may go ahead, and the path it went ahead by is recorded on the call's route for the audit trail.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { createApprovals } from '../../src/tools/approval.js';
import type { ApprovalRoute } from '../../src/tools/approval-path.js';
import { approveWrite } from '../../src/tools/confirm.js';
import type { Confirmation, ToolContext } from '../../src/tools/types.js';
import { testConfig } from '../support/server.js';

const approvals = createApprovals();
const subject = { tool: 'update_personnel', id: 3, changes: [{ field: 'startedAt', before: '2020-01-01', after: '2020-02-03' }] };
const request = (token?: string) => ({ message: 'Update #3?', subject, token });

function ctx(route: Partial<ApprovalRoute>, opts: { relay?: boolean; confirm?: Confirmation } = {}): ToolContext {
  return {
    config: testConfig({ approvalRelay: opts.relay ?? false }),
    logger: silentLogger(),
    approvals,
    approval: { card: false, ...route },
    confirm: opts.confirm ? async () => opts.confirm! : undefined,
  } as unknown as ToolContext;
}

describe('approveWrite', () => {
  it.each([
    ['elicitation', { dialog: 'elicitation' as const }],
    ['input-required', { dialog: 'input-required' as const }],
  ])('a dialog the user accepts goes ahead by %s', async (path, route) => {
    const c = ctx(route, { confirm: 'accept' });
    expect(await approveWrite(c, request())).toEqual({ go: true, path });
    expect(c.approval.path).toBe(path);
  });

  it('a dialog wins over the card, and a declined one writes nothing', async () => {
    const c = ctx({ dialog: 'elicitation', card: true }, { confirm: 'decline' });
    expect(await approveWrite(c, request())).toMatchObject({ go: false, outcome: 'declined' });
    expect(c.approval.cardApproval).toBeUndefined();
    expect(c.approval.path).toBeUndefined();
  });

  it('the card: a preview issues the card token (not a relayed one); its Approve goes ahead by approval-card', async () => {
    const preview = ctx({ card: true }, { relay: true });
    const decision = await approveWrite(preview, request());
    expect(decision).toMatchObject({ go: false, outcome: 'needs_approval' });
    expect(decision).not.toHaveProperty('approval');
    const token = preview.approval.cardApproval!.approval.token;
    expect(preview.approval.cardApproval!.message).toBe('Update #3?');
    const answer = ctx({ card: true, fromCard: { token, approve: true } });
    expect(await approveWrite(answer, request())).toEqual({ go: true, path: 'approval-card' });
    expect(answer.approval.path).toBe('approval-card');
  });

  it('no human step: needs_approval and no token; an approvalToken throws unless the relay is on', async () => {
    const none = ctx({});
    const decision = await approveWrite(none, request());
    expect(decision).toMatchObject({ go: false, outcome: 'needs_approval' });
    expect(decision).not.toHaveProperty('approval');
    await expect(approveWrite(ctx({}), request('x'))).rejects.toThrow(/DRATA_APPROVAL_RELAY/);
    const relayed = await approveWrite(ctx({}, { relay: true }), request());
    const token = (relayed as { approval: { token: string } }).approval.token;
    const c = ctx({}, { relay: true });
    expect(await approveWrite(c, request(token))).toEqual({ go: true, path: 'approval-token' });
    expect(c.approval.path).toBe('approval-token');
  });
});
