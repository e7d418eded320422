/**
 * Sandbox options from the environment, shared by `npm run sandbox` (main.ts) and the MCP server's
 * `--sandbox` mode. Unset or empty variables are left out; an invalid value throws `SandboxConfigError`
 * naming the variable and what is allowed.
 *
 *   SANDBOX_SIZE              personnel count, 1..20000 (default 250)
 *   SANDBOX_SEED              org seed, 0..4294967295 (default 42)
 *   SANDBOX_PROFILE           default, or realistic (many people failing several checks, people without
 *                             devices, service accounts with every check excluded; see profiles.ts)
 *   SANDBOX_NOW               the data's reference "now", ISO 8601 (default 2026-11-01T00:00:00.000Z)
 *   SANDBOX_PORT              port on 127.0.0.1, 0..65535 (main.ts default 4010)
 *   SANDBOX_API_KEY           accepted bearer key (default drata-sandbox-api-key)
 *   SANDBOX_LATENCY_MS        delay before every answer, ms
 *   SANDBOX_RATE_LIMIT        requests per sliding minute before 429 + Retry-After (0 or off: none)
 *   SANDBOX_FAULTS            e.g. 429=0.1,429noretry=0.05,500=0.05,timeout=0.02,malformed=0.02,reset=0.01
 *                             (optional seed=N, retryAfter=S; see faults.ts)
 *   SANDBOX_FORCE_STATUS      answer every authenticated request with this status (e.g. 402, 403, 412)
 *   SANDBOX_V2_MAX_PAGE_SIZE  largest V2 `size`: 500 (spec, default) or 50 (seed docs)
 */
import { normalizeFaults } from './faults.js';
import { ORG_PROFILES, type OrgProfile } from './profiles.js';
import type { SandboxOptions } from './types.js';

export class SandboxConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function int(env: Env, name: string, min: number, max: number): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new SandboxConfigError(
      `${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return Number(raw);
}

type IntOption = 'size' | 'seed' | 'port' | 'latencyMs' | 'v2MaxPageSize' | 'forceStatus';

/** The integer variables, in the order they are checked: variable, option, smallest and largest value. */
const INT_VARIABLES: ReadonlyArray<readonly [string, IntOption, number, number]> = [
  ['SANDBOX_SIZE', 'size', 1, 20_000],
  ['SANDBOX_SEED', 'seed', 0, 0xffffffff],
  ['SANDBOX_PORT', 'port', 0, 65_535],
  ['SANDBOX_LATENCY_MS', 'latencyMs', 0, 600_000],
  ['SANDBOX_V2_MAX_PAGE_SIZE', 'v2MaxPageSize', 1, 500],
  ['SANDBOX_FORCE_STATUS', 'forceStatus', 400, 599],
];

/** Sandbox options from `SANDBOX_*` variables (only those that are set). */
export function sandboxOptionsFromEnv(env: Env = process.env): SandboxOptions {
  const out: SandboxOptions = {};
  for (const [name, option, min, max] of INT_VARIABLES) {
    const value = int(env, name, min, max);
    if (value !== undefined) out[option] = value;
  }

  const rate = env.SANDBOX_RATE_LIMIT?.trim();
  if (rate !== undefined && rate !== '') {
    if (rate === 'off' || rate === '0') out.rateLimitPerMinute = null;
    else out.rateLimitPerMinute = int(env, 'SANDBOX_RATE_LIMIT', 1, 1_000_000) ?? null;
  }
  const profile = env.SANDBOX_PROFILE?.trim();
  if (profile !== undefined && profile !== '') {
    if (!(ORG_PROFILES as readonly string[]).includes(profile)) {
      throw new SandboxConfigError(
        `SANDBOX_PROFILE must be one of ${ORG_PROFILES.join(', ')}, got ${JSON.stringify(profile)}`,
      );
    }
    out.profile = profile as OrgProfile;
  }
  const key = env.SANDBOX_API_KEY;
  if (key !== undefined && key.trim() !== '') out.apiKey = key.trim();
  const now = env.SANDBOX_NOW?.trim();
  if (now !== undefined && now !== '') {
    if (!/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(now) || !Number.isFinite(Date.parse(now))) {
      throw new SandboxConfigError(
        `SANDBOX_NOW must be an ISO 8601 date or date-time, got ${JSON.stringify(now)}`,
      );
    }
    out.now = now;
  }
  const faults = env.SANDBOX_FAULTS?.trim();
  if (faults !== undefined && faults !== '') {
    try {
      out.faults = normalizeFaults(faults);
    } catch (err) {
      throw new SandboxConfigError(`SANDBOX_FAULTS: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}
