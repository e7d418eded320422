/** Helpers of the write-tool tests. */
import type { Fixture } from './sandbox.js';

/** A current employee whose record the IdP/HRIS synced, with no separation date. */
export const current = (fx: Fixture) =>
  fx.sandbox.org.people.find(
    (p) => p.employmentStatus === 'CURRENT_EMPLOYEE' && p.synced !== null && p.separationDate === null,
  )!;

/** The requests that were not reads. */
export const writes = (fx: Fixture) => fx.sandbox.requests.filter((r) => r.method !== 'GET');
