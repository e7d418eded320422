/**
 * Bugs the reliability suite found (fixed in c1c07e9), each reproduced deterministically so they stay fixed.
 */
import type { ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type Rig, startRig, type ToolResult, text } from './helpers.js';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('update_personnel read-back', () => {
  // When the read-back's best-effort V2 lookup failed, the written custom field used to be reported as empty
  // ("Drata now holds customFields.Office=∅ … not the requested Berlin") although the write was applied.
  it.each([
    [402, /customFields\.Office could not be read back/],
    [500, /Written, but reading it back failed/],
  ])('does not claim a written custom field is empty when the V2 read-back fails (%i)', async (status, said) => {
    let id = 0;
    rig = await startRig({
      // Confirming happens after the first lookup and before the PUT: fail the next V2 GET, i.e. the read-back.
      elicit: (): ElicitResult => {
        // (A 500 is retried: fail every attempt.)
        const times = status === 500 ? 20 : 1;
        rig?.sandbox.failNext({ status, times, method: 'GET', pathIncludes: `/public/v2/personnel/${id}` });
        return { action: 'accept', content: { confirm: true } };
      },
    });
    const person = rig.sandbox.org.people.find((p) => p.customFields[3] === null);
    if (!person) throw new Error('no person without an Office value');
    id = person.id;
    const r = (await rig.client.callTool({
      name: 'update_personnel',
      arguments: { personnel: id, customFields: [{ name: 'Office', value: 'Berlin' }] },
    })) as ToolResult;
    // The write was applied …
    expect(rig.sandbox.org.get(id)?.customFields[3]).toBe('Berlin');
    expect((r.structuredContent as { outcome: string }).outcome).toBe('updated');
    // … so the result must not say that Drata holds something else.
    expect(text(r)).not.toMatch(/Drata now holds customFields\.Office=∅/);
    expect(text(r)).not.toMatch(/not the requested Berlin/);
    expect(text(r)).toMatch(said);
  });
});

describe('argument errors name the field', () => {
  // An email hiding an encoded separator used to pass the tool's own check and be caught later by the path
  // layer, as "Invalid argument: path segment … once percent-decoded", naming no field.
  it.each([
    ['get_personnel', { personnel: 'a%2F..%2Fb@x.com' }, 'personnel'],
    ['update_personnel', { personnel: 'x%3Fy@x.com', startedAt: '2020-01-01' }, 'personnel'],
    ['resync_personnel', { personnel: [1, 'a%2Fb@x.com'] }, 'personnel[1]'],
  ] as const)('%s names %s… for an email hiding an encoded separator', async (name, args, field) => {
    rig = await startRig();
    const r = (await rig.client.callTool({ name, arguments: args })) as ToolResult;
    expect(r.isError).toBe(true);
    expect(rig.sandbox.requests.filter((q) => q.path.includes('%') || q.path.includes('/x.com'))).toEqual([]);
    expect(text(r)).toContain(field);
  });
});
