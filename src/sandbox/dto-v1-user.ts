/** V1 user-side DTOs: the personnel's user with its identities, connections, background checks and documents. */
import { fullName, userUpdatedAt } from './dto-shared.js';
import { DOC_NAMES, FILES, type Json, SALT } from './dto-tables.js';
import type {
  AdminUser,
  BackgroundCheck,
  Connection,
  Identity,
  Org,
  SandboxPerson,
  UserDocument,
} from './org.js';
import { hash32, hashHex, hashUuid } from './random.js';
import { DAY_MS, dayToIsoTime, HOUR_MS, isoTime } from './time.js';

/**
 * A user as nested inside another DTO (identity, connection, background check): the required
 * UserResponsePublicDto fields only, with no identities (the spec's circular reference stops here).
 */
function v1NestedUser(
  org: Org,
  u: { userId: number; email: string; createdAt: number; updatedAt: number },
  roles: readonly string[],
): Json {
  return {
    id: u.userId,
    entryId: hashUuid(org.seed, SALT.entry, u.userId),
    email: u.email,
    createdAt: isoTime(u.createdAt),
    updatedAt: isoTime(u.updatedAt),
    roles: [...roles],
    identities: [],
  };
}

const nestedPerson = (org: Org, p: SandboxPerson) =>
  v1NestedUser(
    org,
    { userId: p.userId, email: p.email, createdAt: p.createdAt, updatedAt: userUpdatedAt(p) },
    p.roles,
  );

const ADMIN_ROLES = ['ADMIN', 'EMPLOYEE'] as const;

/** The admin (API key owner) as a full UserResponsePublicDto (V1 `reasonProvider`). */
export function v1AdminUser(org: Org, a: AdminUser): Json {
  return {
    id: a.id,
    entryId: hashUuid(org.seed, SALT.entry, a.id),
    email: a.email,
    firstName: a.firstName,
    lastName: a.lastName,
    jobTitle: a.jobTitle,
    avatarUrl: null,
    drataTermsAgreedAt: isoTime(a.createdAt + HOUR_MS),
    createdAt: isoTime(a.createdAt),
    updatedAt: isoTime(a.createdAt + HOUR_MS),
    roles: [...ADMIN_ROLES],
    identities: [],
  };
}

function v1Connection(org: Org, c: Connection): Json {
  return {
    id: c.id,
    clientType: c.clientType,
    state: 'ACTIVE',
    connected: true,
    connectedAt: isoTime(c.connectedAt),
    failedAt: null,
    companyId: null,
    assignmentId: null,
    user: v1NestedUser(
      org,
      {
        userId: org.admin.id,
        email: org.admin.email,
        createdAt: org.admin.createdAt,
        updatedAt: org.admin.createdAt + HOUR_MS,
      },
      ADMIN_ROLES,
    ),
    accountId: c.isHris ? 'example-hr' : 'example.com',
    clientId: `${c.clientType.toLowerCase()}-${hashHex(12, org.seed, c.id)}`,
    clientAlias: c.alias,
    manuallyUpdatedAt: null,
    aliasUpdatedAt: null,
    deletedAt: null,
    requestorId: null,
    product: {},
    writeAccessEnabled: false,
    sourcePreference: null,
    securityLabel: null,
    jqlQuery: null,
    authorized: true,
    workspaces: !c.hasIdp
      ? []
      : [
          {
            id: 1,
            name: 'Drata',
            description: 'SOC 2 compliance workspace',
            howItWorks: 'Continuous control monitoring',
            url: 'https://drata.com',
            logo: `${FILES}/logos/workspace-1.png`,
            primary: true,
          },
        ],
    providerTypes: [{ value: c.providerType, isEnabled: true }],
    code: null,
    groupLabel: c.hasIdp ? 'Everyone' : null,
  };
}

function v1Identity(org: Org, p: SandboxPerson, i: Identity): Json {
  const c = org.connection(i.connectionId);
  const manager = c.isHris && p.managerId !== null ? org.get(p.managerId) : undefined;
  const hris = c.isHris && p.synced !== null;
  return {
    id: i.id,
    identityId: c.isHris ? i.username : hashHex(21, org.seed, SALT.identity, i.id),
    username: i.username,
    connectedAt: isoTime(i.connectedAt),
    disconnectedAt: isoTime(i.disconnectedAt),
    hasMfa: i.hasMfa,
    user: nestedPerson(org, p),
    connection: v1Connection(org, c),
    hasIdp: c.hasIdp,
    secondaryEmail: null,
    // Identity providers report empty strings, not nulls, for missing names.
    firstName: p.firstName ?? '',
    lastName: p.lastName ?? '',
    startedAt: hris ? dayToIsoTime(p.synced?.startDate ?? null) : null,
    separatedAt: hris ? dayToIsoTime(p.synced?.separationDate ?? null) : null,
    isContractor: p.isContractor,
    jobTitle: c.isHris ? p.jobTitle : null,
    managerId: manager ? `emp-${manager.id}` : null,
    managerName: manager ? fullName(manager) : null,
  };
}

function v1BackgroundCheck(org: Org, p: SandboxPerson, b: BackgroundCheck): Json {
  const manual = b.type === 'MANUAL';
  const caseId = hashHex(10, org.seed, SALT.bg, b.id);
  return {
    id: b.id,
    userId: p.userId,
    status: b.status,
    caseId: manual ? null : `case-${caseId}`,
    caseInvitationId: manual ? null : `inv-${caseId}`,
    url: manual
      ? null
      : `https://app.${b.type.toLowerCase()}.example/background_check/${hashUuid(org.seed, SALT.bg, b.id)}`,
    manualCheckDate: manual ? isoTime(b.createdAt)?.slice(0, 10) : null,
    manuallyCheckUrl: manual ? `${FILES}/background-checks/${b.id}.pdf` : null,
    type: b.type,
    source: manual ? 'MANUAL' : 'DRATA',
    reportData: manual ? null : JSON.stringify({ package: 'standard', result: b.status.toLowerCase() }),
    user: nestedPerson(org, p),
    outOfScopeReason: null,
    outOfScopeAt: null,
    invitationEmail: manual ? null : p.email.toLowerCase(),
    linkedAt: isoTime(b.createdAt + HOUR_MS),
    createdAt: isoTime(b.createdAt),
    updatedAt: isoTime(b.createdAt + 7 * DAY_MS),
  };
}

function v1Document(d: UserDocument): Json {
  return {
    id: d.id,
    name: DOC_NAMES[d.type],
    type: d.type,
    fileUrl: `${FILES}/download/documents/${d.id}`,
    renewalDate: d.renewalDate,
    createdAt: isoTime(d.createdAt),
    updatedAt: isoTime(d.createdAt),
  };
}

export function v1User(org: Org, p: SandboxPerson): Json {
  return {
    id: p.userId,
    entryId: hashUuid(org.seed, SALT.entry, p.userId),
    email: p.email,
    firstName: p.firstName,
    lastName: p.lastName,
    jobTitle: p.jobTitle,
    avatarUrl: hash32(org.seed, SALT.avatar, p.userId) % 3 === 0 ? `${FILES}/avatars/${p.userId}.png` : null,
    drataTermsAgreedAt: isoTime(p.drataTermsAgreedAt),
    createdAt: isoTime(p.createdAt),
    updatedAt: isoTime(userUpdatedAt(p)),
    roles: [...p.roles],
    backgroundChecks: p.backgroundCheck ? [v1BackgroundCheck(org, p, p.backgroundCheck)] : [],
    identities: p.identities.map((i) => v1Identity(org, p, i)),
    documents: [{ data: p.documents.map(v1Document), page: 1, limit: 20, total: p.documents.length }],
  };
}
