/** The tool registry: every tool the server can offer, and the ones a configuration registers. */
import type { Config } from '../config.js';
import { complianceReportTool } from './compliance-report.js';
import { getPersonnelTool } from './get-personnel.js';
import { listPersonnelTool } from './list-personnel.js';
import { resyncPersonnelTool } from './resync-personnel.js';
import type { ToolDefinition } from './types.js';
import { updatePersonnelTool } from './update-personnel.js';

export const ALL_TOOLS: readonly ToolDefinition[] = [
  listPersonnelTool,
  getPersonnelTool,
  updatePersonnelTool,
  resyncPersonnelTool,
  complianceReportTool,
];

/**
 * Read-only mode filters write tools out at registration: they are not listed and cannot be called.
 * A tool's `readOnlyHint` annotation is the one source of truth for what a write tool is.
 */
export function toolsFor(config: Pick<Config, 'readOnly'>): ToolDefinition[] {
  return ALL_TOOLS.filter((t) => !config.readOnly || t.annotations.readOnlyHint);
}
