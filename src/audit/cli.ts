/**
 * `drata-personnel-mcp audit verify` checks the trail's hash chain; `audit export --csv` writes it as CSV for an
 * auditor (stdout). The file is `--file PATH`, else DRATA_AUDIT_LOG, else the per-user default (`--sandbox`:
 * the sandbox's trail). Exit 0 when fine, 1 when the chain is broken, 2 for a usage or file problem.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyChain } from './chain.js';
import { defaultAuditPath } from './location.js';
import type { AuditEntry } from './types.js';

export const AUDIT_USAGE = `Usage:
  drata-personnel-mcp audit verify [--file PATH] [--sandbox]
  drata-personnel-mcp audit export --csv [--file PATH] [--sandbox]
The file defaults to DRATA_AUDIT_LOG, else the per-user trail (${defaultAuditPath()}).
`;

const COLUMNS = ['seq', 'time', 'event', 'outcome', 'principal', 'email', 'client', 'tool', 'people', 'changes', 'approvalPath', 'reason', 'requestId', 'hash'] as const;

const cell = (v: string): string => {
  // Quote every cell; a leading = + - @ is prefixed so a spreadsheet does not run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return `"${safe.replaceAll('"', '""')}"`;
};

function row(e: AuditEntry): string[] {
  const principal = e.principal.kind === 'local' ? `local (${e.principal.osUser ?? '?'})` : `${e.principal.kind}:${e.principal.subject}`;
  return [
    String(e.seq),
    e.time,
    e.event,
    e.outcome,
    principal,
    e.principal.email ?? '',
    [e.client?.name, e.client?.version].filter(Boolean).join(' '),
    e.tool,
    e.scope === 'all' ? 'ALL' : (e.people ?? []).map((p) => `#${p.id}${p.email ? ` ${p.email}` : ''}`).join('; '),
    (e.changes ?? []).map((c) => `${c.person === undefined ? '' : `#${c.person} `}${c.field}: ${c.before ?? '∅'} → ${c.after ?? '∅'}`).join('; '),
    e.approvalPath ?? '',
    e.reason ?? '',
    e.requestId ?? '',
    e.hash,
  ];
}

export function toCsv(text: string): string {
  const lines = [COLUMNS.map(cell).join(',')];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      lines.push(row(JSON.parse(line) as AuditEntry).map(cell).join(','));
    } catch {
      lines.push(cell('unreadable line'));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function runAuditCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  out: { stdout: (s: string) => void; stderr: (s: string) => void },
): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { file: { type: 'string' }, csv: { type: 'boolean' }, sandbox: { type: 'boolean' }, help: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    out.stderr(`${err instanceof Error ? err.message : String(err)}\n${AUDIT_USAGE}`);
    return 2;
  }
  const [command, ...extra] = parsed.positionals;
  if (parsed.values.help || extra.length > 0 || (command !== 'verify' && command !== 'export') || (command === 'export' && !parsed.values.csv)) {
    (parsed.values.help ? out.stdout : out.stderr)(AUDIT_USAGE);
    return parsed.values.help ? 0 : 2;
  }
  const file = parsed.values.file ?? env.DRATA_AUDIT_LOG ?? defaultAuditPath({ sandbox: parsed.values.sandbox, env });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    out.stderr(`cannot read the audit trail ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
    return 2;
  }
  if (command === 'export') {
    out.stdout(toCsv(text));
    return 0;
  }
  const result = verifyChain(text);
  if (result.ok) {
    out.stdout(`OK: ${file}: ${result.count} entries, chain intact; last hash ${result.lastHash} (keep it to detect a cut-off end later)\n`);
    return 0;
  }
  out.stdout(`BROKEN: ${file}: ${result.problems.length} problem(s) in ${result.count} entries\n${result.problems.map((p) => `  ${p}\n`).join('')}`);
  return 1;
}
