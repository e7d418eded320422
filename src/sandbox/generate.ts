/**
 * Deterministic synthetic org generation: same seed + size + now → the same people, byte for byte.
 * Traits (identities, devices, documents, background checks) are drawn first; check statuses are then
 * derived from them (so a device without encryption fails HDD_ENCRYPTION, an expired SEC_TRAINING document
 * fails SECURITY_TRAINING, FULL_COMPLIANCE passes only when every other check is PASS or EXCLUDED), with a few
 * MISCONFIGURED / EXCLUDED overlays. Ids follow creation order, as in Drata.
 */
import {
  COMPLIANCE_CHECK_TYPES,
  type ComplianceCheckStatus,
  type ComplianceCheckType,
  type EmploymentStatus,
  isCurrentStatus,
  isFormerStatus,
} from '../drata/catalog.js';
import {
  type AdminUser,
  type BackgroundCheck,
  type Connection,
  type CustomFieldDef,
  DEVICE_CHECK_TYPES,
  type Device,
  devicePasses,
  type Identity,
  type MdmSourceType,
  Org,
  type Person,
  type SyncedField,
  type UserDocument,
  type UserDocumentType,
} from './org.js';
import {
  CAST,
  type CastMember,
  type CastTraits,
  DEPARTMENTS,
  FIRST_NAMES,
  LAST_NAMES,
  OFFICES,
  OUT_OF_SCOPE_REASONS,
  STAKEHOLDERS,
  type TrainingState,
} from './people-data.js';
import { Rng } from './random.js';
import { DAY_MS, dayToMs, isoDay } from './time.js';

export const MAX_ORG_SIZE = 20_000;
export const DEFAULT_ORG_SIZE = 250;
export const DEFAULT_SEED = 42;
export const ORG_DOMAIN = 'example.com';

export interface GenerateOptions {
  size?: number;
  seed?: number;
  /** Reference "now" (epoch ms). */
  now: number;
}

const HOUR_MS = 3_600_000;

const STATUS_WEIGHTS: ReadonlyArray<readonly [EmploymentStatus, number]> = [
  ['CURRENT_EMPLOYEE', 66],
  ['CURRENT_CONTRACTOR', 10],
  ['FORMER_EMPLOYEE', 12],
  ['FORMER_CONTRACTOR', 4],
  ['FUTURE_HIRE', 2.5],
  ['UNKNOWN', 2],
  ['OUT_OF_SCOPE', 1.5],
  ['SERVICE_ACCOUNT', 1.2],
  ['SPECIAL_FORMER_EMPLOYEE', 0.5],
  ['SPECIAL_FORMER_CONTRACTOR', 0.3],
];

type Weighted<T> = ReadonlyArray<readonly [T, number]>;
type BgOutcome = 'OK' | 'PENDING' | 'NONE' | 'FLAGGED';

const DEVICE_COUNT: Weighted<number> = [
  [0, 6],
  [1, 86],
  [2, 8],
];
const PLATFORMS: Weighted<Device['platform']> = [
  ['macos', 70],
  ['windows', 24],
  ['linux', 6],
];
const MAC_SOURCES: Weighted<MdmSourceType> = [
  ['AGENT', 70],
  ['JAMF', 20],
  ['KANDJI', 10],
];
const TRAINING_CURRENT: Weighted<TrainingState> = [
  ['ok', 68],
  ['due-soon', 10],
  ['expired', 14],
  ['missing', 8],
];
const TRAINING_FORMER: Weighted<TrainingState> = [
  ['ok', 60],
  ['expired', 30],
  ['missing', 10],
];
const BG_EMPLOYEE: Weighted<BgOutcome> = [
  ['OK', 85],
  ['PENDING', 7],
  ['NONE', 7],
  ['FLAGGED', 1],
];
const BG_CONTRACTOR: Weighted<BgOutcome> = [
  ['OK', 60],
  ['PENDING', 15],
  ['NONE', 25],
];
const BG_FUTURE: Weighted<BgOutcome> = [
  ['OK', 30],
  ['PENDING', 50],
  ['NONE', 20],
];
const BG_FORMER: Weighted<BgOutcome> = [
  ['OK', 90],
  ['NONE', 10],
];
const BG_NONE: Weighted<BgOutcome> = [['NONE', 1]];
const BG_TYPES: Weighted<BackgroundCheck['type']> = [
  ['CERTN', 40],
  ['KARMACHECK', 30],
  ['CHECKR', 20],
  ['MANUAL', 10],
];

const SERVICE_WORDS = [
  'jira',
  'datadog',
  'terraform',
  'etl',
  'monitoring',
  'billing',
  'scim',
  'backup',
  'deploy',
];

const DEVICE_MODELS: Record<Device['platform'], ReadonlyArray<readonly [model: string, os: string]>> = {
  macos: [
    ['MacBook Pro 14-inch (M3, 2023)', 'macOS 14.6.1'],
    ['MacBook Air 13-inch (M2, 2022)', 'macOS 15.1'],
    ['MacBook Pro 16-inch (M1 Max, 2021)', 'macOS 13.6.9'],
  ],
  windows: [
    ['Dell Latitude 7440', 'Windows 11 Pro 23H2'],
    ['Lenovo ThinkPad X1 Carbon Gen 11', 'Windows 11 Enterprise 23H2'],
    ['Microsoft Surface Laptop 5', 'Windows 10 Pro 22H2'],
  ],
  linux: [
    ['Framework Laptop 13', 'Ubuntu 24.04 LTS'],
    ['Lenovo ThinkPad T14s', 'Fedora 40'],
  ],
};

type Department = (typeof DEPARTMENTS)[number];
const DEPARTMENT_WEIGHTS = DEPARTMENTS.map((d) => [d, d.weight] as const);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A person under construction: ids (personnel, identities, devices...) are assigned after sorting by creation. */
interface Draft {
  index: number;
  managerIndex: number | null;
  person: Mutable<Person>;
  identities: Array<Mutable<Identity>>;
  devices: Array<Mutable<Device>>;
  documents: Array<Mutable<UserDocument>>;
  backgroundCheck: Mutable<BackgroundCheck> | null;
}

/** Generate the org. Throws on an invalid size. */
export function generateOrg(options: GenerateOptions): Org {
  const size = options.size ?? DEFAULT_ORG_SIZE;
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  if (!Number.isInteger(size) || size < 1 || size > MAX_ORG_SIZE) {
    throw new Error(`size must be an integer between 1 and ${MAX_ORG_SIZE}, got ${size}`);
  }
  const g = new Generator(seed, options.now);
  return g.run(size);
}

class Generator {
  private readonly rng: Rng;
  private readonly nowDay: string;
  private readonly connectedAt: number;
  private readonly emails = new Set<string>();
  readonly connections: Connection[];
  readonly admin: AdminUser;
  readonly customFields: CustomFieldDef[] = [
    { id: 1, name: 'Department' },
    { id: 2, name: 'Cost Center' },
    { id: 3, name: 'Stakeholders' },
    { id: 4, name: 'Office' },
  ];

  constructor(
    private readonly seed: number,
    private readonly now: number,
  ) {
    this.rng = new Rng(seed);
    this.nowDay = isoDay(now);
    // Drata was connected four years before "now"; earlier hires were created then.
    this.connectedAt = dayToMs(isoDay(now - 4 * 365 * DAY_MS)) + 9 * HOUR_MS;
    const c = this.connectedAt;
    this.connections = [
      conn(1, 'GOOGLE', `Google Workspace (${ORG_DOMAIN})`, true, false, 'IDENTITY', c),
      conn(2, 'OKTA_IDENTITY', 'Okta (example.okta.com)', true, false, 'IDENTITY', c + 200 * DAY_MS),
      conn(3, 'GITHUB', 'GitHub (example-org)', false, false, 'VERSION_CONTROL', c + 3 * DAY_MS),
      conn(4, 'BAMBOO_HR', 'BambooHR', false, true, 'HRIS', c + 1 * DAY_MS),
    ];
    this.admin = {
      id: 1,
      email: `compliance-admin@${ORG_DOMAIN}`,
      firstName: 'Morgan',
      lastName: 'Lee',
      jobTitle: 'Compliance Lead',
      createdAt: c - 2 * HOUR_MS,
    };
  }

  run(size: number): Org {
    const castCount = size >= CAST.length * 2 ? CAST.length : Math.ceil(size / 2);
    const drafts: Draft[] = [];
    for (let i = 0; i < size; i++) {
      const cast = i < castCount ? CAST[i] : undefined;
      drafts.push(cast ? this.draft(i, cast, true) : this.draft(i, this.randomMember(), false));
    }
    this.assignManagers(drafts);
    drafts.sort((a, b) => a.person.createdAt - b.person.createdAt || a.index - b.index);
    return this.finalize(drafts);
  }

  // --- identity of the person -------------------------------------------------------------------------

  private randomMember(): CastMember {
    const rng = this.rng;
    const status = rng.weighted(STATUS_WEIGHTS);
    if (status === 'SERVICE_ACCOUNT') {
      const word = rng.pick(SERVICE_WORDS);
      return { status, first: [`svc-${word}`, `svc-${word}`], last: null };
    }
    return {
      status,
      first: rng.pick(FIRST_NAMES),
      last: rng.pick(LAST_NAMES),
      notHumanReason: status === 'OUT_OF_SCOPE' && rng.chance(0.9) ? rng.pick(OUT_OF_SCOPE_REASONS) : null,
    };
  }

  private uniqueEmail(local: string, domain: string, verbatim?: string): string {
    if (verbatim !== undefined && !this.emails.has(verbatim.toLowerCase())) {
      this.emails.add(verbatim.toLowerCase());
      return verbatim;
    }
    for (let n = 1; ; n++) {
      const email = `${local}${n === 1 ? '' : n}@${domain}`;
      if (!this.emails.has(email)) {
        this.emails.add(email);
        return email;
      }
    }
  }

  private draft(index: number, m: CastMember, isCast: boolean): Draft {
    const rng = this.rng;
    const status = m.status;
    const traits = m.traits ?? {};
    const isContractor = status.includes('CONTRACTOR');
    const nonHuman = status === 'SERVICE_ACCOUNT' || status === 'OUT_OF_SCOPE';
    const department =
      status === 'SERVICE_ACCOUNT' || status === 'UNKNOWN'
        ? null
        : (DEPARTMENTS.find((d) => d.name === traits.department) ?? rng.weighted(DEPARTMENT_WEIGHTS));
    const local = m.first ? (m.last ? `${m.first[1]}.${m.last[1]}` : m.first[1]) : `user${index}`;
    const domain = isContractor && rng.chance(0.4) ? 'partner-agency.example' : ORG_DOMAIN;
    let email = this.uniqueEmail(local, domain, m.email);
    if (!isCast && rng.chance(0.02)) email = capitalizeEmail(email);

    // Employment dates and creation time.
    const { startDate, separationDate } = this.dates(status);
    const startMs = dayToMs(startDate);
    const special = status === 'SPECIAL_FORMER_EMPLOYEE' || status === 'SPECIAL_FORMER_CONTRACTOR';
    let createdAt: number;
    if (special) createdAt = this.connectedAt + rng.int(10, 300) * DAY_MS + rng.int(0, 20) * HOUR_MS;
    else if (startMs <= this.connectedAt)
      createdAt = this.connectedAt + rng.int(0, 36) * HOUR_MS + rng.int(0, 3599) * 1000;
    else
      createdAt = Math.max(this.connectedAt, startMs - rng.int(3, 21) * DAY_MS) + rng.int(0, 86_399) * 1000;
    createdAt = Math.min(createdAt, this.now - rng.int(2, 48) * HOUR_MS);
    const sepMs = separationDate === null ? null : dayToMs(separationDate);

    // Sync state: manual overrides on top of the IdP/HRIS values.
    let syncedStatus: EmploymentStatus | null = special ? null : status;
    if (status === 'OUT_OF_SCOPE')
      syncedStatus = m.syncedStatus ?? (rng.chance(0.6) ? 'UNKNOWN' : 'CURRENT_CONTRACTOR');
    else if (m.syncedStatus) syncedStatus = m.syncedStatus;
    const overridden: SyncedField[] = [];
    if (syncedStatus !== null && syncedStatus !== status) overridden.push('employmentStatus');
    let syncedStartDate = startDate;
    if (status === 'CURRENT_EMPLOYEE' && !isCast && rng.chance(0.02)) {
      syncedStartDate = isoDay(startMs + rng.int(3, 40) * DAY_MS);
      overridden.push('startDate');
    }
    let statusUpdatedAt: number | null = special ? createdAt : null;
    if (overridden.length > 0)
      statusUpdatedAt = createdAt + wholeSeconds(rng.float() * (this.now - createdAt) * 0.8);
    const lastEvent = sepMs !== null ? Math.min(this.now, sepMs + rng.int(1, 72) * HOUR_MS) : createdAt;
    const updatedAt = Math.max(
      createdAt,
      lastEvent,
      statusUpdatedAt ?? 0,
      createdAt + wholeSeconds(rng.float() * (this.now - createdAt) * 0.9),
    );

    const devices = this.devices(status, createdAt, sepMs, traits);
    const identities = this.identities(
      status,
      syncedStatus,
      email,
      traits,
      createdAt,
      sepMs,
      department,
      devices.length,
    );
    const humanInScope =
      isCurrentStatus(status) || status === 'FORMER_EMPLOYEE' || status === 'FORMER_CONTRACTOR';
    const training = (applies: boolean, forced?: TrainingState): TrainingState | null =>
      applies ? (forced ?? this.trainingState(status)) : null;
    const documents = this.documents({
      security: training(humanInScope || status === 'FUTURE_HIRE', traits.training),
      hipaa: training(humanInScope && (department?.hipaa ?? false)),
      nistAi: training(humanInScope && (department?.nistAi ?? false)),
      offboarding: isFormerStatus(status) && (special || rng.chance(0.65)),
      mfaEvidence: isCurrentStatus(status) && rng.chance(0.03),
    });
    const backgroundCheck = this.backgroundCheck(status, startMs, traits.backgroundCheck);
    const policiesAccepted = rng.chance(policyRate(status));
    let drataTermsAgreedAt = policiesAccepted && !nonHuman ? createdAt + rng.int(1, 240) * HOUR_MS : null;
    if (drataTermsAgreedAt !== null && drataTermsAgreedAt > this.now) drataTermsAgreedAt = null;
    const roles = nonHuman
      ? []
      : department?.name === 'Security & IT'
        ? ['EMPLOYEE', 'TECHGOV']
        : ['EMPLOYEE'];

    const person: Mutable<Person> = {
      id: 0,
      userId: 0,
      firstName: m.first?.[0] ?? null,
      lastName: m.last?.[0] ?? null,
      email,
      jobTitle: department && !nonHuman ? rng.pick(department.titles) : null,
      department: department?.name ?? null,
      isContractor,
      managerId: null,
      roles,
      drataTermsAgreedAt,
      createdAt,
      employmentStatus: status,
      startDate,
      separationDate,
      notHumanReason: status === 'OUT_OF_SCOPE' ? (m.notHumanReason ?? null) : null,
      reasonProviderUserId: status === 'OUT_OF_SCOPE' && m.notHumanReason ? this.admin.id : null,
      statusUpdatedAt,
      updatedAt,
      synced:
        syncedStatus === null
          ? null
          : { employmentStatus: syncedStatus, startDate: syncedStartDate, separationDate },
      overridden,
      checks: {},
      identities,
      devices,
      documents,
      backgroundCheck,
      customFields: [
        department?.name ?? null,
        department && rng.chance(0.9) ? department.costCenter : null,
        nonHuman || rng.chance(0.5) ? null : rng.pick(STAKEHOLDERS),
        status === 'SERVICE_ACCOUNT' || rng.chance(0.1) ? null : rng.pick(OFFICES),
      ],
    };
    const draft: Draft = {
      index,
      managerIndex: null,
      person,
      identities,
      devices,
      documents,
      backgroundCheck,
    };
    person.checks = this.checks(draft, department, policiesAccepted, traits);
    return draft;
  }

  private dates(status: EmploymentStatus): { startDate: string; separationDate: string | null } {
    const rng = this.rng;
    const ago = (days: number) => isoDay(dayToMs(this.nowDay) - days * DAY_MS);
    switch (status) {
      case 'FUTURE_HIRE':
        return { startDate: ago(-rng.int(5, 60)), separationDate: null };
      case 'FORMER_EMPLOYEE':
      case 'FORMER_CONTRACTOR': {
        const startAgo = rng.int(200, 6 * 365);
        const sepAgo = rng.int(3, Math.min(startAgo - 30, 3 * 365));
        return { startDate: ago(startAgo), separationDate: ago(sepAgo) };
      }
      case 'SPECIAL_FORMER_EMPLOYEE':
      case 'SPECIAL_FORMER_CONTRACTOR': {
        const startAgo = rng.int(900, 6 * 365);
        return { startDate: ago(startAgo), separationDate: ago(startAgo - rng.int(100, 500)) };
      }
      case 'UNKNOWN':
        return { startDate: ago(rng.int(10, 3 * 365)), separationDate: null };
      case 'SERVICE_ACCOUNT':
      case 'OUT_OF_SCOPE':
        return { startDate: ago(rng.int(100, 5 * 365)), separationDate: null };
      default:
        return {
          startDate: ago(rng.chance(0.05) ? rng.int(1, 29) : rng.int(30, 6 * 365)),
          separationDate: null,
        };
    }
  }

  /**
   * Google Workspace for everyone, the HRIS for HRIS-managed people, then GitHub/Okta. Everyone has at least
   * two identities and identities + devices never exceed four (keeps V1 records within 4–15 KB).
   */
  private identities(
    status: EmploymentStatus,
    syncedStatus: EmploymentStatus | null,
    email: string,
    traits: CastTraits,
    createdAt: number,
    sepMs: number | null,
    department: Department | null,
    deviceCount: number,
  ): Array<Mutable<Identity>> {
    const rng = this.rng;
    const former = isFormerStatus(status);
    const stillConnected = former && (traits.stillConnected ?? rng.chance(0.25));
    const cut = (hours: number): number | null =>
      sepMs === null || stillConnected ? null : Math.min(this.now, sepMs + rng.int(0, hours) * HOUR_MS);
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
        Math.max(createdAt, this.connections[connectionId - 1]?.connectedAt ?? 0) + rng.int(0, 7200) * 1000,
      disconnectedAt,
    });
    const mfaRate =
      status === 'SERVICE_ACCOUNT' ? 0.4 : status === 'UNKNOWN' || status === 'OUT_OF_SCOPE' ? 0.65 : 0.9;
    const out: Array<Mutable<Identity>> = [make(1, lower, traits.mfa ?? rng.chance(mfaRate), cut(72))];
    const max = deviceCount >= 2 ? 2 : 3;
    const hrisManaged =
      syncedStatus !== null &&
      (isCurrentStatus(syncedStatus) || isFormerStatus(syncedStatus) || syncedStatus === 'FUTURE_HIRE');
    if (hrisManaged) {
      const left = sepMs === null ? null : Math.min(this.now, sepMs + rng.int(0, 24) * HOUR_MS);
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

  private devices(
    status: EmploymentStatus,
    createdAt: number,
    sepMs: number | null,
    traits: CastTraits,
  ): Array<Mutable<Device>> {
    const rng = this.rng;
    let count: number;
    if (traits.deviceCount !== undefined) count = traits.deviceCount;
    else if (isCurrentStatus(status)) count = rng.weighted(DEVICE_COUNT);
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
      const ok = (type: string, rate: number) =>
        forcedFail === type ? false : failing ? rng.chance(0.7) : rng.chance(rate);
      const lastCheckedAt = reporting
        ? this.now - rng.int(5, isCurrentStatus(status) && rng.chance(0.05) ? 40 * 24 * 60 : 36 * 60) * 60_000
        : Math.min(this.now, (sepMs ?? this.now) + rng.int(0, 48) * HOUR_MS);
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

  private trainingState(status: EmploymentStatus): TrainingState {
    if (status === 'FUTURE_HIRE') return this.rng.chance(0.3) ? 'ok' : 'missing';
    return this.rng.weighted(isFormerStatus(status) ? TRAINING_FORMER : TRAINING_CURRENT);
  }

  private documents(spec: {
    security: TrainingState | null;
    hipaa: TrainingState | null;
    nistAi: TrainingState | null;
    offboarding: boolean;
    mfaEvidence: boolean;
  }): Array<Mutable<UserDocument>> {
    const rng = this.rng;
    const out: Array<Mutable<UserDocument>> = [];
    const add = (type: UserDocumentType, renewalOffsetDays: number) => {
      const renewalDate = isoDay(dayToMs(this.nowDay) + renewalOffsetDays * DAY_MS);
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

  private backgroundCheck(
    status: EmploymentStatus,
    startMs: number,
    forced: 'OK' | 'PENDING' | 'NONE' | undefined,
  ): Mutable<BackgroundCheck> | null {
    const rng = this.rng;
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
      this.now - DAY_MS,
      Math.max(this.connectedAt, startMs - rng.int(5, 30) * DAY_MS),
    );
    return { id: 0, status: outcome, type, createdAt };
  }

  // --- checks -------------------------------------------------------------------------------------------

  private checks(
    d: Draft,
    department: Department | null,
    policiesAccepted: boolean,
    traits: CastTraits,
  ): Partial<Record<ComplianceCheckType, ComplianceCheckStatus>> {
    const rng = this.rng;
    const applicable = applicableChecks(d.person.employmentStatus, department);
    const pass = (ok: boolean): ComplianceCheckStatus => (ok ? 'PASS' : 'FAIL');
    const docValid = (type: UserDocumentType) =>
      d.documents.some((doc) => doc.type === type && doc.renewalDate >= this.nowDay);
    const idp = d.identities.filter((i) => this.connections[i.connectionId - 1]?.hasIdp);
    const out: Partial<Record<ComplianceCheckType, ComplianceCheckStatus>> = {};
    for (const type of applicable) {
      switch (type) {
        case 'FULL_COMPLIANCE':
          continue;
        case 'ACCEPTED_POLICIES':
          out[type] = pass(policiesAccepted);
          break;
        case 'IDENTITY_MFA':
          out[type] = pass(idp.length > 0 && idp.every((i) => i.hasMfa));
          break;
        case 'BG_CHECK':
          out[type] = pass(d.backgroundCheck?.status === 'OK');
          break;
        case 'AGENT_INSTALLED':
          out[type] = pass(d.devices.length > 0);
          break;
        case 'SECURITY_TRAINING':
          out[type] = pass(docValid('SEC_TRAINING'));
          break;
        case 'HIPAA_TRAINING':
          out[type] = pass(docValid('HIPAA_TRAINING_EVIDENCE'));
          break;
        case 'NIST_AI_TRAINING':
          out[type] = pass(docValid('NIST_AI_TRAINING_EVIDENCE'));
          break;
        case 'OFFBOARDING':
          out[type] = pass(d.documents.some((doc) => doc.type === 'OFFBOARDING_EVIDENCE'));
          break;
        case 'LOCATION_SERVICES':
          out[type] = pass(d.devices.length > 0 && d.devices.every((dev) => dev.locationServicesEnabled));
          break;
        default:
          out[type] = pass(d.devices.length > 0 && d.devices.every((dev) => devicePasses(dev, type)));
      }
    }
    const candidates = applicable.filter((t) => t !== 'FULL_COMPLIANCE');
    const misconfigurable = candidates.filter((t) => MISCONFIGURABLE.has(t));
    const misconfigured =
      traits.misconfigured ??
      (misconfigurable.length > 0 && rng.chance(0.025) ? rng.pick(misconfigurable) : undefined);
    if (misconfigured && out[misconfigured] !== undefined) out[misconfigured] = 'MISCONFIGURED';
    const excluded =
      traits.excluded ?? (candidates.length > 0 && rng.chance(0.03) ? rng.pick(candidates) : undefined);
    if (excluded && out[excluded] !== undefined) out[excluded] = 'EXCLUDED';
    if (applicable.includes('FULL_COMPLIANCE')) {
      out.FULL_COMPLIANCE = pass(candidates.every((t) => out[t] === 'PASS' || out[t] === 'EXCLUDED'));
    }
    return out;
  }

  private assignManagers(drafts: Draft[]): void {
    const managers = drafts
      .filter((d) => d.person.employmentStatus === 'CURRENT_EMPLOYEE')
      .map((d) => d.index);
    if (managers.length < 2) return;
    for (const d of drafts) {
      if (!d.identities.some((i) => i.connectionId === 4)) continue;
      let m = this.rng.pick(managers);
      if (m === d.index) m = managers[(managers.indexOf(m) + 1) % managers.length] ?? m;
      d.managerIndex = m;
    }
  }

  // --- ids ------------------------------------------------------------------------------------------------

  /** Assign ids in creation order (drafts are sorted), in place. */
  private finalize(drafts: Draft[]): Org {
    const idByIndex = new Map<number, number>();
    let identityId = 0;
    let deviceId = 0;
    let documentId = 0;
    let bgId = 0;
    drafts.forEach((d, i) => {
      d.person.id = i + 1;
      d.person.userId = i + 1 + 1000;
      idByIndex.set(d.index, i + 1);
      for (const x of d.identities) x.id = ++identityId;
      for (const x of d.devices) x.id = ++deviceId;
      for (const x of d.documents) x.id = ++documentId;
      if (d.backgroundCheck) d.backgroundCheck.id = ++bgId;
    });
    for (const d of drafts)
      d.person.managerId = d.managerIndex === null ? null : (idByIndex.get(d.managerIndex) ?? null);
    const people: Person[] = drafts.map((d) => d.person);
    return new Org(this.seed, this.now, this.admin, this.connections, this.customFields, people);
  }
}

const MISCONFIGURABLE = new Set<ComplianceCheckType>([
  'IDENTITY_MFA',
  'AGENT_INSTALLED',
  'LOCATION_SERVICES',
  ...DEVICE_CHECK_TYPES,
]);

/** Which checks apply to a person, by employment status and department (FULL_COMPLIANCE last). */
const applicableCache = new Map<string, ComplianceCheckType[]>();

function applicableChecks(s: EmploymentStatus, department: Department | null): ComplianceCheckType[] {
  const key = `${s}|${department?.name ?? ''}`;
  let cached = applicableCache.get(key);
  if (!cached) {
    cached = computeApplicableChecks(s, department);
    applicableCache.set(key, cached);
  }
  return cached;
}

function computeApplicableChecks(s: EmploymentStatus, department: Department | null): ComplianceCheckType[] {
  const set = new Set<ComplianceCheckType>(['FULL_COMPLIANCE']);
  const add = (...types: ComplianceCheckType[]) => {
    for (const t of types) set.add(t);
  };
  if (isCurrentStatus(s)) {
    add(
      'ACCEPTED_POLICIES',
      'IDENTITY_MFA',
      'BG_CHECK',
      'AGENT_INSTALLED',
      'SECURITY_TRAINING',
      ...DEVICE_CHECK_TYPES,
    );
    if (department?.locationServices) add('LOCATION_SERVICES');
    if (department?.hipaa) add('HIPAA_TRAINING');
    if (department?.nistAi) add('NIST_AI_TRAINING');
  } else if (s === 'FORMER_EMPLOYEE' || s === 'FORMER_CONTRACTOR') {
    // Devices of former personnel are no longer monitored; what matters is offboarding.
    add('ACCEPTED_POLICIES', 'IDENTITY_MFA', 'BG_CHECK', 'SECURITY_TRAINING', 'OFFBOARDING');
  } else if (s === 'FUTURE_HIRE') {
    add('ACCEPTED_POLICIES', 'BG_CHECK', 'SECURITY_TRAINING');
  } else if (s === 'UNKNOWN') {
    add('ACCEPTED_POLICIES', 'IDENTITY_MFA');
  } else if (s === 'SPECIAL_FORMER_EMPLOYEE' || s === 'SPECIAL_FORMER_CONTRACTOR') {
    add('ACCEPTED_POLICIES', 'BG_CHECK', 'OFFBOARDING');
  } else {
    // OUT_OF_SCOPE and SERVICE_ACCOUNT are not assessed, except MFA on service accounts.
    set.clear();
    if (s === 'SERVICE_ACCOUNT') add('IDENTITY_MFA');
  }
  return COMPLIANCE_CHECK_TYPES.filter((t) => set.has(t));
}

function policyRate(status: EmploymentStatus): number {
  if (status === 'FUTURE_HIRE') return 0.4;
  if (status === 'UNKNOWN') return 0.3;
  if (status.startsWith('SPECIAL')) return 1;
  return isFormerStatus(status) ? 0.95 : 0.91;
}

function conn(
  id: number,
  clientType: string,
  alias: string,
  hasIdp: boolean,
  isHris: boolean,
  providerType: string,
  connectedAt: number,
): Connection {
  return { id, clientType, alias, hasIdp, isHris, providerType, connectedAt };
}

/** Milliseconds rounded down to whole seconds (timestamps look like the seed samples'). */
const wholeSeconds = (ms: number): number => Math.floor(ms / 1000) * 1000;

function capitalizeEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const cap = (s: string) =>
    s.replace(/(^|\.)([a-z])/g, (_m, dot: string, c: string) => dot + c.toUpperCase());
  return `${cap(local)}@${cap(domain)}`;
}

const ALNUM = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function chars(rng: Rng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += ALNUM.charAt(rng.int(0, ALNUM.length - 1));
  return out;
}

function serial(rng: Rng, platform: Device['platform']): string {
  if (platform === 'macos') return `C02${chars(rng, 9)}`;
  return platform === 'windows' ? `PF${chars(rng, 6)}` : `LNX-${chars(rng, 8)}`;
}

const HEX = '0123456789ABCDEF';

function macAddress(rng: Rng): string {
  let out = '';
  for (let i = 0; i < 6; i++)
    out += `${i ? '-' : ''}${HEX.charAt(rng.int(0, 15))}${HEX.charAt(rng.int(0, 15))}`;
  return out;
}
