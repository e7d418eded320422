/**
 * The one base-URL rule: a region's origin, or an override that must be a bare origin, https unless
 * loopback, and never echoed with credentials (config.ts checks DRATA_BASE_URL with this rule too).
 */
import { isLoopbackHost } from '../net.js';
import { DrataConfigError } from './errors.js';

export type DrataRegion = 'us' | 'eu' | 'apac';

export const REGION_ORIGINS: Readonly<Record<DrataRegion, string>> = {
  us: 'https://public-api.drata.com',
  eu: 'https://public-api.eu.drata.com',
  apac: 'https://public-api.apac.drata.com',
};

export interface BaseUrls {
  /** e.g. `https://public-api.drata.com/public` */
  v1: string;
  /** e.g. `https://public-api.drata.com/public/v2` */
  v2: string;
}

/**
 * The V1 and V2 base URLs for a region, or for an origin override (`baseUrl` wins). The override must be
 * a bare origin (a trailing `/` is fine; no path, query, fragment or credentials) and use https unless
 * its host is loopback. Throws `DrataConfigError` with a one-line message.
 */
export function resolveBaseUrls(options: {
  region?: DrataRegion | undefined;
  baseUrl?: string | undefined;
}): BaseUrls {
  const origin =
    options.baseUrl === undefined ? regionOrigin(options.region) : overrideOrigin(options.baseUrl);
  return { v1: `${origin}/public`, v2: `${origin}/public/v2` };
}

function regionOrigin(region: DrataRegion | undefined): string {
  const r = region ?? 'us';
  if (!Object.hasOwn(REGION_ORIGINS, r)) {
    throw new DrataConfigError(`unknown Drata region ${JSON.stringify(String(r))}: expected us, eu or apac`);
  }
  return REGION_ORIGINS[r];
}

function overrideOrigin(baseUrl: string): string {
  const hint = 'expected an origin like https://host or http://127.0.0.1:4010';
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new DrataConfigError(`Drata base URL is not a valid absolute URL (${hint})`);
  }
  // Never echo credentials back: describe the URL by its origin only.
  const shown = url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : url.protocol;
  if (url.username || url.password) {
    throw new DrataConfigError(`Drata base URL ${shown} must not contain credentials (${hint})`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new DrataConfigError(`Drata base URL must use https (${hint}), got ${shown}`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new DrataConfigError(
      `Drata base URL ${shown} must use https unless the host is loopback (127.0.0.0/8, localhost, [::1])`,
    );
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new DrataConfigError(
      `Drata base URL ${shown} must be an origin without path, query or fragment (the client adds /public and /public/v2)`,
    );
  }
  return url.origin;
}
