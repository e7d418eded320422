/**
 * The compliance dashboard (personnel_compliance_report's app): counts by status, a pass / fail /
 * misconfigured / excluded bar per check (each with a text alternative, and all of them as a table), cards
 * for the named lists and, per training, its expired / never completed / due soon; a bar or card lists its
 * people, a name opens the person card.
 */
import { Bridge } from './bridge.js';
import { applyHostContext, fmt, h, humanize, saveFile } from './dom.js';
import { listView } from './list-view.js';
import { personModel, renderPerson } from './person-view.js';
import { cardKey, type CheckBar, type DashboardModel, dashboardModel, type ListSpec, loadList } from './report-model.js';

const root = document.getElementById('app') as HTMLElement;
const status = h('p', { class: 'status', role: 'status' });
const detail = h('div', { class: 'detail' });
let model: DashboardModel | undefined;

const bridge = new Bridge({
  toolResult(result) {
    if (result.structuredContent) render(dashboardModel(result.structuredContent));
    else status.textContent = 'The report has no structured result to show.';
  },
  hostContext: applyHostContext,
});

const SEGMENTS = ['pass', 'fail', 'misconfigured', 'excluded'] as const;

function bar(c: CheckBar): HTMLElement {
  const total = SEGMENTS.reduce((n, k) => n + c[k], 0) || 1;
  const failing = c.fail + c.misconfigured;
  const label = `${c.type}: ${c.pass} pass, ${c.fail} fail, ${c.misconfigured} misconfigured, ${c.excluded} excluded`;
  const segments = h(
    'span',
    { class: 'bar', 'aria-hidden': 'true' },
    ...SEGMENTS.map((k) => h('span', { class: `seg ${k}`, style: `width:${(100 * c[k]) / total}%` })),
  );
  const counts = h('span', { class: 'counts' }, ...SEGMENTS.map((k) => h('span', { class: `n ${k}`, 'data-k': `${c.type}:${k}` }, fmt(c[k]))));
  const body = [h('span', { class: 'name' }, c.type), segments, counts];
  return failing > 0
    ? h('button', { type: 'button', class: 'check', 'data-check': c.type, 'aria-label': `${label}. List the ${failing} failing.`, onclick: () => open(c.failing) }, ...body)
    : h('div', { class: 'check', 'data-check': c.type, role: 'img', 'aria-label': label }, ...body);
}

/** A card: a list's count and what it counts; pressing it lists the people. */
const card = (c: ListSpec) =>
  h(
    'button',
    { type: 'button', class: 'card', 'data-list': cardKey(c), disabled: c.count === 0, onclick: () => open(c) },
    h('span', { class: 'big', 'data-k': `card:${cardKey(c)}` }, fmt(c.count)),
    c.label,
  );

/** One row of cards per training, each card naming the training it counts. */
const training = (m: DashboardModel): HTMLElement[] =>
  m.training.length
    ? [
        h(
          'section',
          { class: 'training', 'aria-label': 'Training' },
          h('h2', {}, 'Training'),
          h('p', { class: 'muted' }, 'Current personnel; each card counts one training.'),
          ...m.training.map((t) => h('div', { class: 'cards', role: 'group', 'aria-label': t.label, 'data-training': t.type }, ...t.cards.map(card))),
        ),
      ]
    : [];

/** The bars as a table: the charts' text alternative, one click away. */
const table = (m: DashboardModel) =>
  h(
    'details',
    {},
    h('summary', {}, 'Show the checks as a table'),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Check'), ...SEGMENTS.map((k) => h('th', { scope: 'col' }, k)))),
      h('tbody', {}, ...m.checks.map((c) => h('tr', {}, h('th', { scope: 'row' }, c.type), ...SEGMENTS.map((k) => h('td', {}, fmt(c[k])))))),
    ),
  );

function render(m: DashboardModel): void {
  model = m;
  root.replaceChildren(
    h(
      'header',
      {},
      h('h1', {}, 'Compliance'),
      h('p', { class: 'muted' }, `${m.scope.employmentStatus.map(humanize).join(', ')} · data as of ${m.dataAsOf.replace('T', ' ').slice(0, 16)} UTC${m.complete ? '' : ' · INCOMPLETE: counts are partial'}`),
    ),
    h(
      'section',
      { class: 'stats', 'aria-label': 'People by status' },
      h('div', { class: 'stat total' }, h('span', { class: 'big', 'data-k': 'total' }, fmt(m.total)), 'in scope'),
      ...m.byStatus.map(([s, n]) => h('div', { class: 'stat' }, h('span', { class: 'big', 'data-k': `status:${s}` }, fmt(n)), humanize(s))),
    ),
    h(
      'section',
      { class: 'cards', 'aria-label': 'Gaps' },
      ...m.cards.map(card),
    ),
    ...training(m),
    h('section', { class: 'checks', 'aria-label': 'Checks' }, h('h2', {}, 'Checks'), h('p', { class: 'legend muted' }, ...SEGMENTS.map((k) => h('span', { class: `key ${k}` }, k))), ...m.checks.map(bar), table(m)),
    ...m.notes.map((n) => h('p', { class: 'muted note' }, n)),
    status,
    detail,
  );
}

async function open(spec: ListSpec): Promise<void> {
  if (!model) return;
  status.textContent = `Loading ${spec.label}…`;
  try {
    const call = async (args: Record<string, unknown>) => (await bridge.callTool('personnel_compliance_report', args)).structuredContent ?? {};
    const { people, missing } = await loadList(call, model.scope, spec, (n) => {
      status.textContent = `Loading ${spec.label}: ${fmt(n)} of ${fmt(spec.count)}…`;
    });
    status.textContent = '';
    const view = listView({
      title: spec.label,
      people,
      missing,
      onOpen: (p) => void openPerson(p.id),
      onExport: (name, csv) => void saveFile((...a) => bridge.download(...a), name, csv),
    });
    detail.replaceChildren(view);
    view.querySelector('h2')?.focus();
  } catch (err) {
    status.textContent = `Could not load ${spec.label}: ${(err as Error).message}`;
  }
}

async function openPerson(id: number): Promise<void> {
  status.textContent = `Loading person #${id}…`;
  try {
    const r = await bridge.callTool('get_personnel', { personnel: String(id) });
    const note = h('p', { class: 'status', role: 'status' });
    const card = renderPerson(personModel(r.structuredContent ?? {}), bridge, note);
    status.textContent = '';
    const opener = document.activeElement as HTMLElement | null;
    const close = () => {
      dialog.remove();
      opener?.focus();
    };
    const back = h('button', { type: 'button', 'data-action': 'close-person', onclick: close }, 'Close');
    const dialog = h('div', { class: 'overlay', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Person card' }, card, note, back);
    document.body.append(dialog);
    dialog.addEventListener('keydown', (e) => e.key === 'Escape' && close());
    back.focus();
  } catch (err) {
    status.textContent = `Could not load person #${id}: ${(err as Error).message}`;
  }
}

root.replaceChildren(h('p', { class: 'muted' }, 'Waiting for the report…'));
void bridge.connect({ name: 'drata-personnel-dashboard', version: '1.0.0' }).catch((err: Error) => {
  root.replaceChildren(h('p', {}, `Could not connect to the host: ${err.message}`));
});
