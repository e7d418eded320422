/**
 * Tolerant zod building blocks of the response schemas (schemas.ts): strings, numbers and booleans that
 * coerce what they can and drop what they cannot, open enums, lists that drop the items that do not fit,
 * and nested parts that are dropped instead of failing their record.
 */
import { z } from 'zod';
import type { ComplianceCheckStatus, ComplianceCheckType } from './catalog.js';

/** A string field; numbers and booleans become strings; anything else is dropped. */
export const str = z
  .preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), z.string().nullish())
  .catch(undefined);

export function toNumber(v: unknown): unknown {
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return v;
}

/** A number field; numeric strings (`"60"`) are coerced; anything else is dropped. */
export const num = z.preprocess(toNumber, z.number().nullish()).catch(undefined);

/** A boolean field; `"true"`/`"false"` are coerced; anything else is dropped. */
export const bool = z
  .preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean().nullish())
  .catch(undefined);

/** An open enum: typed as the known values, any other string kept as is. */
export function openEnum<T extends string>() {
  return z.string().transform((s) => s as T | (string & {}));
}
export const optionalEnum = <T extends string>() => openEnum<T>().nullish().catch(undefined);

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
export function list<S extends z.ZodType>(item: S) {
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
export function part<S extends z.ZodType>(schema: S) {
  return schema.nullish().catch(undefined);
}

/** A connection's provider types (`[{value: "HRIS", isEnabled: true}]`): the values. */
export const providerTypes = list(z.object({ value: z.string() })).transform((items) => items?.map((t) => t.value));

/** An id: a number, or a numeric string coerced to one. */
export const id = z.preprocess(toNumber, z.number());

/** The fields every compliance check carries (a V1 device check has only these). */
export const checkFields = {
  id: num,
  type: openEnum<ComplianceCheckType>(),
  status: openEnum<ComplianceCheckStatus>(),
  expiresAt: str,
  checkFrequency: str,
  lastCheckedAt: str,
};

/** A personnel check (V1 and V2): the check fields, its completion and its timestamps. */
export const personnelCheckFields = { ...checkFields, completionDate: str, createdAt: str, updatedAt: str };
