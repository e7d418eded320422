/**
 * A problem with a caller's argument found after schema validation (cross-field rules, an email that is
 * not one, unknown custom fields). Tools return it as `isError` naming the field and what is allowed;
 * nothing is sent to Drata.
 */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** A configuration problem: index.ts prints the message on one stderr line and exits with code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
