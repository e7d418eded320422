/**
 * Lean pages, for walks over the whole org: only the fields the compliance report and the device walk read
 * are validated and kept (z.object drops the rest), which saves most of the parsing time and garbage of
 * heavy pages. Their records are still V1Personnel / V2Person (every dropped field is optional there).
 */
import { z } from 'zod';
import type { ComplianceCheckStatus, ComplianceCheckType, EmploymentStatus } from './catalog.js';
import { str, num, bool, openEnum, list, part, id } from './schemas-base.js';
import { V2PersonnelPageSchema } from './schemas-v2.js';

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
  page: id,
  limit: id,
  total: id,
});

export type V1PersonnelLeanPage = z.output<typeof V1PersonnelLeanPageSchema>;
export type V2PersonnelLeanPage = z.output<typeof V2PersonnelLeanPageSchema>;
