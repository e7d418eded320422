/**
 * The report's device section: current personnel with no device, and with at least one non-compliant
 * device. V1 alone carries devices; `deviceCompliance=false` selects exactly those two groups (everyone
 * without a fully compliant fleet), so one V1 walk of that filter answers both, 50 a page. The walk is one
 * of runReport's: it shares the V1 in-flight limit, the page cap, later tries, progress and coverage.
 */
import { deviceCounts, matchesDeviceFilter, type Person } from '../personnel/model.js';
import { plural } from '../personnel/plural.js';
import { type NameRef, TopList } from './aggregate.js';

export interface DeviceFindings {
  noDevice: TopList;
  failingDevice: TopList;
}

export const newDeviceFindings = (): DeviceFindings => ({ noDevice: new TopList(), failingDevice: new TopList() });

/** The V1 filter of the device walk: everyone without a fully compliant fleet (no device, or a failing one). */
export const DEVICE_WALK_FILTER = { deviceCompliance: false } as const;

/** One person of the device walk: counted as having no device, or at least one non-compliant device. */
export function addDeviceCandidate(found: DeviceFindings, p: Person): void {
  const ref: NameRef = { id: p.id, name: p.name };
  if (matchesDeviceFilter(p, 'none')) found.noDevice.add(ref);
  else if (matchesDeviceFilter(p, 'anyFailing')) {
    const d = deviceCounts(p);
    found.failingDevice.add({ ...ref, detail: d ? `${d.failing} of ${plural(d.count, 'device')} failing` : undefined });
  }
}
