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
import type {
  ComplianceCheckStatus,
  ComplianceCheckType,
  EmploymentStatus,
  MDM_SOURCE_TYPES,
} from './catalog.js';

// ---------------------------------------------------------------------------------------------------
// Tolerant building blocks

/** A string field; numbers and booleans become strings; anything else is dropped. */
const str = z
  .preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), z.string().nullish())
  .catch(undefined);

function toNumber(v: unknown): unknown {
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return v;
}

/** A number field; numeric strings (`"60"`) are coerced; anything else is dropped. */
const num = z.preprocess(toNumber, z.number().nullish()).catch(undefined);

/** A boolean field; `"true"`/`"false"` are coerced; anything else is dropped. */
const bool = z
  .preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().nullish())
  .catch(undefined);

/** An open enum: typed as the known values, any other string kept as is. */
function openEnum<T extends string>() {
  return z.string().transform((s) => s as T | (string & {}));
}
const optionalEnum = <T extends string>() => openEnum<T>().nullish().catch(undefined);

/** Accept an array, or a JSON string holding one (`"[]"`); anything else is not a list. */
function toArray(v: unknown): unknown {
  if (typeof v === 'string') {
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // not JSON: not a list
    }
  }
  return v;
}

/** A list whose items are parsed one by one; items that do not fit are dropped, a non-list is dropped. */
function list<S extends z.ZodType>(item: S) {
  return z
    .preprocess(toArray, z.array(z.unknown()))
    .transform((items) =>
      items.flatMap((raw) => {
        const parsed = item.safeParse(raw);
        return parsed.success ? [parsed.data as z.output<S>] : [];
      }),
    )
    .optional()
    .catch(undefined);
}

/** A nested object that is dropped (not fatal) when it does not fit. */
function part<S extends z.ZodType>(schema: S) {
  return schema.nullish().catch(undefined);
}

/** An id: a number, or a numeric string coerced to one. */
const id = z.preprocess(toNumber, z.number());

// ---------------------------------------------------------------------------------------------------
// V1 (`/public`)

type MdmSourceType = (typeof MDM_SOURCE_TYPES)[number];

export const V1ComplianceCheckSchema = z.looseObject({
  id: num,
  type: openEnum<ComplianceCheckType>(),
  status: openEnum<ComplianceCheckStatus>(),
  completionDate: str,
  expiresAt: str,
  checkFrequency: str,
  lastCheckedAt: str,
  createdAt: str,
  updatedAt: str,
});

export const V1ComplianceTestSchema = z.looseObject({
  monitorId: num,
  testId: num,
  controlTestInstanceId: num,
  autopilotTaskType: str,
  name: str,
  checkStatus: str,
  checkResultStatus: str,
  lastCheck: str,
});

export const V1BackgroundCheckSchema = z.looseObject({
  id: num,
  userId: num,
  status: str,
  type: str,
  source: str,
  caseId: str,
  url: str,
  manualCheckDate: str,
  linkedAt: str,
  outOfScopeReason: str,
  outOfScopeAt: str,
  invitationEmail: str,
  createdAt: str,
  updatedAt: str,
});

export const V1ConnectionSchema = z.looseObject({
  /** A number in the spec, a string in the docs' sample: coerced to a number when numeric. */
  id: num,
  clientType: str,
  clientAlias: str,
  state: str,
  connected: bool,
  connectedAt: str,
  failedAt: str,
  deletedAt: str,
});

export const V1IdentitySchema = z.looseObject({
  id: num,
  identityId: str,
  username: str,
  connectedAt: str,
  disconnectedAt: str,
  hasMfa: bool,
  hasIdp: bool,
  connection: part(V1ConnectionSchema),
  secondaryEmail: str,
  firstName: str,
  lastName: str,
  startedAt: str,
  separatedAt: str,
  isContractor: bool,
  jobTitle: str,
  managerId: str,
  managerName: str,
});

export const V1UserDocumentSchema = z.looseObject({
  id: num,
  name: str,
  type: str,
  fileUrl: str,
  renewalDate: str,
  createdAt: str,
  updatedAt: str,
});

/** `user.documents` is a list of paged document sets. */
export const V1UserDocumentsPageSchema = z.looseObject({
  data: list(V1UserDocumentSchema),
  page: num,
  limit: num,
  total: num,
});

const v1UserFields = {
  entryId: str,
  firstName: str,
  lastName: str,
  jobTitle: str,
  avatarUrl: str,
  drataTermsAgreedAt: str,
  createdAt: str,
  updatedAt: str,
  roles: list(z.string()),
  backgroundChecks: list(V1BackgroundCheckSchema),
  identities: list(V1IdentitySchema),
  documents: list(V1UserDocumentsPageSchema),
};

/** The personnel's user: `id` and `email` are required. */
export const V1UserSchema = z.looseObject({ id, email: z.string(), ...v1UserFields });

/** A user in a secondary position (e.g. `reasonProvider`): every field optional. */
export const V1UserRefSchema = z.looseObject({ id: num, email: str, ...v1UserFields });

export const V1DeviceComplianceCheckSchema = z.looseObject({
  id: num,
  type: openEnum<ComplianceCheckType>(),
  status: openEnum<ComplianceCheckStatus>(),
  expiresAt: str,
  checkFrequency: str,
  lastCheckedAt: str,
});

export const V1DeviceSchema = z.looseObject({
  id: num,
  osVersion: str,
  serialNumber: str,
  model: str,
  macAddress: str,
  sourceType: optionalEnum<MdmSourceType>(),
  agentVersion: str,
  lastCheckedAt: str,
  createdAt: str,
  updatedAt: str,
  deletedAt: str,
  appsCount: num,
  isDeviceCompliant: bool,
  encryptionEnabled: bool,
  firewallEnabled: bool,
  antivirusEnabled: bool,
  autoUpdateEnabled: bool,
  passwordManagerEnabled: bool,
  screenLockTime: num,
  complianceChecks: list(V1DeviceComplianceCheckSchema),
});

/** `data`: the agent's last report (note Drata's own spelling `lastcheckedAt`). */
export const V1PersonnelDataSchema = z.looseObject({
  osVersion: str,
  serialNumber: str,
  screenLockTime: num,
  agentVersion: str,
  macAddress: str,
  lastcheckedAt: str,
  createdAt: str,
  updatedAt: str,
});

/** A V1 personnel record (`PersonnelDetails[Table]ResponsePublicDto`). */
export const V1PersonnelSchema = z.looseObject({
  id,
  employmentStatus: openEnum<EmploymentStatus>(),
  user: V1UserSchema,
  notHumanReason: str,
  reasonProvider: part(V1UserRefSchema),
  osVersion: str,
  serialNumber: str,
  complianceChecks: list(V1ComplianceCheckSchema),
  complianceTests: list(V1ComplianceTestSchema),
  startDate: str,
  separationDate: str,
  statusUpdatedAt: str,
  data: part(V1PersonnelDataSchema),
  createdAt: str,
  updatedAt: str,
  devices: list(V1DeviceSchema),
  agentEnabled: bool,
  manualUploadEnabled: bool,
  devicesCount: num,
  devicesFailingComplianceCount: num,
});

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

export const V2UserSchema = z.looseObject({
  id: num,
  email: str,
  firstName: str,
  lastName: str,
  createdAt: str,
  updatedAt: str,
});

export const V2ExclusionSchema = z.looseObject({
  id: num,
  reason: str,
  createdById: num,
  createdByEmail: str,
  createdAt: str,
  startDate: str,
  endDate: str,
});

export const V2ComplianceCheckSchema = z.looseObject({
  id: num,
  type: openEnum<ComplianceCheckType>(),
  status: openEnum<ComplianceCheckStatus>(),
  checkFrequency: str,
  expiresAt: str,
  lastCheckedAt: str,
  completionDate: str,
  createdAt: str,
  updatedAt: str,
  exclusion: part(V2ExclusionSchema),
});

export const V2CustomFieldSchema = z.looseObject({
  customFieldId: num,
  name: str,
  value: str,
});

/** A V2 person (`PersonResponsePublicV2Dto`); `user`, `complianceChecks`, … only when expanded. */
export const V2PersonSchema = z.looseObject({
  id,
  employmentStatus: openEnum<EmploymentStatus>(),
  userId: num,
  user: part(V2UserSchema),
  notHumanReason: str,
  reasonProvider: part(V2UserSchema),
  complianceChecks: list(V2ComplianceCheckSchema),
  startedAt: str,
  separatedAt: str,
  statusUpdatedAt: str,
  createdAt: str,
  updatedAt: str,
  customFields: list(V2CustomFieldSchema),
});

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

/** A V1 personnel record for page walks: status, dates, user names, checks, identities and devices. */
export const V1PersonnelLeanSchema = z.object({
  id,
  employmentStatus: openEnum<EmploymentStatus>(),
  separationDate: str,
  complianceChecks: list(leanCheck),
  notHumanReason: str,
  user: z.object({
    id,
    email: z.string(),
    firstName: str,
    lastName: str,
    identities: list(
      z.object({
        username: str,
        connectedAt: str,
        disconnectedAt: str,
        hasMfa: bool,
        hasIdp: bool,
        connection: part(z.object({ clientType: str, clientAlias: str })),
      }),
    ),
  }),
  devices: list(z.object({ id: num, lastCheckedAt: str, deletedAt: str, isDeviceCompliant: bool })),
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

export type V1ComplianceCheck = z.output<typeof V1ComplianceCheckSchema>;
export type V1ComplianceTest = z.output<typeof V1ComplianceTestSchema>;
export type V1BackgroundCheck = z.output<typeof V1BackgroundCheckSchema>;
export type V1Connection = z.output<typeof V1ConnectionSchema>;
export type V1Identity = z.output<typeof V1IdentitySchema>;
export type V1UserDocument = z.output<typeof V1UserDocumentSchema>;
export type V1UserDocumentsPage = z.output<typeof V1UserDocumentsPageSchema>;
export type V1User = z.output<typeof V1UserSchema>;
export type V1UserRef = z.output<typeof V1UserRefSchema>;
export type V1Device = z.output<typeof V1DeviceSchema>;
export type V1DeviceComplianceCheck = z.output<typeof V1DeviceComplianceCheckSchema>;
export type V1PersonnelData = z.output<typeof V1PersonnelDataSchema>;
export type V1Personnel = z.output<typeof V1PersonnelSchema>;
export type V1PersonnelPage = z.output<typeof V1PersonnelPageSchema>;
export type V1ResetSyncResult = z.output<typeof V1ResetSyncResultSchema>;
export type V2User = z.output<typeof V2UserSchema>;
export type V2Exclusion = z.output<typeof V2ExclusionSchema>;
export type V2ComplianceCheck = z.output<typeof V2ComplianceCheckSchema>;
export type V2CustomField = z.output<typeof V2CustomFieldSchema>;
export type V2Person = z.output<typeof V2PersonSchema>;
export type V2PersonnelPage = z.output<typeof V2PersonnelPageSchema>;
export type V2ActionResult = z.output<typeof V2ActionResultSchema>;
export type V1PersonnelLeanPage = z.output<typeof V1PersonnelLeanPageSchema>;
export type V2PersonnelLeanPage = z.output<typeof V2PersonnelLeanPageSchema>;
