/** The audit trail's vocabulary: events, approval paths and the shape of one line. */
export const AUDIT_EVENTS = [
  'preview',
  'approval_asked',
  'approved',
  'declined',
  'refused',
  'applied',
  'not_applied',
  'outcome_unknown',
] as const;
export type AuditEvent = (typeof AUDIT_EVENTS)[number];

/** How a person approved (or was asked to approve) a write: one list, in src/tools/approval-path.ts. */
import type { ApprovalPath } from '../tools/approval-path.js';

export { APPROVAL_PATHS, type ApprovalPath } from '../tools/approval-path.js';

export interface AuditPrincipal {
  kind: 'oauth' | 'static-token' | 'local';
  subject: string;
  email?: string;
  osUser?: string;
}

export interface AuditChange {
  /** The person the field belongs to (resync of several people); omitted when the line is about one person. */
  person?: number;
  field: string;
  before: string | null;
  after: string | null;
}

/** What a write is about, as the tool states it before asking (ids and emails only, never record bodies). */
export interface AuditTarget {
  people?: { id: number; email?: string }[];
  /** resync_personnel all: true. */
  scope?: 'all';
  changes?: AuditChange[];
}

/** One event before it is chained. */
export interface AuditRecord extends AuditTarget {
  time: string;
  event: AuditEvent;
  principal: AuditPrincipal;
  client: { name?: string; version?: string };
  tool: string;
  approvalPath?: ApprovalPath;
  /** The tool's outcome word (dry_run, needs_approval, updated, resynced, partial…) or the refusal reason. */
  outcome: string;
  /** Why, in words (refusals and failures); never a token or key. */
  reason?: string;
  /** Drata's request id for the write, when its answer carried one. */
  requestId?: string;
}

/** One line of the trail. */
export interface AuditEntry extends AuditRecord {
  seq: number;
  prev: string;
  hash: string;
}

/** One tool call's recorder (recorder.ts): what the write tools see as `ctx.audit`. */
export interface WriteAudit {
  /** What the write is about (people, changes); later events of this call carry it. */
  about(target: AuditTarget): void;
  /** Write one event line now; throws AuditUnavailableError when it cannot. */
  record(event: AuditEvent, fields: Partial<Pick<AuditRecord, 'approvalPath' | 'outcome' | 'reason' | 'changes' | 'requestId'>>): void;
  /** Whether an approval was recorded in this call (a write may have been sent after it). */
  readonly approved: boolean;
  /** Drata's request id of the write just answered (upstream.ts); outcome lines carry the latest. */
  noteRequestId(id: string): void;
}
