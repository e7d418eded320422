/** The DTO renderers' fixed values: salts, the files host, check frequencies, autopilot tests, document names. */
import type { ComplianceCheckType } from '../drata/catalog.js';
import type { UserDocument } from './org.js';

export type Json = Record<string, unknown>;

export const FILES = 'https://cdn.drata.invalid';

/** Salts keep the hashed cosmetic values of different kinds independent. */
export const SALT = { entry: 1, check: 2, identity: 3, bg: 4, test: 5, exclusion: 6, avatar: 7 } as const;

export const TRAINING_DOC: Partial<Record<ComplianceCheckType, UserDocument['type']>> = {
  SECURITY_TRAINING: 'SEC_TRAINING',
  HIPAA_TRAINING: 'HIPAA_TRAINING_EVIDENCE',
  NIST_AI_TRAINING: 'NIST_AI_TRAINING_EVIDENCE',
};

export const FREQUENCY: Record<ComplianceCheckType, string> = {
  FULL_COMPLIANCE: 'DAILY',
  ACCEPTED_POLICIES: 'YEARLY',
  IDENTITY_MFA: 'DAILY',
  BG_CHECK: 'ONCE',
  AGENT_INSTALLED: 'DAILY',
  PASSWORD_MANAGER: 'DAILY',
  HDD_ENCRYPTION: 'DAILY',
  ANTIVIRUS: 'DAILY',
  AUTO_UPDATES: 'DAILY',
  LOCK_SCREEN: 'DAILY',
  SECURITY_TRAINING: 'YEARLY',
  LOCATION_SERVICES: 'DAILY',
  HIPAA_TRAINING: 'YEARLY',
  OFFBOARDING: 'ONCE',
  NIST_AI_TRAINING: 'YEARLY',
};

/** Autopilot tests (V1 `complianceTests`) backing some check types. */
export const TESTS: Partial<Record<ComplianceCheckType, readonly [number, string, string]>> = {
  IDENTITY_MFA: [1, 'IDENTITY_PROVIDER_MFA_ENABLED', 'MFA on Identity Provider'],
  BG_CHECK: [12, 'EMPLOYEES_BACKGROUND_CHECK_COMPLIANCE', 'Background checks completed'],
  SECURITY_TRAINING: [41, 'EMPLOYEES_SECURITY_COMPLIANCE', 'Security awareness training completed'],
  OFFBOARDING: [52, 'FORMER_PERSONNEL_OFFBOARDED', 'Former personnel offboarded'],
};

export const EXCLUSION_REASON: Partial<Record<ComplianceCheckType, string>> = {
  BG_CHECK: 'Background check performed by the staffing agency',
  SECURITY_TRAINING: 'Completed equivalent training at the parent company',
  HDD_ENCRYPTION: 'Linux workstation: agent not supported, reviewed manually each quarter',
};

export const DOC_NAMES: Record<UserDocument['type'], string> = {
  SEC_TRAINING: 'Security Awareness Training Certificate',
  PASSWORD_MANAGER_EVIDENCE: 'Password Manager Evidence',
  AUTO_UPDATES_EVIDENCE: 'Auto Updates Evidence',
  HARD_DRIVE_ENCRYPTION_EVIDENCE: 'Hard Drive Encryption Evidence',
  ANTIVIRUS_EVIDENCE: 'Antivirus Evidence',
  LOCK_SCREEN_EVIDENCE: 'Lock Screen Evidence',
  MFA_EVIDENCE: 'MFA Evidence',
  HIPAA_TRAINING_EVIDENCE: 'HIPAA Training Certificate',
  OFFBOARDING_EVIDENCE: 'Offboarding Checklist',
  NIST_AI_TRAINING_EVIDENCE: 'AI Awareness Training Certificate',
};
