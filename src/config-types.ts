/** The validated configuration every part of the server reads (built by src/config.ts from argv + env). */
import type { OAuthConfig } from './auth/settings.js';
import type { HttpEnvSettings } from './config-http.js';
import type { SharedEnvSettings } from './config-shared.js';

export const REGIONS = ['us', 'eu', 'apac'] as const;
export type Region = (typeof REGIONS)[number];

export interface Config {
  /** Bearer key for Drata; undefined only in sandbox mode (the sandbox supplies its own). */
  apiKey: string | undefined;
  region: Region;
  /** Origin override (`http://127.0.0.1:4010`); `/public` and `/public/v2` are appended by the client. */
  baseUrl: string | undefined;
  readOnly: boolean;
  writeApi: 'v1' | 'v2';
  maxOutputTokens: number;
  transport: 'stdio' | 'http';
  host: string;
  port: number;
  httpToken: string | undefined;
  /** HMAC secret for approval tokens; set the same on every replica (default: random per process). */
  approvalSecret: string | undefined;
  /** Opt-in: a client with no human approval step gets a token in the preview that the model may send back. */
  approvalRelay: boolean;
  sandbox: boolean;
  sandboxSize: number;
  timeoutMs: number; // per request towards Drata
  /** Client-side rate limit, requests per minute (Drata allows 500 per source IP). */
  rateLimitPerMinute: number;
  /** Seconds a report's aggregate is kept (0: not cached) and an org snapshot answers lists and reports. */
  reportCacheTtlSeconds: number;
  snapshotTtlSeconds: number;
  /** Upper bound on pages one report walk may fetch before it stops with `complete: false`. */
  reportMaxPages: number;
  logLevel: 'debug' | 'info' | 'warning' | 'error';
  /** The HTTP-only settings (MCP_ALLOWED_*, session and connection limits, the no-auth opt-out). */
  http: HttpEnvSettings;
  /** OAuth 2.1 resource-server mode for HTTP (undefined: the static token). */
  oauth: OAuthConfig | undefined;
  /** The audit trail file (DRATA_AUDIT_LOG); undefined = the per-user default (src/audit/location.ts). */
  auditLog: string | undefined;
  /** Shared state between replicas (REDIS_URL), the rate window and fallback, the state directory. */
  shared: SharedEnvSettings;
}
