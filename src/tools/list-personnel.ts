import { z } from 'zod';
import { fitItems } from '../personnel/budget.js';
import { decodeListCursor, encodeListCursor, checkRepeatedFilters } from '../personnel/list-cursor.js';
import {
  describeListQuery,
  LIST_QUERY_KEYS,
  listQuerySchema,
  LIST_SORTS,
  type ListQuery,
  validateListQuery,
} from '../personnel/list-query.js';
import { DEVICE_FILTERS } from '../personnel/model.js';
import { GAP_FILTERS } from '../personnel/offboarding.js';
import { listPersonnel, type ListPosition } from '../personnel/planner.js';
import { renderRows } from '../personnel/render.js';
import { type PersonRow, ROW_COLUMNS, rowLegend, toCells, toRow } from '../personnel/rows.js';
import { checkListSchema, dateBoundSchema, statusFilterSchema } from './params.js';
import { defineTool } from './types.js';

const inputSchema = z.object({
  employmentStatus: statusFilterSchema
    .optional()
    .describe('Only these statuses. ALL_CURRENT_PERSONNEL = current employees + contractors. Omit for all.'),
  search: z.string().trim().min(1).max(100).optional().describe('Name or email (part of it)'),
  failing: checkListSchema.optional().describe('Failing (FAIL or MISCONFIGURED) every one of these checks'),
  passing: checkListSchema.optional().describe('Passing (PASS or EXCLUDED) every one of these'),
  excluded: checkListSchema.optional().describe('Excluded (EXCLUDED) from every one of these'),
  devices: z
    .enum(DEVICE_FILTERS)
    .optional()
    .describe('none: no device; anyFailing: a non-compliant device; allCompliant: ≥1 device, all compliant'),
  offboardingGap: z
    .enum(GAP_FILTERS)
    .optional()
    .describe('Former personnel with access left: any, identityConnected, deviceReporting'),
  startedFrom: dateBoundSchema.optional().describe('YYYY-MM-DD; bounds are inclusive'),
  startedTo: dateBoundSchema.optional(),
  separatedFrom: dateBoundSchema.optional(),
  separatedTo: dateBoundSchema.optional(),
  sort: z.enum(LIST_SORTS).optional().describe('Default name'),
  sortDir: z.enum(['ASC', 'DESC']).optional(),
  limit: z.number().int().min(1).max(50).default(20).describe('Rows per page, 1..50'),
  cursor: z.string().min(1).max(2000).optional().describe('nextCursor of the previous result'),
});
type Input = z.output<typeof inputSchema>;

const outputSchema = z.object({
  columns: z.array(z.string()).describe('Names of the values in each row'),
  rows: z
    // Described branches keep the union an anyOf (a bare union would become a less portable type array).
    .array(z.array(z.union([z.number().describe('a count or the id'), z.string(), z.null().describe('no value')])))
    .describe('One person per row, in the order asked; null or a missing last cell = no value (devices: not known)'),
  from: z.number().describe('Position of the first row in the whole list (1-based)'),
  shown: z.number(),
  total: z.number().optional().describe('People matching the query'),
  truncated: z.boolean().describe('Rows were cut to fit the output budget; nextCursor continues'),
  nextCursor: z.string().optional(),
  api: z.enum(['v1', 'v2']),
  query: listQuerySchema.describe('The filters applied'),
  order: z.string(),
  notes: z.array(z.string()).optional(),
});
type Output = z.output<typeof outputSchema>;

/** The query and window of this call: from the cursor (with repeated filters checked) or from the filters. */
function start(args: Input): { q: ListQuery; limit: number; position: ListPosition; total?: number } {
  const given = Object.fromEntries(
    LIST_QUERY_KEYS.filter((k) => args[k] !== undefined).map((k) => [k, args[k]]),
  ) as ListQuery;
  if (!args.cursor) return { q: given, limit: args.limit, position: { at: 0 } };
  const c = decodeListCursor(args.cursor);
  checkRepeatedFilters(c, given);
  return { q: c.q, limit: c.limit, position: { at: c.at, upstream: c.upstream, skip: c.skip }, total: c.total };
}

export const listPersonnelTool = defineTool({
  name: 'list_personnel',
  title: 'List personnel',
  description: `List people, one row each: id, name, email, status, dates, failing and excluded checks, devices and failing devices, out-of-scope reason, manual status override. Filters combine (statuses, name/email search, checks, devices, offboarding gaps, date ranges); total is exact and agrees with personnel_compliance_report. Pass nextCursor back for the next page. For one person's details call get_personnel.`,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema,
  outputSchema,
  async handler(args: Input, ctx) {
    const { q, limit, position, total: knownTotal } = start(args);
    validateListQuery(q);
    const page = await listPersonnel(ctx.api, q, limit, position, {
      signal: ctx.signal,
      maxPages: ctx.config.reportMaxPages,
      today: ctx.now().toISOString().slice(0, 10),
    });
    const total = page.total ?? knownTotal;
    const notes: string[] = [];
    if (!q.employmentStatus?.length)
      notes.push('No employmentStatus filter: every status is included (former, out of scope, service accounts).');
    if (page.api === 'v2') notes.push(`${q.sort ?? ''} order comes from V2, which has no devices: devices are null.`);
    const rows = page.people.map(toRow);
    const order = `${q.sort ?? 'name'} ${q.sortDir ?? 'ASC'}${q.sort ? '' : ' (default)'}`;

    const render = (shown: readonly PersonRow[], truncated: boolean) => {
      const resume = page.resume(shown.length);
      const pageNotes = [...notes, ...rowLegend(shown)];
      const nextCursor = resume ? encodeListCursor({ q, limit, ...resume, total }) : undefined;
      const structured: Output = {
        columns: [...ROW_COLUMNS],
        rows: shown.map(toCells),
        from: page.start + 1,
        shown: shown.length,
        total,
        truncated,
        nextCursor,
        api: page.api,
        query: q,
        order,
        notes: pageNotes.length ? pageNotes : undefined,
      };
      const range = shown.length ? `${page.start + 1}–${page.start + shown.length}` : '0';
      const lines = [
        `Personnel ${range}${total !== undefined ? ` of ${total}` : ''} (${describeListQuery(q)}; ${page.api.toUpperCase()}):`,
        shown.length ? renderRows(shown) : '(none)',
      ];
      if (truncated) lines.push(`Cut to fit the output budget after ${shown.length} rows.`);
      if (nextCursor) lines.push(`nextCursor: ${nextCursor}`);
      for (const n of pageNotes) lines.push(`Note: ${n}`);
      return { text: lines.join('\n'), structured };
    };
    return fitItems(rows, render, ctx.maxTokens).rendered;
  },
});
