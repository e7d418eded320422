/** What the resources need from the server: the API, the logger, the clock and the session's scope. */
import type { PersonnelApi } from '../drata/personnel.js';
import type { Logger } from '../logger.js';

export interface ResourceDeps {
  api: PersonnelApi;
  logger: Logger;
  now: () => Date;
  /** Runs a read as work of this session (its log lines go to this client only). */
  scope: <T>(fn: () => Promise<T>) => Promise<T>;
}
