/** The audit trail's hash chain and its CLI: `audit verify` catches an edited, a deleted and a reordered line. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/audit/chain.js';
import { runAuditCli, toCsv } from '../../../src/audit/cli.js';
import { AuditLog } from '../../../src/audit/log.js';
import type { AuditRecord } from '../../../src/audit/types.js';

const record = (i: number): AuditRecord => ({
  time: `2026-12-03T10:00:0${i}.000Z`,
  event: 'approved',
  principal: { kind: 'oauth', subject: `user-${i}`, email: `u${i}@example.com` },
  client: { name: 'test', version: '1' },
  tool: 'update_personnel',
  people: [{ id: i, email: `p${i}@example.com` }],
  changes: [{ field: 'employmentStatus', before: 'CURRENT_EMPLOYEE', after: '=HYPERLINK("x")' }],
  approvalPath: 'elicitation',
  outcome: 'approved',
});

function trail(n = 4): { path: string; lines: string[] } {
  const path = join(mkdtempSync(join(tmpdir(), 'audit-chain-')), 'audit.jsonl');
  const log = new AuditLog(path);
  for (let i = 1; i <= n; i++) log.append(record(i));
  return { path, lines: readFileSync(path, 'utf8').split('\n').filter(Boolean) };
}

function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runAuditCli(args, {}, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

describe('audit hash chain', () => {
  it('an intact trail verifies, lines chained from the genesis hash', () => {
    const { path, lines } = trail();
    const result = verifyChain(readFileSync(path, 'utf8'));
    expect(result).toMatchObject({ ok: true, count: 4, problems: [] });
    const parsed = lines.map((l) => JSON.parse(l) as { seq: number; prev: string; hash: string });
    expect(parsed[0]?.prev).toBe('0'.repeat(64));
    expect(parsed.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < parsed.length; i++) expect(parsed[i]?.prev).toBe(parsed[i - 1]?.hash);
    expect(result.lastHash).toBe(parsed[3]?.hash);
    const ok = cli(['verify', '--file', path]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`OK: ${path}: 4 entries, chain intact; last hash ${parsed[3]?.hash}`);
  });

  it('a reopened trail continues the chain (a restart does not start a new one)', () => {
    const { path } = trail(2);
    new AuditLog(path).append(record(3));
    expect(verifyChain(readFileSync(path, 'utf8'))).toMatchObject({ ok: true, count: 3 });
  });

  it.each([
    ['edited', (l: string[]) => [l[0], l[1]!.replace('user-2', 'user-9'), l[2], l[3]], /line 2: its content does not match its hash/],
    ['edited (last line)', (l: string[]) => [l[0], l[1], l[2], l[3]!.replace('"approved"', '"declined"')], /line 4: its content/],
    ['deleted', (l: string[]) => [l[0], l[2], l[3]], /line 2: does not follow the line before/],
    ['reordered', (l: string[]) => [l[0], l[2], l[1], l[3]], /line 2: does not follow the line before/],
    ['cut mid-line', (l: string[]) => [l[0], l[1]!.slice(0, 40), l[2], l[3]], /line 2: not JSON/],
  ] as const)('a %s line is detected, by verifyChain and by `audit verify` (exit 1)', (_what, tamper, problem) => {
    const { path, lines } = trail();
    writeFileSync(path, `${tamper(lines).join('\n')}\n`);
    const result = verifyChain(readFileSync(path, 'utf8'));
    expect(result.ok).toBe(false);
    expect(result.problems.join('\n')).toMatch(problem);
    const out = cli(['verify', '--file', path]);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/^BROKEN: /);
    expect(out.stdout).toMatch(problem);
  });

  it('export --csv: a header and one quoted row per line, formulas defused', () => {
    const { path } = trail(2);
    const out = cli(['export', '--csv', '--file', path]);
    expect(out.code).toBe(0);
    const rows = out.stdout.trimEnd().split('\r\n');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toBe(
      '"seq","time","event","outcome","principal","email","client","tool","people","changes","approvalPath","reason","requestId","hash"',
    );
    expect(rows[1]).toContain('"oauth:user-1","u1@example.com","test 1","update_personnel","#1 p1@example.com"');
    expect(rows[1]).toContain('"employmentStatus: CURRENT_EMPLOYEE → =HYPERLINK(""x"")"');
    const risky = JSON.stringify({ ...record(3), seq: 1, prev: '', hash: '', reason: '=cmd|calc' });
    expect(toCsv(`${risky}\n`)).toContain('"\'=cmd|calc"');
  });

  it('usage and file problems exit 2', () => {
    expect(cli(['export']).code).toBe(2);
    expect(cli(['frobnicate']).code).toBe(2);
    const missing = cli(['verify', '--file', join(tmpdir(), 'no-such-dir-xyz', 'audit.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read the audit trail .*ENOENT/);
  });
});
