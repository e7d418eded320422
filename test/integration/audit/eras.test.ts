/**
 * The audit trail over HTTP in both protocol eras, with the static token: the SDK v2 client's confirmation is
 * an elicitation (2025-era session) or an input_required round trip (2026-07-28); each is recorded with its
 * approval path, the static token's principal (`token-1`, never the token) and the client's name and version.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/audit/types.js';
import { DrataClient } from '../../../src/drata/client.js';
import { createPersonnelApi } from '../../../src/drata/personnel.js';
import { createLogger } from '../../../src/logger.js';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { createServer } from '../../../src/server.js';
import { type RunningHttp, runHttp } from '../../../src/transports/http.js';
import { httpConfig, TOKEN } from '../http/helpers.js';

let sandbox: Sandbox;
let running: RunningHttp;
let auditLog: string;

beforeAll(async () => {
  sandbox = await startSandbox({ size: 30 });
  auditLog = join(mkdtempSync(join(tmpdir(), 'audit-eras-')), 'audit.jsonl');
  const target = { apiKey: sandbox.apiKey, baseUrl: sandbox.url };
  const config = httpConfig({ sandbox: false, ...target, httpToken: TOKEN, auditLog });
  const logger = createLogger({ level: 'error', write: () => {} });
  const api = createPersonnelApi(new DrataClient({ apiKey: sandbox.apiKey, baseUrl: sandbox.url, logger }));
  running = await runHttp(
    (ctx) => createServer({ config, api, logger, era: ctx?.era, principal: ctx?.principal }),
    { config, logger },
  );
});

afterAll(async () => {
  await running?.close();
  await sandbox?.close();
});

const entries = (): AuditEntry[] => {
  let text = '';
  try {
    text = readFileSync(auditLog, 'utf8');
  } catch {
    // no line yet
  }
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEntry);
};

describe.each([
  ['2025-era session', 'legacy', 'elicitation', '2018-03-04'],
  ['2026-07-28 request', { pin: '2026-07-28' }, 'input-required', '2018-03-05'],
] as const)('%s', (_label, mode, approvalPath, date) => {
  it.each(['accept', 'decline'] as const)(`a write answered %s is recorded with path ${approvalPath}`, async (answer) => {
    const client = new Client(
      { name: 'audit-era', version: '2.0.0' },
      { capabilities: { elicitation: { form: {} } }, versionNegotiation: { mode } },
    );
    client.setRequestHandler('elicitation/create', async () =>
      answer === 'accept' ? { action: 'accept', content: { confirm: true } } : { action: 'decline' },
    );
    await client.connect(
      new StreamableHTTPClientTransport(new URL(running.url), {
        requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
      }),
    );
    const p = sandbox.org.people.find((x) => x.employmentStatus === 'CURRENT_EMPLOYEE' && x.startDate !== date)!;
    const seen = entries().length;
    const day = answer === 'accept' ? date : '2018-01-01';
    const r = await client.callTool({ name: 'update_personnel', arguments: { personnel: p.id, startedAt: day } });
    await client.close();
    expect((r.structuredContent as { outcome: string }).outcome).toBe(answer === 'accept' ? 'updated' : 'declined');
    const mine = entries().slice(seen);
    expect(mine.map((e) => [e.event, e.outcome, e.approvalPath ?? null])).toEqual(
      answer === 'accept'
        ? [
            ['approval_asked', 'approval_asked', approvalPath],
            ['approved', 'approved', approvalPath],
            ['applied', 'updated', approvalPath],
          ]
        : [
            ['approval_asked', 'approval_asked', approvalPath],
            ['declined', 'declined', approvalPath],
          ],
    );
    for (const e of mine) {
      expect(e.principal).toEqual({ kind: 'static-token', subject: 'token-1' });
      expect(e.client).toEqual({ name: 'audit-era', version: '2.0.0' });
    }
    expect(readFileSync(auditLog, 'utf8')).not.toContain(TOKEN);
  });
});
