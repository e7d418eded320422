/**
 * The audit resources read as a model can hold them: drata://audit/recent is the newest 20 entries, one
 * compact line each (when, event, tool, outcome, who, about whom, which change), the total and where the
 * rest is; drata://audit/person/{id or email} the same for one person. Entries come from real tool calls.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isCurrentStatus } from '../../../src/drata/catalog.js';
import type { AuditEntry } from '../../../src/audit/types.js';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';

let f: Fixture;
let auditLog: string;
beforeAll(async () => {
  auditLog = join(mkdtempSync(join(tmpdir(), 'audit-resources-')), 'audit.jsonl');
  f = await startFixture({ config: { auditLog }, elicit: 'accept', sandbox: { size: 40 } });
});
afterAll(() => f.close());

const read = async (uri: string) => {
  const { contents } = await f.client.readResource({ uri });
  const c = contents[0] as { text?: string; mimeType?: string };
  return { text: String(c.text), mimeType: c.mimeType };
};

it('recent: the newest 20 entries, one line each, the total and how to get the rest', async () => {
  const people = f.sandbox.org.people.filter((p) => isCurrentStatus(p.employmentStatus) && p.startDate);
  const [first, second] = people;
  if (!first || !second) throw new Error('the sandbox org has too few current people');
  for (let n = 0; n < 30; n++) {
    const p = n % 3 === 0 ? first : second;
    const r = await call(f, 'update_personnel', { personnel: p.id, startedAt: `2020-01-${String(1 + n).padStart(2, '0')}`, dryRun: n !== 29 });
    expect(r.isError, r.content[0]?.text).toBeFalsy();
  }
  const entries = readFileSync(auditLog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEntry);
  expect(entries.length).toBeGreaterThan(30);

  const { text, mimeType } = await read('drata://audit/recent');
  expect(mimeType).toBe('text/plain');
  const lines = text.split('\n');
  expect(lines[0]).toBe(`Audit trail: ${entries.length} entries (the newest 20 shown, newest first). File: ${auditLog}`);
  const shown = lines.filter((l) => /^#\d+ /.test(l));
  expect(shown).toHaveLength(20);
  const newest = [...entries].reverse().slice(0, 20);
  shown.forEach((line, i) => {
    const e = newest[i] as AuditEntry;
    const outcome = e.outcome === e.event ? '' : ` (${e.outcome})`;
    expect(line.startsWith(`#${e.seq} ${e.time} ${e.event} update_personnel${outcome} by `)).toBe(true);
    const p = e.people?.[0];
    expect(line).toContain(`#${p?.id} ${p?.email}`);
    const c = e.changes?.[0];
    if (c) expect(line).toContain(`${c.field} ${c.before ?? '∅'} → ${c.after ?? '∅'}`);
    // The hash chain stays in the file.
    expect(line).not.toContain(e.hash);
  });
  // The real write, approved in the dialog, reads as such.
  expect(text).toMatch(/ applied update_personnel \(updated\) by local \S+ via elicitation; /);
  expect(lines.at(-1)).toBe(
    `${entries.length - 20} older: drata://audit/person/{id or email} lists those about one person; \`drata-personnel-mcp audit export --csv\` writes the whole trail (and \`audit verify\` checks its hash chain)`,
  );

  const about = entries.filter((e) => e.people?.some((x) => x.id === first.id));
  const person = await read(`drata://audit/person/${first.id}`);
  expect(person.text.split('\n')[0]).toBe(`Audit trail of #${first.id}: ${about.length} entries (all shown, newest first). File: ${auditLog}`);
  const personLines = person.text.split('\n').filter((l) => /^#\d+ /.test(l));
  expect(personLines.map((l) => Number(/^#(\d+)/.exec(l)?.[1]))).toEqual([...about].reverse().map((e) => e.seq));
  const byEmail = await read(`drata://audit/person/${encodeURIComponent(first.email ?? '')}`);
  expect(byEmail.text.split('\n').filter((l) => /^#\d+ /.test(l))).toEqual(personLines);
});
