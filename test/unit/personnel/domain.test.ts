import { encode } from 'gpt-tokenizer/encoding/cl100k_base';
import { encode as encodeO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { fitItems, fitSections, tokensOf } from '../../../src/personnel/budget.js';
import { isCalendarDate } from '../../../src/personnel/dates.js';
import { parsePersonRef } from '../../../src/personnel/lookup.js';
import { failingCheckTypes, type Person } from '../../../src/personnel/model.js';
import { toDay } from '../../../src/personnel/normalize.js';
import { renderRow, renderSummary } from '../../../src/personnel/render.js';
import { toRow } from '../../../src/personnel/rows.js';
import { summarizePerson } from '../../../src/personnel/summarize.js';
import { trainingState } from '../../../src/personnel/training.js';
import { estimateTokens } from '../../../src/personnel/tokens.js';

const NOW = new Date('2026-11-01T00:00:00Z');

const anna: Person = {
  id: 12,
  name: 'Anna Schmidt',
  firstName: 'Anna',
  lastName: 'Schmidt',
  email: 'Anna.Schmidt+ops@Example.com',
  jobTitle: 'Engineer',
  employmentStatus: 'CURRENT_EMPLOYEE',
  startDate: '2023-01-04',
  statusUpdatedAt: '2025-05-01T10:00:00.000Z',
  checks: [
    { type: 'FULL_COMPLIANCE', status: 'FAIL' },
    { type: 'IDENTITY_MFA', status: 'FAIL' },
    { type: 'HDD_ENCRYPTION', status: 'MISCONFIGURED' },
    {
      type: 'BG_CHECK',
      status: 'EXCLUDED',
      exclusion: { reason: 'Agency vetted', by: 'admin@example.com', until: '2027-01-01T00:00:00Z' },
    },
    { type: 'ACCEPTED_POLICIES', status: 'PASS' },
  ],
  identities: [
    {
      provider: 'GOOGLE',
      username: 'anna',
      hasMfa: false,
      connected: true,
      connectedAt: '2023-01-04T00:00:00Z',
      isIdp: true,
    },
    {
      provider: 'GITHUB',
      username: 'annas',
      hasMfa: true,
      connected: false,
      disconnectedAt: '2025-02-01T00:00:00Z',
    },
  ],
  devices: [
    {
      id: 1,
      name: 'MacBook Pro',
      osVersion: 'macOS 14.6',
      lastCheckedAt: '2026-10-31T10:00:00Z',
      compliant: false,
      failingChecks: ['HDD_ENCRYPTION'],
    },
    { id: 2, name: 'ThinkPad', osVersion: 'Windows 11', compliant: true, failingChecks: [] },
  ],
  deviceCount: 2,
  trainings: [
    { type: 'SEC_TRAINING', renewalOn: '2026-10-15' },
    { type: 'HIPAA_TRAINING_EVIDENCE', renewalOn: '2026-11-20' },
    { type: 'NIST_AI_TRAINING_EVIDENCE', renewalOn: '2027-06-01' },
  ],
  customFields: [
    { id: 1, name: 'Department', value: 'Engineering' },
    { id: 2, name: 'Cost Center', value: null },
  ],
  sources: ['v1', 'v2'],
};

describe('token estimate', () => {
  const samples = [
    renderSummary(summarizePerson(anna, { detail: 'full', now: NOW })),
    JSON.stringify(summarizePerson(anna, { detail: 'full', now: NOW })),
    renderRow(toRow(anna)),
    JSON.stringify(toRow(anna)),
    "王芳 José Ñúñez Søren O'Brien Zoë Müller-Lüdenscheidt",
    'The quick brown fox jumps over the lazy dog. Which current employees fail MFA?',
    '| Device | OS | Failing |\n|---|---|---|\n| MacBook Pro 16 | macOS 14.2 | HDD_ENCRYPTION |',
  ];
  it.each(samples.map((s, i) => [i, s]))(
    'sample %i is not under-counted by more than 10%% against cl100k and o200k',
    (_i, s) => {
      const est = estimateTokens(s);
      expect(est).toBeGreaterThanOrEqual(Math.floor(encode(s).length * 0.9));
      expect(est).toBeGreaterThanOrEqual(Math.floor(encodeO200k(s).length * 0.9));
    },
  );
});

describe('dates and references', () => {
  it('accepts only real calendar dates', () => {
    for (const d of ['2024-02-29', '2023-01-04', '1999-12-31']) expect(isCalendarDate(d)).toBe(true);
    for (const d of [
      '2025-02-29',
      '2025-13-01',
      '2025-00-10',
      '2025-1-1',
      '2025-01-32',
      'yesterday',
      '2025-01-01T00:00:00Z',
    ])
      expect(isCalendarDate(d)).toBe(false);
  });
  it('reads ISO instants and dates as days', () => {
    expect(toDay('2023-12-31T23:59:59.000Z')).toBe('2023-12-31');
    expect(toDay('2023-01-04')).toBe('2023-01-04');
    expect(toDay(null)).toBeUndefined();
    expect(toDay('garbage')).toBeUndefined();
  });
  it('parses ids, emails and email: references', () => {
    expect(parsePersonRef(12)).toEqual({ kind: 'id', id: 12 });
    expect(parsePersonRef(' 12 ')).toEqual({ kind: 'id', id: 12 });
    expect(parsePersonRef('Anna.Schmidt+ops@Example.com')).toEqual({
      kind: 'email',
      email: 'Anna.Schmidt+ops@Example.com',
    });
    expect(parsePersonRef('email:zoë@exämple.com')).toEqual({ kind: 'email', email: 'zoë@exämple.com' });
    expect(parsePersonRef("o'brien@example.com")).toEqual({ kind: 'email', email: "o'brien@example.com" });
  });
  it('a name or username (no "@") is refused with where ids come from; a malformed email is not told to search', () => {
    expect(() => parsePersonRef('svc-deploy')).toThrow(
      /"svc-deploy" is not an email address like name@example.com; to find a person by name, call list_personnel with search$/,
    );
    expect(() => parsePersonRef('a/b@x.com')).toThrow(/contains "\/", "\\", "\?" or "#"$/);
  });
  it.each([
    0,
    -3,
    1.5,
    'bob',
    '../all/reset-sync',
    'a/b@x.com',
    'a%2Fb@x.com',
    'x@y.com?z=1',
    'x@y.com#f',
    '',
    'email:',
    'a@b@c',
  ])('rejects %j naming the field', (value) => {
    expect(() => parsePersonRef(value as string | number, 'personnel')).toThrow(InputError);
    try {
      parsePersonRef(value as string | number, 'personnel');
    } catch (err) {
      expect((err as InputError).field).toBe('personnel');
    }
  });
});

describe('summaries', () => {
  it('lists failing checks by name, dropping FULL_COMPLIANCE when a specific check explains it', () => {
    expect(failingCheckTypes(anna)).toEqual(['HDD_ENCRYPTION', 'IDENTITY_MFA']);
    expect(failingCheckTypes({ checks: [{ type: 'FULL_COMPLIANCE', status: 'FAIL' }] })).toEqual([
      'FULL_COMPLIANCE',
    ]);
  });

  it('summary answers the compliance questions and says what it left out', () => {
    const s = summarizePerson(anna, { detail: 'summary', now: NOW });
    // FULL_COMPLIANCE is named among the failing checks (last), with what it follows from.
    expect(s.failingChecks?.map((c) => c.type)).toEqual(['IDENTITY_MFA', 'HDD_ENCRYPTION', 'FULL_COMPLIANCE']);
    expect(s.excludedChecks?.[0]).toMatchObject({
      checks: ['BG_CHECK'],
      exclusion: 'Agency vetted, by admin@example.com, until 2027-01-01',
    });
    expect(s.passingChecks).toBeUndefined();
    expect(s.identities).toEqual([
      { provider: 'GOOGLE', username: 'anna', mfa: false, idp: true, connected: true },
      { provider: 'GITHUB', username: 'annas', mfa: true, connected: false, since: '2025-02-01' },
    ]);
    expect(s.devices).toEqual({
      count: 2,
      failingCount: 1,
      list: [
        {
          id: 1,
          name: 'MacBook Pro',
          os: 'macOS 14.6',
          lastCheckedOn: '2026-10-31',
          compliant: false,
          failing: ['HDD_ENCRYPTION'],
        },
      ],
    });
    expect(s.training).toEqual([
      { type: 'SECURITY_TRAINING', state: 'expired', renewalOn: '2026-10-15' },
      { type: 'HIPAA_TRAINING', state: 'due_soon', renewalOn: '2026-11-20' },
    ]);
    expect(s.customFields).toEqual({ Department: 'Engineering' });
    expect(s.manualStatusSince).toBe('2025-05-01');
    expect(s.omitted).toEqual([
      '1 passing check (detail: "full" lists them)',
      '1 compliant device (detail: "full" lists them)',
      '1 training in good standing',
      '1 empty custom field',
    ]);
    // Why each check fails, where the record shows it.
    expect(s.failingChecks?.map((c) => c.reason)).toEqual(['no MFA on GOOGLE anna', 'on device #1 MacBook Pro', undefined]);
    const text = renderSummary(s);
    expect(text).toContain(
      'Failing checks: IDENTITY_MFA: no MFA on GOOGLE anna, HDD_ENCRYPTION (MISCONFIGURED): on device #1 MacBook Pro',
    );
    expect(text).toContain('GOOGLE anna IdP MFA OFF connected');
    // MFA as reported on every identity, the non-IdP GitHub one included.
    expect(text).toContain('GITHUB annas MFA on disconnected 2025-02-01');
    expect(text).toContain('Training: SECURITY_TRAINING EXPIRED (renewal 2026-10-15), HIPAA_TRAINING due within 30 days');
    expect(text).toContain('set manually 2025-05-01 (IdP/HRIS sync paused)');
    expect(text).not.toMatch(/undefined|null/);
  });

  it('full detail adds passing checks, compliant devices, all training and empty fields', () => {
    const s = summarizePerson(anna, { detail: 'full', now: NOW });
    expect(s.passingChecks).toEqual(['ACCEPTED_POLICIES']);
    expect(s.devices?.list).toHaveLength(2);
    expect(s.training).toHaveLength(3);
    expect(s.customFields).toEqual({ Department: 'Engineering', 'Cost Center': null });
  });

  it('sections restrict the view', () => {
    const s = summarizePerson(anna, { detail: 'summary', sections: ['identities'], now: NOW });
    expect(Object.keys(s).sort()).toEqual([
      'email',
      'employmentStatus',
      'id',
      'identities',
      'jobTitle',
      'manualStatusSince',
      'name',
      'startDate',
    ]);
  });

  it('training state thresholds', () => {
    expect(trainingState('2026-10-31', false, '2026-11-01')).toBe('expired');
    expect(trainingState('2026-10-31', true, '2026-11-01')).toBe('expired');
    expect(trainingState(undefined, true, '2026-11-01')).toBe('never_completed');
    expect(trainingState('2026-11-01', false, '2026-11-01')).toBe('due_soon');
    expect(trainingState('2026-12-01', false, '2026-11-01')).toBe('due_soon');
    expect(trainingState('2026-12-02', false, '2026-11-01')).toBe('ok');
    expect(trainingState(undefined, false, '2026-11-01')).toBe('no_renewal_date');
  });

  it('exclusions sharing a reason are one group (a service account: one reason, many checks)', () => {
    const exclusion = { reason: 'Service account', by: 'admin@example.com' };
    const svc: Person = {
      ...anna,
      checks: ['ACCEPTED_POLICIES', 'BG_CHECK', 'SECURITY_TRAINING'].map((type) => ({ type, status: 'EXCLUDED', exclusion })),
    };
    const s = summarizePerson(svc, { detail: 'summary', now: NOW });
    expect(s.excludedChecks).toEqual([
      { checks: ['ACCEPTED_POLICIES', 'BG_CHECK', 'SECURITY_TRAINING'], exclusion: 'Service account, by admin@example.com' },
    ]);
    expect(renderSummary(s)).toContain(
      'Excluded checks: ACCEPTED_POLICIES, BG_CHECK, SECURITY_TRAINING (Service account, by admin@example.com)',
    );
  });

  it('list rows are compact and render on one line', () => {
    expect(toRow(anna)).toEqual({
      id: 12,
      name: 'Anna Schmidt',
      email: 'Anna.Schmidt+ops@Example.com',
      status: 'CURRENT_EMPLOYEE',
      started: '2023-01-04',
      failing: ['HDD_ENCRYPTION', 'IDENTITY_MFA'],
      misconfigured: ['HDD_ENCRYPTION'],
      excluded: ['BG_CHECK'],
      devices: { count: 2, failing: 1 },
      manualSince: '2025-05-01',
    });
    // HDD_ENCRYPTION is MISCONFIGURED, not FAIL: the row says so.
    expect(renderRow(toRow(anna))).toBe(
      '#12 Anna Schmidt Anna.Schmidt+ops@Example.com CURRENT_EMPLOYEE 2023-01-04→; failing HDD_ENCRYPTION misconfigured,IDENTITY_MFA; excluded BG_CHECK; 2 devices, 1 failing; status set manually 2025-05-01',
    );
    const none = toRow({ ...anna, devices: [], deviceCount: 0, notHumanReason: `Shared ${'x'.repeat(80)}` });
    expect(renderRow(none)).toMatch(/; no device; reason: Shared x+…; status set manually/);
    expect(none.reason?.length).toBe(60);
  });
});

describe('budget', () => {
  const render = (rows: readonly number[], truncated: boolean) => ({
    text: rows.map((r) => `row number ${r} with some words`).join('\n'),
    structured: { rows: [...rows], truncated },
  });
  it('keeps every row when they fit', () => {
    const { shown, rendered } = fitItems([1, 2, 3], render, 10_000);
    expect(shown).toBe(3);
    expect(rendered.structured.truncated).toBe(false);
  });
  it('cuts whole rows from the end to fit, and says so', () => {
    const rows = Array.from({ length: 200 }, (_, i) => i);
    const { shown, rendered } = fitItems(rows, render, 500);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(200);
    expect(rendered.structured.rows).toEqual(rows.slice(0, shown));
    expect(rendered.structured.truncated).toBe(true);
    expect(tokensOf(rendered)).toBeLessThanOrEqual(500);
    expect(tokensOf(render(rows.slice(0, shown + 1), true))).toBeGreaterThan(500);
  });
  it('shrinks the longest sections of a record and notes it', () => {
    const value = { a: Array.from({ length: 100 }, (_, i) => `item ${i}`), b: ['x'], notes: [] as string[] };
    const out = fitSections(
      value,
      [['a'], ['b']],
      (v) => ({ text: v.a.join(', '), structured: v }),
      100,
      (v, path, kept, total) => {
        v.notes = [`${path.join('.')}: ${kept} of ${total}`];
      },
    );
    expect(out.shortened).toBe(true);
    expect(out.value.a.length).toBeLessThan(100);
    expect(out.value.b).toEqual(['x']);
    expect(out.value.notes[0]).toMatch(/^a: \d+ of 100$/);
    expect(tokensOf(out.rendered)).toBeLessThanOrEqual(100);
  });
});
