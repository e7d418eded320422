/**
 * A person's drawn traits: employment dates, identities, devices, training documents, background check.
 * Each function draws from the shared PRNG in a fixed order (the org depends on that order).
 */
import { type EmploymentStatus, isCurrentStatus, isFormerStatus } from '../drata/catalog.js';
import type { DrawContext, Mutable } from './generate-context.js';
import {
  type Department,
  BG_CONTRACTOR,
  BG_EMPLOYEE,
  BG_FORMER,
  BG_FUTURE,
  BG_NONE,
  BG_TYPES,
  DEVICE_MODELS,
  MAC_SOURCES,
  PLATFORMS,
  TRAINING_FORMER,
} from './generate-tables.js';
import { boostedFailure } from './profiles.js';
import {
  type BackgroundCheck,
  DEVICE_CHECK_TYPES,
  type Device,
  type Identity,
  type MdmSourceType,
  type UserDocument,
  type UserDocumentType,
} from './org.js';
import type { CastTraits, TrainingState } from './people-data.js';
import type { Rng } from './random.js';
import { DAY_MS, dayToMs, HOUR_MS, isoDay } from './time.js';

/**
 * Google Workspace for everyone, the HRIS for HRIS-managed people, then GitHub/Okta. Everyone has at least
 * two identities and identities + devices never exceed four (keeps V1 records within 4–15 KB).
 */
export function drawIdentities(
  g: DrawContext,
  status: EmploymentStatus,
  syncedStatus: EmploymentStatus | null,
  email: string,
  traits: CastTraits,
  createdAt: number,
  sepMs: number | null,
  department: Department | null,
  deviceCount: number,
): Array<Mutable<Identity>> {
  const rng = g.rng;
  const former = isFormerStatus(status);
  const stillConnected = former && (traits.stillConnected ?? rng.chance(0.25));
  const cut = (hours: number): number | null =>
    sepMs === null || stillConnected ? null : Math.min(g.now, sepMs + rng.int(0, hours) * HOUR_MS);
  const lower = email.toLowerCase();
  const make = (
    connectionId: number,
    username: string,
    hasMfa: boolean,
    disconnectedAt: number | null,
  ) => ({
    id: 0,
    connectionId,
    username,
    hasMfa,
    connectedAt:
      Math.max(createdAt, g.connections[connectionId - 1]?.connectedAt ?? 0) + rng.int(0, 7200) * 1000,
    disconnectedAt,
  });
  // A future hire not provisioned yet has no identity at all.
  const unprovisioned = g.profile.unprovisionedFutureHire;
  if (status === 'FUTURE_HIRE' && unprovisioned > 0 && rng.chance(unprovisioned)) return [];
  const mfaRate =
    status === 'SERVICE_ACCOUNT' ? 0.4 : status === 'UNKNOWN' || status === 'OUT_OF_SCOPE' ? 0.65 : 0.9;
  const out: Array<Mutable<Identity>> = [make(1, lower, traits.mfa ?? rng.chance(mfaRate), cut(72))];
  const max = deviceCount >= 2 ? 2 : 3;
  const hrisManaged =
    syncedStatus !== null &&
    (isCurrentStatus(syncedStatus) || isFormerStatus(syncedStatus) || syncedStatus === 'FUTURE_HIRE');
  if (hrisManaged) {
    const left = sepMs === null ? null : Math.min(g.now, sepMs + rng.int(0, 24) * HOUR_MS);
    out.push(make(4, `E${rng.int(10000, 99999)}`, false, left));
  }
  const extra = traits.extraIdentities ?? [];
  const technical = department?.github ?? false;
  const github = () =>
    make(3, `${lower.split('@')[0]?.replace(/[^a-z0-9]/g, '')}-gh`, rng.chance(0.92), cut(72));
  const okta = () => make(2, lower, traits.mfa ?? rng.chance(0.97), cut(72));
  if (status === 'SERVICE_ACCOUNT' || extra.includes('GITHUB') || (technical && rng.chance(0.75)))
    out.push(github());
  if (out.length < max && (extra.includes('OKTA_IDENTITY') || out.length < 2 || rng.chance(0.15)))
    out.push(okta());
  // Out-of-scope people have no checks: their accounts are what their records are made of.
  if (status === 'OUT_OF_SCOPE' && out.length < 3)
    out.push(out.some((i) => i.connectionId === 3) ? okta() : github());
  return out.slice(0, max);
}

export function drawDevices(
  g: DrawContext,
  status: EmploymentStatus,
  createdAt: number,
  sepMs: number | null,
  traits: CastTraits,
): Array<Mutable<Device>> {
  const rng = g.rng;
  let count: number;
  if (traits.deviceCount !== undefined) count = traits.deviceCount;
  else if (isCurrentStatus(status)) count = rng.weighted(g.profile.deviceCount);
  else if (status === 'FORMER_EMPLOYEE' || status === 'FORMER_CONTRACTOR') count = rng.chance(0.6) ? 1 : 0;
  else if (status === 'UNKNOWN') count = rng.chance(0.3) ? 1 : 0;
  else count = 0;
  const reporting = sepMs === null || (traits.deviceReporting ?? rng.chance(0.3));
  const out: Array<Mutable<Device>> = [];
  for (let i = 0; i < count; i++) {
    const platform = rng.weighted(PLATFORMS);
    const [model, osVersion] = rng.pick(DEVICE_MODELS[platform]);
    const sourceType: MdmSourceType =
      platform === 'macos'
        ? rng.weighted(MAC_SOURCES)
        : platform === 'windows' && rng.chance(0.4)
          ? 'INTUNE'
          : 'AGENT';
    const failing = traits.failingDevice === true && i === 0;
    const forcedFail: string | null = failing ? rng.pick(DEVICE_CHECK_TYPES) : null;
    const factor = g.profile.deviceFailFactor;
    const ok = (type: string, rate: number) =>
      forcedFail === type ? false : failing ? rng.chance(0.7) : rng.chance(boostedFailure(rate, factor));
    const lastCheckedAt = reporting
      ? g.now - rng.int(5, isCurrentStatus(status) && rng.chance(0.05) ? 40 * 24 * 60 : 36 * 60) * 60_000
      : Math.min(g.now, (sepMs ?? g.now) + rng.int(0, 48) * HOUR_MS);
    const deviceCreated = Math.min(lastCheckedAt, createdAt + rng.int(0, 5 * 24) * HOUR_MS);
    out.push({
      id: 0,
      platform,
      model,
      osVersion,
      serialNumber: serial(rng, platform),
      macAddress: macAddress(rng),
      sourceType,
      agentVersion: sourceType === 'AGENT' ? `3.${rng.int(4, 9)}.${rng.int(0, 12)}` : null,
      appsCount: rng.int(40, 260),
      encryptionEnabled: ok('HDD_ENCRYPTION', 0.96),
      firewallEnabled: rng.chance(0.9),
      antivirusEnabled: ok('ANTIVIRUS', 0.94),
      autoUpdateEnabled: ok('AUTO_UPDATES', 0.92),
      passwordManagerEnabled: ok('PASSWORD_MANAGER', 0.91),
      locationServicesEnabled: ok('LOCATION_SERVICES', 0.93),
      screenLockTime: ok('LOCK_SCREEN', 0.94) ? rng.pick([60, 120, 300, 600, 900]) : rng.pick([1800, 3600]),
      createdAt: deviceCreated,
      lastCheckedAt,
    });
  }
  return out;
}

export function drawTrainingState(g: DrawContext, status: EmploymentStatus): TrainingState {
  if (status === 'FUTURE_HIRE') return g.rng.chance(0.3) ? 'ok' : 'missing';
  return g.rng.weighted(isFormerStatus(status) ? TRAINING_FORMER : g.profile.trainingCurrent);
}

export function drawDocuments(g: DrawContext, spec: {
  security: TrainingState | null;
  hipaa: TrainingState | null;
  nistAi: TrainingState | null;
  offboarding: boolean;
  mfaEvidence: boolean;
}): Array<Mutable<UserDocument>> {
  const rng = g.rng;
  const out: Array<Mutable<UserDocument>> = [];
  const add = (type: UserDocumentType, renewalOffsetDays: number) => {
    const renewalDate = isoDay(dayToMs(g.nowDay) + renewalOffsetDays * DAY_MS);
    out.push({
      id: 0,
      type,
      renewalDate,
      createdAt: dayToMs(renewalDate) - 365 * DAY_MS + rng.int(8, 18) * HOUR_MS,
    });
  };
  const training = (type: UserDocumentType, state: TrainingState | null) => {
    if (state === null || state === 'missing') return;
    const offset =
      state === 'ok' ? rng.int(31, 330) : state === 'due-soon' ? rng.int(1, 29) : -rng.int(1, 200);
    add(type, offset);
  };
  training('SEC_TRAINING', spec.security);
  training('HIPAA_TRAINING_EVIDENCE', spec.hipaa);
  training('NIST_AI_TRAINING_EVIDENCE', spec.nistAi);
  if (spec.offboarding) add('OFFBOARDING_EVIDENCE', rng.int(30, 300));
  if (spec.mfaEvidence) add('MFA_EVIDENCE', rng.int(30, 300));
  return out;
}

export function drawBackgroundCheck(
  g: DrawContext,
  status: EmploymentStatus,
  startMs: number,
  forced: 'OK' | 'PENDING' | 'NONE' | undefined,
): Mutable<BackgroundCheck> | null {
  const rng = g.rng;
  const table =
    status === 'CURRENT_EMPLOYEE'
      ? BG_EMPLOYEE
      : status === 'CURRENT_CONTRACTOR'
        ? BG_CONTRACTOR
        : status === 'FUTURE_HIRE'
          ? BG_FUTURE
          : isFormerStatus(status)
            ? BG_FORMER
            : BG_NONE;
  const outcome = forced ?? rng.weighted(table);
  if (outcome === 'NONE') return null;
  const special = status === 'SPECIAL_FORMER_EMPLOYEE' || status === 'SPECIAL_FORMER_CONTRACTOR';
  const type = special ? 'MANUAL' : rng.weighted(BG_TYPES);
  const createdAt = Math.min(
    g.now - DAY_MS,
    Math.max(g.connectedAt, startMs - rng.int(5, 30) * DAY_MS),
  );
  return { id: 0, status: outcome, type, createdAt };
}

const ALNUM = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function chars(rng: Rng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += ALNUM.charAt(rng.int(0, ALNUM.length - 1));
  return out;
}

export function serial(rng: Rng, platform: Device['platform']): string {
  if (platform === 'macos') return `C02${chars(rng, 9)}`;
  return platform === 'windows' ? `PF${chars(rng, 6)}` : `LNX-${chars(rng, 8)}`;
}

const HEX = '0123456789ABCDEF';

export function macAddress(rng: Rng): string {
  let out = '';
  for (let i = 0; i < 6; i++)
    out += `${i ? '-' : ''}${HEX.charAt(rng.int(0, 15))}${HEX.charAt(rng.int(0, 15))}`;
  return out;
}
