import { describe, expect, it } from 'vitest';
import { plural } from '../../../src/personnel/plural.js';

describe('plural', () => {
  it('uses the singular for exactly one, the plural otherwise (0 too)', () => {
    expect(plural(1, 'device')).toBe('1 device');
    expect(plural(2, 'compliant device')).toBe('2 compliant devices');
    expect(plural(0, 'training record')).toBe('0 training records');
    expect(plural(1, 'more line')).toBe('1 more line');
  });
  it('takes an irregular plural', () => {
    expect(plural(3, 'identity', 'identities')).toBe('3 identities');
    expect(plural(1, 'identity', 'identities')).toBe('1 identity');
  });
});
