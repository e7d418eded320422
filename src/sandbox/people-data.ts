/**
 * Static material for the synthetic org: name pools (with ASCII forms for email addresses), departments and
 * job titles, and the "cast": hand-written people who exercise every edge case (non-ASCII names, apostrophes,
 * `+` and mixed-case emails, service accounts, out-of-scope with and without reasons, deprecated statuses,
 * former employees who still have access, manual overrides...). They are placed among the random people.
 */
import type { ComplianceCheckType, EmploymentStatus } from '../drata/catalog.js';

/** A name and the ASCII spelling used to build email addresses. */
export type NamePart = readonly [display: string, ascii: string];

const plain = (names: string): NamePart[] => names.split(' ').map((n) => [n, n.toLowerCase()] as const);

export const FIRST_NAMES: readonly NamePart[] = [
  ...plain(
    'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph ' +
    'Jessica Thomas Sarah Charles Karen Daniel Lisa Matthew Nancy Anthony Sandra Mark Ashley Paul Emily Steven ' +
    'Kimberly Andrew Donna Joshua Michelle Kevin Carol Brian Amanda George Melissa Timothy Deborah Ryan ' +
    'Stephanie Jacob Rebecca Nicholas Laura Eric Helen Jonathan Sharon Aisha Priya Ravi Wei Mei Hiroshi Yuki ' +
    'Olga Ivan Fatima Omar Kwame Amara Ngozi Chinedu Lars Ingrid Mateo Lucia Diego Camila Noah Emma Liam Olivia',
  ),
  ['José', 'jose'],
  ['Zoë', 'zoe'],
  ['Søren', 'soren'],
  ['Björn', 'bjorn'],
  ['Łukasz', 'lukasz'],
  ['Inés', 'ines'],
  ['François', 'francois'],
  ['Mónica', 'monica'],
  ['Chloé', 'chloe'],
  ['Jürgen', 'jurgen'],
  ['Siobhán', 'siobhan'],
  ['Thảo', 'thao'],
];

export const LAST_NAMES: readonly NamePart[] = [
  ...plain(
    'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson ' +
    'Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis ' +
    'Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson Baker Hall ' +
    'Rivera Campbell Mitchell Carter Roberts Patel Shah Kim Park Chen Wang Tanaka Sato Okafor Mensah Larsen ' +
    'Johansson Novak Kowalski Schmidt Fischer Weber Rossi Bianchi Dubois Moreau Silva Santos',
  ),
  ["O'Brien", 'obrien'],
  ["O'Connor", 'oconnor'],
  ["D'Angelo", 'dangelo'],
  ['Núñez', 'nunez'],
  ['Müller', 'muller'],
  ['Østergaard', 'ostergaard'],
  ['Çelik', 'celik'],
  ['Wiśniewska', 'wisniewska'],
  ['Gómez', 'gomez'],
  ['Nguyễn', 'nguyen'],
  ['Jiménez', 'jimenez'],
  ['Ødegård', 'odegard'],
];

/** Departments with their job titles and whether HIPAA / NIST AI training applies to them. */
export const DEPARTMENTS: ReadonlyArray<{
  readonly name: string;
  readonly weight: number;
  readonly titles: readonly string[];
  readonly costCenter: string;
  readonly hipaa: boolean;
  readonly nistAi: boolean;
  /** Whether people in it usually have a GitHub identity. */
  readonly github: boolean;
  /** Whether LOCATION_SERVICES (find my device) applies to them (field staff). */
  readonly locationServices: boolean;
}> = [
  {
    name: 'Engineering',
    weight: 34,
    titles: ['Software Engineer', 'Senior Software Engineer', 'Staff Engineer', 'Engineering Manager', 'SRE'],
    costCenter: 'CC-1100',
    hipaa: false,
    nistAi: false,
    github: true,
    locationServices: true,
  },
  {
    name: 'Data Science',
    weight: 6,
    titles: ['Data Scientist', 'ML Engineer', 'Analytics Engineer'],
    costCenter: 'CC-1200',
    hipaa: true,
    nistAi: true,
    github: true,
    locationServices: false,
  },
  {
    name: 'Sales',
    weight: 16,
    titles: ['Account Executive', 'Sales Development Rep', 'Sales Engineer', 'VP Sales'],
    costCenter: 'CC-2100',
    hipaa: false,
    nistAi: false,
    github: false,
    locationServices: true,
  },
  {
    name: 'Marketing',
    weight: 8,
    titles: ['Product Marketing Manager', 'Content Strategist', 'Growth Marketer'],
    costCenter: 'CC-2200',
    hipaa: false,
    nistAi: false,
    github: false,
    locationServices: false,
  },
  {
    name: 'Customer Success',
    weight: 12,
    titles: ['Customer Success Manager', 'Support Engineer', 'Implementation Lead'],
    costCenter: 'CC-3100',
    hipaa: true,
    nistAi: false,
    github: false,
    locationServices: true,
  },
  {
    name: 'Clinical Operations',
    weight: 6,
    titles: ['Clinical Operations Specialist', 'Care Coordinator'],
    costCenter: 'CC-3200',
    hipaa: true,
    nistAi: false,
    github: false,
    locationServices: true,
  },
  {
    name: 'Finance',
    weight: 5,
    titles: ['Controller', 'Financial Analyst', 'Accountant'],
    costCenter: 'CC-4100',
    hipaa: false,
    nistAi: false,
    github: false,
    locationServices: false,
  },
  {
    name: 'People',
    weight: 5,
    titles: ['People Partner', 'Recruiter', 'Head of People'],
    costCenter: 'CC-4200',
    hipaa: false,
    nistAi: false,
    github: false,
    locationServices: false,
  },
  {
    name: 'Security & IT',
    weight: 8,
    titles: ['Security Engineer', 'IT Administrator', 'GRC Analyst'],
    costCenter: 'CC-4300',
    hipaa: false,
    nistAi: true,
    github: true,
    locationServices: false,
  },
];

export const OFFICES = ['Berlin', 'London', 'New York', 'San Francisco', 'Remote'] as const;
export const STAKEHOLDERS = ['Security & IT', 'Finance', 'People', 'Engineering Leadership'] as const;

export const OUT_OF_SCOPE_REASONS = [
  'Board member with no access to company systems or customer data',
  'Shared mailbox used by the support team; no individual owner',
  'Advisor; only receives a company email address for scheduling',
  'Test account used by QA for the onboarding flow',
  'Placeholder for an intern starting next semester, access not provisioned',
] as const;

export const EXCLUSION_REASONS = [
  'Employee is on extended leave',
  'Linux workstation: agent not supported, reviewed manually each quarter',
  'Contractor uses a device managed by their agency',
  'Background check performed by the staffing agency',
  'Completed equivalent training at the parent company',
] as const;

export type TrainingState = 'ok' | 'due-soon' | 'expired' | 'missing';

/** Trait overrides a cast member imposes on the random generation. */
export interface CastTraits {
  readonly mfa?: boolean;
  readonly training?: TrainingState;
  readonly stillConnected?: boolean;
  readonly deviceReporting?: boolean;
  readonly deviceCount?: number;
  readonly failingDevice?: boolean;
  readonly extraIdentities?: readonly ('OKTA_IDENTITY' | 'GITHUB')[];
  readonly misconfigured?: ComplianceCheckType;
  readonly excluded?: ComplianceCheckType;
  readonly backgroundCheck?: 'OK' | 'PENDING' | 'NONE';
  readonly department?: string;
}

/** One hand-written person. `override` is a manual edit already applied on top of the synced values. */
export interface CastMember {
  readonly status: EmploymentStatus;
  readonly first: NamePart | null;
  readonly last: NamePart | null;
  /** Explicit email (kept verbatim, including case); otherwise first.last@domain. */
  readonly email?: string;
  readonly notHumanReason?: string | null;
  /** The status the IdP/HRIS reports, when it differs from `status` (a manual override). */
  readonly syncedStatus?: EmploymentStatus;
  readonly traits?: CastTraits;
}

export const CAST: readonly CastMember[] = [
  { status: 'CURRENT_EMPLOYEE', first: ['José', 'jose'], last: ['Ñúñez', 'nunez'], traits: { mfa: true } },
  {
    status: 'CURRENT_EMPLOYEE',
    first: ['Zoë', 'zoe'],
    last: ['Kowalski', 'kowalski'],
    traits: { training: 'due-soon' },
  },
  {
    status: 'CURRENT_EMPLOYEE',
    first: ['芳', 'fang'],
    last: ['王', 'wang'],
    traits: { training: 'expired' },
  },
  {
    status: 'CURRENT_EMPLOYEE',
    first: ['Søren', 'soren'],
    last: ['Østergaard', 'ostergaard'],
    traits: { mfa: false, extraIdentities: ['GITHUB'], department: 'Engineering' },
  },
  {
    status: 'CURRENT_EMPLOYEE',
    first: ['Siobhán', 'siobhan'],
    last: ["O'Brien", 'obrien'],
    traits: { failingDevice: true },
  },
  {
    status: 'CURRENT_CONTRACTOR',
    first: ['Liam', 'liam'],
    last: ["O'Connor", 'oconnor'],
    traits: { backgroundCheck: 'PENDING' },
  },
  {
    status: 'CURRENT_EMPLOYEE',
    first: ['Alex', 'alex'],
    last: ['Rivera', 'rivera'],
    email: 'alex+drata@example.com',
  },
  {
    status: 'CURRENT_EMPLOYEE',
    first: ['Anna', 'anna'],
    last: ['Schmidt', 'schmidt'],
    email: 'Anna.Schmidt@Example.com',
    traits: { extraIdentities: ['OKTA_IDENTITY'] },
  },
  {
    status: 'FORMER_EMPLOYEE',
    first: ['Marcus', 'marcus'],
    last: ['Webb', 'webb'],
    traits: { stillConnected: true, deviceReporting: true, deviceCount: 1 },
  },
  {
    status: 'FORMER_CONTRACTOR',
    first: ['Dana', 'dana'],
    last: ['Kim', 'kim'],
    traits: { stillConnected: true, deviceReporting: false, deviceCount: 1 },
  },
  {
    status: 'FORMER_EMPLOYEE',
    first: ['Elena', 'elena'],
    last: ['Petrova', 'petrova'],
    traits: { stillConnected: false, deviceReporting: true, deviceCount: 1 },
  },
  { status: 'FUTURE_HIRE', first: ['Noah', 'noah'], last: ['Fischer', 'fischer'] },
  { status: 'FUTURE_HIRE', first: ['Inés', 'ines'], last: ['Gómez', 'gomez'] },
  { status: 'UNKNOWN', first: ['Pat', 'pat'], last: ['Doe', 'doe'], email: 'pat.doe@example.com' },
  { status: 'UNKNOWN', first: null, last: null, email: 'jenkins@example.com' },
  {
    status: 'SERVICE_ACCOUNT',
    first: ['svc-deploy', 'svc-deploy'],
    last: null,
    email: 'svc-deploy@example.com',
    traits: { mfa: false },
  },
  {
    status: 'SERVICE_ACCOUNT',
    first: ['svc-backup', 'svc-backup'],
    last: null,
    email: 'svc-backup@example.com',
    traits: { mfa: false },
  },
  {
    status: 'SERVICE_ACCOUNT',
    first: ['CI', 'ci'],
    last: ['Bot', 'bot'],
    email: 'ci-bot@example.com',
    traits: { mfa: true },
  },
  {
    status: 'OUT_OF_SCOPE',
    first: ['Margaret', 'margaret'],
    last: ['Holloway', 'holloway'],
    notHumanReason: 'Board member with no access to company systems or customer data',
    syncedStatus: 'CURRENT_CONTRACTOR',
  },
  {
    status: 'OUT_OF_SCOPE',
    first: ['Support', 'support'],
    last: ['Inbox', 'inbox'],
    email: 'support@example.com',
    notHumanReason: 'Shared mailbox used by the support team; no individual owner',
  },
  { status: 'OUT_OF_SCOPE', first: ['Legacy', 'legacy'], last: ['Import', 'import'], notHumanReason: null },
  { status: 'OUT_OF_SCOPE', first: ['Temp', 'temp'], last: ['Account', 'account'], notHumanReason: null },
  { status: 'SPECIAL_FORMER_EMPLOYEE', first: ['Harold', 'harold'], last: ['Finch', 'finch'] },
  { status: 'SPECIAL_FORMER_CONTRACTOR', first: ['Grace', 'grace'], last: ["D'Angelo", 'dangelo'] },
  {
    status: 'CURRENT_EMPLOYEE',
    first: ['Priya', 'priya'],
    last: ['Shah', 'shah'],
    syncedStatus: 'CURRENT_CONTRACTOR',
    traits: { excluded: 'BG_CHECK' },
  },
  {
    status: 'CURRENT_EMPLOYEE',
    first: ['Tomás', 'tomas'],
    last: ['Jiménez', 'jimenez'],
    traits: { misconfigured: 'HDD_ENCRYPTION' },
  },
  {
    status: 'CURRENT_EMPLOYEE',
    first: ['Ngozi', 'ngozi'],
    last: ['Okafor', 'okafor'],
    traits: { excluded: 'SECURITY_TRAINING', training: 'missing', department: 'Clinical Operations' },
  },
  {
    status: 'CURRENT_CONTRACTOR',
    first: ['Kwame', 'kwame'],
    last: ['Mensah', 'mensah'],
    traits: { deviceCount: 0 },
  },
  {
    status: 'CURRENT_EMPLOYEE',
    first: ['Yuki', 'yuki'],
    last: ['Tanaka', 'tanaka'],
    traits: { deviceCount: 2, failingDevice: true },
  },
];
