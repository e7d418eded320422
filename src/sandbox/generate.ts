/**
 * Deterministic synthetic org generation: same seed + size + now → the same people, byte for byte.
 * Per person, in a fixed order (the PRNG draws depend on it): identity, timeline (generate-timeline.ts), traits
 * such as identities, devices, documents and background checks (generate-person.ts, generate-traits.ts), then
 * the check statuses derived from them (generate-checks.ts). Ids follow creation order, as in Drata.
 */
import { deriveChecks } from './generate-checks.js';
import type { Draft, DrawContext } from './generate-context.js';
import { drawPersonTraits, personRecord } from './generate-person.js';
import { DEPARTMENT_WEIGHTS, SERVICE_WORDS } from './generate-tables.js';
import { drawTimeline } from './generate-timeline.js';
import { type AdminUser, type Connection, type CustomFieldDef, Org, type SandboxPerson } from './org.js';
import {
  CAST,
  type CastMember,
  DEPARTMENTS,
  FIRST_NAMES,
  LAST_NAMES,
} from './people-data.js';
import { type OrgProfile, PROFILES, type ProfileTables } from './profiles.js';
import { Rng } from './random.js';
import { DAY_MS, dayToMs, HOUR_MS, isoDay } from './time.js';

export const MAX_ORG_SIZE = 20_000;
export const DEFAULT_ORG_SIZE = 250;
export const DEFAULT_SEED = 42;
export const ORG_DOMAIN = 'example.com';

export interface GenerateOptions {
  size?: number;
  seed?: number;
  /** Reference "now" (epoch ms). */
  now: number;
  /** The org's profile (default: the default org). */
  profile?: OrgProfile;
}

/** Generate the org. Throws on an invalid size. */
export function generateOrg(options: GenerateOptions): Org {
  const size = options.size ?? DEFAULT_ORG_SIZE;
  const seed = (options.seed ?? DEFAULT_SEED) >>> 0;
  if (!Number.isInteger(size) || size < 1 || size > MAX_ORG_SIZE) {
    throw new Error(`size must be an integer between 1 and ${MAX_ORG_SIZE}, got ${size}`);
  }
  const g = new Generator(seed, options.now, PROFILES[options.profile ?? 'default']);
  return g.run(size);
}

class Generator implements DrawContext {
  readonly rng: Rng;
  readonly nowDay: string;
  readonly connectedAt: number;
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
    readonly now: number,
    readonly profile: ProfileTables,
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
    const status = rng.weighted(this.profile.statusWeights);
    if (status === 'SERVICE_ACCOUNT') {
      const word = rng.pick(SERVICE_WORDS);
      return { status, first: [`svc-${word}`, `svc-${word}`], last: null };
    }
    return {
      status,
      first: rng.pick(FIRST_NAMES),
      last: rng.pick(LAST_NAMES),
      notHumanReason: status === 'OUT_OF_SCOPE' && rng.chance(0.9) ? rng.pick(this.profile.outOfScopeReasons) : null,
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

    const t = drawTimeline(this, m, isCast);
    const drawn = drawPersonTraits(this, m, traits, t, email, department, nonHuman);
    const person = personRecord(this, this.admin.id, m, t, drawn, email, department, nonHuman);
    const draft: Draft = {
      index,
      managerIndex: null,
      person,
      identities: drawn.identities,
      devices: drawn.devices,
      documents: drawn.documents,
      backgroundCheck: drawn.backgroundCheck,
    };
    person.checks = deriveChecks(this, draft, department, drawn.policiesAccepted, traits);
    return draft;
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
    const people: SandboxPerson[] = drafts.map((d) => d.person);
    return new Org(this.seed, this.now, this.admin, this.connections, this.customFields, people);
  }
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

function capitalizeEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  const cap = (s: string) =>
    s.replace(/(^|\.)([a-z])/g, (_m, dot: string, c: string) => dot + c.toUpperCase());
  return `${cap(local)}@${cap(domain)}`;
}
