/**
 * `npm run bench`: every figure of issues #5 and #7, printed beside its target; with `--record`, also
 * written to bench-results/latest.json and latest.md and copied into README.md between the bench markers.
 *
 *   npm run bench                        all sections (a few minutes), printed only
 *   npm run bench -- --record            all sections, and the tracked results files and README updated
 *   npm run bench -- --only tokens,http  some sections, printed only
 *
 * Sections: report (issue #5), tokens, fidelity, latency (+ start-up), http, chaos (issue #14), eras (issue #12:
 * cold start, per-call overhead and HTTP throughput of 2025-11-25 and 2026-07-28 side by side), auth (issue #20:
 * the latency OAuth token validation adds per call, median and p99), replicas (issue #21: 1 server vs 3 replicas
 * with Redis vs 3 without, the cost Redis adds per call, and the shared snapshot: a report through one replica
 * answered by the others with 0 requests, and what loading it takes).
 */
import { cpus, totalmem } from 'node:os';
import { VERSION } from '../../src/version.js';
import { benchAuth } from './auth.js';
import { runFidelity } from './fidelity.js';
import { benchChaos } from './chaos.js';
import { benchEras } from './eras.js';
import { benchHttp } from './http-load.js';
import { benchLatency } from './latency.js';
import { benchQuestions } from './questions.js';
import { benchReplicas } from './replicas.js';
import { benchReport } from './report.js';
import { benchSnapshot } from './snapshot.js';
import { parseBenchArgs, recordResults } from './record.js';
import { benchTokens } from './tokens.js';
import { type Figure, figure, log, ROOT } from './util.js';

const SECTIONS = {
  report: benchReport,
  snapshot: benchSnapshot,
  tokens: benchTokens,
  fidelity: runFidelity,
  questions: benchQuestions,
  latency: benchLatency,
  http: benchHttp,
  chaos: benchChaos,
  eras: benchEras,
  auth: benchAuth,
  replicas: benchReplicas,
} as const;
type SectionName = keyof typeof SECTIONS;

interface Results {
  generatedAt: string;
  version: string;
  node: string;
  machine: string;
  durationSeconds: number;
  figures: Figure[];
  details: Record<string, unknown>;
}

const verdict = (f: Figure): string => (f.pass === undefined ? '' : f.pass ? 'PASS' : 'MISS');
const shown = (f: Figure): string =>
  `${f.value}${f.unit && f.unit !== '%' && f.unit !== '×' ? ` ${f.unit}` : (f.unit ?? '')}`;

function printFigures(figures: readonly Figure[]): void {
  const rows = figures.map((f) => [f.section, f.label, shown(f), f.target ?? '', verdict(f)]);
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  let section = '';
  for (const [i, r] of rows.entries()) {
    if (r[0] !== section) {
      section = r[0] ?? '';
      console.log(`\n${section}`);
    }
    const [, label, value, target, v] = r;
    const note = figures[i]?.note;
    console.log(
      `  ${(label ?? '').padEnd(widths[1] ?? 0)}  ${(value ?? '').padStart(widths[2] ?? 0)}  ${(target ? `target ${target}` : '').padEnd((widths[3] ?? 0) + 7)}  ${v ?? ''}`,
    );
    if (note) console.log(`  ${''.padEnd(widths[1] ?? 0)}  ↳ ${note}`);
  }
}

const escapeCell = (s: string): string => s.replace(/\|/g, '\\|');

export function renderMarkdown(r: Results): string {
  const lines = [
    `Last run: ${r.generatedAt.slice(0, 16).replace('T', ' ')} UTC · v${r.version} · Node ${r.node} · ${r.machine} · ${r.durationSeconds} s. Tokens are cl100k (text + structured content).`,
    '',
    '| | figure | result | target | |',
    '|---|---|---|---|---|',
  ];
  for (const f of r.figures) {
    const note = f.note ? `<br><sub>${escapeCell(f.note)}</sub>` : '';
    lines.push(
      `| ${escapeCell(f.section)} | ${escapeCell(f.label)}${note} | ${escapeCell(shown(f))} | ${escapeCell(f.target ?? '')} | ${verdict(f)} |`,
    );
  }
  const missed = r.figures.filter((f) => f.pass === false);
  lines.push(
    '',
    'How it is measured (sources in `scripts/bench/`):',
    '- **report**: the built server over stdio, `--base-url` to a sandbox with 50 ms latency and its rate limit at 500/min, scope `ALL_PERSONNEL`. The report is computed from the org snapshot: one V1 walk of the scope, ceil(N/50) pages (target ≤ 1.1×). Sequential = the same pages fetched again one after another through `DrataClient`. Peak RSS = the server process VmHWM.',
    '- **snapshot**: 20,000 people, sandbox at 500 requests/min and 50 ms latency, the built server over stdio: the default report, then questions within the snapshot lifetime, a first filtered question with `fresh: true` and its second page, a walk of every status, peak RSS (VmHWM) with that snapshot held. 429s of the sandbox window are counted apart.',
    '- **tokens**: list and raw pages hold the same 50 people (raw pages fetched from the sandbox with the API key); get_personnel over 40 seeded people plus the 10 heaviest raw records.',
    '- **fidelity**: compliance questions asked through the tools, answers compared with ground truth computed from the sandbox data.',
    '- **questions**: everyday questions, each in at most 2 scripted calls, the answer checked in the text alone and in the structured content alone.',
    '- **eras**: the SDK v2 client in legacy mode (2025-11-25, initialize + session) and pinned to 2026-07-28 (stateless) against the same binary: cold start = spawn → connected over stdio; overhead = get_personnel minus the same direct upstream calls; HTTP = 10 clients for 10 s on `--sandbox --transport http`.',
    '- **auth**: two servers over one sandbox, static token and OAuth mode against oidc-provider on loopback (RS256 JWT from client credentials); 400 pings on a session to each, alternating; added = OAuth median/p99 minus static median/p99; validation alone = the OAuth gate on the same token, no HTTP.',
    '- **latency**: per pair, a stdio tool call minus the same upstream calls made directly with `PersonnelApi` on loopback. **start-up**: spawn → `initialize` response. **http load**: Streamable HTTP sessions against `--sandbox --transport http`, client-side rate limit raised so the server, not the 500/min quota, is measured.',
    '',
    missed.length
      ? `Missed: ${missed.map((f) => `${f.section}: ${f.label}`).join('; ')}. See bench-results/latest.json for the details.`
      : 'Every target met. Details: bench-results/latest.json.',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { only, record } = parseBenchArgs(process.argv.slice(2), Object.keys(SECTIONS));
  const names = (only ?? Object.keys(SECTIONS)) as SectionName[];
  const started = performance.now();
  const figures: Figure[] = [];
  const details: Record<string, unknown> = {};
  for (const name of names) {
    const t = performance.now();
    try {
      const out = await SECTIONS[name]();
      figures.push(...out.figures);
      details[name] = 'details' in out ? out.details : out.answers;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log(`${name} failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
      figures.push(
        figure(name, 'section completed', 'failed', '', { target: 'completes', pass: false }, message),
      );
    }
    log(`${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const cpu = cpus();
  const results: Results = {
    generatedAt: new Date().toISOString(),
    version: VERSION,
    node: process.versions.node,
    machine: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB`,
    durationSeconds: Math.round((performance.now() - started) / 1000),
    figures,
    details,
  };
  printFigures(figures);
  for (const section of ['fidelity', 'questions'] as const) {
    const answers = details[section] as Array<{ question: string; pass: boolean; detail: string }> | undefined;
    if (!answers) continue;
    console.log(`\n${section} questions`);
    for (const a of answers) console.log(`  ${a.pass ? 'PASS' : 'MISS'}  ${a.question} — ${a.detail}`);
  }
  const missed = figures.filter((f) => f.pass === false);
  console.log(
    `\n${figures.filter((f) => f.pass === true).length} targets met, ${missed.length} missed; ${results.durationSeconds} s`,
  );
  if (only) {
    console.log('(--only: results files and README not written)');
    return;
  }
  recordResults(ROOT, results, renderMarkdown(results), record);
}

await main();
// Spawned servers and sandboxes are closed; anything left (keep-alive sockets) must not hold the process.
process.exit(0);
