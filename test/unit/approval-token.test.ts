/**
 * Approval tokens parse strictly: exactly `<9 base-36 digits>.<12 base64url>.<43 canonical base64url>`, 66
 * characters; anything appended, prepended or re-encoded is refused before the MAC is even compared. The
 * card's ticket is the call (canonical base64url) and such a token, nothing more.
 */
import { describe, expect, it } from 'vitest';
import { readTicket } from '../../src/apps/approval.js';
import { APPROVAL_TOKEN_LENGTH, createApprovals, parseToken } from '../../src/tools/approval.js';

const subject = { tool: 'update_personnel', id: 7, changes: [{ field: 'startedAt', before: null, after: '2020-02-03' }] };

describe('approval token shape', () => {
  const approvals = createApprovals({ secret: 'x'.repeat(32) });
  const { token } = approvals.issue(subject);

  it('is issued with the exact length and alphabet, and verifies', async () => {
    expect(token).toHaveLength(APPROVAL_TOKEN_LENGTH);
    expect(token).toMatch(/^[0-9a-z]{9}\.[A-Za-z0-9_-]{12}\.[A-Za-z0-9_-]{43}$/);
    expect(parseToken(token)).toBeDefined();
    expect(await createApprovals({ secret: 'x'.repeat(32) }).redeem(token, subject)).toBe('ok');
  });

  it.each([
    ['= appended', `${token}=`],
    ['NUL and junk appended', `${token}\u0000!*`],
    ['a space appended', `${token} `],
    ['a newline prepended', `\n${token}`],
    ['padding inside', token.replace('.', '=.')],
    ['a fourth part', `${token}.x`],
    ['a short expiry', token.slice(1)],
    ['a standard-base64 character', `${token.slice(0, -2)}+${token.slice(-1)}`],
    ['upper-case expiry', token.replace(/^[0-9a-z]/, 'Z')],
    ['empty', ''],
  ])('refuses a token with %s', async (_label, bad) => {
    expect(parseToken(bad)).toBeUndefined();
    // Never "ok", whatever the secret; a malformed token is told apart from a mismatched one.
    expect(await createApprovals({ secret: 'x'.repeat(32) }).redeem(bad, subject)).toBe('malformed');
  });

  it('refuses a MAC whose last character carries stray bits (the same bytes, another string)', async () => {
    const sig = token.slice(-43);
    const last = sig.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = alphabet[alphabet.indexOf(last) + 1]!;
    const other = `${token.slice(0, -1)}${twin}`;
    expect(Buffer.from(other.slice(-43), 'base64url')).toEqual(Buffer.from(sig, 'base64url'));
    expect(parseToken(other)).toBeUndefined();
    expect(await createApprovals({ secret: 'x'.repeat(32) }).redeem(other, subject)).toBe('malformed');
  });

  it('a well-formed token for another change is a mismatch, and a spent one is used', async () => {
    const fresh = createApprovals({ secret: 'y'.repeat(32) });
    const t = fresh.issue(subject).token;
    expect(await fresh.redeem(t, { ...subject, id: 8 })).toBe('mismatch');
    expect(await fresh.redeem(t, subject)).toBe('ok');
    expect(await fresh.redeem(t, subject)).toBe('used');
  });
});

describe('approval card ticket shape', () => {
  const { token } = createApprovals().issue(subject);
  const encode = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const call = encode({ tool: 'update_personnel', arguments: { personnel: '7' }, answer: 'decline' });

  it('reads the call, the answer and the token', () => {
    expect(readTicket(`${call}.${token}`)).toEqual({ tool: 'update_personnel', args: { personnel: '7' }, answer: 'decline', token });
  });

  it.each([
    ['junk appended', `${call}.${token}=`],
    ['NUL appended', `${call}.${token}\u0000!*`],
    ['no call', `.${token}`],
    ['only the token', token],
    ['a non-canonical call', `${call}=.${token}`],
    ['a call that is not JSON', `${Buffer.from('nope').toString('base64url')}.${token}`],
    ['a call without arguments', `${encode({ tool: 'x', answer: 'approve' })}.${token}`],
    ['a call without an answer', `${encode({ tool: 'x', arguments: {} })}.${token}`],
    ['an unknown answer', `${encode({ tool: 'x', arguments: {}, answer: 'yes' })}.${token}`],
  ])('refuses a ticket with %s', (_label, bad) => {
    expect(readTicket(bad)).toBeUndefined();
  });
});
