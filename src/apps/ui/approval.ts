/**
 * The approval card (the write tools' app): shows the previewed change and, while it waits, Approve and
 * Decline. Only this card holds the preview's ticket (from the result's `_meta`, which the model never
 * sees); the person's button sends it to the app-only tool approve_write, and the card shows what happened
 * and tells the model (ui/update-model-context) without ever passing the ticket on.
 */
import { approvalModel, renderApproval } from './approval-view.js';
import { Bridge, type CallToolResult } from './bridge.js';
import { announce, applyHostContext, h } from './dom.js';

const root = document.getElementById('app') as HTMLElement;
const status = h('p', { class: 'status', role: 'status' });

const textOf = (r: CallToolResult): string => (r.content ?? []).map((c) => c.text ?? '').join('\n');

function show(result: CallToolResult): void {
  if (!result.structuredContent) {
    root.replaceChildren(h('p', {}, textOf(result) || 'The result has no change to show.'), status);
    return;
  }
  const model = approvalModel(result.structuredContent, result._meta);
  const tickets = model.ticket;
  const answer = (approve: boolean) => {
    if (!tickets) return;
    for (const b of root.querySelectorAll('button')) b.disabled = true;
    announce(status, approve ? 'Writing to Drata…' : 'Declining…');
    bridge.callTool('approve_write', { ticket: approve ? tickets.approve : tickets.decline }).then(
      (r) => {
        show(r);
        void bridge.updateModelContext(`The user ${approve ? 'approved' : 'declined'} in the approval card.\n${textOf(r)}`).catch(() => {});
      },
      (err: Error) => announce(status, `Nothing was written: ${err.message}`),
    );
  };
  announce(status, '');
  root.replaceChildren(renderApproval(model, answer, status));
}

const bridge = new Bridge({ toolResult: show, hostContext: applyHostContext });

root.replaceChildren(h('p', { class: 'muted' }, 'Waiting for the preview…'));
void bridge.connect({ name: 'drata-personnel-approval', version: '1.0.0' }).catch((err: Error) => {
  root.replaceChildren(h('p', {}, `Could not connect to the host: ${err.message}`));
});
