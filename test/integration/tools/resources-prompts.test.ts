import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPLIANCE_CHECK_TYPES, EMPLOYMENT_STATUSES } from '../../../src/drata/catalog.js';
import { type Fixture, startFixture } from '../../support/sandbox.js';

describe('resources and prompts', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.close());

  it('lists the docs, whoami, the audit trail, the three MCP Apps and the personnel and audit templates', async () => {
    const { resources } = await f.client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual([
      'drata://audit/recent',
      'drata://docs/compliance-checks',
      'drata://docs/employment-statuses',
      'drata://whoami',
      'ui://drata-personnel/approval.html',
      'ui://drata-personnel/dashboard.html',
      'ui://drata-personnel/person.html',
    ]);
    const { resourceTemplates } = await f.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      'drata://audit/person/{personnel}',
      'drata://personnel/{personnel}',
    ]);
  });

  it('employment-statuses documents every status, the deprecated ones, aggregates and the rules', async () => {
    const { contents } = await f.client.readResource({ uri: 'drata://docs/employment-statuses' });
    const text = String((contents[0] as { text?: string } | undefined)?.text);
    for (const s of EMPLOYMENT_STATUSES) expect(text).toContain(`\`${s}\``);
    expect(text).toMatch(/SPECIAL_FORMER_EMPLOYEE` \| .*\(deprecated\)/);
    expect(text).toContain('ALL_CURRENT_PERSONNEL');
    expect(text).toMatch(/OUT_OF_SCOPE` needs `notHumanReason`/);
    expect(text).toMatch(/pauses IdP\/HRIS sync/);
  });

  it('compliance-checks documents every check and the filter that selects it', async () => {
    const { contents } = await f.client.readResource({ uri: 'drata://docs/compliance-checks' });
    const text = String((contents[0] as { text?: string } | undefined)?.text);
    for (const c of COMPLIANCE_CHECK_TYPES) expect(text).toContain(`failing: ["${c}"]`);
    expect(text).toContain('identityMfaCompliance');
  });

  it('the personnel template reads one person by id or email', async () => {
    const p = f.sandbox.org.people[4];
    for (const ref of [String(p?.id), encodeURIComponent(p?.email ?? '')]) {
      const { contents } = await f.client.readResource({ uri: `drata://personnel/${ref}` });
      expect(contents[0]?.mimeType).toBe('text/markdown');
      expect(String((contents[0] as { text?: string } | undefined)?.text)).toContain(`(#${p?.id})`);
    }
  });

  it('completes the personnel variable from names and emails', async () => {
    const p = f.sandbox.org.people.find((x) => x.lastName && x.lastName.length > 3);
    const prefix = p?.lastName?.slice(0, 4) ?? '';
    const result = await f.client.complete({
      ref: { type: 'ref/resource', uri: 'drata://personnel/{personnel}' },
      argument: { name: 'personnel', value: prefix },
    });
    expect(result.completion.values).toContain(p?.email);
  });

  it('lists the prompts and completes their arguments', async () => {
    const { prompts } = await f.client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(['compliance_gap_review', 'offboarding_audit']);
    const check = await f.client.complete({
      ref: { type: 'ref/prompt', name: 'compliance_gap_review' },
      argument: { name: 'check', value: 'HI' },
    });
    expect(check.completion.values).toEqual(['HIPAA_TRAINING']);
    const scope = await f.client.complete({
      ref: { type: 'ref/prompt', name: 'offboarding_audit' },
      argument: { name: 'scope', value: 'former_c' },
    });
    expect(scope.completion.values).toEqual(['FORMER_CONTRACTOR']);
  });

  it('prompts tell the model to use the report once and not to write', async () => {
    const gap = await f.client.getPrompt({
      name: 'compliance_gap_review',
      arguments: { check: 'IDENTITY_MFA' },
    });
    const text = JSON.stringify(gap.messages);
    expect(text).toContain('personnel_compliance_report');
    expect(text).toContain('checks: [\\"IDENTITY_MFA\\"]');
    const off = await f.client.getPrompt({ name: 'offboarding_audit', arguments: {} });
    expect(JSON.stringify(off.messages)).toMatch(/ALL_FORMER_PERSONNEL.*dryRun/s);
  });

  it('offboarding_audit asks only for lists the report computes for the scope it names', async () => {
    // What each report section is called in a prompt's instructions, by the name `notComputed` gives it.
    const wording: Record<string, RegExp> = {
      'offboarding gaps': /offboarding gaps/,
      'MFA gaps': /MFA/,
      devices: /no device|non-compliant device/,
      training: /training/i,
      'out of scope without a reason': /OUT_OF_SCOPE|without a reason/,
    };
    for (const scope of ['ALL_FORMER_PERSONNEL', 'FORMER_EMPLOYEE', 'FORMER_CONTRACTOR']) {
      const prompt = await f.client.getPrompt({ name: 'offboarding_audit', arguments: { scope } });
      const text = JSON.stringify(prompt.messages);
      expect(text).toMatch(wording['offboarding gaps'] as RegExp);
      const report = await f.client.callTool({
        name: 'personnel_compliance_report',
        arguments: { employmentStatus: [scope] },
      });
      const missing = (report.structuredContent as { notComputed?: string[] }).notComputed ?? [];
      const sections = missing.map((n) => n.split(':')[0] ?? '');
      expect(sections).toContain('out of scope without a reason');
      expect(sections).not.toContain('offboarding gaps');
      for (const section of sections) {
        expect(wording[section], `a wording for ${section}`).toBeDefined();
        expect(text, `${scope}: ${section}`).not.toMatch(wording[section] as RegExp);
      }
    }
  });
});
