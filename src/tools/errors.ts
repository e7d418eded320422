/**
 * Errors become `isError: true` results that say what happened and what to do next: the recovery hint
 * is in the text because the text is all the model has.
 */
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { Config } from '../config.js';
import { DrataError } from '../drata/errors.js';
import { InputError } from '../errors.js';
import { SharedStateUnavailableError } from '../replica-state/redis.js';
import { WriteOutcomeError } from './write-outcome.js';

/** Where the key and the network problem are looked for: the region, unless DRATA_BASE_URL overrides it. */
function target(config: Pick<Config, 'baseUrl'> | undefined): { key: string; net: string } {
  if (config?.baseUrl === undefined) {
    return {
      key: 'and that DRATA_REGION (us, eu or apac) is the region the key was created in',
      net: 'DRATA_REGION / DRATA_BASE_URL',
    };
  }
  return {
    key: `and that the API at DRATA_BASE_URL (${config.baseUrl}) is the one the key was created for`,
    net: 'DRATA_BASE_URL',
  };
}

function what(err: DrataError, config?: Pick<Config, 'baseUrl'>): string {
  const upstream = err.drataMessage ? `: ${err.drataMessage}` : '';
  const where = err.method && err.path ? ` (${err.method} ${err.path})` : '';
  switch (err.kind) {
    case 'unauthorized':
      return `Drata rejected the API key (401)${where}. Check DRATA_API_KEY, ${target(config).key}.`;
    case 'payment_required':
      return `Drata says the account's plan does not include this feature (402)${upstream}${where}. Ask your Drata admin or CSM to enable it; other tools keep working.`;
    case 'forbidden':
      return `The API key lacks a permission (403)${upstream}${where}. This operation needs "${
        err.permission?.name ?? 'a Personnel permission'
      }"${err.permission ? ` (${err.permission.id})` : ''}: ask a Drata admin to grant it to the key, or use a key that has it.`;
    case 'not_found':
      return `Drata found no such personnel (404)${where}. Look the person up with list_personnel {"search": "<name or email>"} and use the numeric id it returns.`;
    case 'conflict':
      return `Drata refused the change because it breaks a business rule (409)${upstream}${where}. Read the rule above, adjust the values (e.g. separation must not precede start) and try again.`;
    case 'precondition_failed':
      return `Drata's terms and conditions have not been accepted for this account (412)${where}. An admin must sign in to Drata and accept them; then retry.`;
    case 'rate_limited':
      return `Drata's rate limit was reached (429) and retries ran out${where}. Try again in ${err.retryAfterSeconds ?? 60} s.`;
    case 'server_error':
      return `Drata had an internal error (${err.status ?? '5xx'})${where}. Try again in a minute${
        err.retryAfterSeconds ? ` (suggested: ${err.retryAfterSeconds} s)` : ''
      }; if it keeps failing, Drata may be having an incident.`;
    case 'bad_request':
      return `Drata rejected the request as invalid (400)${upstream}${where}. Fix the value it names and try again.`;
    case 'client_error':
      return `Drata answered ${err.status ?? 'an error'}${upstream}${where}.`;
    case 'network':
      return `Could not reach Drata${where}: ${err.message}. Check the network and ${target(config).net}, then retry.`;
    case 'timeout':
      return `Drata did not answer in time${where}. Try again; if it persists, narrow the request (fewer people, one status).`;
    case 'aborted':
      return 'The call was cancelled before it finished; nothing further was requested.';
    case 'unexpected_response':
      return `Drata answered in a shape this server does not understand${where}: ${err.message}. Try again; if it persists, report it with the server version.`;
    case 'invalid_argument':
      return `Invalid argument: ${err.message}. Nothing was sent to Drata.`;
    case 'config':
      return `Configuration problem: ${err.message}`;
  }
}

/** `config` picks the hints: a DRATA_BASE_URL override makes the region irrelevant, so it is not named. */
export function errorResult(
  err: unknown,
  redact: (s: string) => string,
  config?: Pick<Config, 'baseUrl'>,
): CallToolResult {
  let text: string;
  if (err instanceof InputError) text = `Invalid argument ${err.message}. Nothing was sent to Drata.`;
  else if (err instanceof WriteOutcomeError || err instanceof SharedStateUnavailableError) text = err.message;
  else if (err instanceof DrataError) text = what(err, config);
  else
    text = `Unexpected error: ${err instanceof Error ? err.message : String(err)}. Nothing further was done.`;
  return { content: [{ type: 'text', text: redact(text) }], isError: true };
}
