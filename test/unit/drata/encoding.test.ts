import { describe, expect, it } from 'vitest';
import { DrataInvalidArgumentError } from '../../../src/drata/errors.js';
import { emailProblem, MAX_EMAIL_LENGTH, validEmail } from '../../../src/drata/email.js';
import { buildPath, encodeSegment, positiveId } from '../../../src/drata/path.js';
import { encodeQuery } from '../../../src/drata/query.js';

describe('path segments', () => {
  it.each([
    ['a+b@example.com', 'a%2Bb%40example.com'],
    ['email:a@b.co', 'email%3Aa%40b.co'],
    ['zoë@exämple.com', 'zo%C3%AB%40ex%C3%A4mple.com'],
    ["o'brien", "o'brien"],
    ['sp ace', 'sp%20ace'],
    ['100%', '100%25'],
    ['%zz', '%25zz'],
    [42, '42'],
  ])('%j → %s', (input, expected) => {
    expect(encodeSegment(input)).toBe(expected);
  });

  it('builds a path segment by segment', () => {
    expect(buildPath(['personnel', 'email:a+b@x.com', 'email'])).toBe(
      '/personnel/email%3Aa%2Bb%40x.com/email',
    );
  });

  it.each([
    '',
    '.',
    '..',
    'a/b',
    'a\\b',
    'x?y=1',
    'x#y',
    'tab\there',
    'nul\u0000',
    'del\u007f',
    '%2e%2e',
    '%2E.',
    '%2F',
    'a%2fb',
    '%5c',
    '%3F',
    '%23',
    '%252e%252e',
    '%00',
    '\ud800',
  ])('rejects %j', (segment) => {
    expect(() => encodeSegment(segment)).toThrow(DrataInvalidArgumentError);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])('rejects the numeric segment %s', (n) => {
    expect(() => encodeSegment(n)).toThrow(DrataInvalidArgumentError);
  });
});

describe('ids and personnel references', () => {
  it('accepts positive integers and digit strings only', () => {
    expect(positiveId(5)).toBe(5);
    expect(positiveId('42')).toBe(42);
    for (const bad of [0, -3, 2.5, '1/status', 'all', ' 4', '4 ', '0x10', '1e3', '', null, undefined, {}]) {
      expect(() => positiveId(bad)).toThrow(DrataInvalidArgumentError);
    }
  });

  it('one email rule: length, separators, controls and percent signs', () => {
    expect(validEmail("O'Brien+Test@Exämple.com")).toBe("O'Brien+Test@Exämple.com");
    expect(() => validEmail('a/b@x.com')).toThrow(/contains "\/"/);
    expect(() => validEmail('no-at-sign')).toThrow(DrataInvalidArgumentError);
    for (const bad of ['all', '', 'email:', 'a b@c.d', 'a%2F@b.c', 'a@b\u0000c', '../all/reset-sync']) {
      expect(emailProblem(bad), bad).toBeDefined();
    }
    const local = 'a'.repeat(MAX_EMAIL_LENGTH - '@x.io'.length);
    expect(emailProblem(`${local}@x.io`)).toBeUndefined();
    expect(emailProblem(`${local}a@x.io`)).toMatch(/longer than 254/);
  });
});

describe('query strings', () => {
  it('repeats array keys, keeping literal brackets where the name has them', () => {
    expect(
      encodeQuery({
        'expand[]': ['user', 'customFields'],
        'employmentStatuses[]': ['CURRENT_EMPLOYEE', 'ALL_FORMER_PERSONNEL'],
        groupIds: [1, 2],
      }),
    ).toBe(
      '?expand[]=user&expand[]=customFields&employmentStatuses[]=CURRENT_EMPLOYEE&employmentStatuses[]=ALL_FORMER_PERSONNEL&groupIds=1&groupIds=2',
    );
  });

  it('writes booleans and numbers plainly and omits undefined and null (never "undefined")', () => {
    const q = encodeQuery({
      a: true,
      b: false,
      n: 0,
      size: 50,
      u: undefined,
      z: null,
      arr: [undefined, 'x', null],
    });
    expect(q).toBe('?a=true&b=false&n=0&size=50&arr=x');
    expect(q).not.toContain('undefined');
    expect(encodeQuery({ u: undefined, e: [] })).toBe('');
    expect(encodeQuery(undefined)).toBe('');
  });

  it('percent-encodes values (a cursor or search cannot inject parameters)', () => {
    expect(encodeQuery({ q: 'o’brien & co=1#x', cursor: 'abc+/=' })).toBe(
      '?q=o%E2%80%99brien%20%26%20co%3D1%23x&cursor=abc%2B%2F%3D',
    );
  });

  it('rejects non-finite numbers', () => {
    expect(() => encodeQuery({ page: Number.NaN })).toThrow(DrataInvalidArgumentError);
  });
});
