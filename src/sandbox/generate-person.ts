/** A draft's drawn traits and its person record, drawn from the shared PRNG in a fixed order. */
import { isCurrentStatus, isFormerStatus } from '../drata/catalog.js';
import { policyRate } from './generate-checks.js';
import type { Draft, DrawContext, Mutable } from './generate-context.js';
import type { Department } from './generate-tables.js';
import type { Timeline } from './generate-timeline.js';
import {
  drawBackgroundCheck,
  drawDevices,
  drawDocuments,
  drawIdentities,
  drawTrainingState,
} from './generate-traits.js';
import type { SandboxPerson } from './org.js';
import { type CastMember, type CastTraits, OFFICES, STAKEHOLDERS, type TrainingState } from './people-data.js';
import { HOUR_MS } from './time.js';

/** A draft's drawn traits. */
export interface Drawn {
  devices: Draft['devices'];
  identities: Draft['identities'];
  documents: Draft['documents'];
  backgroundCheck: Draft['backgroundCheck'];
  policiesAccepted: boolean;
  drataTermsAgreedAt: number | null;
  roles: string[];
}

export function drawPersonTraits(
  g: DrawContext,
  m: CastMember,
  traits: CastTraits,
  t: Timeline,
  email: string,
  department: Department | null,
  nonHuman: boolean,
): Drawn {
  const rng = g.rng;
  const status = m.status;
  const { createdAt, sepMs, special, startMs } = t;
  const devices = drawDevices(g, status, createdAt, sepMs, traits);
  const identities = drawIdentities(
    g,
    status,
    t.syncedStatus,
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
    applies ? (forced ?? drawTrainingState(g, status)) : null;
  const documents = drawDocuments(g, {
    security: training(humanInScope || status === 'FUTURE_HIRE', traits.training),
    hipaa: training(humanInScope && (department?.hipaa ?? false)),
    nistAi: training(humanInScope && (department?.nistAi ?? false)),
    offboarding: isFormerStatus(status) && (special || rng.chance(0.65)),
    mfaEvidence: isCurrentStatus(status) && rng.chance(0.03),
  });
  const backgroundCheck = drawBackgroundCheck(g, status, startMs, traits.backgroundCheck);
  const policiesAccepted = rng.chance(policyRate(status));
  let drataTermsAgreedAt = policiesAccepted && !nonHuman ? createdAt + rng.int(1, 240) * HOUR_MS : null;
  if (drataTermsAgreedAt !== null && drataTermsAgreedAt > g.now) drataTermsAgreedAt = null;
  const roles = nonHuman
    ? []
    : department?.name === 'Security & IT'
      ? ['EMPLOYEE', 'TECHGOV']
      : ['EMPLOYEE'];
  return { devices, identities, documents, backgroundCheck, policiesAccepted, drataTermsAgreedAt, roles };
}

/** The person record of a draft (checks are derived afterwards). */
export function personRecord(
  g: DrawContext,
  adminId: number,
  m: CastMember,
  t: Timeline,
  drawn: Drawn,
  email: string,
  department: Department | null,
  nonHuman: boolean,
): Mutable<SandboxPerson> {
  const rng = g.rng;
  const status = m.status;
  const { startDate, separationDate, syncedStatus, syncedStartDate, createdAt, statusUpdatedAt, updatedAt } = t;
  const { roles, drataTermsAgreedAt, identities, devices, documents, backgroundCheck } = drawn;
  return {
    id: 0,
    userId: 0,
    firstName: m.first?.[0] ?? null,
    lastName: m.last?.[0] ?? null,
    email,
    jobTitle: department && !nonHuman ? rng.pick(department.titles) : null,
    department: department?.name ?? null,
    isContractor: status.includes('CONTRACTOR'),
    managerId: null,
    roles,
    drataTermsAgreedAt,
    createdAt,
    employmentStatus: status,
    startDate,
    separationDate,
    notHumanReason: status === 'OUT_OF_SCOPE' ? (m.notHumanReason ?? null) : null,
    reasonProviderUserId: status === 'OUT_OF_SCOPE' && m.notHumanReason ? adminId : null,
    statusUpdatedAt,
    updatedAt,
    synced:
      syncedStatus === null
        ? null
        : { employmentStatus: syncedStatus, startDate: syncedStartDate, separationDate },
    overridden: t.overridden,
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
}
