/** V2 (`/public/v2`) record schemas: the person and its nested parts (see schemas.ts for the two tiers). */
import { z } from 'zod';
import type { EmploymentStatus } from './catalog.js';
import { id, list, num, openEnum, part, personnelCheckFields, str } from './tolerant.js';

const V2UserSchema = z.looseObject({
  id: num,
  email: str,
  firstName: str,
  lastName: str,
  createdAt: str,
  updatedAt: str,
});

const V2ExclusionSchema = z.looseObject({
  id: num,
  reason: str,
  createdById: num,
  createdByEmail: str,
  createdAt: str,
  startDate: str,
  endDate: str,
});

const V2ComplianceCheckSchema = z.looseObject({ ...personnelCheckFields, exclusion: part(V2ExclusionSchema) });

const V2CustomFieldSchema = z.looseObject({
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
