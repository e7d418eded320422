/**
 * The report's device section: current personnel with no device, and with at least one non-compliant
 * device, read from the same snapshot records as every other section (the list's `devices` filter uses the
 * same rule, matchesDeviceFilter).
 */
import { deviceCounts, matchesDeviceFilter, type Person } from '../personnel/model.js';
import { plural } from '../personnel/plural.js';
import { type NameRef, TopList } from './aggregate.js';

export interface DeviceFindings {
  noDevice: TopList;
  failingDevice: TopList;
}

export const newDeviceFindings = (): DeviceFindings => ({ noDevice: new TopList(), failingDevice: new TopList() });

/** One person of the device walk: counted as having no device, or at least one non-compliant device. */
export function addDeviceCandidate(found: DeviceFindings, p: Person): void {
  const ref: NameRef = { id: p.id, name: p.name };
  if (matchesDeviceFilter(p, 'none')) found.noDevice.add(ref);
  else if (matchesDeviceFilter(p, 'anyFailing')) {
    const d = deviceCounts(p);
    found.failingDevice.add({ ...ref, detail: d ? `${d.failing} of ${plural(d.count, 'device')} failing` : undefined });
  }
}
