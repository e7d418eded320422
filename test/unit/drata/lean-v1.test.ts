/**
 * The hand-written lean V1 reader (src/drata/lean-v1.ts) against the zod schema it stands in for
 * (V1PersonnelLeanPageSchema): the same records, the same tolerance, the same failures, on the documented
 * sample, on sandbox records and on every field it reads set to odd values (wrong types, coercible strings,
 * lists sent as strings, nulls) or removed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readV1LeanPage } from '../../../src/drata/lean-v1.js';
import { V1PersonnelLeanPageSchema } from '../../../src/drata/schemas.js';
import { DEFAULT_NOW, generateOrg, renderV1Row } from '../../../src/sandbox/index.js';

type Json = unknown;

const sample = JSON.parse(
  readFileSync(new URL('./fixtures/v1-list-seed.json', import.meta.url), 'utf8'),
) as { data: Array<Record<string, unknown>> };

/** What each side makes of a page: its JSON (undefined fields dropped), or that it failed. */
function both(page: Json): { reader: unknown; schema: unknown } {
  const read = readV1LeanPage(page, (r) => r);
  const parsed = V1PersonnelLeanPageSchema.safeParse(page);
  const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
  return {
    reader: 'value' in read ? json(read.value.data) : 'fails',
    schema: parsed.success ? json(parsed.data.data) : 'fails',
  };
}

const pageOf = (data: Json[]) => ({ data, page: 1, limit: 50, total: data.length });

const ODD_VALUES: Json[] = [null, 'x', '', '12', 12, 0, true, 'true', 'false', [], '[]', '[{"type":"A"}]', {}, 'not json', [1, 'a'], 1e300];

/** Every field the lean schema reads (a list's first item stands for all). */
const PATHS = [
  'id', 'employmentStatus', 'startDate', 'separationDate', 'statusUpdatedAt', 'createdAt', 'updatedAt',
  'notHumanReason', 'reasonProvider', 'reasonProvider.email', 'devicesCount', 'devicesFailingComplianceCount',
  'complianceChecks', 'complianceChecks.0', 'complianceChecks.0.type', 'complianceChecks.0.status',
  'complianceChecks.0.expiresAt', 'complianceChecks.0.completionDate',
  'user', 'user.id', 'user.email', 'user.firstName', 'user.lastName', 'user.jobTitle',
  'user.identities', 'user.identities.0', 'user.identities.0.username', 'user.identities.0.connectedAt',
  'user.identities.0.disconnectedAt', 'user.identities.0.hasMfa', 'user.identities.0.hasIdp',
  'user.identities.0.connection', 'user.identities.0.connection.clientType',
  'user.identities.0.connection.clientAlias', 'user.identities.0.connection.providerTypes',
  'user.identities.0.connection.providerTypes.0', 'user.identities.0.connection.providerTypes.0.value',
  'user.documents', 'user.documents.0', 'user.documents.0.data', 'user.documents.0.data.0',
  'user.documents.0.data.0.type', 'user.documents.0.data.0.name', 'user.documents.0.data.0.createdAt',
  'user.documents.0.data.0.renewalDate',
  'user.backgroundChecks', 'user.backgroundChecks.0', 'user.backgroundChecks.0.status',
  'user.backgroundChecks.0.type', 'user.backgroundChecks.0.source', 'user.backgroundChecks.0.manualCheckDate',
  'user.backgroundChecks.0.linkedAt', 'user.backgroundChecks.0.updatedAt', 'user.backgroundChecks.0.outOfScopeReason',
  'devices', 'devices.0', 'devices.0.id', 'devices.0.model', 'devices.0.osVersion', 'devices.0.serialNumber',
  'devices.0.sourceType', 'devices.0.lastCheckedAt', 'devices.0.deletedAt', 'devices.0.isDeviceCompliant',
  'devices.0.complianceChecks', 'devices.0.complianceChecks.0', 'devices.0.complianceChecks.0.type',
  'devices.0.complianceChecks.0.status',
];

const DELETE = Symbol('delete');

/** A copy of `record` with the field at `path` set to `value` (or removed); undefined when the path is not there. */
function withField(record: Json, path: string, value: Json | typeof DELETE): Json | undefined {
  const copy = structuredClone(record);
  const keys = path.split('.');
  let holder = copy as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) {
    const next = holder[k];
    if (!next || typeof next !== 'object') return undefined;
    holder = next as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] as string;
  if (value === DELETE) delete holder[last];
  else holder[last] = value;
  return copy;
}

describe('the lean V1 reader', () => {
  const org = generateOrg({ size: 120, now: Date.parse(DEFAULT_NOW), profile: 'realistic' });
  const records = org.people.map((p) => renderV1Row(org, p) as Json);

  it('reads the documented sample and sandbox pages as the lean schema does', () => {
    const documented = sample.data.map((r) => ({ ...r, user: { ...(r.user as object), email: 'sally@example.com' } }));
    for (const page of [pageOf(documented), pageOf(records)]) {
      const { reader, schema } = both(page);
      expect(schema).not.toBe('fails');
      expect(reader).toEqual(schema);
    }
  });

  it('tolerates and fails exactly where the lean schema does: every field it reads set to odd values or removed', () => {
    // A record with every part present: identities with a connection, documents, background checks, devices
    // with checks, and who marked it out of scope.
    const base = records.find((r) => PATHS.every((path) => path.startsWith('reasonProvider') || withField(r, path, DELETE)));
    if (!base) throw new Error('no sandbox record has every part');
    const full = { ...(base as object), reasonProvider: { email: 'admin@example.com' } };
    let cases = 0;
    let failed = 0;
    for (const path of PATHS) {
      for (const value of [...ODD_VALUES, DELETE]) {
        const mutated = withField(full, path, value);
        const { reader, schema } = both(pageOf([mutated]));
        expect(reader, `${path} = ${String(value === DELETE ? 'removed' : JSON.stringify(value))}`).toEqual(schema);
        cases++;
        if (schema === 'fails') failed++;
      }
    }
    expect(cases).toBe(PATHS.length * (ODD_VALUES.length + 1));
    // The strict core (id, employmentStatus, user, user.id, user.email) is reached as well.
    expect(failed).toBeGreaterThan(0);
  });

  it('fails a page whose numbers or list are missing, as the schema does', () => {
    for (const page of [{ data: records.slice(0, 2) }, { ...pageOf([]), data: 'none' }, null, [], { ...pageOf([]), total: 'x' }]) {
      const { reader, schema } = both(page);
      expect(schema).toBe('fails');
      expect(reader).toBe('fails');
    }
  });

  it('reads the page numbers, coercing numeric strings', () => {
    const read = readV1LeanPage({ data: [], page: '2', limit: '50', total: 7 }, (r) => r);
    expect(read).toEqual({ value: { page: 2, limit: 50, total: 7, data: [] } });
  });
});
