import { describe, expect, it } from 'vitest';
import {
  arrayParam,
  boolParam,
  HttpError,
  idList,
  intParam,
  parseDay,
  parseQuery,
} from '../../../src/sandbox/validate.js';

const bad = (fn: () => unknown, message: RegExp) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(400);
    expect((err as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected a 400');
};

describe('parseDay', () => {
  it.each([
    ['2024-02-29', false, '2024-02-29'],
    ['2025-12-31', false, '2025-12-31'],
    ['2025-03-01T12:00:00Z', true, '2025-03-01'],
    ['2025-03-01T23:30:00-05:00', true, '2025-03-02'],
    ['2025-03-01T00:30:00+0200', true, '2025-02-28'],
    ['2025-03-01T10:00', true, '2025-03-01'],
    ['2025-03-01T10:00:00.123456Z', true, '2025-03-01'],
  ])('%s (date-time allowed: %s) → %s', (raw, dt, day) => {
    expect(parseDay('d', raw, dt)).toBe(day);
  });

  it.each([
    ['2025-02-30', /not a valid calendar date/],
    ['2023-02-29', /not a valid calendar date/],
    ['2025-13-01', /not a valid calendar date/],
    ['2025-00-10', /not a valid calendar date/],
    ['2025-1-1', /YYYY-MM-DD/],
    ['01/02/2025', /YYYY-MM-DD/],
    ['', /YYYY-MM-DD/],
  ])('rejects %s', (raw, message) => bad(() => parseDay('startDate', raw, false), message));

  it('rejects date-times on V1, bad times and non-strings', () => {
    bad(() => parseDay('d', '2025-03-01T00:00:00Z', false), /YYYY-MM-DD/);
    bad(() => parseDay('d', '2025-03-01T24:00:00Z', true), /not a valid date-time/);
    bad(() => parseDay('d', '2025-02-30T10:00:00Z', true), /not a valid date-time/);
    bad(() => parseDay('d', 20250301, true), /must be a date/);
    bad(() => parseDay('d', null, true), /must be a date/);
  });
});

describe('query parameters', () => {
  const q = parseQuery('a[]=1&a[]=2&a=3&a[5]=4&b=x+y&c=true&c=false&n=07&e=');

  it('reads arrays from name, name[] and name[N]; decodes + as space', () => {
    expect(arrayParam(q, 'a')).toEqual(['1', '2', '3', '4']);
    expect(arrayParam(q, 'missing')).toBeUndefined();
    expect(q.get('b')).toEqual(['x y']);
  });

  it('validates integers and booleans', () => {
    expect(intParam(q, 'n', 1, 50, 20)).toBe(7);
    expect(intParam(q, 'missing', 1, 50, 20)).toBe(20);
    bad(() => intParam(q, 'n', 10, 50, 20), /not be less than 10/);
    bad(() => intParam(parseQuery('n=1.5'), 'n', 1, 50, 20), /integer/);
    bad(() => intParam(q, 'e', 1, 50, 20), /integer/);
    bad(() => boolParam(q, 'c'), /single value/);
    expect(boolParam(parseQuery('c=false'), 'c')).toBe(false);
    bad(() => boolParam(parseQuery('c=TRUE'), 'c'), /boolean/);
  });

  it('validates id lists and deduplicates them', () => {
    expect(idList('ids', [3, 1, 3])).toEqual([3, 1]);
    bad(() => idList('ids', undefined), /required/);
    bad(() => idList('ids', []), /at least 1/);
    bad(() => idList('ids', [0]), /positive integer/);
    bad(() => idList('ids', 'all'), /array/);
  });
});
