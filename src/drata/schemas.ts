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
import { str, toNumber, num, bool, openEnum, optionalEnum, list, part, id } from './schemas-base.js';

export * from './schemas-lean.js';
export * from './schemas-v2.js';

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
