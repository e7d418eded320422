/** Input vocabulary shared by several tools: person references, statuses, checks, dates. */
import { z } from 'zod';
import { COMPLIANCE_CHECK_TYPES } from '../drata/catalog.js';
import { calendarDateSchema } from '../personnel/dates.js';
import { STATUS_FILTER_VALUES } from '../personnel/status.js';

export { STATUS_FILTER_VALUES };

/** A person as users name them: numeric id, email (any case, + tags, unicode) or `email:addr`. */
export const personnelRefSchema = z
  .union([z.number().int().positive(), z.string().trim().min(1).max(260)])
  .describe('Numeric personnel id, email address, or "email:<address>"');

/** A list of employment statuses (aggregates accepted). */
export const statusFilterSchema = z.array(z.enum(STATUS_FILTER_VALUES)).min(1).max(STATUS_FILTER_VALUES.length);

/** A list of compliance check types. */
export const checkListSchema = z.array(z.enum(COMPLIANCE_CHECK_TYPES)).min(1).max(COMPLIANCE_CHECK_TYPES.length);

/** An inclusive date bound, `YYYY-MM-DD`. */
export const dateBoundSchema = calendarDateSchema;
