/**
 * The Personnel API's vocabulary, taken from Drata's OpenAPI specs (test/reference) and seed docs.
 * One place for enums, the compliance-check ↔ V1 list filter mapping, and the rules that the sandbox,
 * the tools, the report and the docs resources all share. Nothing here does I/O.
 */

export const EMPLOYMENT_STATUSES = [
  'CURRENT_EMPLOYEE',
  'FORMER_EMPLOYEE',
  'CURRENT_CONTRACTOR',
  'FORMER_CONTRACTOR',
  'OUT_OF_SCOPE',
  'UNKNOWN',
  'SPECIAL_FORMER_EMPLOYEE',
  'SPECIAL_FORMER_CONTRACTOR',
  'FUTURE_HIRE',
  'SERVICE_ACCOUNT',
] as const;
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];

/** Statuses the seed docs call deprecated (kept for manually created personnel). */
export const DEPRECATED_STATUSES: readonly EmploymentStatus[] = [
  'SPECIAL_FORMER_EMPLOYEE',
  'SPECIAL_FORMER_CONTRACTOR',
];

/** Former statuses: V1 `PUT /personnel/{id}/status` requires a separation date for these. */
export const FORMER_STATUSES: readonly EmploymentStatus[] = [
  'FORMER_EMPLOYEE',
  'FORMER_CONTRACTOR',
  'SPECIAL_FORMER_EMPLOYEE',
  'SPECIAL_FORMER_CONTRACTOR',
];
export const CURRENT_STATUSES: readonly EmploymentStatus[] = ['CURRENT_EMPLOYEE', 'CURRENT_CONTRACTOR'];

export const isFormerStatus = (s: EmploymentStatus): boolean => FORMER_STATUSES.includes(s);
export const isCurrentStatus = (s: EmploymentStatus): boolean => CURRENT_STATUSES.includes(s);

export const EMPLOYMENT_STATUS_MEANINGS: Record<EmploymentStatus, string> = {
  CURRENT_EMPLOYEE: 'Current Employee',
  FORMER_EMPLOYEE: 'Former Employee',
  CURRENT_CONTRACTOR: 'Current Contractor',
  FORMER_CONTRACTOR: 'Former Contractor',
  FUTURE_HIRE: 'Future Hire: based on the HRIS data',
  UNKNOWN: 'Unknown: the personnel did not match an HRIS record',
  OUT_OF_SCOPE: 'Out of Scope: manually marked as out of scope (needs a notHumanReason)',
  SERVICE_ACCOUNT: 'Service Account: automatically marked as out of scope',
  SPECIAL_FORMER_EMPLOYEE: 'Special Former Employee: deprecated status for manually created personnel',
  SPECIAL_FORMER_CONTRACTOR: 'Special Former Contractor: deprecated status for manually created personnel',
};

/** Values accepted by V1 `employmentStatuses[]`: the plain statuses (minus SPECIAL_*) plus three aggregates. */
export const V1_STATUS_AGGREGATES = {
  ALL_CURRENT_PERSONNEL: ['CURRENT_EMPLOYEE', 'CURRENT_CONTRACTOR'],
  ALL_FORMER_PERSONNEL: [
    'FORMER_EMPLOYEE',
    'FORMER_CONTRACTOR',
    'SPECIAL_FORMER_EMPLOYEE',
    'SPECIAL_FORMER_CONTRACTOR',
  ],
  ALL_PERSONNEL: [...EMPLOYMENT_STATUSES],
} as const satisfies Record<string, readonly EmploymentStatus[]>;
export type V1StatusAggregate = keyof typeof V1_STATUS_AGGREGATES;

export const V1_EMPLOYMENT_STATUSES_FILTER = [
  'CURRENT_EMPLOYEE',
  'FORMER_EMPLOYEE',
  'CURRENT_CONTRACTOR',
  'FORMER_CONTRACTOR',
  'OUT_OF_SCOPE',
  'UNKNOWN',
  'FUTURE_HIRE',
  'SERVICE_ACCOUNT',
  'ALL_CURRENT_PERSONNEL',
  'ALL_FORMER_PERSONNEL',
  'ALL_PERSONNEL',
] as const;
export type V1EmploymentStatusesFilter = (typeof V1_EMPLOYMENT_STATUSES_FILTER)[number];

export const COMPLIANCE_CHECK_TYPES = [
  'FULL_COMPLIANCE',
  'ACCEPTED_POLICIES',
  'IDENTITY_MFA',
  'BG_CHECK',
  'AGENT_INSTALLED',
  'PASSWORD_MANAGER',
  'HDD_ENCRYPTION',
  'ANTIVIRUS',
  'AUTO_UPDATES',
  'LOCK_SCREEN',
  'SECURITY_TRAINING',
  'LOCATION_SERVICES',
  'HIPAA_TRAINING',
  'OFFBOARDING',
  'NIST_AI_TRAINING',
] as const;
export type ComplianceCheckType = (typeof COMPLIANCE_CHECK_TYPES)[number];

export const COMPLIANCE_CHECK_STATUSES = ['PASS', 'FAIL', 'MISCONFIGURED', 'EXCLUDED'] as const;
export type ComplianceCheckStatus = (typeof COMPLIANCE_CHECK_STATUSES)[number];

/**
 * The V1 `GET /personnel` boolean filter that selects each check type.
 * Drata's semantics (the sandbox follows them): `filter=true` selects personnel whose check of that type
 * is PASS; `filter=false` selects anything but PASS, so EXCLUDED too. Personnel without a check of that
 * type match neither. The list planner (src/personnel/planner.ts) narrows with these filters and then
 * keeps exactly the statuses asked for.
 */
export const CHECK_FILTER_PARAM: Record<ComplianceCheckType, string> = {
  FULL_COMPLIANCE: 'fullCompliance',
  ACCEPTED_POLICIES: 'acceptedPoliciesCompliance',
  IDENTITY_MFA: 'identityMfaCompliance',
  BG_CHECK: 'bgCheckCompliance',
  AGENT_INSTALLED: 'agentInstalledCompliance',
  PASSWORD_MANAGER: 'passwordManagerCompliance',
  HDD_ENCRYPTION: 'hdEncryptionCompliance',
  ANTIVIRUS: 'antivirusCompliance',
  AUTO_UPDATES: 'autoUpdatesCompliance',
  LOCK_SCREEN: 'lockScreenCompliance',
  SECURITY_TRAINING: 'securityTrainingCompliance',
  LOCATION_SERVICES: 'locationServicesCompliance',
  HIPAA_TRAINING: 'hipaaTrainingCompliance',
  OFFBOARDING: 'offboardingEvidence',
  NIST_AI_TRAINING: 'nistaiTrainingCompliance',
};

/**
 * `deviceCompliance` is the one V1 compliance filter that is not a check type: `true` selects personnel
 * with at least one device where every device reports `isDeviceCompliant: true`; `false` selects the rest.
 */
export const DEVICE_COMPLIANCE_PARAM = 'deviceCompliance';

export const COMPLIANCE_CHECK_MEANINGS: Record<ComplianceCheckType, string> = {
  FULL_COMPLIANCE: 'Passes every check that applies to them (the overall verdict).',
  ACCEPTED_POLICIES: 'Has accepted all required policies.',
  IDENTITY_MFA: 'Identity-provider account has multi-factor authentication enabled.',
  BG_CHECK: 'Background check completed (or linked/manually recorded).',
  AGENT_INSTALLED: 'The Drata agent (or an MDM) reports from their device.',
  PASSWORD_MANAGER: 'A password manager is installed on their device.',
  HDD_ENCRYPTION: 'Disk encryption is enabled on their device.',
  ANTIVIRUS: 'Antivirus is running on their device.',
  AUTO_UPDATES: 'Automatic OS updates are enabled on their device.',
  LOCK_SCREEN: 'Screen lock is set to the required timeout on their device.',
  SECURITY_TRAINING: 'Security awareness training completed and not expired.',
  LOCATION_SERVICES: 'Location services (find my device) enabled on their device.',
  HIPAA_TRAINING: 'HIPAA training completed and not expired.',
  OFFBOARDING: 'Offboarding evidence recorded (for former personnel).',
  NIST_AI_TRAINING: 'NIST AI awareness training completed and not expired.',
};

export const V1_SORTS = [
  'NAME',
  'EMPLOYMENT_STATUS',
  'ACCEPTED_POLICIES',
  'FULL_COMPLIANCE',
  'IDENTITY_MFA',
  'BG_CHECK',
  'AGENT_INSTALLED',
  'OS_VERSION',
  'SERIAL_NUM',
  'PASSWORD_MANAGER',
  'AUTO_UPDATES',
  'HDD_ENCRYPTION',
  'ANTIVIRUS',
  'APPS_COUNT',
  'START_DATE',
  'SEPARATION_DATE',
  'LOCK_SCREEN',
  'SECURITY_TRAINING',
  'HIPAA_TRAINING',
  'NIST_AI_TRAINING',
  'OFFBOARDING',
] as const;
export type V1Sort = (typeof V1_SORTS)[number];

/** V2 list sort: the seed documents createdAt/updatedAt; the spec adds name. */
export const V2_SORTS = ['createdAt', 'updatedAt', 'name'] as const;
export type V2Sort = (typeof V2_SORTS)[number];

export const SORT_DIRECTIONS = ['ASC', 'DESC'] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];

export const V2_PERSONNEL_EXPAND = ['customFields', 'complianceChecks', 'reasonProvider', 'user'] as const;
export type V2PersonnelExpand = (typeof V2_PERSONNEL_EXPAND)[number];

export const MDM_SOURCE_TYPES = [
  'AGENT',
  'JAMF',
  'INTUNE',
  'KANDJI',
  'JUMPCLOUD',
  'HEXNODE_UEM',
  'UNKNOWN',
  'RIPPLING',
  'WORKSPACE_ONE',
  'KOLIDE',
  'CUSTOM',
  'INTUNE_GCC_HIGH',
  'CUSTOM_XFA',
  'NINJAONE',
] as const;

export const USER_DOCUMENT_TYPES = [
  'SEC_TRAINING',
  'PASSWORD_MANAGER_EVIDENCE',
  'AUTO_UPDATES_EVIDENCE',
  'HARD_DRIVE_ENCRYPTION_EVIDENCE',
  'ANTIVIRUS_EVIDENCE',
  'LOCK_SCREEN_EVIDENCE',
  'MFA_EVIDENCE',
  'HIPAA_TRAINING_EVIDENCE',
  'OFFBOARDING_EVIDENCE',
  'NIST_AI_TRAINING_EVIDENCE',
] as const;

/** Documented limits. The seed says V2 `size` is 1..50 (default 20); the spec says 1..500 (default 50). */
export const LIMITS = {
  v1PageSizeMax: 50,
  v1PageSizeDefault: 20,
  v2PageSizeMaxSeed: 50,
  v2PageSizeMaxSpec: 500,
  notHumanReasonMax: 30000,
  rateLimitPerMinute: 500,
} as const;

/** `x-drata-permissions` per operation, and the human name the spec gives each (for 403 hints). */
export const PERMISSIONS = {
  list: { id: 'personnel-get', name: 'Personnel: List Personnel' },
  get: { id: 'personnel-get-personnel-details', name: 'Personnel: Get Personnel' },
  updateV2: { id: 'personnel-put', name: 'Personnel: Update Personnel - applies to V2 only' },
  updateStatusV1: {
    id: 'personnel-put-employment-status',
    name: "Personnel: Update Personnel's Employment Status - applies to V1 only",
  },
  updateDatesV1: {
    id: 'personnel-put-contract-dates',
    name: "Personnel: Update Personnel's Hire and Separation Dates - applies to V1 only",
  },
  resync: { id: 'personnel-put-reset-resync', name: "Personnel: Reset Personnel's IdP/HRIS Sync Status" },
} as const;
export type PermissionKey = keyof typeof PERMISSIONS;
