/**
 * Response schemas (zod 4), tolerant by design. Two tiers:
 *  - the minimal shape a caller relies on is strict (V1 page `{data, page, limit, total}`, each V1 record
 *    `{id, employmentStatus, user: {id, email}}`, V2 page `{data, pagination: {cursor}}`, each V2 record
 *    `{id, employmentStatus}`, V2 actions `{count}`): failing it is an `unexpected_response`;
 *  - everything else is best effort: extra fields are kept (loose objects), missing/null fields are
 *    fine, numeric or boolean fields sent as strings are coerced, a list sent as the string "[]" is
 *    parsed, and a nested part that still does not fit is dropped (a field becomes `undefined`, a list
 *    item is removed) instead of failing the record.
 * Enum-valued fields are typed as the known values but keep unknown ones as plain strings.
 */
import { z } from 'zod';
import type { ComplianceCheckStatus, ComplianceCheckType, EmploymentStatus } from './catalog.js';
import { V1PersonnelSchema } from './schemas-v1.js';
import { V2PersonSchema } from './schemas-v2.js';
import { bool, id, list, num, openEnum, part, providerTypes, str, toNumber } from './tolerant.js';

export { V1PersonnelSchema, V2PersonSchema };

// ---------------------------------------------------------------------------------------------------
// V1 (`/public`)

/** `GET /personnel` (V1). */
export const V1PersonnelPageSchema = z.looseObject({
  data: z.array(V1PersonnelSchema),
  page: z.preprocess(toNumber, z.number()),
  limit: z.preprocess(toNumber, z.number()),
  total: z.preprocess(toNumber, z.number()),
});

/**
 * The V1 reset-sync endpoints are documented to return a personnel record, but what comes back for
 * "some"/"all" is not a single person: accept anything, keep a record when it is one, else `null`.
 */
export const V1ResetSyncResultSchema = V1PersonnelSchema.nullable().catch(null);

// ---------------------------------------------------------------------------------------------------
// V2 (`/public/v2`)

/** `GET /personnel` (V2). An empty-string cursor is read as `null` (no next page). */
export const V2PersonnelPageSchema = z.looseObject({
  data: z.array(V2PersonSchema),
  pagination: z.looseObject({
    cursor: z
      .string()
      .nullable()
      .transform((c) => (c === '' ? null : c)),
    totalCount: num,
  }),
});

// ---------------------------------------------------------------------------------------------------
// Lean pages, for walks over the whole org: only the fields the compliance report reads are validated
// and kept (z.object drops the rest), which saves most of the parsing time and garbage of heavy pages.
// Their records are still V1Personnel / V2Person (every dropped field is optional there).

const leanCheck = z.object({
  type: openEnum<ComplianceCheckType>(),
  status: openEnum<ComplianceCheckStatus>(),
  expiresAt: str,
});

/** A V2 person for page walks: id, status, reason, user names, checks with their expiry. */
export const V2PersonLeanSchema = z.object({
  id,
  employmentStatus: openEnum<EmploymentStatus>(),
  notHumanReason: str,
  user: part(z.object({ id: num, email: str, firstName: str, lastName: str })),
  complianceChecks: list(leanCheck),
});

export const V2PersonnelLeanPageSchema = z.looseObject({
  data: z.array(V2PersonLeanSchema),
  pagination: V2PersonnelPageSchema.shape.pagination,
});

/**
 * A V1 personnel record for page walks (the org snapshot): every field the normalizer reads (status, dates,
 * reason, user with identities, training documents and background checks, checks, devices with their
 * failing checks), nothing else: the heavy parts (device explanations, identifiers, documents; nested users)
 * are dropped while parsing, which is most of the garbage of a 20,000-person walk. A check's lastCheckedAt
 * is not kept either (15 timestamps a person; no list, row or report reads it; get_personnel reads the
 * person afresh).
 */
const snapshotCheck = leanCheck.extend({ completionDate: str });
export const V1PersonnelLeanSchema = z.object({
  id,
  employmentStatus: openEnum<EmploymentStatus>(),
  startDate: str,
  separationDate: str,
  statusUpdatedAt: str,
  createdAt: str,
  updatedAt: str,
  notHumanReason: str,
  reasonProvider: part(z.object({ email: str })),
  devicesCount: num,
  devicesFailingComplianceCount: num,
  complianceChecks: list(snapshotCheck),
  user: z.object({
    id,
    email: z.string(),
    firstName: str,
    lastName: str,
    jobTitle: str,
    identities: list(
      z.object({
        username: str,
        connectedAt: str,
        disconnectedAt: str,
        hasMfa: bool,
        hasIdp: bool,
        connection: part(z.object({ clientType: str, clientAlias: str, providerTypes })),
      }),
    ),
    documents: list(
      z.object({ data: list(z.object({ type: str, name: str, createdAt: str, renewalDate: str })) }),
    ),
    backgroundChecks: list(
      z.object({
        status: str,
        type: str,
        source: str,
        manualCheckDate: str,
        linkedAt: str,
        updatedAt: str,
        outOfScopeReason: str,
      }),
    ),
  }),
  devices: list(
    z.object({
      id: num,
      model: str,
      osVersion: str,
      serialNumber: str,
      sourceType: str,
      lastCheckedAt: str,
      deletedAt: str,
      isDeviceCompliant: bool,
      complianceChecks: list(
        z.object({ type: openEnum<ComplianceCheckType>(), status: openEnum<ComplianceCheckStatus>() }),
      ),
    }),
  ),
});

export const V1PersonnelLeanPageSchema = z.looseObject({
  data: z.array(V1PersonnelLeanSchema),
  page: V1PersonnelPageSchema.shape.page,
  limit: V1PersonnelPageSchema.shape.limit,
  total: V1PersonnelPageSchema.shape.total,
});

/** `POST /personnel/actions` → 201 `{count}`. */
export const V2ActionResultSchema = z.looseObject({ count: z.preprocess(toNumber, z.number()) });

// ---------------------------------------------------------------------------------------------------
// Types

export type V1Personnel = z.output<typeof V1PersonnelSchema>;
export type V1PersonnelPage = z.output<typeof V1PersonnelPageSchema>;
export type V1ResetSyncResult = z.output<typeof V1ResetSyncResultSchema>;
export type V2Person = z.output<typeof V2PersonSchema>;
export type V2PersonnelPage = z.output<typeof V2PersonnelPageSchema>;
export type V2ActionResult = z.output<typeof V2ActionResultSchema>;
export type V1PersonnelLeanPage = z.output<typeof V1PersonnelLeanPageSchema>;
export type V2PersonnelLeanPage = z.output<typeof V2PersonnelLeanPageSchema>;
