/**
 * The report's device section: current personnel with no device, and with at least one non-compliant
 * device. V1 alone carries devices; `deviceCompliance=false` selects exactly those two groups (everyone
 * without a fully compliant fleet), so one V1 walk of that filter answers both, 50 a page.
 */
import type { EmploymentStatus } from '../drata/catalog.js';
import { LIMITS } from '../drata/catalog.js';
import { walkV1Personnel } from '../drata/pagination.js';
import type { PersonnelApi } from '../drata/personnel.js';
import { deviceCounts, matchesDeviceFilter } from '../personnel/model.js';
import { fromV1 } from '../personnel/normalize.js';
import { plural } from '../personnel/plural.js';
import { v1StatusParams } from '../personnel/status.js';
import { type NameRef, TopList } from './aggregate.js';

export interface DeviceFindings {
  noDevice: TopList;
  failingDevice: TopList;
  /** False when the walk stopped at the page cap (counts are partial). */
  complete: boolean;
  pagesFetched: number;
}

export async function walkDevices(
  api: PersonnelApi,
  statuses: readonly EmploymentStatus[],
  options: { signal: AbortSignal; maxPages: number },
): Promise<DeviceFindings> {
  const found: DeviceFindings = {
    noDevice: new TopList(),
    failingDevice: new TopList(),
    complete: true,
    pagesFetched: 0,
  };
  if (!statuses.length) return found;
  const inScope = new Set<string>(statuses);
  const walk = walkV1Personnel(
    { v1List: (p, signal) => api.v1ListLean(p, signal) as ReturnType<PersonnelApi['v1List']> },
    { ...v1StatusParams(statuses).params, deviceCompliance: false, limit: LIMITS.v1PageSizeMax, sort: 'NAME' },
    // Two pages in flight: the report's own V1 walks run at the same time, and pages are heavy.
    { signal: options.signal, concurrency: 2, maxPages: options.maxPages },
  );
  for await (const page of walk) {
    for (const r of page.data) {
      const p = fromV1(r);
      if (!inScope.has(p.employmentStatus)) continue;
      const ref: NameRef = { id: p.id, name: p.name };
      if (matchesDeviceFilter(p, 'none')) found.noDevice.add(ref);
      else if (matchesDeviceFilter(p, 'anyFailing')) {
        const d = deviceCounts(p);
        found.failingDevice.add({ ...ref, detail: d ? `${d.failing} of ${plural(d.count, 'device')} failing` : undefined });
      }
    }
  }
  found.pagesFetched = walk.pages;
  found.complete = !walk.capped;
  return found;
}
