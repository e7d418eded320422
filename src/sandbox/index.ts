/**
 * The embedded Drata-compatible Personnel API (V1 + V2) over a deterministic synthetic org: what the demo,
 * the integration tests, the benchmarks and the chaos tests run against.
 */
export { renderV1Details, renderV1Row, renderV2Person, v1RecordSize } from './dto.js';
export { fullName } from './dto-shared.js';
export { type FaultConfig, type FaultKind, normalizeFaults, parseFaults } from './faults.js';
export { DEFAULT_ORG_SIZE, DEFAULT_SEED, generateOrg, MAX_ORG_SIZE } from './generate.js';
export type { FieldChange, PersonPatch } from './mutations.js';
export { SandboxConfigError, sandboxOptionsFromEnv } from './options.js';
export { ORG_PROFILES, type OrgProfile } from './profiles.js';
export {
  type AdminUser,
  type BackgroundCheck,
  type Connection,
  type CustomFieldDef,
  checkStatus,
  connectedIdentities,
  DEVICE_CHECK_TYPES,
  type Device,
  type DeviceCheckType,
  devicePasses,
  hasCompliantDevices,
  type Identity,
  isDeviceCompliant,
  isManaged,
  matchesCheckFilter,
  Org,
  type SandboxPerson,
  SYNCED_FIELDS,
  type SyncedField,
  type SyncedValues,
  type UserDocument,
} from './org.js';
export { errorBody } from './error-body.js';
export { DEFAULT_SANDBOX_API_KEY } from './server-state.js';
export { startSandbox } from './server.js';
export { DEFAULT_NOW } from './time.js';
export type {
  AppliedWrite,
  FailNextSpec,
  RecordedRequest,
  Sandbox,
  SandboxOptions,
  SandboxStats,
} from './types.js';
