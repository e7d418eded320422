/**
 * The sandbox's in-memory org: a compact model of every person (scalars, check statuses, small trait records),
 * from which dto.ts renders the heavy V1/V2 JSON on demand. Tests read it directly to compute ground truth.
 */
import type {
  ComplianceCheckStatus,
  ComplianceCheckType,
  EmploymentStatus,
  MDM_SOURCE_TYPES,
  USER_DOCUMENT_TYPES,
} from '../drata/catalog.js';

/** Fields an IdP/HRIS keeps in sync until someone writes them manually. */
export type SyncedField = 'employmentStatus' | 'startDate' | 'separationDate';
export const SYNCED_FIELDS: readonly SyncedField[] = ['employmentStatus', 'startDate', 'separationDate'];

/** The values the IdP/HRIS reports; a resync restores them. Dates are `YYYY-MM-DD`. */
export interface SyncedValues {
  readonly employmentStatus: EmploymentStatus;
  readonly startDate: string;
  readonly separationDate: string | null;
}

export type MdmSourceType = (typeof MDM_SOURCE_TYPES)[number];
export type UserDocumentType = (typeof USER_DOCUMENT_TYPES)[number];

/** An org-level integration (identity provider, HRIS, version control). */
export interface Connection {
  readonly id: number;
  readonly clientType: string;
  readonly alias: string;
  /** True for identity providers (their identities decide IDENTITY_MFA). */
  readonly hasIdp: boolean;
  /** True for the HRIS whose identities carry start/separation dates. */
  readonly isHris: boolean;
  readonly providerType: string;
  readonly connectedAt: number;
}

export interface Identity {
  readonly id: number;
  readonly connectionId: number;
  readonly username: string;
  readonly hasMfa: boolean;
  readonly connectedAt: number;
  /** null while the account is still linked (for a former employee: access not revoked). */
  readonly disconnectedAt: number | null;
}

/** Device-level checks, in rendering order; each maps to one boolean of `Device` and decides `isDeviceCompliant`. */
export const DEVICE_CHECK_TYPES = [
  'PASSWORD_MANAGER',
  'HDD_ENCRYPTION',
  'ANTIVIRUS',
  'AUTO_UPDATES',
  'LOCK_SCREEN',
] as const satisfies readonly ComplianceCheckType[];
export type DeviceCheckType = (typeof DEVICE_CHECK_TYPES)[number];

/** Longest screen-lock delay (seconds) that passes LOCK_SCREEN. */
export const MAX_SCREEN_LOCK_SECONDS = 900;

export interface Device {
  readonly id: number;
  readonly platform: 'macos' | 'windows' | 'linux';
  readonly model: string;
  readonly osVersion: string;
  readonly serialNumber: string;
  readonly macAddress: string;
  readonly sourceType: MdmSourceType;
  readonly agentVersion: string | null;
  readonly appsCount: number;
  readonly encryptionEnabled: boolean;
  readonly firewallEnabled: boolean;
  readonly antivirusEnabled: boolean;
  readonly autoUpdateEnabled: boolean;
  readonly passwordManagerEnabled: boolean;
  /** Feeds the personnel-level LOCATION_SERVICES check (not part of `isDeviceCompliant`). */
  readonly locationServicesEnabled: boolean;
  readonly screenLockTime: number;
  readonly createdAt: number;
  readonly lastCheckedAt: number;
}

export interface UserDocument {
  readonly id: number;
  readonly type: UserDocumentType;
  /** `YYYY-MM-DD`; for training evidence, the day after which it no longer counts. */
  readonly renewalDate: string;
  readonly createdAt: number;
}

export interface BackgroundCheck {
  readonly id: number;
  readonly status: 'OK' | 'PENDING' | 'FLAGGED';
  readonly type: 'CERTN' | 'KARMACHECK' | 'CHECKR' | 'MANUAL';
  readonly createdAt: number;
}

export interface CustomFieldDef {
  readonly id: number;
  readonly name: string;
}

/** The user behind the API key: reason provider for manual OUT_OF_SCOPE marks, exclusion author, connection owner. */
export interface AdminUser {
  readonly id: number;
  readonly email: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly jobTitle: string;
  readonly createdAt: number;
}

/** One person (personnel record + its user). Mutable fields are the ones the API can write. */
export interface SandboxPerson {
  readonly id: number;
  readonly userId: number;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly email: string;
  readonly jobTitle: string | null;
  readonly department: string | null;
  readonly isContractor: boolean;
  /** Personnel id of the manager reported by the HRIS. */
  readonly managerId: number | null;
  readonly roles: readonly string[];
  readonly drataTermsAgreedAt: number | null;
  readonly createdAt: number;
  employmentStatus: EmploymentStatus;
  startDate: string;
  separationDate: string | null;
  notHumanReason: string | null;
  /** User id of whoever marked the person OUT_OF_SCOPE (the admin), or null. */
  reasonProviderUserId: number | null;
  /** When a synced field was last written manually; null while fully synced. */
  statusUpdatedAt: number | null;
  updatedAt: number;
  /** IdP/HRIS values; null for manually created personnel (resync → 409). */
  readonly synced: SyncedValues | null;
  /** Synced fields currently overridden by a manual write. */
  overridden: SyncedField[];
  /** Check status per type; a type absent here does not apply to the person. Not recomputed on writes. */
  readonly checks: Readonly<Partial<Record<ComplianceCheckType, ComplianceCheckStatus>>>;
  readonly identities: readonly Identity[];
  readonly devices: readonly Device[];
  readonly documents: readonly UserDocument[];
  readonly backgroundCheck: BackgroundCheck | null;
  /** Values aligned with `Org.customFields` (null = unset). */
  readonly customFields: Array<string | null>;
}

/** The whole synthetic org. `people[i].id === i + 1`. */
export class Org {
  /** Bumped on every applied write (invalidates sort caches). */
  version = 0;
  private readonly emailIndex = new Map<string, SandboxPerson>();
  private clock: number;

  constructor(
    readonly seed: number,
    /** Reference "now" (epoch ms): data and check verdicts are relative to it. */
    readonly now: number,
    readonly admin: AdminUser,
    readonly connections: readonly Connection[],
    readonly customFields: readonly CustomFieldDef[],
    readonly people: readonly SandboxPerson[],
  ) {
    for (const p of people) this.emailIndex.set(p.email.toLowerCase(), p);
    this.clock = now;
  }

  get size(): number {
    return this.people.length;
  }

  /** The person with this personnel id. */
  get(id: number): SandboxPerson | undefined {
    return Number.isInteger(id) ? this.people[id - 1] : undefined;
  }

  /** The person with this email, compared case-insensitively. */
  findByEmail(email: string): SandboxPerson | undefined {
    return this.emailIndex.get(email.toLowerCase());
  }

  connection(id: number): Connection {
    const c = this.connections.find((x) => x.id === id);
    if (!c) throw new Error(`unknown connection ${id}`);
    return c;
  }

  /** Logical clock for writes: each call returns one second after the previous (starting at `now`). */
  tick(): number {
    this.clock += 1000;
    return this.clock;
  }
}

/** The status of a person's check of `type`, or undefined when that check does not apply to them. */
export function checkStatus(p: SandboxPerson, type: ComplianceCheckType): ComplianceCheckStatus | undefined {
  return p.checks[type];
}

/**
 * catalog.ts filter semantics, as Drata answers them: `true` matches PASS (compliant), `false` matches
 * anything but PASS (FAIL, MISCONFIGURED and EXCLUDED), and a person without that check matches neither.
 */
export function matchesCheckFilter(p: SandboxPerson, type: ComplianceCheckType, wanted: boolean): boolean {
  const status = p.checks[type];
  if (status === undefined) return false;
  return wanted === (status === 'PASS');
}

/** Whether one device passes one device-level check. */
export function devicePasses(d: Omit<Device, 'id'>, type: DeviceCheckType): boolean {
  switch (type) {
    case 'PASSWORD_MANAGER':
      return d.passwordManagerEnabled;
    case 'HDD_ENCRYPTION':
      return d.encryptionEnabled;
    case 'ANTIVIRUS':
      return d.antivirusEnabled;
    case 'AUTO_UPDATES':
      return d.autoUpdateEnabled;
    case 'LOCK_SCREEN':
      return d.screenLockTime <= MAX_SCREEN_LOCK_SECONDS;
  }
}

/** A device is compliant when it passes every device-level check. */
export function isDeviceCompliant(d: Device): boolean {
  return DEVICE_CHECK_TYPES.every((t) => devicePasses(d, t));
}

/** catalog.ts `deviceCompliance`: true when the person has ≥1 device and every device is compliant. */
export function hasCompliantDevices(p: SandboxPerson): boolean {
  return p.devices.length > 0 && p.devices.every(isDeviceCompliant);
}

/** True when an IdP/HRIS manages the person (so a resync is allowed). */
export function isManaged(p: SandboxPerson): boolean {
  return p.synced !== null;
}

/** The IdP identities still linked (connectedAt set, disconnectedAt null). */
export function connectedIdentities(org: Org, p: SandboxPerson): Identity[] {
  return p.identities.filter((i) => i.disconnectedAt === null && org.connection(i.connectionId).hasIdp);
}
