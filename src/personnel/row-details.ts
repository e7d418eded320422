/**
 * What a list row carries besides its cells: the identity or device that made it match an identity or
 * device clause, and the projections asked for with `include` (identities, devices, the full reason,
 * training records, exclusions). The same facts in both channels: `details` in structuredContent, indented
 * lines under the row in the text.
 */
import type { ListQuery, RowInclude } from './list-query.js';
import { excludedCheckTypes, type Person, type PersonDevice, type PersonIdentity } from './model.js';
import { matchedDevices, matchedIdentities, type MfaState, mfaState, reportedMfa } from './query.js';

export interface IdentityView {
  provider: string;
  username?: string;
  /** n/a: an HRIS record, not a login (`reported` then says what the API reports). */
  mfa: MfaState;
  reported?: Exclude<MfaState, 'n/a'>;
  connected: boolean;
  /** Connected since (day). */
  since?: string;
  /** Disconnected on (day). */
  until?: string;
}

export interface DeviceView {
  id: number;
  model?: string;
  serial?: string;
  os?: string;
  source?: string;
  failing?: string[];
  /** Last check-in (day). */
  lastSeen?: string;
}

export interface RowDetail {
  id: number;
  /** The identities that matched the identity clause. */
  matchedIdentities?: IdentityView[];
  /** The devices that matched the device clause. */
  matchedDevices?: DeviceView[];
  identities?: IdentityView[];
  devices?: DeviceView[];
  reason?: string;
  trainings?: Array<{ type: string; completed?: string; renewal?: string }>;
  exclusions?: Array<{ check: string; reason?: string; by?: string; until?: string }>;
}

const day = (s: string | undefined) => s?.slice(0, 10);

export const identityView = (i: PersonIdentity): IdentityView => ({
  provider: i.provider,
  username: i.username,
  mfa: mfaState(i),
  reported: i.isHris ? reportedMfa(i) : undefined,
  connected: i.connected,
  since: day(i.connectedAt),
  until: day(i.disconnectedAt),
});

export const deviceView = (d: PersonDevice): DeviceView => ({
  id: d.id,
  model: d.name,
  serial: d.serialNumber,
  os: d.osVersion,
  source: d.source,
  failing: d.failingChecks.length ? [...d.failingChecks].sort() : undefined,
  lastSeen: day(d.lastCheckedAt),
});

const PROJECTIONS: Record<RowInclude, (p: Person) => Partial<RowDetail>> = {
  identities: (p) => ({ identities: (p.identities ?? []).map(identityView) }),
  devices: (p) => ({ devices: (p.devices ?? []).map(deviceView) }),
  reason: (p) => ({ reason: p.notHumanReason?.trim() || undefined }),
  trainings: (p) => ({
    trainings: (p.trainings ?? []).map((t) => ({ type: t.type, completed: t.completedOn, renewal: t.renewalOn })),
  }),
  exclusions: (p) => ({
    exclusions: excludedCheckTypes(p).map((check) => {
      const e = p.checks?.find((c) => c.type === check)?.exclusion;
      return { check, reason: e?.reason, by: e?.by, until: day(e?.until) };
    }),
  }),
};

/** The details of one row, or undefined when the query asks for none. */
export function rowDetail(p: Person, q: ListQuery): RowDetail | undefined {
  if (!q.identity && !q.device && !q.include?.length) return undefined;
  const detail: RowDetail = { id: p.id };
  if (q.identity) detail.matchedIdentities = matchedIdentities(p, q.identity).map(identityView);
  if (q.device) detail.matchedDevices = matchedDevices(p, q.device).map(deviceView);
  for (const inc of q.include ?? []) Object.assign(detail, PROJECTIONS[inc](p));
  return detail;
}

const words = (parts: Array<string | false | undefined>) => parts.filter(Boolean).join(' ');

export const renderIdentity = (i: IdentityView): string =>
  words([
    i.provider,
    i.username,
    i.mfa === 'n/a' ? `HRIS record, MFA n/a (reports ${i.reported ?? 'unknown'})` : `MFA ${i.mfa}`,
    i.connected ? `connected${i.since ? ` since ${i.since}` : ''}` : `disconnected${i.until ? ` ${i.until}` : ''}`,
  ]);

export const renderDevice = (d: DeviceView): string =>
  words([
    `device #${d.id}`,
    d.model,
    d.serial && `serial ${d.serial}`,
    d.os,
    d.source,
    d.failing ? `failing ${d.failing.join(',')}` : 'no failing check',
    d.lastSeen && `last seen ${d.lastSeen}`,
  ]);

/** The detail as indented lines under its row. */
export function renderDetail(d: RowDetail): string[] {
  const lines: string[] = [];
  const list = (label: string, items: string[] | undefined) => {
    if (items) lines.push(`  ${label}: ${items.length ? items.join('; ') : 'none'}`);
  };
  list('matched identity', d.matchedIdentities?.map(renderIdentity));
  list('matched device', d.matchedDevices?.map(renderDevice));
  list('identities', d.identities?.map(renderIdentity));
  list('devices', d.devices?.map(renderDevice));
  if (d.reason) lines.push(`  reason: ${d.reason}`);
  list('trainings', d.trainings?.map((t) => words([t.type, t.completed && `completed ${t.completed}`, t.renewal && `renew ${t.renewal}`])));
  list('exclusions', d.exclusions?.map((e) => words([e.check, e.reason && `"${e.reason}"`, e.by && `by ${e.by}`, e.until && `until ${e.until}`])));
  return lines;
}
