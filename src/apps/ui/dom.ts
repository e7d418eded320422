/** Small DOM helpers shared by both apps: element building, theming from the host's context, CSV. */
import type { McpUiHostContext } from '@modelcontextprotocol/ext-apps';

type Child = Node | string | number | false | null | undefined;
type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

/** `h('button', { class: 'x', onclick: f }, 'Label')`: attributes, `on*` listeners, then children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== undefined && v !== false) el.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
  return el;
}

export const fmt = (n: number): string => n.toLocaleString('en-US');

/** CURRENT_EMPLOYEE → "current employee": statuses as people read them (the raw value stays in data-k). */
export const humanize = (s: string): string => s.replace(/_/g, ' ').toLowerCase();

/** The host's theme and style variables; without a host theme, the system's (prefers-color-scheme). */
export function applyHostContext(ctx: McpUiHostContext): void {
  const root = document.documentElement;
  if (ctx.theme) {
    root.dataset.theme = ctx.theme;
    root.style.colorScheme = ctx.theme;
  }
  for (const [name, value] of Object.entries(ctx.styles?.variables ?? {})) {
    if (value) root.style.setProperty(name, value);
  }
}

/** RFC 4180 CSV: every field quoted when it holds a comma, quote or line break. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | undefined>>): string {
  const cell = (v: string | number | undefined) => {
    const s = v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Saves through the host when it offers downloads, else through a link (works where the frame allows it). */
export async function saveFile(
  download: (name: string, mime: string, text: string) => Promise<boolean>,
  name: string,
  text: string,
): Promise<void> {
  if (await download(name, 'text/csv', text).catch(() => false)) return;
  const a = h('a', { href: `data:text/csv;charset=utf-8,${encodeURIComponent(text)}`, download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

/** Shows a status line (loading, errors) in the live region so screen readers hear it too. */
export function announce(el: HTMLElement, text: string): void {
  el.textContent = text;
}
