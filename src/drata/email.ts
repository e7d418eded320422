/**
 * The one email rule, for every place a person is named by email (tool input, the V1 and V2 paths): one
 * `@` between non-empty parts, at most 254 characters (RFC 5321's path limit), no whitespace or control
 * characters, and none of the characters that could end or escape a path segment or a query (`/ \ ? # %`)
 * or that no mailbox uses unquoted (`< > ( ) [ ] , ; : "`).
 */
import { DrataInvalidArgumentError } from './errors.js';

export const MAX_EMAIL_LENGTH = 254;
const EMAIL = /^[^\s@<>()[\]\\,;:"/?#%]+@[^\s@<>()[\]\\,;:"/?#%]+$/u;

/** Why `value` is not an acceptable email address, or undefined when it is. */
export function emailProblem(value: string): string | undefined {
  if (value.length > MAX_EMAIL_LENGTH) return `is longer than ${MAX_EMAIL_LENGTH} characters`;
  if (/\p{Cc}/u.test(value)) return 'contains control characters';
  if (value.includes('%')) return 'contains "%" (it could smuggle an encoded separator into the path)';
  if (/[/\\?#]/.test(value)) return 'contains "/", "\\", "?" or "#"';
  if (!EMAIL.test(value)) return 'is not an email address like name@example.com';
  return undefined;
}

/** `value` when it is an acceptable email address; else DrataInvalidArgumentError (before any I/O). */
export function validEmail(value: string): string {
  const problem = typeof value === 'string' ? emailProblem(value) : 'is not a string';
  if (problem) {
    const shown = JSON.stringify(String(value).length > 80 ? `${String(value).slice(0, 79)}…` : String(value));
    throw new DrataInvalidArgumentError(`email ${shown} ${problem}`);
  }
  return value;
}
