/** V1 (`/public`) record schemas: the personnel record and its nested parts (see schemas.ts for the two tiers). */
import { z } from 'zod';
import type { EmploymentStatus, MDM_SOURCE_TYPES } from './catalog.js';
import {
  bool,
  checkFields,
  id,
  list,
  num,
  openEnum,
  optionalEnum,
  part,
  personnelCheckFields,
  providerTypes,
  str,
} from './tolerant.js';

type MdmSourceType = (typeof MDM_SOURCE_TYPES)[number];

const V1ComplianceCheckSchema = z.looseObject(personnelCheckFields);

const V1ComplianceTestSchema = z.looseObject({
  monitorId: num,
  testId: num,
  controlTestInstanceId: num,
  autopilotTaskType: str,
  name: str,
  checkStatus: str,
  checkResultStatus: str,
  lastCheck: str,
});

const V1BackgroundCheckSchema = z.looseObject({
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

const V1ConnectionSchema = z.looseObject({
  /** A number in the spec, a string in the docs' sample: coerced to a number when numeric. */
  id: num,
  clientType: str,
  clientAlias: str,
  state: str,
  connected: bool,
  connectedAt: str,
  failedAt: str,
  deletedAt: str,
  providerTypes,
});

const V1IdentitySchema = z.looseObject({
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

const V1UserDocumentSchema = z.looseObject({
  id: num,
  name: str,
  type: str,
  fileUrl: str,
  renewalDate: str,
  createdAt: str,
  updatedAt: str,
});

/** `user.documents` is a list of paged document sets. */
const V1UserDocumentsPageSchema = z.looseObject({
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
const V1UserSchema = z.looseObject({ id, email: z.string(), ...v1UserFields });

/** A user in a secondary position (e.g. `reasonProvider`): every field optional. */
const V1UserRefSchema = z.looseObject({ id: num, email: str, ...v1UserFields });

const V1DeviceComplianceCheckSchema = z.looseObject(checkFields);

const V1DeviceSchema = z.looseObject({
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
const V1PersonnelDataSchema = z.looseObject({
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
