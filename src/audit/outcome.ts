/**
 * The outcome step of the audit: what a write tool's result or failure means for the trail. A preview (dry
 * run, already matches) and an applied write are read from the result the tool returns; a failure after an
 * approval is not applied or of unknown outcome (write-outcome.ts decides which). Asking, approving and
 * declining were recorded as they happened (recorder.ts).
 */
import type { Rendered } from '../personnel/budget.js';
import { InputNeeded } from '../protocol/confirm-input.js';
import { WriteOutcomeError } from '../tools/write-outcome.js';
import { AuditUnavailableError } from './log.js';
import type { WriteAudit } from './recorder.js';
import { auditScope } from './upstream.js';
import type { AuditChange } from './types.js';

type State = Record<string, string | undefined>;
interface Structured {
  outcome?: string;
  changes?: AuditChange[];
  personnel?: Array<{ id: number; before?: State; after?: State }> | { id: number };
}

/** Before → after of a resync, per person and field, from its result (what Drata held, what it holds now). */
function resyncChanges(people: Array<{ id: number; before?: State; after?: State }>): AuditChange[] {
  const out: AuditChange[] = [];
  for (const p of people) {
    const fields = new Set([...Object.keys(p.before ?? {}), ...Object.keys(p.after ?? {})]);
    for (const field of fields) {
      const before = p.before?.[field] ?? null;
      const after = p.after ? (p.after[field] ?? null) : before;
      if (before !== after) out.push({ person: p.id, field, before, after });
    }
  }
  return out;
}

function recordResult(audit: WriteAudit, s: Structured): void {
  const outcome = s.outcome ?? 'unknown';
  if (outcome === 'dry_run' || outcome === 'unchanged') audit.record('preview', { outcome });
  else if (outcome === 'updated' || outcome === 'resynced' || outcome === 'partial') {
    const changes = Array.isArray(s.personnel) ? resyncChanges(s.personnel) : undefined;
    audit.record('applied', { outcome, ...(changes ? { changes } : {}) });
  }
}

function recordFailure(audit: WriteAudit, err: unknown, redact: (s: string) => string): void {
  if (err instanceof InputNeeded || err instanceof AuditUnavailableError || !audit.approved) return;
  const reason = redact(err instanceof Error ? err.message : String(err));
  if (err instanceof WriteOutcomeError) {
    audit.record(err.verdict === 'not_applied' ? 'not_applied' : 'outcome_unknown', { outcome: err.verdict, reason });
  } else {
    // Refused by Drata (4xx) or failed before it was sent: nothing changed.
    audit.record('not_applied', { outcome: 'failed', reason });
  }
}

/**
 * Run a write tool's handler and record its outcome. A line that cannot be written after the write went out
 * does not hide the write's result: the result says so instead (and stderr).
 */
export async function auditedRun<S>(
  audit: WriteAudit | undefined,
  run: () => Promise<Rendered<S>>,
  onAuditFailure: (message: string) => void,
  redact: (s: string) => string,
): Promise<Rendered<S>> {
  if (!audit) return run();
  let rendered: Rendered<S>;
  try {
    rendered = await auditScope.run(audit, run);
  } catch (err) {
    try {
      recordFailure(audit, err, redact);
    } catch (auditErr) {
      onAuditFailure((auditErr as Error).message);
    }
    throw err;
  }
  try {
    recordResult(audit, rendered.structured as Structured);
  } catch (err) {
    const note = `AUDIT: this outcome could not be recorded: ${(err as Error).message.replace(': nothing was sent to Drata', '')}`;
    onAuditFailure(note);
    const structured = rendered.structured as { notes?: string[] };
    structured.notes = [...(structured.notes ?? []), note];
    rendered = { ...rendered, text: `${rendered.text}\n${note}` };
  }
  return rendered;
}
