/** V2 (`/public/v2`) response schemas, tolerant as described in schemas.ts. */
import { z } from 'zod';
import type { ComplianceCheckStatus, ComplianceCheckType, EmploymentStatus } from './catalog.js';
import { str, toNumber, num, openEnum, list, part, id } from './schemas-base.js';

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

/** `POST /personnel/actions` → 201 `{count}`. */
export const V2ActionResultSchema = z.looseObject({ count: z.preprocess(toNumber, z.number()) });

export type V2User = z.output<typeof V2UserSchema>;
export type V2Exclusion = z.output<typeof V2ExclusionSchema>;
export type V2ComplianceCheck = z.output<typeof V2ComplianceCheckSchema>;
export type V2CustomField = z.output<typeof V2CustomFieldSchema>;
export type V2Person = z.output<typeof V2PersonSchema>;
export type V2PersonnelPage = z.output<typeof V2PersonnelPageSchema>;
export type V2ActionResult = z.output<typeof V2ActionResultSchema>;
