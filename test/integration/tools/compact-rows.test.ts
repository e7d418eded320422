/**
 * Compact rows on the realistic sandbox org, through the in-memory MCP client: every row of every page,
 * in each channel on its own, reads back to the facts of the sandbox's own record (failing and excluded
 * checks, devices, reason, manual override, dates); check groups and cut reasons are explained on the
 * page. (Tokens per row are a size target: `npm run bench` prints them for this org.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckSet, encodeCheckSet } from '../../../src/personnel/check-sets.js';
import { isDeviceCompliant, type SandboxPerson } from '../../../src/sandbox/index.js';
import { type ListPage, misconfiguredIn, rowsOf } from '../../support/rows.js';
import { call, type Fixture, startFixture } from '../../support/sandbox.js';

const FAILING = new Set(['FAIL', 'MISCONFIGURED']);
const day = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString().slice(0, 10));

/** The row facts straight from the sandbox record (FULL_COMPLIANCE left out when another check fails). */
function factsOf(p: SandboxPerson) {
  const entries = Object.entries(p.checks);
  const failing = entries.filter(([, s]) => FAILING.has(s)).map(([t]) => t);
  const specific = failing.filter((t) => t !== 'FULL_COMPLIANCE');
  const shown = (specific.length ? specific : failing).sort();
  return {
    failing: shown,
    misconfigured: shown.filter((t) => p.checks[t as keyof typeof p.checks] === 'MISCONFIGURED'),
    excluded: entries.filter(([, s]) => s === 'EXCLUDED').map(([t]) => t).sort(),
    devices: p.devices.length,
    failingDevices: p.devices.filter((d) => !isDeviceCompliant(d)).length,
    reason: p.notHumanReason?.trim().replace(/\s+/g, ' ') || undefined,
    manualSince: day(p.statusUpdatedAt),
    started: p.startDate ?? undefined,
    separated: p.separationDate ?? undefined,
  };
}

/** One text line read back: `#id name email STATUS start→sep; failing …; excluded …; N devices, M failing; …`. */
function parseLine(whole: string) {
  // The reason comes last but for the manual override, and may itself hold "; ".
  const reason = /; reason: (.*?)(?=; status set manually \S+$|$)/.exec(whole)?.[1];
  const line = reason === undefined ? whole : whole.replace(`; reason: ${reason}`, '');
  const parts = line.split('; ');
  const head = parts.shift() ?? '';
  const dates = /(\S*)→(\S*)$/.exec(head);
  const get = (prefix: string) => parts.find((x) => x.startsWith(prefix))?.slice(prefix.length);
  const dev = parts.find((x) => /^(no device|\d+ devices?)/.test(x)) ?? '';
  const devices = dev === 'no device' ? 0 : Number(/^(\d+)/.exec(dev)?.[1]);
  return {
    id: Number(/^#(\d+)/.exec(head)?.[1]),
    failing: decodeCheckSet(get('failing ') ?? ''),
    misconfigured: misconfiguredIn(get('failing ')),
    excluded: decodeCheckSet(get('excluded ') ?? ''),
    devices,
    failingDevices: Number(/, (\d+) failing/.exec(dev)?.[1] ?? 0),
    reason,
    manualSince: get('status set manually '),
    started: dates?.[1] || undefined,
    separated: dates?.[2] || undefined,
  };
}

const reasonMatches = (shown: string | undefined | null, whole: string | undefined) => {
  if (!whole) return shown === undefined || shown === null;
  if (shown === whole) return true;
  // A cut reason ends with "…" after whole words of the reason.
  const head = (shown ?? '').replace(/…$/, '');
  return (shown ?? '').endsWith('…') && whole.startsWith(head) && /[\s,;:.-]/.test(whole.charAt(head.length) || ' ');
};

describe('compact rows (realistic org of 1,200)', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await startFixture({ sandbox: { size: 1200, profile: 'realistic' } });
  });
  afterAll(() => f.close());

  it('check groups read back to the same names, and are used only when shorter', () => {
    const noDevice = ['AGENT_INSTALLED', 'ANTIVIRUS', 'AUTO_UPDATES', 'BG_CHECK', 'HDD_ENCRYPTION', 'LOCK_SCREEN', 'PASSWORD_MANAGER'];
    expect(encodeCheckSet(noDevice)).toBe('BG_CHECK,all device checks but LOCATION_SERVICES');
    expect(decodeCheckSet(encodeCheckSet(noDevice))).toEqual(noDevice);
    expect(encodeCheckSet(['BG_CHECK', 'IDENTITY_MFA'])).toBe('BG_CHECK,IDENTITY_MFA');
    const serviceAccount = decodeCheckSet('all 13 checks');
    expect(serviceAccount).toHaveLength(13);
    expect(serviceAccount).not.toContain('FULL_COMPLIANCE');
    expect(encodeCheckSet(serviceAccount)).toBe('all 13 checks');
    // MISCONFIGURED says so, named or inside a group, and reads back to the same set.
    expect(encodeCheckSet(['BG_CHECK', 'IDENTITY_MFA'], undefined, ['IDENTITY_MFA'])).toBe('BG_CHECK,IDENTITY_MFA misconfigured');
    const inGroup = encodeCheckSet(noDevice, undefined, ['PASSWORD_MANAGER']);
    expect(inGroup).toBe('BG_CHECK,all device checks but LOCATION_SERVICES,PASSWORD_MANAGER misconfigured');
    expect(decodeCheckSet(inGroup)).toEqual(noDevice);
  });

  it('every row of every page reads back to the record, in each channel on its own; groups and cuts are explained', async () => {
    const byId = new Map(f.sandbox.org.people.map((p) => [p.id, p]));
    let cursor: string | undefined;
    let seen = 0;
    let groups = 0;
    let cut = 0;
    let misconfigured = 0;
    do {
      const r = await call(f, 'list_personnel', { limit: 50, sort: 'name', ...(cursor ? { cursor } : {}) });
      const page = r.structuredContent as unknown as ListPage;
      const text = r.content[0]?.text ?? '';
      const lines = text.split('\n').filter((l) => l.startsWith('#'));
      const rows = rowsOf(page);
      expect(lines).toHaveLength(rows.length);
      rows.forEach((row, i) => {
        const p = byId.get(row.id) as SandboxPerson;
        const want = factsOf(p);
        const line = parseLine(lines[i] ?? '');
        expect(line.id).toBe(row.id);
        const cells = {
          ...row,
          reason: row.reason ?? undefined,
          manualSince: row.manualSince ?? undefined,
          started: row.started ?? undefined,
          separated: row.separated ?? undefined,
        };
        for (const got of [cells, line]) {
          const checks = { id: row.id, failing: got.failing, excluded: got.excluded };
          expect(checks).toEqual({ id: row.id, failing: want.failing, excluded: want.excluded });
          // MISCONFIGURED is named apart from FAIL (and still counts among failing, as the filter does).
          const mis = { id: row.id, misconfigured: got.misconfigured };
          expect(mis).toEqual({ id: row.id, misconfigured: want.misconfigured });
          expect([got.devices, got.failingDevices]).toEqual([want.devices, want.failingDevices]);
          const dates = [got.manualSince, got.started, got.separated];
          expect(dates).toEqual([want.manualSince, want.started, want.separated]);
          expect(reasonMatches(got.reason, want.reason), `${row.id}: ${got.reason} vs ${want.reason}`).toBe(true);
        }
        if (row.reason?.endsWith('…')) cut++;
        if (want.misconfigured.length) misconfigured++;
      });
      const usesGroup = /all device checks|all 13 checks/.test(text);
      if (usesGroup) {
        groups++;
        expect(page.notes?.join(' ')).toMatch(/all (device checks|13 checks) = /);
        expect(text).toMatch(/Note: all (device checks|13 checks) = /);
      }
      if (rows.some((x) => x.reason?.endsWith('…'))) {
        expect(page.notes).toContain('Reasons ending in "…" are cut: include ["reason"] (or get_personnel) has them whole.');
        expect(text).toContain('Note: Reasons ending in "…" are cut: include ["reason"] (or get_personnel) has them whole.');
      }
      seen += rows.length;
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toBe(f.sandbox.org.people.length);
    expect(groups).toBeGreaterThan(10);
    expect(cut).toBeGreaterThan(0);
    expect(misconfigured).toBeGreaterThan(0);
  }, 60_000);
});
