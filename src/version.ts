import { readFileSync } from 'node:fs';

/** The package's own version, read once from package.json (works from src/ under vitest and from dist/). */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export const PACKAGE_NAME = 'drata-personnel-mcp';
export const USER_AGENT = `${PACKAGE_NAME}/${VERSION}`;
