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
import { type ListPage, listPersonnel, type ListPosition } from '../personnel/planner.js';
import { renderCountText, renderListText } from '../personnel/render.js';
import { type PersonRow, ROW_COLUMNS, rowLegend, toCells, toRow } from '../personnel/rows.js';
import { type GroupCount, groupCounts } from '../personnel/query-groups.js';
import { type RowDetail, rowDetail } from '../personnel/row-details.js';
import { waitingMessage } from '../personnel/snapshot-share.js';
import { cursorSchema, queryParams, searchSchema } from './list-params.js';
import { checkListSchema, checkNamesSchema, dateBoundSchema, statusFilterSchema } from './params.js';
import { rowDetailSchema } from './list-output.js';
import { defineTool } from './types.js';

const inputSchema = z.object({
  employmentStatus: statusFilterSchema
    .optional()
    .describe('Only these statuses. ALL_CURRENT_PERSONNEL = current employees + contractors. Omit for all.'),
  search: searchSchema,
  failing: checkListSchema.optional().describe('FAIL or MISCONFIGURED in all of these checks'),
  passing: checkNamesSchema.optional().describe('PASS or EXCLUDED in all of these'),
  excluded: checkNamesSchema.optional().describe('EXCLUDED in all of these'),
  devices: z
    .enum(DEVICE_FILTERS)
    .optional()
    .describe('allCompliant: ≥1 device, all compliant'),
  offboardingGap: z
    .enum(GAP_FILTERS)
    .optional()
    .describe('Former personnel with access left'),
  startedFrom: dateBoundSchema.optional(),
  startedTo: dateBoundSchema.optional(),
  separatedFrom: dateBoundSchema.optional(),
  separatedTo: dateBoundSchema.optional(),
  ...queryParams,
  sort: z.enum(LIST_SORTS).optional().describe('Default name'),
  sortDir: z.enum(['ASC', 'DESC']).optional().describe('Default ASC'),
  limit: z.number().int().min(1).max(50).default(20).describe('Rows per page, 1..50, default 20'),
  cursor: cursorSchema,
});
type Input = z.output<typeof inputSchema>;

const outputSchema = z.object({
  columns: z.array(z.string()).optional().describe('Names of the values in each row (rows only)'),
  rows: z
    // Described branches keep the union an anyOf (a bare union would become a less portable type array).
    .array(z.array(z.union([z.number().describe('a count or the id'), z.string(), z.null().describe('no value')])))
    .optional()
    .describe('One person per row, in the order asked; null or a missing last cell = no value (devices: not known)'),
  from: z.number().describe('Position of the first row in the whole list (1-based)'),
  shown: z.number(),
  total: z.number().optional().describe('People matching the query'),
  truncated: z.boolean().describe('Rows were cut to fit the output budget; nextCursor continues'),
  nextCursor: z.string().optional(),
  api: z.enum(['v1', 'v2']),
  query: listQuerySchema.describe('The filters applied'),
  order: z.string().optional().describe('Row order (rows only)'),
  asOf: z.string().optional().describe('When the snapshot answering this was read (ISO time)'),
  groups: z
    .array(z.object({ key: z.string(), count: z.number() }))
    .optional()
    .describe('groupBy: people per group, largest first'),
  details: z.array(rowDetailSchema).optional().describe('Per row: matched identity/device and include'),
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
  const position = { at: c.at, upstream: c.upstream, skip: c.skip, snapshot: c.snapshot };
  return { q: c.q, limit: c.limit, position, total: c.total };
}

export const listPersonnelTool = defineTool({
  name: 'list_personnel',
  title: 'List personnel',
  description: `List people, one row each (id, name, email, status, dates, failing/excluded checks, devices, reason, manual override). Conditions combine; an identity or device condition holds for one identity/device, which the row shows; texts match any case; include adds facts; groupBy/countOnly count. Totals are exact and agree with personnel_compliance_report; what the API cannot filter runs on one org snapshot (data as of; fresh re-reads). Pass nextCursor back for more. For one person call get_personnel.`,
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
      snapshots: ctx.cache.snapshots,
      fresh: args.fresh,
      onPage: (done, of) => ctx.progress(done, of, `read ${done}${of ? ` of ${of}` : ''} pages of the org`),
      onWait: (s) => ctx.progress(s, undefined, waitingMessage(s)),
    });
    const total = page.total ?? knownTotal;
    const notes: string[] = [];
    if (!q.employmentStatus?.length && !q.offboardingGap)
      notes.push('No employmentStatus filter: every status is included (former, out of scope, service accounts).');
    notes.push(...(page.notes ?? []));
    if (page.api === 'v2') notes.push(`${q.sort ?? ''} order comes from V2, which has no devices: devices are null.`);
    const order = `${q.sort ?? 'name'} ${q.sortDir ?? 'ASC'}${q.sort ? '' : ' (default)'}`;
    const counting = Boolean(q.groupBy || q.countOnly);
    const base = { total, api: page.api, query: q, asOf: page.asOf?.toISOString() };
    const heading = `(${describeListQuery(q, !counting)}; ${page.api.toUpperCase()}${base.asOf ? `; data as of ${base.asOf}` : ''})`;
    // A count has no rows: no columns, rows or order in either channel.
    if (counting) return counted(q, limit, position, page, { base, heading, notes, maxTokens: ctx.maxTokens });
    const items = page.people.map((p) => ({ row: toRow(p), detail: rowDetail(p, q) }));

    const render = (shown: ReadonlyArray<{ row: PersonRow; detail?: RowDetail }>, truncated: boolean) => {
      const resume = page.resume(shown.length);
      const pageNotes = [...notes, ...rowLegend(shown.map((x) => x.row))];
      const nextCursor = resume ? encodeListCursor({ q, limit, ...resume, total }) : undefined;
      const details = shown.flatMap((x) => (x.detail ? [x.detail] : []));
      const structured: Output = {
        columns: [...ROW_COLUMNS],
        rows: shown.map((x) => toCells(x.row)),
        from: page.start + 1,
        shown: shown.length,
        truncated,
        nextCursor,
        ...base,
        order,
        details: q.identity || q.device || q.include ? details : undefined,
        notes: pageNotes.length ? pageNotes : undefined,
      };
      const range = shown.length ? `${page.start + 1}–${page.start + shown.length}` : '0';
      const text = renderListText({
        head: `Personnel ${range}${total !== undefined ? ` of ${total}` : ''} ${heading}:`,
        items: shown,
        truncated,
        nextCursor,
        notes: pageNotes,
      });
      return { text, structured };
    };
    return fitItems(items, render, ctx.maxTokens).rendered;
  },
});

interface CountArgs {
  base: Pick<Output, 'total' | 'api' | 'query' | 'asOf'>;
  heading: string;
  notes: string[];
  maxTokens: number;
}

/** countOnly and groupBy: the exact total, and groups from `position.at`, `limit` a page. */
function counted(q: ListQuery, limit: number, position: ListPosition, page: ListPage, args: CountArgs) {
  const all = q.groupBy ? groupCounts(page.matched ?? page.people, q.groupBy, q) : [];
  const groups = all.slice(position.at, position.at + limit);
  const render = (shown: readonly GroupCount[], truncated: boolean) => {
    const at = position.at + shown.length;
    const snapshot = page.snapshot;
    const nextCursor = q.groupBy && at < all.length ? encodeListCursor({ q, limit, at, snapshot }) : undefined;
    const structured: Output = {
      from: position.at + 1,
      shown: shown.length,
      truncated,
      nextCursor,
      ...args.base,
      groups: q.groupBy ? [...shown] : undefined,
      notes: args.notes.length ? args.notes : undefined,
    };
    const text = renderCountText({
      groupBy: q.groupBy,
      total: args.base.total,
      heading: args.heading,
      shown,
      of: all.length,
      from: position.at,
      nextCursor,
      notes: args.notes,
    });
    return { text, structured };
  };
  return fitItems(groups, render, args.maxTokens).rendered;
}
