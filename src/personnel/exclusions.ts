/**
 * Exclusion details (reason, who, until) for `include: ["exclusions"]`: V1 records, which the snapshot holds,
 * name an excluded check but not why; V2 says why. The rows of one page that have excluded checks are read
 * once on V2 (4 at a time) and the merged record replaces the snapshot's, so later pages and questions have
 * the details at no request.
 */
import { mapLimited } from '../concurrency.js';
import type { PersonnelApi } from '../drata/personnel.js';
import { excludedCheckTypes, type Person } from './model.js';
import { fromV2, mergePerson } from './normalize.js';

const needsDetails = (p: Person) => !p.sources.includes('v2') && excludedCheckTypes(p).length > 0;

/** `people` with V2's exclusion details merged in; `keep` stores each merged record (e.g. in the snapshot). */
export async function withExclusionDetails(
  api: PersonnelApi,
  people: readonly Person[],
  keep: (p: Person) => void,
  signal?: AbortSignal,
): Promise<Person[]> {
  return mapLimited(people, 4, async (p) => {
    if (!needsDetails(p)) return p;
    const merged = mergePerson(p, fromV2(await api.v2Get(p.id, ['complianceChecks'], signal)));
    keep(merged);
    return merged;
  });
}
