import { z } from 'zod';

/**
 * `schema` or null, emitted as `anyOf: [schema, {type: "null"}]`. zod would otherwise collapse a nullable
 * primitive into `type: ["string", "null"]`, which some clients' schema dialects (e.g. Gemini's OpenAPI
 * subset) reject; describing the null branch keeps the portable form, and says what null means.
 */
export const orNull = <T extends z.ZodType>(schema: T, meaning: string) =>
  z.union([schema, z.null().describe(meaning)]);
