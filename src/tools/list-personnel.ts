import { z } from 'zod';
import {
  COMPLIANCE_CHECK_TYPES,
  type ComplianceCheckType,
  EMPLOYMENT_STATUSES,
  type EmploymentStatus,
  V1_EMPLOYMENT_STATUSES_FILTER,
  V1_STATUS_AGGREGATES,
  type V1EmploymentStatusesFilter,
  type V1Sort,
} from '../drata/catalog.js';
import { InputError } from '../errors.js';
import { fitItems } from '../personnel/budget.js';
import { fromV1, fromV2 } from '../personnel/normalize.js';
import { renderRows } from '../personnel/render.js';
import { type PersonRow, toRow } from '../personnel/summarize.js';
import { defineTool } from './types.js';

export const STATUS_FILTER_VALUES = [
  ...EMPLOYMENT_STATUSES,
  'ALL_CURRENT_PERSONNEL',
  'ALL_FORMER_PERSONNEL',
  'ALL_PERSONNEL',
] as const;
type StatusFilter = (typeof STATUS_FILTER_VALUES)[number];

const SORTS = ['name', 'employmentStatus', 'startDate', 'separationDate', 'createdAt', 'updatedAt'] as const;
type Sort = (typeof SORTS)[number];
const V1_SORT: Partial<Record<Sort, V1Sort>> = {
  name: 'NAME',
  employmentStatus: 'EMPLOYMENT_STATUS',
  startDate: 'START_DATE',
  separationDate: 'SEPARATION_DATE',
};

const inputSchema = z.object({
  employmentStatus: z
    .array(z.enum(STATUS_FILTER_VALUES))
    .min(1)
    .max(STATUS_FILTER_VALUES.length)
    .optional()
    .describe(
      'Only these statuses. ALL_CURRENT_PERSONNEL = current employees + contractors. Omit for every status.',
    ),
  search: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('Name or email (part of it); case-insensitive.'),
  failing: z
    .array(z.enum(COMPLIANCE_CHECK_TYPES))
    .min(1)
    .max(COMPLIANCE_CHECK_TYPES.length)
    .optional()
    .describe('Only people failing (FAIL or MISCONFIGURED) every one of these checks.'),
  passing: z
    .array(z.enum(COMPLIANCE_CHECK_TYPES))
    .min(1)
    .max(COMPLIANCE_CHECK_TYPES.length)
    .optional()
    .describe('Only people passing (PASS or EXCLUDED) every one of these checks.'),
  devicesCompliant: z
    .boolean()
    .optional()
    .describe('true: everyone whose devices all pass; false: people with a failing device or none.'),
  sort: z.enum(SORTS).optional().describe('Default: name when filtering or searching, else the API order.'),
  sortDir: z.enum(['ASC', 'DESC']).optional(),
  limit: z.number().int().min(1).max(50).default(20).describe('Rows per page, 1..50.'),
  cursor: z
    .string()
    .min(1)
    .max(2000)
    .optional()
    .describe(
      'nextCursor from the previous result: continues that same query (other filters must be omitted).',
    ),
});
type Input = z.output<typeof inputSchema>;

const querySchema = z.object({
  employmentStatus: z.array(z.string()).optional(),
  search: z.string().optional(),
  failing: z.array(z.string()).optional(),
  passing: z.array(z.string()).optional(),
  devicesCompliant: z.boolean().optional(),
  sort: z.string().optional(),
  sortDir: z.string().optional(),
});

const outputSchema = z.object({
  columns: z.array(z.string()).describe('Names of the values in each row, in order'),
  groups: z
    .array(
      z.object({
        status: z.string().describe('Employment status of every person in this group'),
        rows: z
          .array(z.array(z.union([z.number().describe('the id'), z.string(), z.null().describe('no value')])))
          .describe(
            'id, name, email, start date, separation date (YYYY-MM-DD or null), failing checks (comma-separated, or null)',
          ),
      }),
    )
    .describe('The people of this page grouped by employment status, in page order within each group'),
  shown: z.number().describe('Rows in this result'),
  total: z.number().optional().describe('People matching the query, when the API reports it'),
  truncated: z
    .boolean()
    .describe('Rows were cut to fit the output budget; nextCursor continues from the cut'),
  nextCursor: z.string().optional(),
  api: z.enum(['v1', 'v2']),
  query: querySchema.describe('The filters that were applied'),
  order: z.string().describe('The order rows come in, and whether it is the default'),
  notes: z.array(z.string()).optional(),
});
type Output = z.output<typeof outputSchema>;

/** Rows travel as a compact table grouped by status: the same values for every person, in this order. */
export const ROW_COLUMNS = ['id', 'name', 'email', 'started', 'separated', 'failing'] as const;

type Cell = string | number | null;
const toColumns = (r: PersonRow): Cell[] => [
  r.id,
  r.name,
  r.email ?? null,
  r.started ?? null,
  r.separated ?? null,
  r.failing?.length ? r.failing.join(', ') : null,
];

/** Group rows by status, groups in order of first appearance, rows in page order within a group. */
function groupByStatus(rows: readonly PersonRow[]): Array<{ status: string; rows: PersonRow[] }> {
  const groups = new Map<string, PersonRow[]>();
  for (const r of rows) {
    const g = groups.get(r.status);
    if (g) g.push(r);
    else groups.set(r.status, [r]);
  }
  return [...groups].map(([status, members]) => ({ status, rows: members }));
}

/** What a cursor carries: the query, where the API is (V1 page or V2 cursor), rows to skip, known total. */
const cursorSchema = z.object({
  q: z.object({
    employmentStatus: z.array(z.enum(STATUS_FILTER_VALUES)).optional(),
    search: z.string().optional(),
    failing: z.array(z.enum(COMPLIANCE_CHECK_TYPES)).optional(),
    passing: z.array(z.enum(COMPLIANCE_CHECK_TYPES)).optional(),
    devicesCompliant: z.boolean().optional(),
    sort: z.enum(SORTS).optional(),
    sortDir: z.enum(['ASC', 'DESC']).optional(),
  }),
  limit: z.number().int().min(1).max(50),
  page: z.number().int().min(1).optional(),
  upstream: z.string().optional(),
  skip: z.number().int().min(0),
  total: z.number().optional(),
});
type Cursor = z.output<typeof cursorSchema>;
type Query = Cursor['q'];

/**
 * Cursors are opaque to the model but cost tokens in every result, so the wire form is positional:
 * base64url of `[1, query, limit, page, upstream, skip, total]` with empty parts as 0 or "".
 */
function encodeCursor(c: Cursor): string {
  const wire = [1, c.q, c.limit, c.page ?? 0, c.upstream ?? '', c.skip, c.total ?? -1];
  return Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
}

function decodeCursor(value: string): Cursor {
  try {
    const wire = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown[];
    if (!Array.isArray(wire) || wire[0] !== 1) throw new Error('not a cursor');
    const [, q, limit, page, upstream, skip, total] = wire;
    return cursorSchema.parse({
      q,
      limit,
      page: page === 0 ? undefined : page,
      upstream: upstream === '' ? undefined : upstream,
      skip,
      total: total === -1 ? undefined : total,
    });
  } catch {
    throw new InputError(
      'cursor',
      'not a cursor from list_personnel: pass nextCursor exactly as returned, or omit it',
    );
  }
}

const QUERY_KEYS = [
  'employmentStatus',
  'search',
  'failing',
  'passing',
  'devicesCompliant',
  'sort',
  'sortDir',
] as const;

function validateQuery(q: Query): void {
  const both = (q.failing ?? []).filter((c) => q.passing?.includes(c));
  if (both.length)
    throw new InputError('failing', `a check cannot be both failing and passing: ${both.join(', ')}`);
}

function needsV1(q: Query): boolean {
  return Boolean(
    q.search ||
    q.failing?.length ||
    q.passing?.length ||
    q.devicesCompliant !== undefined ||
    (q.sort && V1_SORT[q.sort] !== undefined),
  );
}

/** The V1 status params for a set of requested statuses. */
function v1StatusParams(values: readonly StatusFilter[] | undefined): {
  employmentStatus?: EmploymentStatus;
  employmentStatuses?: V1EmploymentStatusesFilter[];
} {
  if (!values?.length) return {};
  const single = values.length === 1 ? values[0] : undefined;
  if (single && (EMPLOYMENT_STATUSES as readonly string[]).includes(single)) {
    return { employmentStatus: single as EmploymentStatus };
  }
  const unsupported = values.filter((v) => !(V1_EMPLOYMENT_STATUSES_FILTER as readonly string[]).includes(v));
  if (unsupported.length) {
    throw new InputError(
      'employmentStatus',
      `${unsupported.join(', ')} can only be listed alone (or through ALL_FORMER_PERSONNEL) when combined with search or compliance filters`,
    );
  }
  return { employmentStatuses: values as V1EmploymentStatusesFilter[] };
}

/** Plain statuses for V2 (aggregates expanded). */
function v2Statuses(values: readonly StatusFilter[] | undefined): EmploymentStatus[] | undefined {
  if (!values?.length) return undefined;
  const out = new Set<EmploymentStatus>();
  for (const v of values) {
    const agg = (V1_STATUS_AGGREGATES as Record<string, readonly EmploymentStatus[]>)[v];
    for (const s of agg ?? [v as EmploymentStatus]) out.add(s);
  }
  return [...out];
}

/** The effective order: what was asked, or the default the API applies. */
function orderOf(q: Query, api: 'v1' | 'v2'): string {
  if (q.sort) return `${q.sort} ${q.sortDir ?? 'ASC'}`;
  return api === 'v1' ? 'name ASC (default when searching or filtering)' : 'API order (default)';
}

function describeQuery(q: Query, api: 'v1' | 'v2'): string {
  const parts: string[] = [];
  parts.push(q.employmentStatus?.length ? q.employmentStatus.join('/') : 'all statuses');
  if (q.search) parts.push(`matching "${q.search}"`);
  if (q.failing?.length) parts.push(`failing ${q.failing.join(' and ')}`);
  if (q.passing?.length) parts.push(`passing ${q.passing.join(' and ')}`);
  if (q.devicesCompliant !== undefined)
    parts.push(q.devicesCompliant ? 'all devices compliant' : 'a device failing or none');
  parts.push(
    q.sort
      ? `sorted by ${q.sort} ${q.sortDir ?? 'ASC'}`
      : api === 'v1'
        ? 'sorted by name ASC'
        : 'in API order',
  );
  return parts.join('; ');
}

export const listPersonnelTool = defineTool({
  name: 'list_personnel',
  title: 'List personnel',
  description: `List people in Drata, one compact row each (id, name, email, employment status, start → separation dates, failing checks), with filters. Use it to find someone by name or email ("search"), or to list who is failing given checks ("failing": ["IDENTITY_MFA"]) within given statuses ("employmentStatus": ["ALL_CURRENT_PERSONNEL"]). Pages with an opaque nextCursor: pass it back alone to continue. For org-wide counts or "who is failing what" across everyone, call personnel_compliance_report once instead of paging. For one person's full picture (devices, identities, training), call get_personnel with the id.`,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inputSchema,
  outputSchema,
  async handler(args: Input, ctx) {
    let q: Query;
    let limit: number;
    let position: { page?: number; upstream?: string; skip: number; total?: number };
    if (args.cursor) {
      const given = QUERY_KEYS.filter((k) => args[k] !== undefined);
      if (given.length) {
        throw new InputError(
          given[0] ?? 'cursor',
          'omit filters when passing a cursor: the cursor already holds its query',
        );
      }
      const c = decodeCursor(args.cursor);
      q = c.q;
      limit = c.limit;
      position = { page: c.page, upstream: c.upstream, skip: c.skip, total: c.total };
    } else {
      q = Object.fromEntries(
        QUERY_KEYS.filter((k) => args[k] !== undefined).map((k) => [k, args[k]]),
      ) as Query;
      limit = args.limit;
      position = { skip: 0 };
    }
    validateQuery(q);
    const api: 'v1' | 'v2' = needsV1(q) ? 'v1' : 'v2';
    if (api === 'v1' && (q.sort === 'createdAt' || q.sort === 'updatedAt')) {
      throw new InputError(
        'sort',
        'createdAt/updatedAt order is only available without search or compliance filters; use name, startDate or separationDate',
      );
    }

    const notes: string[] = [];
    if (!q.employmentStatus?.length && !args.cursor) {
      notes.push(
        'No employmentStatus filter: every status is included (former, out of scope and service accounts too).',
      );
    }

    let people: PersonRow[];
    let total: number | undefined;
    let next: { page?: number; upstream?: string; total?: number } | undefined;
    if (api === 'v1') {
      const page = position.page ?? 1;
      const checks: Partial<Record<ComplianceCheckType, boolean>> = {};
      for (const c of q.failing ?? []) checks[c] = false;
      for (const c of q.passing ?? []) checks[c] = true;
      const result = await ctx.api.v1List(
        {
          page,
          limit,
          q: q.search,
          ...v1StatusParams(q.employmentStatus),
          checks,
          deviceCompliance: q.devicesCompliant,
          sort: q.sort ? V1_SORT[q.sort] : 'NAME',
          sortDir: q.sortDir ?? 'ASC',
        },
        ctx.signal,
      );
      people = result.data.map((r) => toRow(fromV1(r)));
      total = result.total;
      if (page * limit < result.total && result.data.length > 0) next = { page: page + 1 };
    } else {
      const result = await ctx.api.v2List(
        {
          cursor: position.upstream,
          size: limit,
          sort: q.sort as 'createdAt' | 'updatedAt' | undefined,
          sortDir: q.sort ? (q.sortDir ?? 'ASC') : q.sortDir,
          includeTotalCount: position.upstream === undefined,
          expand: ['user', 'complianceChecks'],
          employmentStatus: v2Statuses(q.employmentStatus),
        },
        ctx.signal,
      );
      people = result.data.map((r) => toRow(fromV2(r)));
      total = result.pagination.totalCount ?? position.total;
      if (result.pagination.cursor) next = { upstream: result.pagination.cursor, total };
    }

    const rows = people.slice(position.skip);
    const before = (position.page ? (position.page - 1) * limit : 0) + position.skip;
    const render = (shown: readonly PersonRow[], truncated: boolean) => {
      const groups = groupByStatus(shown);
      let nextCursor: string | undefined;
      if (truncated) {
        nextCursor = encodeCursor({
          q,
          limit,
          page: api === 'v1' ? (position.page ?? 1) : undefined,
          upstream: position.upstream,
          skip: position.skip + shown.length,
          total,
        });
      } else if (next) {
        nextCursor = encodeCursor({ q, limit, ...next, skip: 0 });
      }
      const structured: Output = {
        columns: [...ROW_COLUMNS],
        groups: groups.map((g) => ({ status: g.status, rows: g.rows.map(toColumns) })),
        shown: shown.length,
        total,
        truncated,
        nextCursor,
        api,
        query: q,
        order: orderOf(q, api),
        notes: notes.length ? notes : undefined,
      };
      const range = shown.length ? `${before + 1}–${before + shown.length}` : '0';
      const lines = [
        `Personnel ${range}${total !== undefined ? ` of ${total}` : ''} (${describeQuery(q, api)}; by status; ${api.toUpperCase()}):`,
      ];
      for (const g of groups) lines.push(`${g.status} (${g.rows.length}):`, renderRows(g.rows));
      if (!shown.length) lines.push('(none)');
      if (truncated) lines.push(`Cut to fit the output budget after ${shown.length} rows.`);
      if (nextCursor) lines.push(`nextCursor: ${nextCursor}`);
      for (const n of notes) lines.push(`Note: ${n}`);
      return { text: lines.join('\n'), structured };
    };
    return fitItems(rows, render, ctx.maxTokens).rendered;
  },
});
