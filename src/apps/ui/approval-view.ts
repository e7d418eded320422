/**
 * The approval card's view, from update_personnel's or resync_personnel's result: what changes (before →
 * after), the warnings a confirmation dialog would show, the outcome, and, while the write waits for the
 * person, Approve and Decline. Shape-specific reads stay in `approvalModel`.
 */
import { h } from './dom.js';

/** `_meta["drata-personnel-mcp/approval"]` of a preview (src/apps/approval.ts's CardTicket). */
export interface CardTicket {
  approve: string;
  decline: string;
  expiresAt: string;
  message: string;
}

export interface ApprovalModel {
  title: string;
  outcome: string;
  /** One row per change: what, before, after. */
  rows: Array<[string, string, string]>;
  notes: string[];
  ticket?: CardTicket;
}

type Raw = Record<string, unknown>;

const OUTCOME: Record<string, string> = {
  needs_approval: 'Waiting for your approval',
  updated: 'Written to Drata',
  resynced: 'Resynced in Drata',
  declined: 'Declined: nothing was written',
  cancelled: 'Cancelled: nothing was written',
  dry_run: 'Dry run: nothing was written',
  unchanged: 'Already matches: nothing to write',
  partial: 'Partly written',
};

const value = (v: unknown): string => (v === null || v === undefined || v === '' ? '(none)' : String(v));

const state = (s: unknown): string => {
  const o = (s ?? {}) as Raw;
  return [o.employmentStatus, o.startDate && `start ${o.startDate}`, o.separationDate && `left ${o.separationDate}`]
    .filter(Boolean)
    .join(', ');
};

export function approvalModel(structured: Raw, meta: Raw | undefined): ApprovalModel {
  const ticket = meta?.['drata-personnel-mcp/approval'] as CardTicket | undefined;
  const outcome = String(structured.outcome);
  // The preview's note on how to approve is for the model; the card itself is that step.
  const notes = (Array.isArray(structured.notes) ? (structured.notes as string[]) : []).filter(
    (n) => !n.includes('approval card'),
  );
  const base = { outcome: OUTCOME[outcome] ?? outcome, notes, ticket: typeof ticket?.approve === 'string' ? ticket : undefined };
  if ('changes' in structured) {
    const who = (structured.personnel ?? {}) as Raw;
    const rows = (structured.changes as Raw[]).map((c): [string, string, string] => [
      String(c.field),
      value(c.before),
      value(c.after),
    ]);
    return { ...base, title: `Update ${String(who.name)} (#${String(who.id)})`, rows };
  }
  const people = Array.isArray(structured.personnel) ? (structured.personnel as Raw[]) : [];
  const rows = people.map((p): [string, string, string] => [
    `${String(p.name)} (#${String(p.id)})`,
    state(p.before),
    p.after ? state(p.after) : 'IdP/HRIS values',
  ]);
  const title =
    structured.scope === 'all'
      ? `Resync ALL personnel (${String(structured.accountTotal ?? structured.count)} records)`
      : `Resync ${people.length} personnel`;
  return { ...base, title, rows };
}

/** The card; `answer` runs when the person presses Approve (true) or Decline (false). */
export function renderApproval(m: ApprovalModel, answer: (approve: boolean) => void, status: HTMLElement): HTMLElement {
  const table = h(
    'table',
    {},
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'What'), h('th', { scope: 'col' }, 'Now'), h('th', { scope: 'col' }, 'After'))),
    h('tbody', {}, ...m.rows.map(([what, before, after]) =>
      h('tr', { 'data-row': what }, h('th', { scope: 'row' }, what), h('td', {}, before), h('td', {}, after)))),
  );
  const buttons = m.ticket
    ? h(
        'div',
        { class: 'toolbar' },
        h('button', { class: 'primary', 'data-action': 'approve', onclick: () => answer(true) }, 'Approve'),
        h('button', { class: 'primary', 'data-action': 'decline', onclick: () => answer(false) }, 'Decline'),
        h('span', { class: 'muted' }, `Valid until ${m.ticket.expiresAt}`),
      )
    : null;
  return h(
    'article',
    { class: 'approval' },
    h('h2', {}, m.title),
    h('p', {}, h('span', { class: 'badge', 'data-k': 'outcome' }, m.outcome)),
    m.rows.length ? table : null,
    m.ticket ? h('p', { class: 'warning', 'data-k': 'message' }, m.ticket.message) : null,
    m.notes.length ? h('ul', { class: 'notes' }, ...m.notes.map((n) => h('li', {}, n))) : null,
    buttons,
    status,
  );
}
