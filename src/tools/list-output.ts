/** list_personnel's per-row details in structuredContent (see personnel/row-details.ts). */
import { z } from 'zod';
import { MFA_STATES } from '../personnel/list-query.js';

const identity = z.object({
  provider: z.string(),
  username: z.string().optional(),
  mfa: z.enum(MFA_STATES).describe('MFA as the API reports it; n/a: an HRIS record, not a login'),
  reported: z.enum(['on', 'off', 'unknown']).optional().describe('With n/a: MFA exactly as the API reports it'),
  connected: z.boolean(),
  since: z.string().optional().describe('Connected since (day)'),
  until: z.string().optional().describe('Disconnected on (day)'),
});

const device = z.object({
  id: z.number(),
  model: z.string().optional(),
  serial: z.string().optional(),
  os: z.string().optional(),
  source: z.string().optional().describe('MDM source'),
  failing: z.array(z.string()).optional().describe('Checks this device fails'),
  lastSeen: z.string().optional().describe('Last check-in (day)'),
});

export const rowDetailSchema = z.object({
  id: z.number().describe('Personnel id of the row'),
  matchedIdentities: z.array(identity).optional().describe('Identities that matched the identity condition'),
  matchedDevices: z.array(device).optional().describe('Devices that matched the device condition'),
  identities: z.array(identity).optional(),
  devices: z.array(device).optional(),
  reason: z.string().optional().describe('Full out-of-scope reason'),
  trainings: z
    .array(z.object({ type: z.string(), completed: z.string().optional(), renewal: z.string().optional() }))
    .optional(),
  exclusions: z
    .array(
      z.object({
        check: z.string(),
        reason: z.string().optional(),
        by: z.string().optional(),
        until: z.string().optional(),
      }),
    )
    .optional()
    .describe('Excluded checks; reason/by/until when the API gave them'),
});
