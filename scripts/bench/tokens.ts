/**
 * Issue #7, tokens (cl100k, text + structured together) for orgs of 250 and 5,000, through an in-memory MCP
 * client over the real HTTP client against the sandbox:
 *
 * - list_personnel {limit: 50, sort: "name"}: tokens per row in each channel on its own (text, structured); the
 *   tool reads V1 page 1 by name; the raw pages for the same
 *   50 people are fetched straight from the sandbox with the API key: V1 `GET /personnel?page=1&limit=50&
 *   sort=NAME&sortDir=ASC` and V2 `GET /personnel?size=50&sort=name&sortDir=ASC&expand[]=user&
 *   expand[]=complianceChecks` (the expansions that carry names, emails and checks). The three id lists are
 *   checked to be the same people. The default call ({limit: 50}, V2 order) is measured too.
 * - get_personnel summary and full against the raw V1 record (`GET /personnel/{id}`): mean over 40 people
 *   drawn with a fixed seed, and the heaviest summary over those plus the 10 heaviest raw records.
 * - personnel_compliance_report for the whole org (ALL_PERSONNEL) and for the default scope.
 * - drata://audit/recent after 60 update previews (a trail longer than the resource shows), as it reads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrgProfile } from '../../src/sandbox/index.js';
import { startFixture } from '../../test/support/sandbox.js';
import {
  type Figure,
  figure,
  log,
  mean,
  median,
  rawGet,
  resultTokens,
  round,
  seeded,
  textOf,
  tokens,
} from './util.js';

interface ListJson {
  structuredContent?: { rows?: unknown[][]; shown?: number };
}

const rowIds = (r: unknown): number[] => ((r as ListJson).structuredContent?.rows ?? []).map((row) => Number(row[0]));

/** Tokens of the tool definitions a client loads on connect: name, description and input schema of each. */
async function definitionTokens(client: { listTools(): Promise<{ tools: Array<Record<string, unknown>> }> }) {
  const { tools } = await client.listTools();
  const each = tools.map((t) => ({
    name: String(t.name),
    tokens: tokens(JSON.stringify({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
  }));
  return { total: each.reduce((n, t) => n + t.tokens, 0), each };
}

export interface TokenBench {
  size: number;
  list: {
    tokens: number;
    shown: number;
    perPerson: number;
    /** The same result's text alone and structured content alone. */
    textTokens: number;
    structuredTokens: number;
    rawV1: number;
    rawV2: number;
    ratioV1: number;
    ratioV2: number;
    samePeople: boolean;
    defaultCall: { tokens: number; shown: number; perPerson: number };
  };
  get: {
    sample: number;
    summaryMean: number;
    summaryMedian: number;
    fullMean: number;
    rawV1Mean: number;
    heaviestSummary: { id: number; tokens: number; full: number; rawV1: number };
    heaviestRaw: { id: number; rawV1: number; summary: number };
  };
  report: { wholeOrg: number; defaultScope: number };
  definitions: { total: number; each: Array<{ name: string; tokens: number }> };
}

async function benchSize(size: number, profile?: OrgProfile): Promise<TokenBench> {
  const f = await startFixture({ sandbox: { size, profile } });
  try {
    const { sandbox, client } = f;
    const call = (name: string, args: Record<string, unknown>) => client.callTool({ name, arguments: args });

    // Lists.
    const list = await call('list_personnel', { limit: 50, sort: 'name' });
    const listIds = rowIds(list);
    const rawV1 = await rawGet(
      `${sandbox.v1Url}/personnel?page=1&limit=50&sort=NAME&sortDir=ASC`,
      sandbox.apiKey,
    );
    const rawV2 = await rawGet(
      `${sandbox.v2Url}/personnel?size=50&sort=name&sortDir=ASC&expand[]=user&expand[]=complianceChecks`,
      sandbox.apiKey,
    );
    const v1Ids = (JSON.parse(rawV1) as { data: Array<{ id: number }> }).data.map((p) => p.id);
    const v2Ids = (JSON.parse(rawV2) as { data: Array<{ id: number }> }).data.map((p) => p.id);
    // Compare sorted ids: the same people, whatever the order.
    const same = (a: number[], b: number[]) => {
      const x = [...a].sort((m, n) => m - n);
      const y = [...b].sort((m, n) => m - n);
      return x.length === y.length && x.every((id, i) => id === y[i]);
    };
    const listTokens = resultTokens(list);
    const defaultList = await call('list_personnel', { limit: 50 });
    const defaultTokens = resultTokens(defaultList);
    const defaultShown = rowIds(defaultList).length;

    // One person: a seeded sample plus the heaviest raw records.
    const random = seeded(size);
    const sample = new Set<number>();
    while (sample.size < Math.min(40, size)) sample.add(1 + Math.floor(random() * size));
    const heavy = sandbox.org.people
      .map((p) => ({ id: p.id, bytes: sandbox.v1RecordSize(p.id) }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 10)
      .map((h) => h.id);
    const measured = new Map<number, { summary: number; full: number; rawV1: number }>();
    for (const id of [...sample, ...heavy]) {
      if (measured.has(id)) continue;
      const summary = resultTokens(await call('get_personnel', { personnel: id }));
      const full = resultTokens(await call('get_personnel', { personnel: id, detail: 'full' }));
      const raw = tokens(await rawGet(`${sandbox.v1Url}/personnel/${id}`, sandbox.apiKey));
      measured.set(id, { summary, full, rawV1: raw });
    }
    const inSample = [...sample].map(
      (id) => measured.get(id) as { summary: number; full: number; rawV1: number },
    );
    const all = [...measured.entries()];
    const [hsId, hs] = all.reduce((a, b) => (b[1].summary > a[1].summary ? b : a));
    const [hrId, hr] = all.reduce((a, b) => (b[1].rawV1 > a[1].rawV1 ? b : a));

    // The report.
    const wholeOrg = resultTokens(
      await call('personnel_compliance_report', { employmentStatus: ['ALL_PERSONNEL'] }),
    );
    const defaultScope = resultTokens(await call('personnel_compliance_report', {}));

    const shown = listIds.length;
    return {
      size,
      list: {
        tokens: listTokens,
        textTokens: tokens(textOf(list)),
        structuredTokens: tokens(JSON.stringify((list as { structuredContent?: unknown }).structuredContent)),
        shown,
        perPerson: listTokens / Math.max(1, shown),
        rawV1: tokens(rawV1),
        rawV2: tokens(rawV2),
        ratioV1: tokens(rawV1) / listTokens,
        ratioV2: tokens(rawV2) / listTokens,
        samePeople: same(listIds, v1Ids) && same(listIds, v2Ids),
        defaultCall: {
          tokens: defaultTokens,
          shown: defaultShown,
          perPerson: defaultTokens / Math.max(1, defaultShown),
        },
      },
      get: {
        sample: inSample.length,
        summaryMean: mean(inSample.map((m) => m.summary)),
        summaryMedian: median(inSample.map((m) => m.summary)),
        fullMean: mean(inSample.map((m) => m.full)),
        rawV1Mean: mean(inSample.map((m) => m.rawV1)),
        heaviestSummary: { id: hsId, tokens: hs.summary, full: hs.full, rawV1: hs.rawV1 },
        heaviestRaw: { id: hrId, rawV1: hr.rawV1, summary: hr.summary },
      },
      report: { wholeOrg, defaultScope },
      definitions: await definitionTokens(client as never),
    };
  } finally {
    await f.close();
  }
}

/** Tokens of drata://audit/recent over a trail of 60 update previews (real tool calls). */
async function auditResourceTokens(): Promise<{ tokens: number; lines: number; entries: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-audit-'));
  const f = await startFixture({ config: { auditLog: join(dir, 'audit.jsonl') }, sandbox: { size: 40 } });
  try {
    const people = f.sandbox.org.people.filter((p) => p.startDate);
    for (let n = 0; n < 60; n++) {
      const p = people[n % people.length];
      await f.client.callTool({
        name: 'update_personnel',
        arguments: { personnel: p?.id, startedAt: `2020-02-${String(1 + (n % 28)).padStart(2, '0')}`, dryRun: true },
      });
    }
    const { contents } = await f.client.readResource({ uri: 'drata://audit/recent' });
    const text = String((contents[0] as { text?: string } | undefined)?.text);
    return { tokens: tokens(text), lines: text.split('\n').filter((l) => /^#\d+ /.test(l)).length, entries: 60 };
  } finally {
    await f.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchTokens(): Promise<{ figures: Figure[]; details: TokenBench[] }> {
  const figures: Figure[] = [];
  const details: TokenBench[] = [];
  // The realistic profile looks like an org in mid-audit: many people failing several checks, a quarter
  // without a device, service accounts with every check excluded (issue #18's row target is set on it).
  const orgs: Array<[number, OrgProfile | undefined]> = [[250, undefined], [5000, undefined], [1200, 'realistic']];
  for (const [size, profile] of orgs) {
    log(`tokens: org of ${size}${profile ? ` (${profile})` : ''}…`);
    const b = await benchSize(size, profile);
    details.push(b);
    const s = `tokens ${size.toLocaleString('en-US')}${profile ? ` ${profile}` : ''}`;
    const l = b.list;
    const g = b.get;
    figures.push(
      figure(
        s,
        'list_personnel limit 50: text tokens per row',
        round(l.textTokens / Math.max(1, l.shown), 1),
        'tokens',
        { target: '≤ 45', pass: l.textTokens / Math.max(1, l.shown) <= 45 },
        `${l.textTokens} tokens for ${l.shown} rows (by name, V1; with status, devices, reasons, overrides); the text alone carries every fact`,
      ),
      figure(
        s,
        'list_personnel limit 50: structured tokens per row',
        round(l.structuredTokens / Math.max(1, l.shown), 1),
        'tokens',
        { target: '≤ 45', pass: l.structuredTokens / Math.max(1, l.shown) <= 45 },
        `${l.structuredTokens} tokens for ${l.shown} rows; the structured content alone carries every fact; default call ${round(l.defaultCall.perPerson, 1)}/row both channels together`,
      ),
      figure(
        s,
        'raw V1 page ÷ list result',
        round(l.ratioV1, 1),
        '×',
        { target: '≥ 30×', pass: l.ratioV1 >= 30 && l.samePeople },
        `raw V1 page ${l.rawV1} tokens, raw V2 page ${l.rawV2} tokens (${round(l.ratioV2, 1)}×); same people: ${l.samePeople ? 'yes' : 'NO'}`,
      ),
      figure(
        s,
        'get_personnel summary, heaviest',
        g.heaviestSummary.tokens,
        'tokens',
        { target: '≤ 800', pass: g.heaviestSummary.tokens <= 800 },
        `#${g.heaviestSummary.id}: full ${g.heaviestSummary.full}, raw V1 ${g.heaviestSummary.rawV1}`,
      ),
      figure(
        s,
        'get_personnel summary / full / raw V1, mean',
        `${Math.round(g.summaryMean)} / ${Math.round(g.fullMean)} / ${Math.round(g.rawV1Mean)}`,
        'tokens',
        undefined,
        `${g.sample} people; summary median ${Math.round(g.summaryMedian)}; heaviest raw V1 #${g.heaviestRaw.id} ${g.heaviestRaw.rawV1} tokens → summary ${g.heaviestRaw.summary}`,
      ),
      figure(
        s,
        'tool definitions (name + description + input schema, all tools)',
        b.definitions.total,
        'tokens',
        { target: '≤ 3,000', pass: b.definitions.total <= 3000 },
        b.definitions.each.map((d) => `${d.name} ${d.tokens}`).join(', '),
      ),
      figure(
        s,
        'compliance report, whole org / default scope',
        `${b.report.wholeOrg} / ${b.report.defaultScope}`,
        'tokens',
        {
          target: '≤ 4,000',
          pass: b.report.wholeOrg <= 4000 && b.report.defaultScope <= 4000,
        },
      ),
    );
  }
  const audit = await auditResourceTokens();
  figures.push(
    figure(
      'tokens audit',
      'drata://audit/recent, as it reads',
      audit.tokens,
      'tokens',
      { target: '≤ 2,000', pass: audit.tokens <= 2000 },
      `${audit.lines} of ${audit.entries} entries, one line each, with the total and where the rest is`,
    ),
  );
  return { figures, details };
}
