import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Person } from '../../../src/personnel/model.js';
import type { SharedSnapshotRecord } from '../../../src/personnel/snapshot-share.js';
import { decodeSnapshot, encodeSnapshot } from '../../../src/replica-state/snapshot-codec.js';

/** People whose text is mostly three-byte characters, so gzip's output chunks split characters. */
function record(n: number): SharedSnapshotRecord {
  const people = Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    name: `日本語の名前 ${i} Zoë Ødegård 🚀`,
    email: `p${i}@example.com`,
    employmentStatus: i % 3 ? 'CURRENT_EMPLOYEE' : 'FORMER_CONTRACTOR',
    checks: [{ type: 'IDENTITY_MFA', status: i % 2 ? 'PASS' : 'FAIL' }],
    notHumanReason: i % 5 ? null : 'line one\nline two "quoted" \\ back',
  })) as unknown as Person[];
  return { id: 'snap-1', statuses: ['CURRENT_EMPLOYEE', 'FORMER_CONTRACTOR'], asOf: 1_780_000_000_000, pages: 3, seq: 7, people };
}

describe('the stored form of a shared snapshot', () => {
  it('reads back exactly what was written, every character and line break in the data included', async () => {
    for (const n of [0, 1, 5_000]) {
      const r = record(n);
      expect(await decodeSnapshot(await encodeSnapshot(r))).toEqual(r);
    }
  });

  it('is one header line and one line per person (never the whole org as one JSON value)', async () => {
    const r = record(3);
    const lines = gunzipSync(await encodeSnapshot(r)).toString('utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0] as string)).toEqual({ id: 'snap-1', statuses: r.statuses, asOf: r.asOf, pages: 3, seq: 7, count: 3 });
    expect(JSON.parse(lines[3] as string)).toEqual(r.people[2]);
  });

  it('refuses a blob cut short, corrupt, without a header, or with fewer people than it says', async () => {
    const whole = await encodeSnapshot(record(2_000));
    await expect(decodeSnapshot(whole.subarray(0, Math.floor(whole.length / 2)))).rejects.toThrow();
    const corrupt = Buffer.from(whole);
    corrupt.fill(0x5a, 40, 400);
    await expect(decodeSnapshot(corrupt)).rejects.toThrow();
    await expect(decodeSnapshot(gzipSync('{"people":[]}\n'))).rejects.toThrow(/no valid header/);
    const header = { id: 'x', statuses: [], asOf: 1, pages: 1, seq: 0, count: 3 };
    const short = gzipSync(`${JSON.stringify(header)}\n{"id":1}\n{"id":2}\n`);
    await expect(decodeSnapshot(short)).rejects.toThrow(/cut short: 2 of 3 people/);
  });
});
