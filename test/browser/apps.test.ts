/**
 * The MCP Apps in headless Chromium (Debian's chromium, driven by playwright-core): a minimal host page
 * (host-page.ts: the ext-apps AppBridge) loads each app's HTML as resources/read serves it, under the CSP
 * its metadata declares, and feeds it a real result: the server runs in-process against the embedded
 * sandbox and every tool call the app makes goes through a real MCP client. Screenshots (light, dark,
 * 360 px) are written to test-artifacts/ (gitignored).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type BrowserContext, chromium, type FrameLocator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportTruth } from '../support/truth.js';
import { call, type Fixture, startFixture, type ToolResult } from '../support/sandbox.js';
import { writes } from '../support/writes.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const CHROMIUM = '/usr/bin/chromium';
const HOST = 'http://host.test/';
/** In CI the browser must be there (.ci/run installs it); elsewhere the suite says why it does not run. */
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);

const SCOPE = ['ALL_CURRENT_PERSONNEL', 'ALL_FORMER_PERSONNEL'];
const PAGE_SIZE = 25;

type Named = { count: number; people: unknown[] };
/** A training's lists in the result, the report's list name for each, and what its card says. */
const TRAINING_STATES = [
  ['expired', 'trainingExpired', 'expired'],
  ['neverCompleted', 'trainingNeverCompleted', 'never completed'],
  ['dueSoon', 'trainingDueSoon', 'due within 30 days'],
] as const;
const TRAINING_NAMES: Record<string, string> = {
  SECURITY_TRAINING: 'Security training',
  HIPAA_TRAINING: 'HIPAA training',
  NIST_AI_TRAINING: 'NIST AI training',
};

interface Report {
  total: number;
  training?: Array<{ type: string; expired: Named; neverCompleted: Named; dueSoon: Named }>;
  byStatus: Record<string, number>;
  scope: { employmentStatus: string[] };
  checks: Array<{ type: string; pass: number; fail: number; misconfigured: number; excluded: number }>;
  [list: string]: unknown;
}

describe.skipIf(!haveChromium)('MCP Apps in a browser', () => {
  let f: Fixture;
  let context: BrowserContext;
  let profile: string;
  let hostScript: string;
  const calls: Array<{ name: string; args: Record<string, unknown> }> = [];
  /** Every tool result the host got, for the approval-token leak check. */
  const results: ToolResult[] = [];
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  let readTools: Set<string>;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // A small output budget (the counts still fit) makes the app page through lists with namesFrom.
    // The client is a host with MCP Apps, so write previews carry the approval card's ticket in `_meta`.
    f = await startFixture({ sandbox: { size: 1000 }, config: { maxOutputTokens: 2600 }, apps: true });
    const tools = (await f.client.listTools()).tools;
    readTools = new Set(tools.filter((t) => t.annotations?.readOnlyHint).map((t) => t.name));
    hostScript = (
      await build({
        entryPoints: [join(ROOT, 'test/browser/host-page.ts')],
        bundle: true,
        format: 'iife',
        write: false,
        target: 'es2022',
      })
    ).outputFiles[0]!.text;
    profile = mkdtempSync(join(tmpdir(), 'drata-apps-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 900, height: 900 },
    });
    await context.exposeBinding('hostCallTool', async (_source, name: string, args: Record<string, unknown>) => {
      calls.push({ name, args });
      const result = (await f.client.callTool({ name, arguments: args })) as ToolResult;
      results.push(result);
      return result;
    });
    // The host page is served here; anything else the page asks for is recorded and refused.
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url === HOST) {
        await route.fulfill({ contentType: 'text/html', body: `<!doctype html><html><body><script>${hostScript}</script></body></html>` });
      } else {
        requests.push(url);
        await route.abort();
      }
    });
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await f?.close();
  });

  async function open(uri: string, toolInput: Record<string, unknown>, toolResult: unknown, theme: 'light' | 'dark' = 'light') {
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('request', (r) => r.url() !== HOST && !r.url().startsWith('data:') && requests.push(r.url()));
    const read = await f.client.readResource({ uri });
    const content = read.contents[0] as unknown as { text: string; _meta: { ui: { csp: Record<string, string[]> } } };
    await page.goto(HOST);
    await page.evaluate((o) => window.startApp(o as never), {
      html: content.text,
      csp: content._meta.ui.csp,
      theme,
      toolInput,
      toolResult,
    });
    return { page, app: page.frameLocator('iframe') };
  }

  const num = async (app: FrameLocator, key: string) =>
    Number((await app.locator(`[data-k="${key}"]`).first().textContent())?.replace(/,/g, ''));

  /** The whole frame in the viewport (Chromium paints frames only there), then a screenshot. */
  async function shot(page: Page, name: string) {
    const width = page.viewportSize()?.width ?? 900;
    const height = await page.evaluate(() => (document.querySelector('iframe') as HTMLIFrameElement).offsetHeight);
    await page.setViewportSize({ width, height: Math.max(200, height) });
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  }

  /** The ids of the list shown, page by page to the last (which disables Next). */
  async function listedIds(app: FrameLocator, count: number): Promise<number[]> {
    const seen: number[] = [];
    const pages = Math.max(1, Math.ceil(count / PAGE_SIZE));
    for (let p = 1; p <= pages; p++) {
      const ids = await app.locator('section.list li').evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-id'))));
      seen.push(...ids);
      if (p < pages) await app.locator('[data-action="next"]').click();
    }
    expect(await app.locator('[data-action="next"]').isDisabled()).toBe(true);
    return seen;
  }

  it('the dashboard shows the report’s counts, lists the people behind a bar completely, pages to the last', async () => {
    const args = { employmentStatus: SCOPE };
    const result = await call(f, 'personnel_compliance_report', args);
    const report = result.structuredContent as unknown as Report;
    const { page, app } = await open('ui://drata-personnel/dashboard.html', args, result);
    await app.locator('[data-k="total"]').waitFor();

    expect(await num(app, 'total')).toBe(report.total);
    for (const [s, n] of Object.entries(report.byStatus)) expect(await num(app, `status:${s}`)).toBe(n);
    for (const c of report.checks) {
      for (const k of ['pass', 'fail', 'misconfigured', 'excluded'] as const) expect(await num(app, `${c.type}:${k}`)).toBe(c[k]);
      // Each bar's text alternative carries the same four numbers.
      const label = await app.locator(`[data-check="${c.type}"]`).getAttribute('aria-label');
      expect(label).toContain(`${c.pass} pass, ${c.fail} fail, ${c.misconfigured} misconfigured, ${c.excluded} excluded`);
    }
    const cardLists = Object.entries(report).filter(([, v]) => typeof v === 'object' && v !== null && 'people' in v);
    expect(cardLists.length).toBeGreaterThan(0);
    for (const [name, l] of cardLists) expect(await num(app, `card:${name}`)).toBe((l as { count: number }).count);
    // Training per type: each card's count is that training's count in the result, and the card says which
    // training (and which state) it counts.
    expect(report.training?.map((t) => t.type)).toEqual(Object.keys(TRAINING_NAMES));
    for (const t of report.training ?? []) {
      for (const [key, list, state] of TRAINING_STATES) {
        expect(await num(app, `card:${t.type}:${list}`)).toBe(t[key].count);
        const text = await app.locator(`button[data-list="${t.type}:${list}"]`).textContent();
        expect(text).toBe(`${t[key].count.toLocaleString('en-US')}${TRAINING_NAMES[t.type]} ${state}`);
      }
    }
    await shot(page, 'dashboard-light');

    // The check with the most failing people; its bar, reached by keyboard, lists exactly them.
    const target = report.checks
      .filter((c) => c.type !== 'FULL_COMPLIANCE')
      .sort((a, b) => b.fail + b.misconfigured - (a.fail + a.misconfigured))[0]!;
    const truth = reportTruth(f.sandbox.org, report.scope.employmentStatus as never).checks[target.type]!.failing;
    expect(truth.length).toBe(target.fail + target.misconfigured);
    expect(truth.length).toBeGreaterThan(PAGE_SIZE);
    const callsBefore = calls.length;
    await app.locator(`button[data-check="${target.type}"]`).focus();
    await page.keyboard.press('Enter');
    await app.locator('section.list li').first().waitFor();
    const listCalls = calls.slice(callsBefore).filter((c) => c.name === 'personnel_compliance_report');
    // The list came in more than one call, each continuing where the last stopped.
    expect(listCalls.length).toBeGreaterThan(1);
    const from = listCalls.map((c) => Number(c.args.namesFrom));
    expect(from).toEqual([...from].sort((a, b) => a - b));
    expect(new Set(from).size).toBe(from.length);
    const seen = await listedIds(app, truth.length);
    expect(seen).toEqual(truth);
    expect(seen.at(-1)).toBe(truth.at(-1));
    expect(await app.locator('[data-k="list-info"]').textContent()).toContain(`of ${truth.length}`);

    // Search narrows the complete list; CSV exports what is shown, through the host.
    const last = f.sandbox.org.people.find((p) => p.id === truth.at(-1))!;
    await app.locator('input[type="search"]').fill(`#${last.id}`);
    expect(await app.locator('section.list li').evaluateAll((lis) => lis.map((li) => Number(li.dataset.id)))).toEqual([last.id]);
    await app.locator('[data-action="csv"]').click();
    await expect.poll(() => page.evaluate(() => window.hostDownloads.length)).toBe(1);
    type Download = { contents: Array<{ resource: { text: string } }> };
    const csv = await page.evaluate(() => (window.hostDownloads[0] as Download).contents[0]!.resource.text);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(csv).toContain(`${last.id},`);

    // A name opens the person card (get_personnel through the host); its button asks the model, never writes.
    await app.locator('section.list li button').first().click();
    await app.locator('article.person').waitFor();
    const card = (await call(f, 'get_personnel', { personnel: String(last.id) })).structuredContent as { person: { name: string } };
    expect(await app.locator('article.person h2').textContent()).toBe(card.person.name);
    expect(calls.at(-1)).toEqual({ name: 'get_personnel', args: { personnel: String(last.id) } });
    await app.locator('[data-action="prepare-update"]').click();
    await expect.poll(() => page.evaluate(() => window.hostMessages.length)).toBe(1);
    const message = JSON.stringify(await page.evaluate(() => window.hostMessages[0]));
    expect(message).toMatch(/dryRun: true/);
    expect(message).toContain(`#${last.id}`);
    await app.locator('[data-action="close-person"]').click();

    // Dark theme from the host (the page's fallback palette follows it), then a 360 px wide frame.
    const background = () => app.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.evaluate(() => window.setTheme('dark'));
    await expect.poll(() => app.locator('html').getAttribute('data-theme')).toBe('dark');
    expect(await background()).toBe('rgb(17, 24, 39)');
    await shot(page, 'dashboard-dark');
    await page.setViewportSize({ width: 360, height: 800 });
    await page.evaluate(() => {
      (document.querySelector('iframe') as HTMLIFrameElement).style.width = '360px';
    });
    await expect.poll(() => app.locator('body').evaluate((b) => b.scrollWidth <= 360)).toBe(true);
    await shot(page, 'dashboard-narrow');
    await page.close();
  });

  it('a training card lists exactly the people behind that training’s count, from a report focused on it', async () => {
    const args = { employmentStatus: SCOPE };
    const result = await call(f, 'personnel_compliance_report', args);
    const report = result.structuredContent as unknown as Report;
    const truth = reportTruth(f.sandbox.org, report.scope.employmentStatus as never).training;
    // The training list with the most people (more than a page, so the list pages).
    const [t, key, list] = (report.training ?? [])
      .flatMap((tr) => TRAINING_STATES.map(([k, l]) => [tr, k, l] as const))
      .sort(([a, ka], [b, kb]) => b[kb].count - a[ka].count)[0]!;
    const want = truth[t.type]![key];
    expect(want.length).toBe(t[key].count);
    expect(want.length).toBeGreaterThan(PAGE_SIZE);
    const { page, app } = await open('ui://drata-personnel/dashboard.html', args, result);
    await app.locator('[data-k="total"]').waitFor();
    expect(await num(app, `card:${t.type}:${list}`)).toBe(t[key].count);

    const callsBefore = calls.length;
    await app.locator(`button[data-list="${t.type}:${list}"]`).click();
    await app.locator('section.list li').first().waitFor();
    const listCalls = calls.slice(callsBefore).filter((c) => c.name === 'personnel_compliance_report');
    expect(listCalls.length).toBeGreaterThan(1);
    for (const c of listCalls) expect([c.args.checks, c.args.lists]).toEqual([[t.type], [list]]);
    expect(await app.locator('section.list h2').textContent()).toBe(`${TRAINING_NAMES[t.type]} ${TRAINING_STATES.find(([k]) => k === key)![2]} (${t[key].count})`);
    expect(await listedIds(app, want.length)).toEqual(want);
    await shot(page, 'dashboard-training-list');

    // A name opens that person's card, as from any other list.
    const first = await app.locator('section.list li').first().getAttribute('data-id');
    await app.locator('section.list li button').first().click();
    await app.locator('article.person').waitFor();
    expect(calls.at(-1)).toEqual({ name: 'get_personnel', args: { personnel: first } });
    await page.close();
  });

  it('the person card shows get_personnel’s result and asks the model for a dry-run update', async () => {
    const person = f.sandbox.org.people.find((p) => Object.values(p.checks).includes('FAIL'))!;
    const args = { personnel: String(person.id) };
    const result = await call(f, 'get_personnel', args);
    type Summary = { name: string; employmentStatus: string; failingChecks?: unknown[] };
    const summary = (result.structuredContent as { person: Summary }).person;
    const { page, app } = await open('ui://drata-personnel/person.html', args, result, 'dark');
    await app.locator('article.person').waitFor();
    expect(await app.locator('article.person h2').textContent()).toBe(summary.name);
    expect(await app.locator('[data-k="status"]').textContent()).toBe(summary.employmentStatus);
    expect(await app.locator('article.person section').first().locator('li').count()).toBe(summary.failingChecks?.length ?? 0);
    await shot(page, 'person-dark');
    const before = calls.length;
    await app.locator('[data-action="prepare-update"]').click();
    await expect.poll(() => page.evaluate(() => window.hostMessages.length)).toBe(1);
    expect(calls.length).toBe(before);
    await page.close();
  });

  it('the approval card shows the change; Approve writes exactly once, Decline writes nothing; the model cannot take its step', async () => {
    const [a, b] = f.sandbox.org.people.filter((p) => p.employmentStatus === 'CURRENT_EMPLOYEE' && p.separationDate === null && p.startDate);
    const args = { personnel: String(a!.id), startedAt: '2020-02-03' };
    f.sandbox.clearLogs();
    const preview = await call(f, 'update_personnel', args);
    results.push(preview);
    expect((preview.structuredContent as { outcome: string }).outcome).toBe('needs_approval');
    const { page, app } = await open('ui://drata-personnel/approval.html', args, preview);
    await app.locator('[data-action="approve"]').waitFor();
    const who = (preview.structuredContent as { personnel: { name: string } }).personnel.name;
    expect(await app.locator('article.approval h2').textContent()).toBe(`Update ${who} (#${a!.id})`);
    const row = app.locator('tr[data-row="startedAt"] td');
    expect(await row.allTextContents()).toEqual([a!.startDate, '2020-02-03']);
    expect(await app.locator('[data-k="message"]').textContent()).toMatch(/Manual edits pause IdP\/HRIS sync for startedAt/);
    await shot(page, 'approval-light');

    // The model's side, without the card: the write repeated, or anything it could send as approvalToken.
    const repeated = await call(f, 'update_personnel', args);
    results.push(repeated);
    expect((repeated.structuredContent as { outcome: string }).outcome).toBe('needs_approval');
    expect(writes(f)).toHaveLength(0);

    await app.locator('[data-action="approve"]').click();
    await expect.poll(() => app.locator('[data-k="outcome"]').textContent()).toBe('Written to Drata');
    expect(writes(f)).toHaveLength(1);
    expect(f.sandbox.org.people.find((p) => p.id === a!.id)?.startDate).toBe('2020-02-03');
    expect(await app.locator('[data-action="approve"]').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => window.hostModelContext.length)).toBe(1);
    expect(JSON.stringify(await page.evaluate(() => window.hostModelContext[0]))).toMatch(/approved in the approval card/);
    await page.close();

    const declineArgs = { personnel: String(b!.id), startedAt: '2020-02-04' };
    const second = await call(f, 'update_personnel', declineArgs);
    results.push(second);
    const declined = await open('ui://drata-personnel/approval.html', declineArgs, second, 'dark');
    await declined.app.locator('[data-action="decline"]').click();
    await expect.poll(() => declined.app.locator('[data-k="outcome"]').textContent()).toBe('Declined: nothing was written');
    expect(writes(f)).toHaveLength(1);
    expect(f.sandbox.org.people.find((p) => p.id === b!.id)?.startDate).toBe(b!.startDate);
    await declined.page.close();

    // Exactly two approve_write calls (one per button press); no result the model reads holds a token.
    expect(calls.filter((c) => c.name === 'approve_write')).toHaveLength(2);
    const tokenShape = /[0-9a-z]{9}\.[\w-]{12}\.[\w-]{43}/;
    expect(results.length).toBeGreaterThan(4);
    for (const r of results) expect(JSON.stringify([r.content, r.structuredContent ?? null])).not.toMatch(tokenShape);
    expect(JSON.stringify((preview as { _meta?: unknown })._meta)).toMatch(tokenShape);
  });

  it('the apps called only read tools and the card’s app-only tool, and nothing left the page', () => {
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) expect(readTools.has(c.name) || c.name === 'approve_write', c.name).toBe(true);
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
