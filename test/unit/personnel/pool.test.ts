/**
 * The walk's value pool (src/personnel/pool.ts): records normalized through it are the same Persons as
 * records normalized alone, repeated values are one shared copy, and shared records are frozen.
 */
import { describe, expect, it } from 'vitest';
import { readV1LeanPage } from '../../../src/drata/lean-v1.js';
import { fromV1 } from '../../../src/personnel/normalize.js';
import { keyOf, ValuePool } from '../../../src/personnel/pool.js';
import { DEFAULT_NOW, generateOrg, renderV1Row } from '../../../src/sandbox/index.js';

const org = generateOrg({ size: 200, now: Date.parse(DEFAULT_NOW), profile: 'realistic' });
const page = { data: org.people.map((p) => renderV1Row(org, p)), page: 1, limit: 200, total: 200 };
const read = readV1LeanPage(page, (r) => r);
if (!('value' in read)) throw new Error(read.problem);
const records = read.value.data;

describe('the value pool', () => {
  it('gives the same Persons as normalizing each record alone', () => {
    const pool = new ValuePool();
    const pooled = records.map((r) => fromV1(r, pool));
    const alone = records.map((r) => fromV1(r));
    expect(JSON.parse(JSON.stringify(pooled))).toEqual(JSON.parse(JSON.stringify(alone)));
  });

  it('shares one frozen copy of each repeated check, training and string; alone, nothing is shared', () => {
    const pool = new ValuePool();
    const pooled = records.map((r) => fromV1(r, pool));
    const checks = pooled.flatMap((p) => p.checks ?? []);
    const distinct = new Set(checks);
    const byValue = new Set(checks.map((c) => JSON.stringify(c)));
    expect(distinct.size).toBe(byValue.size);
    expect(distinct.size).toBeLessThan(checks.length / 2);
    expect(checks.every((c) => Object.isFrozen(c))).toBe(true);
    const trainings = pooled.flatMap((p) => p.trainings ?? []);
    expect(new Set(trainings).size).toBe(new Set(trainings.map((t) => JSON.stringify(t))).size);
    expect(() => {
      (checks[0] as { status: string }).status = 'PASS';
    }).toThrow(TypeError);

    const alone = records.map((r) => fromV1(r)).flatMap((p) => p.checks ?? []);
    expect(new Set(alone).size).toBe(alone.length);
    expect(alone.some((c) => Object.isFrozen(c))).toBe(false);
  });

  it('keys records exactly: undefined, null and strings stay apart', () => {
    expect(keyOf('check', undefined)).not.toBe(keyOf('check', null));
    expect(keyOf('check', undefined)).not.toBe(keyOf('check', ''));
    expect(keyOf('a', 'b')).not.toBe(keyOf('a,b'));
    expect(keyOf('x', 1)).not.toBe(keyOf('x', '1'));
  });
});
