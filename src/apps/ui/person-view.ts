/**
 * The person card, from get_personnel's structuredContent (`person`): status and dates, failing checks with
 * the reason, excluded checks, identities, devices, training. Shape-specific reads stay in `personModel`.
 */
import type { Bridge } from './bridge.js';
import { h } from './dom.js';

interface Check {
  type: string;
  status: string;
  reason?: string;
  expiresOn?: string;
}
export interface PersonModel {
  id: number;
  name: string;
  email?: string;
  jobTitle?: string;
  status: string;
  dates: Array<[string, string]>;
  failing: Check[];
  /** Excluded checks by reason (one row per reason). */
  excluded: Array<{ checks: string[]; reason?: string }>;
  identities: Array<{ provider: string; username?: string; mfa?: boolean; connected: boolean }>;
  devices: { count: number; failingCount: number; list: Array<{ id: number; name?: string; failing?: string[] }> };
  training: Array<{ type: string; state: string; renewalOn?: string }>;
  omitted: string[];
}

type Raw = Record<string, unknown>;

export function personModel(structured: Raw): PersonModel {
  const p = (structured.person ?? structured) as Raw;
  const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
  const dates: Array<[string, string]> = [];
  for (const [k, label] of [['startDate', 'Started'], ['separationDate', 'Left'], ['manualStatusSince', 'Status set manually']]) {
    if (typeof p[k as string] === 'string') dates.push([label as string, p[k as string] as string]);
  }
  // Excluded checks come grouped by reason ({checks, exclusion}) or one per check ({type, exclusion}).
  const excluded = arr<Raw>(p.excludedChecks).map((e) => ({
    checks: Array.isArray(e.checks) ? (e.checks as string[]) : [String(e.type)],
    reason: e.exclusion as string | undefined,
  }));
  const devices = (p.devices ?? { count: 0, failingCount: 0 }) as PersonModel['devices'];
  return {
    id: p.id as number,
    name: String(p.name),
    email: p.email as string | undefined,
    jobTitle: p.jobTitle as string | undefined,
    status: String(p.employmentStatus),
    dates,
    failing: arr<Check>(p.failingChecks),
    excluded,
    identities: arr(p.identities),
    devices: { count: devices.count, failingCount: devices.failingCount, list: arr(devices.list) },
    training: arr(p.training),
    omitted: arr<string>(p.omitted),
  };
}

const section = (title: string, ...body: Array<Node | string>) => h('section', {}, h('h3', {}, title), ...body);
const ul = (items: Array<Node | string>) => (items.length ? h('ul', {}, ...items.map((i) => h('li', {}, i))) : h('p', { class: 'muted' }, 'None listed'));

/** Renders the card; the button asks the model to prepare an update (a dry run), the app never writes. */
export function renderPerson(m: PersonModel, bridge: Bridge, status: HTMLElement): HTMLElement {
  const ask = async () => {
    status.textContent = 'Asking the assistant to prepare an update…';
    try {
      await bridge.sendMessage(
        `Prepare an update for ${m.name} (personnel #${m.id}) that fixes what fails: use update_personnel with dryRun: true, show me the before → after, and write nothing until I approve.`,
      );
      status.textContent = 'Sent to the assistant: it prepares a dry run, nothing is written.';
    } catch (err) {
      status.textContent = `Could not ask the assistant: ${(err as Error).message}`;
    }
  };
  return h(
    'article',
    { class: 'person', 'aria-label': `Person card: ${m.name}` },
    h('header', {}, h('h2', {}, m.name), h('p', { class: 'muted' }, [m.email, m.jobTitle, `#${m.id}`].filter(Boolean).join(' · '))),
    h('p', {}, h('span', { class: 'badge', 'data-k': 'status' }, m.status), ...m.dates.map(([k, v]) => h('span', { class: 'date' }, `${k} ${v}`))),
    section(
      `Failing checks (${m.failing.length})`,
      ul(m.failing.map((c) => h('span', {}, h('strong', {}, c.type), ` ${c.status.toLowerCase()}${c.reason ? `: ${c.reason}` : ''}${c.expiresOn ? ` (expires ${c.expiresOn})` : ''}`))),
    ),
    m.excluded.length ? section('Excluded checks', ul(m.excluded.map((e) => `${e.checks.join(', ')}${e.reason ? `: ${e.reason}` : ''}`))) : '',
    section(
      'Identities',
      ul(m.identities.map((i) => `${i.provider}${i.username ? ` ${i.username}` : ''}: ${i.connected ? 'connected' : 'disconnected'}${i.mfa === undefined ? '' : i.mfa ? ', MFA on' : ', no MFA'}`)),
    ),
    section(
      `Devices (${m.devices.count}, ${m.devices.failingCount} failing)`,
      ul(m.devices.list.map((d) => `#${d.id}${d.name ? ` ${d.name}` : ''}${d.failing?.length ? `: failing ${d.failing.join(', ')}` : ''}`)),
    ),
    section('Training', ul(m.training.map((t) => `${t.type}: ${t.state.replace('_', ' ')}${t.renewalOn ? ` (renewal ${t.renewalOn})` : ''}`))),
    m.omitted.length ? h('p', { class: 'muted' }, `Not shown: ${m.omitted.join('; ')}`) : '',
    h('button', { type: 'button', class: 'primary', 'data-action': 'prepare-update', onclick: () => void ask() }, 'Ask the assistant to prepare an update (dry run)'),
  );
}
