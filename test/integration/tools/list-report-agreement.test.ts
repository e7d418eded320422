/**
 * Every count the tools print for the same question agrees: list_personnel's total equals the report's
 * figure and the sandbox's ground truth, for every check type in the default scope (failing and excluded),
 * and the list never returns an EXCLUDED person as failing although V1's filter does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPLIANCE_CHECK_TYPES, CURRENT_STATUSES } from '../../../src/drata/catalog.js';
import { type ListPage, rowsOf } from '../../support/rows.js';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';
import { reportTruth } from '../../support/truth.js';

type Check = { type: string; fail: number; misconfigured: number; excluded: number };

describe('list totals equal report counts (default scope, sandbox org of 400)', () => {
  let f: Fixture;
  let checks: Check[];
  beforeAll(async () => {
    f = await startFixture({ sandbox: { size: 400 } });
    const report = await call(f, 'personnel_compliance_report', {});
    checks = (report.structuredContent as { checks: Check[] }).checks;
  });
  afterAll(() => f.close());

  const current = () => f.sandbox.org.people.filter((p) => CURRENT_STATUSES.includes(p.employmentStatus));

  it('the sandbox answers <check>Compliance=false with EXCLUDED people too (as Drata does)', () => {
    const excludedMfa = current().filter((p) => p.checks.IDENTITY_MFA === 'EXCLUDED');
    expect(excludedMfa.length).toBeGreaterThan(0);
  });

  it.each(COMPLIANCE_CHECK_TYPES)('%s: failing and excluded totals', async (type) => {
    const truth = reportTruth(f.sandbox.org, CURRENT_STATUSES).checks[type];
    const c = checks.find((x) => x.type === type);
    const base = { employmentStatus: ['ALL_CURRENT_PERSONNEL'], limit: 50 };
    const failing = await call(f, 'list_personnel', { ...base, failing: [type] });
    const excluded = await call(f, 'list_personnel', { ...base, excluded: [type] });
    const fs = failing.structuredContent as ListPage;
    const es = excluded.structuredContent as ListPage;
    expect(fs.total).toBe((c?.fail ?? 0) + (c?.misconfigured ?? 0));
    expect(fs.total).toBe(truth ? truth.fail + truth.misconfigured : 0);
    expect(es.total).toBe(c?.excluded ?? 0);
    const byId = new Map(f.sandbox.org.people.map((p) => [p.id, p]));
    for (const r of rowsOf(fs)) expect(['FAIL', 'MISCONFIGURED']).toContain(byId.get(r.id)?.checks[type]);
    for (const r of rowsOf(es)) {
      expect(byId.get(r.id)?.checks[type]).toBe('EXCLUDED');
      expect(r.excluded).toContain(type);
    }
    // The text says the same total.
    expect(failing.content[0]?.text).toMatch(new RegExp(`^Personnel (0|1–\\d+) of ${fs.total} `));
  });
});
